"""Addresses, handles and code are found whole, and edits inside them are refused."""

from __future__ import annotations

import pytest

from cleaner.protect import cuts_protected, protected_spans, touches_protected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("see (https://example.com/a.B?x=1).", ["https://example.com/a.B?x=1"]),
        ("“www.Example.org/A.B” said", ["www.Example.org/A.B"]),
        ("write to press@state.gov, now", ["press@state.gov"]),
        ("@StateDept and #Ukraine2022 posted", ["@StateDept", "#Ukraine2022"]),
        ("run `a.b,c` now", ["`a.b,c`"]),
        ("visit state.gov.", ["state.gov"]),
        ("The U.S. and Ukraine.The talks", []),
        ("AT&T and &#8217; and #1 stay prose", []),
        ("press passhttps://t.co/x1 now", ["https://t.co/x1"]),  # a word a lost space glued on is prose
        ("see here.https://t.co/x1", ["https://t.co/x1"]),
        ("a great teampic.twitter.com/x1", ["pic.twitter.com/x1"]),
        ("e.g.https://t.co/x1", ["e.g.https://t.co/x1"]),  # no word before the scheme: the token stays whole
    ],
)
def test_spans(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in protected_spans(text)] == expected


def test_edits_inside_are_refused_and_edges_allowed() -> None:
    spans = [(10, 20)]
    assert touches_protected(12, 14, spans)
    assert touches_protected(5, 11, spans)
    assert touches_protected(15, 15, spans)  # insertion inside
    assert not touches_protected(10, 10, spans)  # insertion before it
    assert not touches_protected(20, 20, spans)  # insertion after it
    assert not touches_protected(2, 10, spans)


def test_a_removal_may_take_spans_whole_but_never_cut_one() -> None:
    spans = [(10, 20), (30, 40)]
    assert not cuts_protected(5, 45, spans)
    assert cuts_protected(15, 45, spans)
    assert cuts_protected(5, 35, spans)
    assert not cuts_protected(20, 30, spans)
