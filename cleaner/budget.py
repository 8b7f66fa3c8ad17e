"""What one stage may spend on one document: CPU seconds and memory, checked as it works.

A stage's work on a hostile input (a word of 10,000 letters, a megabyte of random
non-words) may grow faster than the text. The pipeline gives each stage a budget per
document; the stage, and the pipeline between the edits it proposes, call ``check``,
which raises ``OverBudget`` once the stage has spent more. The pipeline then drops that
stage's work on the document, reports why, and goes on with the next stage: the
document is still cleaned by the others and written out.

The checks are cooperative (a stage calls them between units of work), never a signal
that could stop a stage halfway through filling a shared cache.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TypeVar

from cleaner.edits import Rule

T = TypeVar("T")
MB = 1_000_000
#: Memory is read on every this-many checks (a read of /proc of some 2 µs).
MEMORY_EVERY = 16
#: A reading of the CPU clock (a system call: 1 µs, several on a busy machine) stands for this many seconds after it.
STALE = 1e-3
#: CPU seconds per MB of text the document's budget keeps back for each stage still to come in a pass.
RESERVE_SECONDS = 0.05
STATM = Path("/proc/self/statm")
PAGE_SIZE = resource.getpagesize()
#: The finding the pipeline reports for a stage it stopped: reported, never an edit.
OVER_BUDGET = Rule(
    "X101",
    "stage-over-budget",
    "pipeline",
    "A stage spent more than its CPU or memory budget on a document: its edits there are dropped, the others kept.",
    "a 1 MB run of random non-words → spelling skipped on that document",
)


class OverBudget(Exception):
    """A stage spent more than its budget on one document."""

    def __init__(self, stage: str, reason: str) -> None:
        super().__init__(f"{stage}: {reason}")
        self.stage = stage
        self.reason = reason


class _Statm:
    """``/proc/self/statm``, opened once per process and read in place with ``pread``.

    Opening the file and decoding it for each read cost ten times the read itself. A
    forked child inherits the descriptor, which still shows its parent, so it opens its own.
    """

    def __init__(self) -> None:
        self.fd: int | None = None

    def resident_pages(self) -> int:
        if self.fd is None:
            self.fd = os.open(STATM, os.O_RDONLY | os.O_CLOEXEC)
        return int(os.pread(self.fd, 128, 0).split()[1])

    def forget(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


_STATM = _Statm()
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_STATM.forget)


def resident_bytes() -> int:
    """The process's resident memory now (Linux), or its peak so far where that cannot be read."""
    try:
        return _STATM.resident_pages() * PAGE_SIZE
    except (OSError, IndexError, ValueError):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if sys.platform == "darwin" else peak * 1024


