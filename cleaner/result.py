"""What a cleaning run returns: the clean text, the change log, findings and metadata."""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from cleaner.offsets import OffsetMap

CONTEXT_CHARS = 30


@dataclass(frozen=True, slots=True)
class Step:
    """One rule's contribution to a logged edit (several when later stages refine a region)."""

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
    """A problem reported but not applied: low confidence, report-only rule, or no safe fix."""

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


class LineIndex:
    """1-based line and column of an offset, by bisecting the line starts once computed."""

    def __init__(self, text: str) -> None:
        self._starts = [0]
        pos = text.find("\n")
        while pos != -1:
            self._starts.append(pos + 1)
            pos = text.find("\n", pos + 1)

    def line_col(self, offset: int) -> tuple[int, int]:
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
    offsets: OffsetMap[Any] = field(repr=False)

    @property
    def changed(self) -> bool:
        return self.text != self.original

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original span a span of the clean text came from.

        A span inside text an edit wrote maps to the whole original region it replaced.

        >>> from cleaner import clean
        >>> r = clean(" date 2022-01-24 Biden spoke.")
        >>> r.text, r.to_original(0, 5), r.original[17:22]
        ('Biden spoke.', (17, 22), 'Biden')
        """
        return self.offsets.to_original(start, end)

    def map_spans(self, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
        """``to_original`` for many spans at once, in the order given."""
        return self.offsets.map_spans(spans)

    def to_clean(self, start: int, end: int) -> tuple[int, int]:
        """The clean span an original span ended up as (the inverse of ``to_original``)."""
        return self.offsets.to_current(start, end)

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
