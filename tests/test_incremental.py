"""A later pass re-examines only the paragraphs the pass before changed, and gives what a full pass gives."""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import Cleaner, Config, Edit, Rule
from cleaner.pipeline import paragraphs_around
from cleaner.stages.base import Document, Stage
from tests.conftest import FIXTURES, SEEDS
from tests.test_properties import damaged_texts

#: Clean news sentences, and damage of every kind the stages repair (written here, not taken from any stage's tables).
SENTENCES = [
    "President Joe Biden spoke with European leaders on Monday.",
    "Kirby said the troops were ready to deploy since the decision was made.",
    "The Pentagon placed 8,500 troops on heightened alert for a possible deployment to Europe.",
    "Officials in Kyiv welcomed the news, and NATO allies said they would receive more aid.",
    "More than ever, the alliance needs a united front in eastern Europe.",
    "It is the first time that the department has made such an announcement.",
    "The White House said the call would last about an hour.",
]
DAMAGE = [
    ("since", "sicne"),
    ("receive", "recieve"),
    ("Kirby said", "Kirbysaid"),
    ("Monday. ", "Monday."),
    ("said the", "said the the"),
    ("More than ever", "More then ever"),
    ("eastern Europe", "easter Europe"),
    ("news, and", "news&nbsp;and"),
    ("time that", "time\u200b that"),
    ("the department", "the  department"),
    ("European", "EuropeÃ©an"),
    ("placed 8,500", "placed 8,500 8,500"),
]
BETWEEN = ["\n\n", "\n\n", "\n\nAdvertisement\n\n", "\n\n\n\n", "\n\nShare Facebook Twitter Email\n\n", "\n"]


@st.composite
def news_documents(draw: st.DrawFn) -> str:
    """Paragraphs of news sentences, some damaged (often twice in one place), with boilerplate between."""
    paragraphs = []
    for _ in range(draw(st.integers(1, 6))):
        sentences = draw(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=4))
        paragraph = " ".join(sentences)
        for right, wrong in draw(st.lists(st.sampled_from(DAMAGE), max_size=3)):
            paragraph = paragraph.replace(right, wrong, 1)
        paragraphs.append(paragraph)
    opener = draw(st.sampled_from(["", " date 2022-01-24 ", "By Jane Doe\n", "Updated: Jan. 24, 2022 5:02 PM ET\n"]))
    text = opener + paragraphs[0]
    for paragraph in paragraphs[1:]:
        text += draw(st.sampled_from(BETWEEN)) + paragraph
    return text + "\n"


INCREMENTAL = Cleaner(Config())
FULL = Cleaner(Config(), incremental=False)


def assert_same(text: str, markdown: bool = False) -> None:
    assert INCREMENTAL.clean(text, markdown=markdown).to_dict() == FULL.clean(text, markdown=markdown).to_dict()


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(news_documents(), st.booleans())
def test_incremental_passes_give_what_full_passes_give_on_damaged_news(text: str, markdown: bool) -> None:
    assert_same(text, markdown)


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(damaged_texts(), min_size=1, max_size=5))
def test_incremental_passes_give_what_full_passes_give_on_random_damage(paragraphs: list[str]) -> None:
    assert_same("\n\n".join(paragraphs))


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")) + sorted((FIXTURES / "markdown").glob("*.md")), ids=lambda p: p.name)
def test_incremental_passes_give_what_full_passes_give_on_the_fixtures(path) -> None:
    assert_same(path.read_text(encoding="utf-8"), markdown=path.suffix == ".md")


class Recorder(Stage):
    """Fixes ``sicne`` once and records what each pass put in focus."""

    name = "recorder"
    rules = (Rule("X101", "test", "recorder", "test", "sicne → since"),)

    def __init__(self) -> None:
        self.seen: list[tuple[tuple[int, int], ...] | None] = []
        self.texts: list[str] = []

    def propose(self, doc: Document) -> Iterable[Edit]:
        self.seen.append(doc.focus)
        self.texts.append(doc.text)
        start = doc.text.find("sicne")
        if start != -1:
            yield Edit(start, start + 5, "since", "X101", 0.9, "typo")


def test_a_later_pass_looks_only_at_the_paragraph_that_changed() -> None:
    stage = Recorder()
    text = "First paragraph stays.\n\nIt has been long sicne then.\n\nThird paragraph stays too.\n"
    result = Cleaner(Config(select=("X",)), stages=[stage]).clean(text)
    assert result.text == text.replace("sicne", "since")
    assert stage.seen[0] is None  # the first pass sees everything
    (focus,) = stage.seen[1:]  # the second pass changes nothing, so it is the last
    assert [stage.texts[1][start:end] for start, end in focus] == ["\n\nIt has been long since then.\n\n"]


def test_edits_outside_the_focus_are_not_taken_on_a_later_pass() -> None:
    class Late(Recorder):
        def propose(self, doc: Document) -> Iterable[Edit]:
            yield from super().propose(doc)
            if len(self.seen) > 1:  # from the second pass on, proposes on the untouched first paragraph too
                yield Edit(0, 5, "FIRST", "X101", 0.9, "late")

    stage = Late()
    text = "First paragraph.\n\nLong sicne.\n"
    assert Cleaner(Config(select=("X",)), stages=[stage]).clean(text).text == "First paragraph.\n\nLong since.\n"
    full = Cleaner(Config(select=("X",)), stages=[Late()], incremental=False).clean(text).text
    assert full == "FIRST paragraph.\n\nLong since.\n"  # what the focus keeps out


def test_a_span_at_a_paragraph_edge_takes_in_both_neighbours() -> None:
    text = "One.\n\nTwo.\n\nThree.\n\nFour.\n"
    removed_line_at = text.index("Three")  # a deleted line leaves an empty span where it was
    assert [text[s:e] for s, e in paragraphs_around(text, [(removed_line_at, removed_line_at)])] == ["\n\nTwo.\n\nThree.\n\n"]
    assert paragraphs_around(text, []) == ()
    assert paragraphs_around("no blank lines\nat all", [(3, 5)]) == ((0, 21),)
