"""The one map from the current text back to the original.

The current text is a sequence of pieces. A *copied* piece is original text that no
edit touched, so positions inside it map one to one. A *replaced* piece is text some
edit wrote; any position inside it maps to the whole original region it replaced.
Applying a batch of edits splits copied pieces and fuses replaced ones that a new
edit touches, so the replaced pieces are always disjoint in both texts: that is what
makes the change log replayable on the original.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Piece(Generic[T]):
    """``current[cur_start:cur_end]`` stands for ``original[orig_start:orig_end]``.

    ``record`` is ``None`` for copied text and the edit record for replaced text.
    """

    cur_start: int
    cur_end: int
    orig_start: int
    orig_end: int
    record: T | None = None

    @property
    def copied(self) -> bool:
        return self.record is None


class OffsetMap(Generic[T]):
    """Positions in the current text mapped to positions in the original text."""

    def __init__(self, length: int) -> None:
        self.original_length = length
        self.pieces: list[Piece[T]] = [Piece(0, length, 0, length)] if length else []
        self._index()

    def _index(self) -> None:
        # Empty pieces (deletions) hold no current position, so lookups skip them.
        self._solid = [p for p in self.pieces if p.cur_end > p.cur_start]
        self._starts = [p.cur_start for p in self._solid]
        self._ends = [p.cur_end for p in self._solid]
        # Insertions cover no original position, so original-side lookups skip them.
        self._covering = [p for p in self.pieces if p.orig_end > p.orig_start]
        self._orig_starts = [p.orig_start for p in self._covering]
        self._orig_ends = [p.orig_end for p in self._covering]

    @property
    def current_length(self) -> int:
        return self.pieces[-1].cur_end if self.pieces else 0

    @classmethod
    def from_replaced(cls, original_length: int, replaced: Iterable[Piece[T]]) -> OffsetMap[T]:
        """The map whose replaced pieces are ``replaced`` (in order); copied pieces fill the gaps.

        The replaced pieces determine the whole map, so a change log with clean and
        original spans (``Result.edits``) is all it takes to rebuild it.
        """
        offsets: OffsetMap[T] = cls(0)
        offsets.original_length = original_length
        cur = orig = 0
        for piece in replaced:
            gap = piece.cur_start - cur
            if gap < 0 or piece.orig_start - orig != gap or piece.cur_end < piece.cur_start or piece.orig_end < piece.orig_start:
                raise ValueError(f"replaced piece {piece} does not follow the previous one (at {cur}, {orig})")
            if gap:
                offsets.pieces.append(Piece(cur, piece.cur_start, orig, piece.orig_start))
            offsets.pieces.append(piece)
            cur, orig = piece.cur_end, piece.orig_end
        if orig > original_length:
            raise ValueError(f"replaced pieces reach past the original length {original_length}")
        if orig < original_length:
            offsets.pieces.append(Piece(cur, cur + original_length - orig, orig, original_length))
        offsets._index()
        return offsets

    def start_to_original(self, pos: int) -> int:
        """Where a span starting at ``pos`` starts in the original (left-biased)."""
        return self._start_in(bisect_right(self._ends, pos), pos)

    def end_to_original(self, pos: int) -> int:
        """Where a span ending at ``pos`` ends in the original (right-biased)."""
        return self._end_in(bisect_left(self._ends, pos), pos)

    def _start_in(self, i: int, pos: int) -> int:
        """``start_to_original`` given ``i``, the first solid piece that ends after ``pos``."""
        if i == len(self._solid):  # at the end of the text
            return self.original_length
        piece = self._solid[i]  # solid pieces tile the text, so it holds ``pos``
        return piece.orig_start + (pos - piece.cur_start) if piece.copied else piece.orig_start

    def _end_in(self, i: int, pos: int) -> int:
        """``end_to_original`` given ``i``, the first solid piece that ends at or after ``pos``."""
        if i < len(self._solid) and self._starts[i] < pos:
            piece = self._solid[i]
            return piece.orig_start + (pos - piece.cur_start) if piece.copied else piece.orig_end
        # At a piece boundary: the span ends where the previous solid piece ends.
        return self._solid[i - 1].orig_end if i > 0 else 0

    def _check(self, start: int, end: int) -> None:
        if not 0 <= start <= end <= self.current_length:
            raise ValueError(f"span ({start}, {end}) outside text of length {self.current_length}")

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the current text to the original span that produced it."""
        self._check(start, end)
        if start == end:
            point = self.start_to_original(start)
            return point, point
        return self.start_to_original(start), self.end_to_original(end)

    def map_spans(self, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
        """``to_original`` for many spans, in the order given, in one sweep over the pieces.

        Span starts and span ends are each visited in sorted order while one cursor
        walks the pieces forward: O(pieces + spans) after sorting, which costs nothing
        extra for spans that come sorted (entities, tokens, sentences).
        """
        spans = list(spans)
        for start, end in spans:
            self._check(start, end)
        starts = [0] * len(spans)
        i = 0
        for k in sorted(range(len(spans)), key=lambda k: spans[k][0]):
            pos = spans[k][0]
            while i < len(self._ends) and self._ends[i] <= pos:
                i += 1
            starts[k] = self._start_in(i, pos)
        out = [(point, point) for point in starts]
        i = 0
        for k in sorted((k for k, (start, end) in enumerate(spans) if start < end), key=lambda k: spans[k][1]):
            pos = spans[k][1]
            while i < len(self._ends) and self._ends[i] < pos:
                i += 1
            out[k] = (starts[k], self._end_in(i, pos))
        return out

    def replaced_spans(self) -> list[tuple[int, int]]:
        """Sorted current-text spans that edits wrote; a deletion is an empty span where it was.

        >>> m: OffsetMap[str] = OffsetMap(12)
        >>> m.apply([(0, 3, "", "gone"), (9, 9, " ", "space")], lambda old, new: new)
        >>> m.replaced_spans()
        [(0, 0), (6, 7)]
        """
        return [(p.cur_start, p.cur_end) for p in self.pieces if p.record is not None]

    def to_current(self, start: int, end: int) -> tuple[int, int]:
        """Map an original span to the clean text; replaced regions widen to their piece."""
        if not 0 <= start <= end <= self.original_length:
            raise ValueError(f"span ({start}, {end}) outside text of length {self.original_length}")
        if start == end:
            point = self._orig_start_to_current(start)
            return point, point
        return self._orig_start_to_current(start), self._orig_end_to_current(end)

    def _orig_start_to_current(self, pos: int) -> int:
        i = bisect_right(self._orig_starts, pos) - 1
        if i < 0 or pos >= self._covering[i].orig_end:
            return self.current_length
        piece = self._covering[i]
        return piece.cur_start + (pos - piece.orig_start) if piece.copied else piece.cur_start

    def _orig_end_to_current(self, pos: int) -> int:
        i = bisect_left(self._orig_ends, pos)
        if i >= len(self._covering):
            return self.current_length
        piece = self._covering[i]
        if pos <= piece.orig_start:
            return piece.cur_start
        return piece.cur_start + (pos - piece.orig_start) if piece.copied else piece.cur_end

    def apply(self, edits: Sequence[tuple[int, int, str, T]], fuse: Callable[[list[T], T], T]) -> None:
        """Record sorted, non-overlapping ``(start, end, replacement, record)`` edits.

        An edit that touches earlier replaced pieces swallows them whole; edits that end
        up in the same swallowed region become one piece. ``fuse`` builds that piece's
        record from the older records (in order) and the newest one.
        """
        clusters = self._clusters(edits)
        pieces = list(self.pieces)
        new: list[Piece[T]] = []
        delta = 0  # change of current length so far in this batch
        i = 0
        for fused_start, fused_end, members in clusters:
            while i < len(pieces) and pieces[i].cur_end <= fused_start and not _inside(pieces[i], fused_start, fused_end):
                new.append(_shift(pieces[i], delta))
                i += 1
            swallowed: list[T] = []
            while i < len(pieces) and (pieces[i].cur_start < fused_end or _inside(pieces[i], fused_start, fused_end)):
                piece = pieces[i]
                if piece.record is not None:
                    swallowed.append(piece.record)
                    i += 1
                    continue
                if piece.cur_start < fused_start:
                    head = fused_start - piece.cur_start
                    new.append(_shift(Piece(piece.cur_start, fused_start, piece.orig_start, piece.orig_start + head), delta))
                if piece.cur_end > fused_end:
                    tail = fused_end - piece.cur_start
                    pieces[i] = Piece(fused_end, piece.cur_end, piece.orig_start + tail, piece.orig_end)
                    break
                i += 1
            orig_start = self.start_to_original(fused_start)
            orig_end = self.end_to_original(fused_end) if fused_end > fused_start else orig_start
            change = sum(len(replacement) - (end - start) for start, end, replacement, _ in members)
            length = fused_end - fused_start + change
            records = [*swallowed, *(record for *_, record in members)]
            piece = Piece(
                fused_start + delta, fused_start + delta + length, orig_start, orig_end, fuse(records[:-1], records[-1])
            )
            new.append(piece)
            delta += change
        new.extend(_shift(p, delta) for p in pieces[i:])
        self.pieces = new
        self._index()

    def _clusters(self, edits: Sequence[tuple[int, int, str, T]]) -> list[tuple[int, int, list[tuple[int, int, str, T]]]]:
        """Group edits by the current region they rewrite, widened to replaced pieces they touch."""
        replaced = [p for p in self.pieces if p.record is not None]
        clusters: list[tuple[int, int, list[tuple[int, int, str, T]]]] = []
        k = 0
        for edit in edits:
            start, end = edit[0], edit[1]
            while k < len(replaced) and replaced[k].cur_end < start:
                k += 1
            j = k
            while j < len(replaced) and (replaced[j].cur_start < end or replaced[j].cur_start < start):
                if _touches(replaced[j], start, end):
                    start, end = min(start, replaced[j].cur_start), max(end, replaced[j].cur_end)
                j += 1
            if clusters and start < clusters[-1][1]:
                first, last, members = clusters[-1]
                clusters[-1] = (min(first, start), max(last, end), [*members, edit])
            else:
                clusters.append((start, end, [edit]))
        return clusters


def _touches(piece: Piece[T], start: int, end: int) -> bool:
    """Whether an edit of ``[start, end)`` rewrites text of ``piece`` (or lands inside it)."""
    if piece.cur_start == piece.cur_end:
        return start < piece.cur_start < end
    if start == end:
        return piece.cur_start < start < piece.cur_end
    return piece.cur_start < end and start < piece.cur_end


def _inside(piece: Piece[T], start: int, end: int) -> bool:
    """An empty (deleted) piece strictly inside a rewritten region belongs to it."""
    return piece.cur_start == piece.cur_end and start < piece.cur_start < end


def _shift(piece: Piece[T], delta: int) -> Piece[T]:
    if not delta:
        return piece
    return Piece(piece.cur_start + delta, piece.cur_end + delta, piece.orig_start, piece.orig_end, piece.record)