class Budget:
    """The budget of the stage that runs now; ``start`` hands it to the next stage, ``stop`` closes it.

    Both limits grow with the document: ``seconds`` and ``memory_mb`` are per MB of text,
    and a shorter text gets what a 1 MB one gets. ``None`` means no limit. The seconds are
    for all the passes of a stage over the document together. ``document_seconds`` (per MB
    likewise) bounds all stages together, counted from the first ``start``: a stage may
    spend at most what is left of it, less ``RESERVE_SECONDS`` per MB for each stage still
    to come (``start``'s ``later``), so two costly stages cannot both spend their whole
    ``seconds`` and a stage after them still gets a little. The memory is what the
    process may grow by above its size when the first stage began on this document,
    read once per document (not per stage: on short news texts those reads cost more
    than the checks).

    Reading the CPU clock is a system call, too dear for every check, so a check reads
    ``bound`` instead: a clock that runs at least as fast (the wall clock, for the CPU time
    of a process that works in one thread), and reads ``clock`` only once ``bound`` has
    moved by what the stage had left at the last reading. The stage is stopped at the
    same check as if it read ``clock`` every time; where other threads of the process
    burn CPU at once, at most that many times later. An injected ``clock`` bounds itself.
    For the same reason ``start`` and ``stop`` take the last reading again when ``bound``
    has moved by less than ``STALE`` since: what a pass of a stage spent is then counted
    to within a millisecond either way (of a budget of seconds), and a document of a few
    hundred words costs a few readings instead of two per stage.

    >>> budget = Budget(seconds=0.0, memory_mb=None)
    >>> budget.start("spelling", 10)
    >>> budget.check()
    Traceback (most recent call last):
    ...
    cleaner.budget.OverBudget: spelling: over its CPU budget of 0 s for this document
    """

    def __init__(
        self,
        seconds: float | None,
        memory_mb: float | None,
        clock: Callable[[], float] = time.process_time,
        memory: Callable[[], int] = resident_bytes,
        bound: Callable[[], float] | None = None,
        document_seconds: float | None = None,
    ) -> None:
        self.seconds = seconds
        self.document_seconds = document_seconds
        self._timed = seconds is not None or document_seconds is not None
        self.memory_mb = memory_mb
        self.clock = clock
        self.memory = memory
        self.bound = bound or (time.monotonic if clock is time.process_time else clock)
        self.stage = ""
        self._spent: dict[str, float] = {}  # CPU seconds of each stage on this document, over all passes
        self._began = 0.0
        self._document_began: float | None = None  # the CPU clock when the first stage began on this document
        self._reason = ""  # why the stage that runs now would be stopped at its deadline
        self._checks = 0
        self._memory_mb = 0.0  # what the stage that runs now may spend
        self._deadline = float("inf")
        self._next_read = float("inf")  # when ``bound`` says the stage may have reached its deadline
        self._reading = self._read_at = -float("inf")  # the last reading of ``clock``, and ``bound`` just before it
        self._memory_limit = sys.maxsize
        self._memory_base: int | None = None

    def start(self, stage: str, size: int, later: int = 0) -> None:
        """Open the budget of ``stage`` on a text of ``size`` characters, less what its earlier passes spent.

        ``later`` is how many stages are still to run after it in this pass: the document's
        budget keeps ``RESERVE_SECONDS`` per MB back for each.
        """
        scale = size / MB if size > MB else 1.0
        self.stage = stage
        self._checks = 0
        if self._timed:
            self._began = self._now()
            self._deadline = float("inf")
            if self.seconds is not None:
                seconds = self.seconds * scale
                self._deadline = self._began + seconds - self._spent.get(stage, 0.0)
                self._reason = f"over its CPU budget of {seconds:g} s for this document"
            if self.document_seconds is not None:
                if self._document_began is None:
                    self._document_began = self._began
                total, reserve = self.document_seconds * scale, RESERVE_SECONDS * scale * later
                if self._document_began + total - reserve < self._deadline:
                    self._deadline = self._document_began + total - reserve
                    self._reason = (
                        f"over the CPU budget of {total:g} s of all stages together on this document"
                        f" ({reserve:g} s of it kept for the {later} stages after it)"
                    )
            self._next_read = self._read_at + self._deadline - self._began
        if self.memory_mb is not None:
            self._memory_mb = self.memory_mb * scale
            if self._memory_base is None:
                self._memory_base = self.memory()
            self._memory_limit = self._memory_base + int(self._memory_mb * MB)

    def stop(self) -> None:
        """Close the budget of the stage that ran: what it spent counts against its next pass."""
        if self._timed:
            self._spent[self.stage] = self._spent.get(self.stage, 0.0) + self._now() - self._began

    def _now(self) -> float:
        """``clock``, or its last reading when ``bound`` says it cannot have moved by more than ``STALE``."""
        mark = self.bound()
        if mark - self._read_at > STALE:
            self._reading, self._read_at = self.clock(), mark
        return self._reading

    def check(self) -> None:
        """Raise ``OverBudget`` if the stage has spent its time or memory."""
        mark = self.bound()
        if mark >= self._next_read:
            self._reading, self._read_at = self.clock(), mark
            if self._reading > self._deadline:
                raise OverBudget(self.stage, self._reason)
            self._next_read = mark + self._deadline - self._reading
        self._checks += 1
        if self._checks % MEMORY_EVERY == 0 and self._memory_limit != sys.maxsize and self.memory() > self._memory_limit:
            raise OverBudget(self.stage, f"over its memory budget of {self._memory_mb:g} MB for this document")

    def metered(self, items: Iterable[T]) -> Iterator[T]:
        """``items``, with a ``check`` as each comes: a stage's loop over its units of work."""
        for item in items:
            self.check()
            yield item


def unlimited() -> Budget:
    """The budget of a document cleaned outside a pipeline (a stage called on its own): none."""
    return Budget(None, None)
