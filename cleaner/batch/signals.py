"""Signal handling: Ctrl-C and ``kill`` (SIGTERM) stop a run without losing finished work.

The first signal asks the run to stop: it takes no new input, and what is in flight
finishes, so that every file written is also logged and recorded. A second one stops it
at once (``KeyboardInterrupt``), though never in the middle of writing a file.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from cleaner.io import deferred


@dataclass
class Stop:
    """Whether a stop was asked for; the runner looks before each new piece of work."""

    requested: bool = False


@contextmanager
def stop_on_signals() -> Iterator[Stop]:
    """SIGINT and SIGTERM handlers for the duration of a run (left alone outside the main thread)."""
    stop = Stop()

    def handle(signum: int, frame: object) -> None:
        if not stop.requested:
            stop.requested = True
        elif not deferred(signum):  # a file being written is finished first
            raise KeyboardInterrupt

    try:
        previous = {number: signal.signal(number, handle) for number in (signal.SIGINT, signal.SIGTERM)}
    except ValueError:  # not the main thread
        yield stop
        return
    try:
        yield stop
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
