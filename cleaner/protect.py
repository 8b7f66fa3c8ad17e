"""Spans no stage may edit: URLs, e-mail addresses, domains, handles, hashtags, inline code,
Markdown syntax, and whatever the author fenced off with a directive.

The pipeline drops any proposed edit that reaches inside one of these spans, so each
stage's own patterns need not repeat the guard.
"""

from __future__ import annotations

from bisect import bisect_right
from operator import itemgetter

import regex

from cleaner.markdown import Span, markdown_protected, merge
from cleaner.text import line_start

#: What marks a token as an address or handle; the whole token around it is protected. Each is
#: searched for on its own: a pattern led by a literal skips to it in C, where one alternation
#: of them all tried every branch at every character (three times the time on prose).
ANCHORS = tuple(
    regex.compile(pattern)
    for pattern in (
        r"://",
        r"www\.",
        r"@",
        r"(?<![\w&])\#(?=[^\W\d])",
        r"\.(?:com|org|net|gov|edu|mil|int|io|co|uk|de|fr|info|biz|ai|app|dev|news|tv|us|eu|ru|ua|cn|jp|in)\b",
    )
)
#: A word (and the punctuation ending its sentence) glued before a URL's scheme, where a lost
#: space joined them (``passhttps://…``, ``here.https://…``): prose, not part of the address.
WORD_BEFORE_URL_RE = regex.compile(r"\p{L}+[.!?:;,”]*(?=https?://|pic\.twitter\.com/)")
INLINE_CODE_RE = regex.compile(r"`[^`\n]+`")
#: Punctuation around an address that belongs to the sentence, not to the address.
OPENING = "([{<“‘\"'"
CLOSING = ".,;:!?)]}>”’\"'"
#: ``<!-- cleaner: off -->`` … ``<!-- cleaner: on -->`` (or the end of the text) is left alone.
OFF_RE = regex.compile(r"<!--\s*cleaner:\s*off\s*-->", regex.IGNORECASE)
ON_RE = regex.compile(r"<!--\s*cleaner:\s*on\s*-->", regex.IGNORECASE)
#: A line that says ``cleaner: ignore`` anywhere is left alone.
IGNORE_RE = regex.compile(r"cleaner:\s*ignore\b", regex.IGNORECASE)


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Sorted, non-overlapping spans of text that must come out unchanged.

    Found from cheap anchors (``://``, ``www.``, ``@``, ``#tag``, a top-level domain,
    a backtick), each widened to its whitespace-delimited token, so a scan of clean
    prose costs a few passes of literal-led patterns. Anchors that share a token widen
    to the same span, so the order they are found in does not matter.
    """
    spans: list[tuple[int, int]] = []
    tick = text.find("`")
    while tick != -1:
        if code := INLINE_CODE_RE.match(text, tick):
            spans.append(code.span())
        tick = text.find("`", tick + 1)
    for anchor in ANCHORS:
        for m in anchor.finditer(text):
            start, end = m.start(), m.end()
            while start > 0 and not text[start - 1].isspace():
                start -= 1
            while end < len(text) and not text[end].isspace():
                end += 1
            while start < end and text[start] in OPENING:
                start += 1
            if fused := WORD_BEFORE_URL_RE.match(text, start, end):
                start = fused.end()  # ``passhttps://…``: the word a lost space glued on is prose
            while end > start and text[end - 1] in CLOSING:
                end -= 1
            if end > start:
                spans.append((start, end))
    return merge(spans)


def directive_spans(text: str) -> list[Span]:
    """Regions between ``cleaner: off`` and ``cleaner: on`` comments, and ``cleaner: ignore`` lines.

    >>> text = "a  b\\nc  d <!-- cleaner: ignore -->\\n<!-- cleaner: off -->e  f"
    >>> [text[s:e] for s, e in directive_spans(text)]
    ['c  d <!-- cleaner: ignore -->', '<!-- cleaner: off -->e  f']
    """
    spans: list[Span] = []
    for m in IGNORE_RE.finditer(text):
        start = line_start(text, m.start())
        ends = [pos for pos in (text.find("\n", m.end()), text.find("\r", m.end())) if pos != -1]
        spans.append((start, min(ends, default=len(text))))
    pos = 0
    while off := OFF_RE.search(text, pos):
        on = ON_RE.search(text, off.end())
        pos = on.end() if on else len(text)
        spans.append((off.start(), pos))
    return merge(spans)


def fixed_spans(text: str, markdown: bool) -> list[Span]:
    """What stays protected for a whole run: found once, on the original text.

    Nothing edits these spans, so the pipeline maps them into each stage's text
    instead of searching again (Markdown could not be re-parsed mid-run anyway).
    """
    spans = directive_spans(text)
    if markdown:
        spans += markdown_protected(text)
    return merge(spans)


def touches_protected(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """True when replacing ``[start, end)`` would change a character of a protected span.

    ``spans`` are sorted and do not overlap, so the one span that can matter is found by
    bisection. An insertion at the very edge of a span leaves the span intact and is allowed.

    >>> spans = [(2, 4), (4, 6)]
    >>> [touches_protected(s, e, spans) for s, e in [(0, 2), (1, 3), (4, 4), (5, 5), (6, 9)]]
    [False, True, False, True, False]
    """
    i = bisect_right(spans, start, key=itemgetter(1))  # the first span that ends after ``start``
    if i == len(spans):
        return False
    return spans[i][0] < start if start == end else spans[i][0] < end


def cuts_protected(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """True when replacing ``[start, end)`` would change part of a protected span without taking all of it.

    A removal that carries what it removed (boilerplate moved to metadata) may take a URL
    or an address whole; it must never leave half of one behind.

    >>> spans = [(2, 4), (6, 8)]
    >>> [cuts_protected(s, e, spans) for s, e in [(0, 5), (0, 3), (3, 9), (1, 9), (4, 6)]]
    [False, True, True, False, False]
    """
    i = bisect_right(spans, start, key=itemgetter(1))
    while i < len(spans) and spans[i][0] < end:
        span_start, span_end = spans[i]
        if span_start < start or span_end > end:
            return True
        i += 1
    return False
