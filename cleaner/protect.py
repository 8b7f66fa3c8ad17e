"""Spans no stage may edit: URLs, e-mail addresses, domains, handles, hashtags, inline code.

The pipeline drops any proposed edit that reaches inside one of these spans, so each
stage's own patterns need not repeat the guard.
"""

from __future__ import annotations

import regex

PROTECTED_RE = regex.compile(
    r"""
      (?:https?|ftp)://[^\s<>"”’)\]]+      # URLs with a scheme
    | www\.[^\s<>"”’)\]]+                  # bare www. addresses
    | [\w.+-]+@[\w-]+(?:\.[\w-]+)+          # e-mail addresses
    | (?<![\w@])@\w{2,}                    # @handles
    | (?<![\w&#])\#[^\W\d]\w*               # hashtags
    | `[^`\n]+`                            # inline code
    | \b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|gov|edu|mil|int|io|co|uk|de|fr|info|biz|ai|app|dev|news|tv|us|eu|ru|ua|cn|jp|in)\b
    """,
    regex.VERBOSE,
)


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Sorted, non-overlapping spans of text that must come out unchanged."""
    return [match.span() for match in PROTECTED_RE.finditer(text)]


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
