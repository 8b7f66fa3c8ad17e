"""Lines for the user on stderr: plain text off a terminal, colour on one.

``rich`` (about 20 ms to import, a tenth of a cold start) is imported only when the
stream is a terminal, where colour and a progress bar are worth it; a hook, a pipe or
a log file gets the same words as plain lines.
"""

from __future__ import annotations

import sys
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


class Messages:
    """Errors, warnings and plain lines for one stream (stderr unless given)."""

    def __init__(self, stream: IO[str] | None = None) -> None:
        self._stream = stream
        self._console: Console | None = None

    @property
    def stream(self) -> IO[str]:
        return self._stream or sys.stderr  # looked up late: tests and callers may swap sys.stderr

    @property
    def is_terminal(self) -> bool:
        isatty = getattr(self.stream, "isatty", None)
        return bool(isatty and isatty())

    def console(self) -> Console:
        """The rich console on this stream, for a progress bar on a terminal."""
        if self._console is None:
            from rich.console import Console

            self._console = Console(file=self.stream, highlight=False, soft_wrap=True)
        return self._console

    def error(self, message: str) -> None:
        self._labelled("error", "red", message)

    def warning(self, message: str) -> None:
        self._labelled("warning", "yellow", message)

    def line(self, text: str) -> None:
        """``text`` as it is, on a line of its own."""
        if self.is_terminal:
            self.console().print(text, markup=False)
        else:
            print(text, file=self.stream, flush=True)

    def _labelled(self, label: str, colour: str, message: str) -> None:
        if self.is_terminal:
            from rich.markup import escape

            self.console().print(f"[{colour}]{label}:[/{colour}] {escape(message)}")
        else:
            print(f"{label}: {message}", file=self.stream, flush=True)
