"""Shared text helpers: where a sentence starts and which words stand around a position.

Stages ask here instead of keeping their own copies, so "a sentence starts here" and "the
word to the left" mean the same in every stage. Each helper looks only at a few
characters around the position, so calling it once per token keeps a stage linear.
"""

from __future__ import annotations

import re

#: Sentence punctuation (with closing quotes or brackets) and space, or a line break, right before a position.
SENTENCE_BREAK_BEFORE_RE = re.compile(r"(?:[.!?]['’\"”)]*\s+|\n\s*)\Z")
NON_SPACE_RE = re.compile(r"\S")
#: A word of letters and the one space after it, ending at the position; not the tail of a longer token.
WORD_BEFORE_RE = re.compile(r"(?<![\w'’-])([^\W\d_]+) \Z")
#: One space and a word of letters after the position.
WORD_AFTER_RE = re.compile(r" ([^\W\d_]+)")
#: Sentence punctuation with the closing quotes or brackets after it, then space (or the end).
SENTENCE_END_RE = re.compile(r"[.!?][\"”’)]*(?:\s|\Z)")
#: How far back a sentence break or a word before a position is looked for.
LOOK_BACK = 40
#: A headline is at most this long.
HEADLINE_LENGTH = 160
#: Words long enough that title case capitalises them.
LONG_WORD_RE = re.compile(r"[^\W\d_]{4,}")


def line_start(text: str, pos: int) -> int:
    r"""Where the line holding ``pos`` starts: after the last ``\n`` or ``\r`` before it.

    The ``\r`` is looked for only after the ``\n``: searched for back to the start of a
    text that has none, once per edit, it made the callers quadratic in the text's size.

    >>> line_start("a\r\nbc\rd", 7), line_start("a\r\nbc", 5), line_start("abc", 2)
    (6, 3, 0)
    """
    newline = text.rfind("\n", 0, pos)
    return max(newline, text.rfind("\r", newline + 1, pos)) + 1


def starts_sentence(text: str, start: int) -> bool:
    """Whether the word at ``start`` opens a sentence: first in the text, or after ``.!?`` or a line break.

    >>> starts_sentence("It ended. Then", 10), starts_sentence("  Then", 2), starts_sentence("and Then", 4)
    (True, True, False)
    """
    return NON_SPACE_RE.search(text, 0, start) is None or bool(
        SENTENCE_BREAK_BEFORE_RE.search(text, max(0, start - LOOK_BACK), start)
    )


def word_before(text: str, start: int) -> str | None:
    """The word of letters that ends one space before ``start``, if there is one.

    >>> word_before("in easter Europe", 10), word_before("co-op sicne", 6), word_before("(sicne", 1)
    ('easter', None, None)
    """
    if start < 2 or text[start - 1] != " ":
        return None
    space = text.rfind(" ", max(0, start - LOOK_BACK), start - 1)
    word = text[space + 1 : start - 1]
    if space >= 0 and word.isalpha():
        return word
    match = WORD_BEFORE_RE.search(text, max(0, start - LOOK_BACK), start)
    return match.group(1) if match else None


def word_after(text: str, end: int) -> str | None:
    """The word of letters that starts one space after ``end``, if there is one.

    >>> word_after("sicne they", 5), word_after("sicne, they", 5)
    ('they', None)
    """
    match = WORD_AFTER_RE.match(text, end)
    return match.group(1) if match else None


def word_start(text: str, end: int) -> int:
    """Where the run of letters or digits that ends at ``end`` starts.

    >>> word_start("It rained.The", 9)
    3
    """
    start = end
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    return start


def in_title_case_line(text: str, position: int) -> bool:
    r"""Whether ``position`` lies in a headline in title case: a short line without a final period
    whose words of four letters or more (three at least) are all capitalised.

    >>> in_title_case_line("Delta 4 Heavy Ready For Launch\nThe rocket flew.", 9), in_title_case_line("The rocket Flew.", 4)
    (True, False)
    """
    start = text.rfind("\n", max(0, position - HEADLINE_LENGTH), position) + 1
    if start == 0 and position > HEADLINE_LENGTH:
        return False
    end = text.find("\n", position, start + HEADLINE_LENGTH + 1)
    if end == -1:
        if len(text) - start > HEADLINE_LENGTH:
            return False
        end = len(text)
    line = text[start:end].rstrip()
    words = LONG_WORD_RE.findall(line)
    return not line.endswith(".") and len(words) >= 3 and all(word[0].isupper() for word in words)


def paragraph_bounds(text: str, pos: int) -> tuple[int, int]:
    """Start and end of the paragraph (text between blank lines) that holds ``pos``.

    >>> text = "One.\\n\\nTwo and\\nthree.\\n\\nFour."
    >>> start, end = paragraph_bounds(text, 8)
    >>> text[start:end]
    'Two and\\nthree.'
    """
    start = text.rfind("\n\n", 0, pos)
    end = text.find("\n\n", pos)
    return (0 if start == -1 else start + 2), (len(text) if end == -1 else end)


def sentence_start(text: str, pos: int, floor: int = 0) -> int:
    """Where the sentence that holds ``pos`` starts: after the last ``.!?`` and space before it, or at ``floor``.

    >>> sentence_start("It rained. Then it stopped.", 20)
    11
    """
    start = floor
    for m in SENTENCE_END_RE.finditer(text, floor, pos):
        start = m.end()
    return start


def sentence_end(text: str, pos: int, ceiling: int | None = None) -> int:
    """Where the sentence that holds ``pos`` ends: after its ``.!?`` (and closing quotes), or at ``ceiling``.

    >>> text = 'He said "we won." Then he left.'
    >>> text[:sentence_end(text, 3)]
    'He said "we won."'
    """
    ceiling = len(text) if ceiling is None else ceiling
    m = SENTENCE_END_RE.search(text, pos, ceiling)
    if m is None:
        return ceiling
    return m.end() - 1 if m.group()[-1].isspace() else m.end()


#: Where a quotation can open or close: curly double quotes, and straight double quotes counted in pairs.
OPENING_QUOTE, CLOSING_QUOTE, STRAIGHT_QUOTE = "“", "”", '"'
#: How far back an opening quotation mark is looked for: a paragraph, not the whole text.
QUOTE_LOOK_BACK = 1000


def in_quotation(text: str, start: int) -> bool:
    """Whether ``start`` lies inside a quotation opened earlier in the same paragraph.

    Curly quotes say which way they face; straight ones are counted in pairs.

    >>> in_quotation("He said “boom boom” twice", 14), in_quotation("“Yes,” he said boom", 16)
    (True, False)
    >>> in_quotation('"Heh heh," he said', 1), in_quotation('"Heh," he said heh', 15)
    (True, False)
    """
    floor = max(0, start - QUOTE_LOOK_BACK)
    paragraph = text.rfind("\n\n", floor, start)
    floor = paragraph + 2 if paragraph >= 0 else floor
    if text.rfind(OPENING_QUOTE, floor, start) > text.rfind(CLOSING_QUOTE, floor, start):
        return True
    return text.count(STRAIGHT_QUOTE, floor, start) % 2 == 1


def ends_clause(text: str, end: int) -> bool:
    """Whether the word ending at ``end`` closes a clause: punctuation, a closing quote or the end follows.

    >>> ends_clause("boom boom.", 9), ends_clause("names names", 11), ends_clause("for for lying", 7)
    (True, True, False)
    """
    rest = text[end : end + 1]
    return not rest or rest in ',.;:!?…—–)]”’"\n'
