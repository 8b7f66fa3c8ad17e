"""A stage that spends more than its budget on a document is skipped there, and says so (issue 13).

Nothing here is timed: the stages that go over budget spin or allocate until stopped, and
the budget's own arithmetic runs on a clock the test moves by hand.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from cleaner import Cleaner, Config
from cleaner.budget import MEMORY_EVERY, OVER_BUDGET, STALE, STATM, Budget, OverBudget, resident_bytes
from cleaner.config import ConfigError, load_config
from cleaner.edits import Edit, Rule
from cleaner.stages.base import Document, Stage


class Marking(Stage):
    """Proposes one edit: replaces the first character with its upper case."""

    name = "marking"
    rules = (Rule("Z101", "mark", "marking", "test", "a → A"),)

    def propose(self, doc: Document) -> Iterator[Edit]:
        if doc.text[:1].islower():
            yield Edit(0, 1, doc.text[0].upper(), "Z101")


class Trailing(Stage):
    """Proposes one edit: a full stop at the end of a text without one."""

    name = "trailing"
    rules = (Rule("Z102", "stop", "trailing", "test", "a → a."),)

    def propose(self, doc: Document) -> Iterator[Edit]:
        if not doc.text.endswith("."):
            yield Edit(len(doc.text), len(doc.text), ".", "Z102")


class Spinning(Stage):
    """Proposes an edit, then works on without end, checking its budget as a stage must."""

    name = "spinning"
    rules = (Rule("Z103", "spin", "spinning", "test", "a → b"),)

    def propose(self, doc: Document) -> Iterator[Edit]:
        yield Edit(1, 2, "#", "Z103")
        while True:
            doc.budget.check()


class Hoarding(Stage):
    """Holds on to 64 MB, then checks its budget."""

    name = "hoarding"
    rules = (Rule("Z104", "hoard", "hoarding", "test", "a → b"),)

    def propose(self, doc: Document) -> Iterator[Edit]:
        hoard = b"x" * (64 * 1024 * 1024)  # written, so resident
        for _ in range(32):
            doc.budget.check()
        yield Edit(1, 2, str(len(hoard) % 7), "Z104")


def test_a_stage_over_its_time_budget_is_skipped_and_the_others_edits_are_kept() -> None:
    cleaner = Cleaner(Config(stage_seconds=0.05), stages=[Marking(), Spinning(), Trailing()])
    result = cleaner.clean("done it")
    assert result.text == "Done it."  # the spinning stage's own edit is dropped with the rest of its work
    [finding] = result.findings
    assert finding.rule == OVER_BUDGET.code and finding.suggestion is None
    assert finding.message.startswith("spinning skipped on this text: over its CPU budget of 0.05 s")


@pytest.mark.skipif(not STATM.exists(), reason="resident memory is read from /proc")
def test_a_stage_over_its_memory_budget_is_skipped() -> None:
    result = Cleaner(Config(stage_memory_mb=16), stages=[Hoarding(), Trailing()]).clean("done it")
    assert result.text == "done it."
    assert [f.message for f in result.findings] == [
        "hoarding skipped on this text: over its memory budget of 16 MB for this document"
    ]


def test_the_budget_finding_can_be_ignored_but_the_stage_is_still_stopped() -> None:
    cleaner = Cleaner(Config(stage_seconds=0.05, ignore=("X101",)), stages=[Spinning(), Trailing()])
    result = cleaner.clean("done it")
    assert result.text == "done it." and result.findings == []


def test_the_budget_grows_with_the_text_past_one_megabyte() -> None:
    now = [100.0]
    budget = Budget(seconds=2.0, memory_mb=None, clock=lambda: now[0])
    budget.start("spelling", 500_000)  # a short text gets what 1 MB gets
    now[0] += 1.9
    budget.check()
    now[0] += 0.2
    with pytest.raises(OverBudget, match="spelling: over its CPU budget of 2 s"):
        budget.check()
    budget.start("merges", 3_000_000)
    now[0] += 5.9
    budget.check()
    now[0] += 0.2
    with pytest.raises(OverBudget, match="merges: over its CPU budget of 6 s"):
        budget.check()


def test_the_seconds_of_every_pass_of_a_stage_count_together() -> None:
    now = [0.0]
    budget = Budget(seconds=2.0, memory_mb=None, clock=lambda: now[0])
    budget.start("merges", 10)
    now[0] += 1.5
    budget.stop()
    budget.start("spelling", 10)  # another stage has its own
    now[0] += 1.5
    budget.check()
    budget.stop()
    budget.start("merges", 10)  # the second pass has what the first left
    now[0] += 0.6
    with pytest.raises(OverBudget, match="merges"):
        budget.check()


def test_memory_is_read_once_per_document_and_then_every_few_checks() -> None:
    resident, reads = [0], []
    budget = Budget(seconds=None, memory_mb=1.0, clock=lambda: 0.0, memory=lambda: reads.append(1) or resident[0])
    budget.start("merges", 10)
    budget.stop()
    budget.start("stutter", 10)
    assert len(reads) == 1  # the document's baseline, not one read per stage
    resident[0] = 2_000_000
    for _ in range(MEMORY_EVERY - 1):
        budget.check()
    assert len(reads) == 1
    with pytest.raises(OverBudget, match="stutter: over its memory budget of 1 MB"):
        budget.check()


class Clocks:
    """A CPU clock that counts its readings and a wall clock, both moved by hand."""

    def __init__(self) -> None:
        self.cpu = self.wall = 0.0
        self.reads: list[float] = []

    def read_cpu(self) -> float:
        self.reads.append(self.cpu)
        return self.cpu

    def work(self, cpu: float, wall: float | None = None) -> None:
        self.cpu += cpu
        self.wall += cpu if wall is None else wall

    def budget(self) -> Budget:
        return Budget(seconds=1.0, memory_mb=None, clock=self.read_cpu, bound=lambda: self.wall)


def test_the_cpu_clock_is_read_only_once_the_wall_clock_says_the_stage_may_be_over() -> None:
    clocks = Clocks()
    budget = clocks.budget()
    budget.start("merges", 10)
    for _ in range(90):  # 0.9 s of work, the CPU time no faster than the wall clock
        clocks.work(0.01)
        budget.check()
    assert clocks.reads == [0.0]
    clocks.work(0.05, wall=0.2)  # waiting for a core: the wall clock says 1.1 s, the CPU clock 0.95 s
    budget.check()
    assert len(clocks.reads) == 2
    clocks.work(0.04)
    budget.check()  # 0.99 s: within what was left at the last reading, so not read again
    assert len(clocks.reads) == 2
    clocks.work(0.02)
    with pytest.raises(OverBudget, match="merges: over its CPU budget of 1 s"):
        budget.check()


def test_a_stage_that_starts_at_once_takes_the_last_reading_of_the_cpu_clock() -> None:
    clocks = Clocks()
    budget = clocks.budget()
    budget.start("unicode", 10)
    clocks.work(0.01)
    budget.stop()
    budget.start("headers", 10)  # nothing happened in between
    clocks.work(0.0, wall=STALE / 2)
    budget.stop()  # nor while it ran: it spent nothing the clock could tell
    assert clocks.reads == [0.0, 0.01]
    clocks.work(0.5)
    budget.start("headers", 10)
    assert clocks.reads == [0.0, 0.01, 0.51]


@pytest.mark.skipif(not STATM.exists() or not hasattr(os, "fork"), reason="resident memory is read from /proc")
def test_a_forked_worker_reads_its_own_memory_not_its_parents() -> None:
    resident_bytes()  # the parent has read it: a worker forked now inherits what it read through
    pid = os.fork()
    if pid == 0:
        before = resident_bytes()
        hoard = b"x" * (64 * 1024 * 1024)
        os._exit(0 if resident_bytes() - before > 32 * 1024 * 1024 and hoard else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0


def test_the_budget_is_read_from_the_config_file(tmp_path: Path) -> None:
    (tmp_path / "cleaner.toml").write_text("stage-seconds = 0.5\nstage-memory-mb = 100\n")
    config, _ = load_config(tmp_path)
    assert (config.stage_seconds, config.stage_memory_mb) == (0.5, 100)
    with pytest.raises(ConfigError, match="must be positive"):
        Config(stage_seconds=0)
