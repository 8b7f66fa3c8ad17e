"""Span mapping between the clean text and the original (``to_original``, ``map_spans``, ``to_clean``).

Properties over random damaged texts cleaned by the real pipeline: untouched text
maps to identical characters both ways, ``map_spans`` (one sweep) agrees with
``to_original`` (a search per span), mapping keeps order and containment, and a span
inside rewritten text widens to the whole region it replaced.
"""

from __future__ import annotations

import pickle
import random
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import Cleaner, Result
from cleaner.offsets import OffsetMap, Piece
from tests.test_offsets import edit_batches, fuse
from tests.test_properties import damaged_texts

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def touched(regions: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether an edited region (``start, end`` in one text) reaches inside ``[start, end)``.

    An empty region strictly inside counts: text was deleted (or inserted) there.
    """
    return any((a < end and start < b) or (a == b and start < a < end) for a, b in regions)


def clean_touched(result: Result, start: int, end: int) -> bool:
    return touched([(e.clean_start, e.clean_end) for e in result.edits], start, end)


def original_touched(result: Result, start: int, end: int) -> bool:
    return touched([(e.start, e.end) for e in result.edits], start, end)


def spans_of(draw: st.DrawFn, length: int, max_size: int = 25) -> list[tuple[int, int]]:
    pairs = draw(st.lists(st.tuples(st.integers(0, length), st.integers(0, length)), max_size=max_size))
    return [(min(a, b), max(a, b)) for a, b in pairs]


@SETTINGS
@given(damaged_texts(), st.data())
def test_unedited_clean_spans_map_to_the_same_characters(cleaner: Cleaner, text: str, data: st.DataObject) -> None:
    result = cleaner.clean(text)
    n = len(result.text)
    # Random spans, most of which cross an edit, plus every untouched stretch and a span inside each.
    spans = spans_of(data.draw, n)
    cuts = sorted({0, n, *(p for e in result.edits for p in (e.clean_start, e.clean_end))})
    for a, b in pairwise(cuts):
        if not clean_touched(result, a, b):
            spans.append((a, b))
            i = data.draw(st.integers(a, b))
            spans.append((i, data.draw(st.integers(i, b))))
    untouched = [(a, b) for a, b in spans if not clean_touched(result, a, b)]
    for (a, b), (start, end) in zip(untouched, result.map_spans(untouched), strict=True):
        assert result.original[start:end] == result.text[a:b]
        assert end - start == b - a


@SETTINGS
@given(damaged_texts(), st.data())
def test_map_spans_agrees_with_to_original(cleaner: Cleaner, text: str, data: st.DataObject) -> None:
    result = cleaner.clean(text)
    spans = spans_of(data.draw, len(result.text), max_size=40)  # unsorted, repeated, empty spans
    expected = [result.to_original(a, b) for a, b in spans]
    assert result.map_spans(spans) == expected
    assert result.map_spans(iter(spans)) == expected


@SETTINGS
@given(damaged_texts(), st.data())
def test_mapping_keeps_order_and_containment(cleaner: Cleaner, text: str, data: st.DataObject) -> None:
    result = cleaner.clean(text)
    n, m = len(result.text), len(result.original)
    points = [start for start, _ in result.map_spans((p, p) for p in range(n + 1))]
    ends = [end for _, end in result.map_spans((0, p) for p in range(1, n + 1))]
    assert points == sorted(points) and ends == sorted(ends)
    assert points[-1] == m  # the end maps to the end; the start may skip deleted leading text
    for (a, b), (c, d) in zip(*(spans_of(data.draw, n, 10) for _ in range(2)), strict=False):
        if a <= c <= d <= b:  # span 2 inside span 1: mapped inside too
            (s1, e1), (s2, e2) = result.map_spans([(a, b), (c, d)])
            assert s1 <= s2 and (c == d or e2 <= e1)
    for start, end in result.map_spans(spans_of(data.draw, n)):
        assert 0 <= start <= end <= m


@SETTINGS
@given(damaged_texts(), st.data())
def test_spans_inside_rewritten_text_map_to_the_whole_region(cleaner: Cleaner, text: str, data: st.DataObject) -> None:
    result = cleaner.clean(text)
    for edit in result.edits:
        if edit.clean_end > edit.clean_start:
            a = data.draw(st.integers(edit.clean_start, edit.clean_end - 1))
            b = data.draw(st.integers(a + 1, edit.clean_end))
            assert result.to_original(a, b) == (edit.start, edit.end)


@SETTINGS
@given(damaged_texts(), st.data())
def test_to_clean_is_the_inverse_on_untouched_text(cleaner: Cleaner, text: str, data: st.DataObject) -> None:
    result = cleaner.clean(text)
    for a, b in spans_of(data.draw, len(result.original)):
        start, end = result.to_clean(a, b)
        assert 0 <= start <= end <= len(result.text)
        if a < b and not original_touched(result, a, b):
            assert result.text[start:end] == result.original[a:b]
            assert result.to_original(start, end) == (a, b)


def test_documented_examples() -> None:
    result = Cleaner().clean("The&nbsp;troops  arrived.Biden spoke.")
    assert result.text == "The troops arrived. Biden spoke."
    (troops, nbsp, biden) = result.map_spans([(4, 10), (3, 4), (20, 25)])
    assert result.original[slice(*troops)] == "troops"
    assert result.original[slice(*nbsp)] == "&nbsp;"  # inside a replacement: the whole replaced region
    assert result.original[slice(*biden)] == "Biden"
    assert result.to_clean(*biden) == (20, 25)
    with pytest.raises(ValueError):
        result.to_original(0, len(result.text) + 1)
    with pytest.raises(ValueError):
        result.map_spans([(0, 1), (3, 2)])


@SETTINGS
@given(damaged_texts())
def test_a_pickled_result_maps_like_the_original(cleaner: Cleaner, text: str) -> None:
    result = cleaner.clean(text)
    copy = pickle.loads(pickle.dumps(result))
    assert copy == result
    bounds = [(p.cur_start, p.cur_end, p.orig_start, p.orig_end, p.copied) for p in result.offsets.pieces]
    assert [(p.cur_start, p.cur_end, p.orig_start, p.orig_end, p.copied) for p in copy.offsets.pieces] == bounds


@settings(max_examples=300, deadline=None)
@given(edit_batches())
def test_the_replaced_pieces_determine_the_whole_map(case: tuple[str, list[list[tuple[int, int, str]]]]) -> None:
    original, rounds = case
    offsets: OffsetMap[str] = OffsetMap(len(original))
    for number, batch in enumerate(rounds):
        offsets.apply([(s, e, r, f"r{number}") for s, e, r in batch], fuse)
    rebuilt = OffsetMap.from_replaced(len(original), [p for p in offsets.pieces if not p.copied])
    assert rebuilt.pieces == offsets.pieces
    n = offsets.current_length
    rng = random.Random(n)
    spans = [tuple(sorted((rng.randint(0, n), rng.randint(0, n)))) for _ in range(20)]
    assert rebuilt.map_spans(spans) == [offsets.to_original(a, b) for a, b in spans]


def test_from_replaced_rejects_pieces_that_do_not_fit() -> None:
    with pytest.raises(ValueError):
        OffsetMap.from_replaced(10, [Piece(2, 3, 5, 6, "x")])  # copied gap of 2 vs 5
    with pytest.raises(ValueError):
        OffsetMap.from_replaced(4, [Piece(2, 3, 2, 6, "x")])  # past the end
