"""The offset map: every position of the current text maps back into the original."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.offsets import OffsetMap


def fuse(old: list[str], new: str) -> str:
    return "+".join([*old, new])


def apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    out, pos = [], 0
    for start, end, replacement in edits:
        out.append(text[pos:start] + replacement)
        pos = end
    return "".join(out) + text[pos:]


def test_identity_map() -> None:
    offsets: OffsetMap[str] = OffsetMap(10)
    assert offsets.to_original(2, 5) == (2, 5)
    assert offsets.to_current(2, 5) == (2, 5)


def test_insertion_deletion_and_replacement() -> None:
    original = "abcdefghij"
    offsets: OffsetMap[str] = OffsetMap(len(original))
    edits = [(1, 1, "X"), (3, 5, ""), (7, 8, "YZ")]
    offsets.apply([(s, e, r, f"e{i}") for i, (s, e, r) in enumerate(edits)], fuse)
    current = apply(original, edits)
    assert current == "aXbcfgYZij"
    assert offsets.to_original(0, 1) == (0, 1)  # copied "a"
    assert offsets.to_original(1, 2) == (1, 1)  # the inserted "X" replaced nothing
    assert offsets.to_original(4, 5) == (5, 6)  # "f" after the deletion
    assert offsets.to_original(6, 7) == (7, 8)  # inside "YZ": the whole replaced region
    assert offsets.to_original(0, len(current)) == (0, len(original))
    assert offsets.to_current(7, 8) == (6, 8)


def test_later_edit_fuses_with_the_earlier_one_it_touches() -> None:
    offsets: OffsetMap[str] = OffsetMap(6)  # "abcdef"
    offsets.apply([(2, 4, "XYZ", "first")], fuse)  # ab XYZ ef
    offsets.apply([(3, 6, "Q", "second")], fuse)  # ab X Q f  (edit spans Y Z e)
    replaced = [p for p in offsets.pieces if not p.copied]
    assert len(replaced) == 1
    piece = replaced[0]
    assert (piece.orig_start, piece.orig_end) == (2, 5)
    assert piece.record == "first+second"


def test_out_of_range_span_is_an_error() -> None:
    with pytest.raises(ValueError):
        OffsetMap(3).to_original(2, 5)


@st.composite
def edit_batches(draw: st.DrawFn) -> tuple[str, list[list[tuple[int, int, str]]]]:
    text = draw(st.text(alphabet="abcde", min_size=0, max_size=30))
    rounds = []
    length = len(text)
    for _ in range(draw(st.integers(1, 4))):
        points = sorted(draw(st.lists(st.integers(0, length), max_size=6)))
        batch, last = [], -1
        for a, b in zip(points[::2], points[1::2], strict=False):
            if a <= last or (batch and a == batch[-1][0]):
                continue
            batch.append((a, b, draw(st.text(alphabet="XYZ ", max_size=3))))
            last = b
        rounds.append(batch)
        length += sum(len(r) - (e - s) for s, e, r in batch)
    return text, rounds


@settings(max_examples=300, deadline=None)
@given(edit_batches())
def test_replaying_pieces_rebuilds_the_current_text(case: tuple[str, list[list[tuple[int, int, str]]]]) -> None:
    original, rounds = case
    offsets: OffsetMap[str] = OffsetMap(len(original))
    current = original
    for number, batch in enumerate(rounds):
        offsets.apply([(s, e, r, f"r{number}") for s, e, r in batch], fuse)
        current = apply(current, batch)
    # Pieces tile both texts in order, copied pieces hold identical characters.
    cur = orig = 0
    for piece in offsets.pieces:
        assert (piece.cur_start, piece.orig_start) == (cur, orig)
        if piece.copied:
            assert current[piece.cur_start : piece.cur_end] == original[piece.orig_start : piece.orig_end]
        cur, orig = piece.cur_end, piece.orig_end
    assert (cur, orig) == (len(current), len(original))
    # Mapping is in range and monotone.
    points = [offsets.to_original(i, i)[0] for i in range(len(current) + 1)]
    assert points == sorted(points)
    assert all(0 <= p <= len(original) for p in points)
    rng = random.Random(len(current))
    for _ in range(10):
        i = rng.randint(0, len(current))
        j = rng.randint(i, len(current))
        start, end = offsets.to_original(i, j)
        assert 0 <= start <= end <= len(original)
