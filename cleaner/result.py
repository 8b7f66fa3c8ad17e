"""What a cleaning run returns: the clean text, the change log, findings and metadata."""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any, TypedDict

from cleaner.offsets import OffsetMap, Piece

CONTEXT_CHARS = 30


@dataclass(frozen=True, slots=True)
class Step:
    """One rule's contribution to a logged edit (several when later stages refine a region).

    >>> from cleaner import clean
    >>> [edit] = clean("big\u00a0 \u00a0deal").edits   # odd spaces made plain, then the run collapsed
    >>> edit.rule, [step.rule for step in edit.steps]
    ('L102', ['U105', 'U105', 'L102'])
    """

    rule: str
    confidence: float
    message: str


@dataclass(frozen=True, slots=True)
class AppliedEdit:
    """One entry of the change log, in original coordinates.

    ``start``/``end`` index the original text and ``before`` is exactly
    ``original[start:end]``; ``clean_start``/``clean_end`` index ``Result.text`` and
    ``after`` is exactly ``text[clean_start:clean_end]``. Entries never overlap, so
    replaying them on the original rebuilds the clean text. When a later rule edits
    text an earlier rule wrote, the two fuse into one entry and ``steps`` keeps both.

    >>> from cleaner import clean
    >>> r = clean("Line one.\\nHello&nbsp;world.")
    >>> [edit] = r.edits
    >>> edit.rule, edit.line, edit.col, edit.before, edit.after
    ('U102', 2, 6, '&nbsp;', ' ')
    >>> r.original[edit.start : edit.end], r.text[edit.clean_start : edit.clean_end]
    ('&nbsp;', ' ')
    """

    rule: str
    confidence: float
    message: str
    start: int
    end: int
    line: int
    col: int
    before: str
    after: str
    clean_start: int
    clean_end: int
    context: str
    steps: tuple[Step, ...] = ()


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem reported but not applied: low confidence, report-only rule, or no safe fix.

    >>> from cleaner import Config, clean
    >>> r = clean("Ukraine.The end.", Config(report_only=("P103",)))
    >>> r.text, [(f.rule, f.start, f.text, f.suggestion) for f in r.findings]
    ('Ukraine.The end.', [('P103', 8, '', ' ')])
    """

    rule: str
    confidence: float
    message: str
    start: int
    end: int
    line: int
    col: int
    text: str
    suggestion: str | None
    context: str


class CompactEdit(TypedDict):
    """One applied edit as a plain record (dataset columns, JSON): original span, texts, rule.

    Enough to replay the log on the original (``before`` is ``original[start:end]``)
    and to undo it on the clean text.

    >>> from cleaner import clean
    >>> [edit] = clean("a&amp;b").compact_edits()
    >>> edit["start"], edit["end"], edit["before"], edit["after"]
    (1, 6, '&amp;', '&')
    """

    rule: str
    start: int
    end: int
    before: str
    after: str
    confidence: float


class LineIndex:
    """1-based line and column of an offset, by bisecting the line starts, found at the first question.

    A text with nothing to log asks none, and its lines are never searched.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts: list[int] = []

    def line_col(self, offset: int) -> tuple[int, int]:
        if not self._starts:
            self._starts = [0]
            pos = self._text.find("\n")
            while pos != -1:
                self._starts.append(pos + 1)
                pos = self._text.find("\n", pos + 1)
        line = bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


def context_of(text: str, start: int, end: int) -> str:
    """A one-line window around a span, for humans reading the log."""
    left = text[max(0, start - CONTEXT_CHARS) : start]
    right = text[end : end + CONTEXT_CHARS]
    return f"{left}[{text[start:end]}]{right}".replace("\n", "⏎")


