"""The stutter stage finds its repeats without scanning every word with ``REPEAT_RE``: the screen over
the tokens, and the scan over only the places a repeat can begin, find exactly what the plain
definition and the pattern find."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.stages import stutter

WORDS = ["the", "of", "would", "they", "it", "he", "has", "been", "momoa", "in", "and", "again"]
SEPARATORS = [" ", " ", " ", "  ", "\t", ", ", ". ", "\n", "-", "'", "’", "2"]


def plain_repeats(tokens: list[str]) -> bool:
    """The screen by its definition: a word twice in a row, a word around a restart pronoun, a phrase twice."""
    phrase_sizes = range(2, stutter.SETTINGS.max_phrase_words + 1)
    return any(
        tokens[i] == tokens[i + 1]
        or (i + 2 < len(tokens) and tokens[i + 1] in stutter.RESTART_PRONOUNS and tokens[i] == tokens[i + 2])
        or any(tokens[i : i + size] == tokens[i + size : i + 2 * size] for size in phrase_sizes)
        for i in range(len(tokens) - 1)
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=60))
def test_the_screen_finds_what_its_definition_finds(tokens: list[str]) -> None:
    assert stutter._repeats(tokens) == plain_repeats(tokens)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=60))
def test_the_scan_finds_what_the_pattern_finds_everywhere(pieces: list[tuple[str, str]]) -> None:
    lowered = "".join(word + separator for word, separator in pieces)
    found = [m.span() for m in stutter._repeat_matches(lowered)]
    assert found == [m.span() for m in stutter.REPEAT_RE.finditer(lowered)]


@pytest.mark.parametrize(
    "text",
    [
        "which it said would they would only occur",
        "kyocera battery recall kyocera battery recall was issued",
        "the the the end, and again and again and again",
        "has been has been has been said",
        "it it\tit; they they",
    ],
)
def test_chunks_of_coded_words_miss_no_repeat_across_their_edges(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    whole = [m.span() for m in stutter.REPEAT_RE.finditer(text)]
    assert whole
    for chunk in (1, 2, 3, 5):
        monkeypatch.setattr(stutter, "CODED_CHUNK", chunk)
        assert [m.span() for m in stutter._repeat_matches(text)] == whole
