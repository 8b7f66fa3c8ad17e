"""Spans no stage may edit: URLs, e-mail addresses, domains, handles, hashtags, inline code.

The pipeline drops any proposed edit that reaches inside one of these spans, so each
stage's own patterns need not repeat the guard.
"""

from __future__ import annotations

import regex

#: What marks a token as an address or handle; the whole token around it is protected.
ANCHOR_RE = regex.compile(
    r"://|www\.|@|(?<![\w&])\#(?=[^\W\d])|`"
    r"|\.(?:com|org|net|gov|edu|mil|int|io|co|uk|de|fr|info|biz|ai|app|dev|news|tv|us|eu|ru|ua|cn|jp|in)\b"
)
INLINE_CODE_RE = regex.compile(r"`[^`\n]+`")
#: Punctuation around an address that belongs to the sentence, not to the address.
OPENING = "([{<“‘\"'"
CLOSING = ".,;:!?)]}>”’\"'"


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Sorted, non-overlapping spans of text that must come out unchanged.

    Found from cheap anchors (``://``, ``www.``, ``@``, ``#tag``, a top-level domain,
    a backtick), each widened to its whitespace-delimited token, so a scan of clean
    prose costs one pass of a literal-led pattern.
    """
    spans: list[tuple[int, int]] = []
    for m in ANCHOR_RE.finditer(text):
        if m.group() == "`":
            code = INLINE_CODE_RE.match(text, m.start())
            if code:
                spans.append(code.span())
            continue
        start, end = m.start(), m.end()
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        while end < len(text) and not text[end].isspace():
            end += 1
        while start < end and text[start] in OPENING:
            start += 1
        while end > start and text[end - 1] in CLOSING:
            end -= 1
        if end > start:
            spans.append((start, end))
    return _merged(spans)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def touches_protected(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """True when replacing ``[start, end)`` would change a character of a protected span.

    An insertion at the very edge of a span leaves the span intact and is allowed.
    """
    for span_start, span_end in spans:
        if span_start >= end:
            break
        if start == end:
            if span_start < start < span_end:
                return True
        elif start < span_end:
            return True
    return False
