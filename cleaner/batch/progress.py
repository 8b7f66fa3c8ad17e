"""What a run shows while it works: a progress bar on a terminal, one line per bad input."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from cleaner.batch.tally import Tally
from cleaner.terminal import Messages

if TYPE_CHECKING:
    from rich.progress import Progress


class Feedback:
    """The progress bar (on a terminal only) and one line per bad input or guessed encoding."""

    def __init__(self, messages: Messages, total: int | None, *, quiet: bool) -> None:
        self.messages = messages
        self.quiet = quiet
        self._progress: Progress | None = None
        self._last = 0.0
        if self.shows_progress(messages, quiet=quiet):
            from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

            self._progress = Progress(
                TextColumn("cleaning"),
                BarColumn(),
                TaskProgressColumn(),
                TextColumn("{task.fields[done]}"),
                TextColumn("{task.fields[speed]}"),
                TimeRemainingColumn(),
                console=messages.console(),
                transient=True,
            )
            self._task = self._progress.add_task("clean", total=total, done="", speed="")

    @staticmethod
    def shows_progress(messages: Messages, *, quiet: bool) -> bool:
        """A progress bar is shown on a terminal, unless ``--quiet``."""
        return messages.is_terminal and not quiet

    def __enter__(self) -> Feedback:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def advance(self, nbytes: int, tally: Tally) -> None:
        if self._progress is None:
            return
        self._progress.advance(self._task, nbytes)
        now = time.monotonic()
        if now - self._last >= 0.1:
            self._last = now
            done = tally.changed + tally.unchanged + tally.skipped + tally.failed + tally.current
            unit = "records" if tally.records else "files"
            self._progress.update(self._task, done=f"{done:,} {unit}", speed=f"{tally.words_per_second:,.0f} words/s")

    def error(self, message: str) -> None:
        self.messages.error(message)

    def warning(self, message: str) -> None:
        if not self.quiet:
            self.messages.warning(message)
