"""Signal handling: ``kill`` (SIGTERM) stops a run the way Ctrl-C does, after the file being written."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager

from cleaner.io import deferred


@contextmanager
def interrupt_on_signals() -> Iterator[None]:
    """``kill`` stops a run like Ctrl-C does: finished work is kept, nothing is half-written.

    Both raise ``KeyboardInterrupt`` in the main thread, once the file being written (if
    any) is complete.
    """

    def interrupt(signum: int, frame: object) -> None:
        if not deferred(signum):  # a file being written is finished first
            raise KeyboardInterrupt

    try:
        previous = {number: signal.signal(number, interrupt) for number in (signal.SIGINT, signal.SIGTERM)}
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
