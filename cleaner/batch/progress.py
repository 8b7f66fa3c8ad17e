"""What a run shows while it works: a progress bar on a terminal, one line per bad input."""

from __future__ import annotations

import time

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

from cleaner.batch.tally import Tally


class Feedback:
    """The progress bar (on a terminal only) and one line per bad input or guessed encoding."""

    def __init__(self, console: Console, total: int | None, *, quiet: bool) -> None:
        self.console = console
        self.quiet = quiet
        self._progress: Progress | None = None
        self._last = 0.0
        if console.is_terminal and not quiet:
            self._progress = Progress(
                TextColumn("cleaning"),
                BarColumn(),
                TaskProgressColumn(),
                TextColumn("{task.fields[done]}"),
                TextColumn("{task.fields[speed]}"),
                TimeRemainingColumn(),
                console=console,
                transient=True,
            )
            self._task = self._progress.add_task("clean", total=total, done="", speed="")

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
        self.console.print(f"[red]error:[/red] {message}", markup=True, highlight=False, soft_wrap=True)

    def warning(self, message: str) -> None:
        if not self.quiet:
            self.console.print(f"[yellow]warning:[/yellow] {message}", markup=True, highlight=False, soft_wrap=True)
