"""Addresses, handles and code are found whole, and edits inside them are refused."""

from __future__ import annotations

import pytest

from cleaner.protect import protected_spans, touches_protected


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
