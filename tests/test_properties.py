"""Properties of the whole pipeline over random texts with random artifacts.

The change log must be exact (each ``before`` is the original text at its span), it
must replay to the clean text, offsets must map back in range and in order, and
cleaning must be idempotent.
"""

from __future__ import annotations

from itertools import pairwise

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import Cleaner, Result
from tests.conftest import replay

WORDS = [
    "the",
    "President",
    "Biden",
    "said",
    "troops",
    "U.S.",
    "NATO",
    "8,500",
    "3.5",
    "10:30",
    "e.g.",
    "Node.js",
    "example.com",
    "https://example.com/a.b?c=D",
    "mail@example.org",
    "well-known",
    "Kirby",
    "deploy-\nment",
    "Ukraine.The",
    "allies”Kirby said",
    "now.”said the",
    "“quoted”",
    '"straight"',
]
ARTIFACTS = [
    "&amp;",
    "&nbsp;",
    "&amp;eacute;",
    "â€™",
    "donâ€™t",
    "\u200b",
    "\xa0",
    "\r\n",
    "\t",
    "  ",
    "   \n",
    "\n\n\n",
    "e\u0301",
    "\ufb01",
    "\x07",
    "\ufeff",
    " date 2022-01-24 ",
    "Advertisement",
    "\nAdvertisement\n",
    "By Jane Doe\n",
    "Updated: Jan. 24, 2022 5:02 PM ET\n",
    "Share Facebook Twitter Email\n",
    ".",
    ",",
    "”",
    '"',
    "\u2028",
    "Read more: Troops\n",
]
SEPARATORS = [" ", " ", " ", "\n", "\n\n", ""]


@st.composite
def damaged_texts(draw: st.DrawFn) -> str:
    pieces = draw(st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(ARTIFACTS)), max_size=40))
    separators = draw(st.lists(st.sampled_from(SEPARATORS), min_size=len(pieces), max_size=len(pieces)))
    return "".join(p + s for p, s in zip(pieces, separators, strict=True))


def check_log(result: Result) -> None:
    original, text = result.original, result.text
    for edit in result.edits:
        assert original[edit.start : edit.end] == edit.before
        assert text[edit.clean_start : edit.clean_end] == edit.after
        assert edit.before != edit.after
    for finding in result.findings:
        assert 0 <= finding.start <= finding.end <= len(original)
    assert replay(original, result.edits) == text


PROPERTY_SETTINGS = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@PROPERTY_SETTINGS
@given(damaged_texts())
def test_change_log_is_exact_and_replays(cleaner: Cleaner, text: str) -> None:
    check_log(cleaner.clean(text))


@PROPERTY_SETTINGS
@given(damaged_texts(), st.booleans())
def test_cleaning_is_idempotent(cleaner: Cleaner, text: str, markdown: bool) -> None:
    once = cleaner.clean(text, markdown=markdown).text
    assert cleaner.clean(once, markdown=markdown).text == once


@PROPERTY_SETTINGS
@given(damaged_texts(), st.data())
def test_to_original_is_in_range_and_monotone(cleaner: Cleaner, text: str, data: st.DataObject) -> None:
    result = cleaner.clean(text)
    n = len(result.text)
    cuts = sorted(data.draw(st.lists(st.integers(0, n), min_size=2, max_size=8)))
    mapped = [result.to_original(a, b) for a, b in pairwise(cuts)]
    for start, end in mapped:
        assert 0 <= start <= end <= len(result.original)
    starts = [result.to_original(c, c)[0] for c in cuts]
    assert starts == sorted(starts)


@PROPERTY_SETTINGS
@given(damaged_texts())
def test_untouched_clean_spans_map_to_identical_original_text(cleaner: Cleaner, text: str) -> None:
    result = cleaner.clean(text)
    edited = [(e.clean_start, e.clean_end) for e in result.edits]
    pos = 0
    for start, end in [*edited, (len(result.text), len(result.text))]:
        if start > pos:  # a stretch of clean text no edit wrote
            o_start, o_end = result.to_original(pos, start)
            assert result.original[o_start:o_end] == result.text[pos:start]
        pos = end
