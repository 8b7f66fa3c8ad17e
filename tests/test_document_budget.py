"""All stages together stay within the document's budget (issue 13): two costly stages cannot both spend their own.

Nothing here is timed: the budget's arithmetic runs on a clock the test moves by hand, and the
stages that go over spin until stopped.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from test_budget import Trailing

from cleaner import Cleaner, Config
from cleaner.budget import RESERVE_SECONDS, Budget, OverBudget
from cleaner.config import DEFAULT_DOCUMENT_SECONDS, DEFAULT_STAGE_SECONDS, ConfigError
from cleaner.edits import Edit, Rule
from cleaner.stages.base import Document, Stage


def budget(now: list[float], seconds: float | None = 2.0, document: float | None = 2.5) -> Budget:
    return Budget(seconds=seconds, memory_mb=None, clock=lambda: now[0], document_seconds=document)


def test_a_stage_gets_what_the_stages_before_it_left_of_the_document_budget() -> None:
    now = [0.0]
    spending = budget(now)
    spending.start("merges", 10)
    now[0] += 1.9  # within its own 2 s
    spending.check()
    spending.stop()
    spending.start("spelling", 10)  # 0.6 s of the document's 2.5 s left, though its own is 2 s
    now[0] += 0.55
    spending.check()
    now[0] += 0.1
    with pytest.raises(OverBudget, match=r"spelling: over the CPU budget of 2\.5 s of all stages together"):
        spending.check()


def test_the_document_budget_keeps_a_reserve_for_each_stage_still_to_come() -> None:
    now = [0.0]
    spending = budget(now)
    spending.start("merges", 10)
    now[0] += 1.9
    spending.stop()
    spending.start("spelling", 10, later=4)  # 2.5 - 1.9 - 4 x 0.05 = 0.4 s
    now[0] += 0.39
    spending.check()
    now[0] += 0.02
    with pytest.raises(OverBudget, match=r"\(0\.2 s of it kept for the 4 stages after it\)"):
        spending.check()
    spending.stop()
    spending.start("context", 10, later=3)  # what spelling left it: its share of the reserve
    now[0] += 0.04
    spending.check()
    now[0] += 0.02
    with pytest.raises(OverBudget, match="context"):
        spending.check()


def test_the_stage_budget_still_stops_a_stage_first_when_it_is_the_nearer() -> None:
    now = [0.0]
    spending = budget(now, seconds=1.0, document=2.5)
    spending.start("merges", 10, later=2)
    now[0] += 1.01
    with pytest.raises(OverBudget, match="merges: over its CPU budget of 1 s for this document"):
        spending.check()


def test_the_document_budget_grows_with_the_text_and_counts_every_pass() -> None:
    now = [0.0]
    spending = budget(now, seconds=None, document=1.0)
    spending.start("merges", 4_000_000)  # 4 s for a 4 MB text
    now[0] += 3.0
    spending.stop()
    spending.start("merges", 4_000_000)  # a later pass: the document's clock ran on
    now[0] += 0.9
    spending.check()
    now[0] += 0.2
    with pytest.raises(OverBudget, match="of 4 s of all stages"):
        spending.check()


def test_the_reserve_is_per_mb_like_the_budget() -> None:
    now = [0.0]
    spending = budget(now, seconds=None, document=1.0)
    spending.start("unicode", 2_000_000, later=5)  # 2 s less 5 x 0.05 x 2
    now[0] += 2.0 - 10 * RESERVE_SECONDS - 0.01
    spending.check()
    now[0] += 0.02
    with pytest.raises(OverBudget):
        spending.check()


class Spinning(Stage):
    """Works without end, checking its budget as a stage must."""

    rules = ()

    def __init__(self, name: str, code: str) -> None:
        self.name = name
        self.rules = (Rule(code, name, name, "test", "a → b"),)

    def propose(self, doc: Document) -> Iterator[Edit]:
        yield Edit(0, 1, "#", self.rules[0].code)
        while True:
            doc.budget.check()


def test_the_pipeline_stops_a_stage_on_the_document_budget_and_says_why() -> None:
    config = Config(stage_seconds=10.0, document_seconds=0.05)
    result = Cleaner(config, stages=[Spinning("first", "Z201"), Spinning("second", "Z202"), Trailing()]).clean("done it")
    assert result.text == "done it."  # the stage after both still ran: its reserve was kept
    messages = [f.message for f in result.findings if f.rule == "X101"]
    assert [m.split(" ", 1)[0] for m in messages] == ["first", "second"]
    assert all("of all stages together on this document" in m for m in messages)
    assert "kept for the 2 stages after it" in messages[0]


def test_the_document_budget_is_a_setting() -> None:
    assert DEFAULT_DOCUMENT_SECONDS < 3 < 2 * DEFAULT_STAGE_SECONDS  # issue 13: 3 s/MB in all
    assert Config(document_seconds=1.5).document_seconds == 1.5
    with pytest.raises(ConfigError, match="document-seconds must be positive"):
        Config(document_seconds=0)