@dataclass(slots=True)
class Result:
    """The outcome of cleaning one text.

    >>> from cleaner import clean
    >>> r = clean("Hello&nbsp;world.It works.")
    >>> r.text
    'Hello world. It works.'
    >>> [(e.rule, e.before, e.after) for e in r.edits]
    [('U102', '&nbsp;', ' '), ('P103', '', ' ')]
    """

    original: str
    text: str
    edits: list[AppliedEdit]
    findings: list[Finding]
    metadata: dict[str, Any]
    _offsets: OffsetMap[AppliedEdit] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def offsets(self) -> OffsetMap[AppliedEdit]:
        """The map between the two texts, built from ``edits`` (they hold both spans of every
        replaced region) when first asked for: most results are never mapped. Never pickled."""
        if self._offsets is None:
            replaced = (Piece(e.clean_start, e.clean_end, e.start, e.end, e) for e in self.edits)
            self._offsets = OffsetMap.from_replaced(len(self.original), replaced)
        return self._offsets

    def __getstate__(self) -> tuple[str, str, list[AppliedEdit], list[Finding], dict[str, Any]]:
        # Results cross process boundaries in ``clean_many``: the map is rebuilt, not shipped.
        return self.original, self.text, self.edits, self.findings, self.metadata

    def __setstate__(self, state: tuple[str, str, list[AppliedEdit], list[Finding], dict[str, Any]]) -> None:
        self.original, self.text, self.edits, self.findings, self.metadata = state
        self._offsets = None

    @property
    def changed(self) -> bool:
        return self.text != self.original

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that ``text[start:end]`` came from.

        Text no edit touched maps character for character. A span that starts or ends
        inside text an edit wrote widens to the whole original region that edit
        replaced (there is no finer answer: ``"&amp;"`` became ``"&"`` as a whole), and
        an empty span maps to a point. ``ValueError`` if the span is out of range.

        >>> from cleaner import clean
        >>> r = clean(" date 2022-01-24 Biden met allies”Kirby said.")
        >>> r.text
        'Biden met allies,” Kirby said.'
        >>> r.to_original(0, 5), r.original[17:22]
        ((17, 22), 'Biden')
        >>> r.to_original(16, 17), r.original[33:33]   # the inserted comma replaced nothing
        ((33, 33), '')
        """
        return self.offsets.to_original(start, end)

    def map_spans(self, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
        """``to_original`` for many spans, in the order given, in one sweep over the map.

        Use it for whole token, sentence or entity lists: sorted input costs one
        linear pass, not a search per span.

        >>> from cleaner import clean
        >>> r = clean("Kirby&nbsp;said.The  Pentagon agreed.")
        >>> r.text
        'Kirby said. The Pentagon agreed.'
        >>> spans = r.map_spans([(0, 5), (12, 15), (16, 24), (5, 6)])
        >>> [r.original[a:b] for a, b in spans]
        ['Kirby', 'The', 'Pentagon', '&nbsp;']
        """
        return self.offsets.map_spans(spans)

    def to_clean(self, start: int, end: int) -> tuple[int, int]:
        """The span of the clean text that ``original[start:end]`` ended up as.

        The inverse of ``to_original``: untouched text maps character for character,
        a span reaching into a replaced region widens to all the text written there,
        and text that was deleted maps to the empty span where it was.

        >>> from cleaner import clean
        >>> r = clean(" date 2022-01-24 Biden spoke.")
        >>> r.to_clean(17, 22), r.text[0:5]
        ((0, 5), 'Biden')
        >>> r.to_clean(1, 5)   # "date" went with the header
        (0, 0)
        """
        return self.offsets.to_current(start, end)

    def compact_edits(self) -> list[CompactEdit]:
        """The change log as plain, uniform records: enough to replay it, small to store.

        >>> from cleaner import clean
        >>> clean("Hello&amp;bye.").compact_edits()
        [{'rule': 'U102', 'start': 5, 'end': 10, 'before': '&amp;', 'after': '&', 'confidence': 0.95}]
        """
        return [
            CompactEdit(rule=e.rule, start=e.start, end=e.end, before=e.before, after=e.after, confidence=e.confidence)
            for e in self.edits
        ]

    def to_dict(self, *, include_text: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if include_text:
            data["text"] = self.text
        data["edits"] = [asdict(e) for e in self.edits]
        data["findings"] = [asdict(f) for f in self.findings]
        data["metadata"] = self.metadata
        return data

    def to_json(self, **dump_options: Any) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, **dump_options)
