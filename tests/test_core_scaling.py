"""The pipeline's helpers that once grew faster than the text, each against the plain definition it replaced."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import language
from cleaner.text import line_start

LINE_TEXT = st.text(alphabet="ab \r\n", max_size=40)


@settings(max_examples=500)
@given(LINE_TEXT, st.data())
def test_line_start_is_after_the_last_line_break_before_the_position(text: str, data: st.DataObject) -> None:
    pos = data.draw(st.integers(0, len(text)))
    assert line_start(text, pos) == max(text.rfind("\n", 0, pos), text.rfind("\r", 0, pos)) + 1


BLOCKS = st.lists(
    st.sampled_from(
        [
            "The minister said that the talks would go on.",
            "El Gobierno aprobó este martes un decreto que amplía las ayudas.",
            "Der Minister sagte, dass die Gespräche weitergehen würden.",
            "zqxv brrtk plomf",
            "",
        ]
    ),
    max_size=6,
)


@settings(max_examples=100, deadline=None)
@given(st.lists(BLOCKS, min_size=1, max_size=3))
def test_the_verdicts_kept_for_a_document_are_those_the_gate_gives(texts: list[list[str]]) -> None:
    known: dict[str, str | None] = {}
    for blocks in texts:  # the texts of one document, pass after pass
        text = "\n\n".join(blocks)
        assert language.detect(text, known) == language.detect(text)


def test_a_block_met_before_in_the_document_is_not_judged_again(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    judge = language.block_language
    monkeypatch.setattr(language, "block_language", lambda block: asked.append(block) or judge(block))
    known: dict[str, str | None] = {}
    language.detect("The talks went on.\n\nEl Gobierno aprobó un decreto.", known)
    language.detect("The talks went on.\n\nEl Gobierno aprobó un decreto ayer.", known)
    assert asked == ["The talks went on.", "El Gobierno aprobó un decreto.", "El Gobierno aprobó un decreto ayer."]
