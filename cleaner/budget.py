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

import resource
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TypeVar

from cleaner.edits import Rule

T = TypeVar("T")
MB = 1_000_000
#: Memory is read on every this-many checks (a file read of some 7 µs); CPU time on every one.
MEMORY_EVERY = 16
STATM = Path("/proc/self/statm")
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


def resident_bytes() -> int:
    """The process's resident memory now (Linux), or its peak so far where that cannot be read."""
    try:
        pages = int(STATM.read_text().split()[1])
    except (OSError, IndexError, ValueError):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if sys.platform == "darwin" else peak * 1024
    return pages * resource.getpagesize()


class Budget:
    """The budget of the stage that runs now; ``start`` hands it to the next stage, ``stop`` closes it.

    Both limits grow with the document: ``seconds`` and ``memory_mb`` are per MB of text,
    and a shorter text gets what a 1 MB one gets. ``None`` means no limit. The seconds are
    for all the passes of a stage over the document together; the memory is what the
    process may grow by above its size when the first stage began on this document,
    read once per document (not per stage: on short news texts those reads cost more
    than the checks).

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
    ) -> None:
        self.seconds = seconds
        self.memory_mb = memory_mb
        self.clock = clock
        self.memory = memory
        self.stage = ""
        self._spent: dict[str, float] = {}  # CPU seconds of each stage on this document, over all passes
        self._began = 0.0
        self._checks = 0
        self._seconds = self._memory_mb = 0.0  # what the stage that runs now may spend
        self._deadline = float("inf")
        self._memory_limit = sys.maxsize
        self._memory_base: int | None = None

    def start(self, stage: str, size: int) -> None:
        """Open the budget of ``stage`` on a text of ``size`` characters, less what its earlier passes spent."""
        scale = max(1.0, size / MB)
        self.stage = stage
        self._checks = 0
        self._began = self.clock()
        if self.seconds is not None:
            self._seconds = self.seconds * scale
            self._deadline = self._began + self._seconds - self._spent.get(stage, 0.0)
        if self.memory_mb is not None:
            self._memory_mb = self.memory_mb * scale
            if self._memory_base is None:
                self._memory_base = self.memory()
            self._memory_limit = self._memory_base + int(self._memory_mb * MB)

    def stop(self) -> None:
        """Close the budget of the stage that ran: what it spent counts against its next pass."""
        self._spent[self.stage] = self._spent.get(self.stage, 0.0) + self.clock() - self._began

    def check(self) -> None:
        """Raise ``OverBudget`` if the stage has spent its time or memory."""
        if self.clock() > self._deadline:
            raise OverBudget(self.stage, f"over its CPU budget of {self._seconds:g} s for this document")
        self._checks += 1
        if self._memory_limit != sys.maxsize and self._checks % MEMORY_EVERY == 0 and self.memory() > self._memory_limit:
            raise OverBudget(self.stage, f"over its memory budget of {self._memory_mb:g} MB for this document")

    def metered(self, items: Iterable[T]) -> Iterator[T]:
        """``items``, with a ``check`` as each comes: a stage's loop over its units of work."""
        for item in items:
            self.check()
            yield item


def unlimited() -> Budget:
    """The budget of a document cleaned outside a pipeline (a stage called on its own): none."""
    return Budget(None, None)
