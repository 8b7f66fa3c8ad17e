"""Layout damage: stray spaces, hard-wrapped paragraphs and words broken across lines."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import regex

from cleaner.edits import Edit, Rule
from cleaner.stages.base import Document, Stage

RULES = (
    Rule("L101", "trailing-space", "layout", "Spaces and tabs at the end of a line.", "end.   ⏎ → end.⏎"),
    Rule("L102", "space-run", "layout", "Runs of spaces between words.", "the   troops → the troops"),
    Rule(
        "L103",
        "hard-wrap",
        "layout",
        "Lines of a hard-wrapped paragraph joined into one.",
        "put some⏎8,500 troops → put some 8,500 troops",
    ),
    Rule(
        "L104",
        "hyphenated-break",
        "layout",
        "A word hyphenated across a line break; the hyphen stays only in real compounds.",
        "deploy-⏎ment → deployment; well-⏎known → well-known",
    ),
    Rule("L105", "blank-lines", "layout", "Three or more line breaks between paragraphs become one blank line.", "a⏎⏎⏎⏎b → a⏎⏎b"),
)

#: Plain scans use the standard library's ``re`` (several times faster than ``regex`` for them).
#: Only from the start of a run, taken whole: tried at each space of a long indentation, it was quadratic.
TRAILING_RE = re.compile(r"(?<![ \t])[ \t]++(?=\n|\Z)")
SPACE_RUN_RE = re.compile(r"(?<=\S) {2,}(?=\S)")
BLANKS_RE = re.compile(r"[ \t]*")
#: Cheap test for a hyphen that ends a line, before the full pattern runs.
HYPHEN_AT_LINE_END_RE = re.compile(r"-[ \t]*\n")
BLANK_RUN_RE = regex.compile(r"(?<=\S[ \t]*)\n(?:[ \t]*\n){2,}(?=[ \t]*\S)")
HYPHEN_BREAK_RE = regex.compile(r"(?<![\w-])(?P<head>\p{L}+)-[ \t]*\n[ \t]*(?P<tail>\p{Ll}+)(?![\w-])")
#: Lines that open a list item, quote, heading, table row or code: never joined to the line before.
BLOCK_START_RE = regex.compile(r"[ \t]*(?:[-*+•]\s|\d+[.)]\s|[#>|]|```|~~~)")


@dataclass(frozen=True, slots=True)
class LayoutSettings:
    """Thresholds and confidences of the layout rules (the threshold, default 0.8, decides apply vs report).

    Runs that set them: [main] the values main had, confirmed by [real-1] bench.real on
    real-dev (no L1xx edit on a control; the NBSP-pair L102 edits it lists collapse the
    spaces U105 made of no-break spaces) and [quality-1] bench.quality seed 1 (whitespace
    1.000, hard-wrap 0.980).
    """

    #: Spaces at a line end are never content outside Markdown (where two make a line break). [main]
    trailing_space: float = 0.98
    #: A space run between words is damage unless the neighbouring lines align columns with runs too. [main]
    space_run: float = 0.95
    #: Three or more line breaks between paragraphs carry no meaning in plain text or Markdown. [main]
    blank_lines: float = 0.99
    #: Joining a hyphenated break (with or without its hyphen) once the lexicon has judged the word. [main]
    hyphen_join: float = 0.9
    #: Joining hard-wrapped lines, once the whole text passed the wrap tests below. [main]
    hard_wrap: float = 0.9
    #: A hyphenated break joins without its hyphen when the joined word is at least this common (Zipf). [main]
    joined_word_zipf: float = 3.0
    #: Hard-wrapped text has most lines within this many characters of the widest one. [main]
    wrap_slack: int = 25
    #: Wrapping widths seen in mail, feeds and converted PDFs; outside them lines are not wrapped. [main]
    min_wrap_width: int = 40
    max_wrap_width: int = 160
    #: Fewer wrapped lines than this cannot show a wrapping width. [main]
    min_wrapped_lines: int = 3
    #: Share of line breaks that must look wrapped, and of lines that must stop mid-sentence. [main]
    wrapped_share: float = 0.75
    open_ended_share: float = 0.5


SETTINGS = LayoutSettings()


class LayoutStage(Stage):
    name = "layout"
    rules = RULES

    def __init__(self, settings: LayoutSettings = SETTINGS) -> None:
        self.settings = settings

    def propose(self, doc: Document) -> Iterator[Edit]:
        """Each rule's scan runs only when a cheap substring test finds what it needs in the text."""
        text, settings = doc.text, self.settings
        # A blank-looking line or a hyphen before a line end that holds spaces or tabs needs one of these too.
        space_before_break = " \n" in text or "\t\n" in text
        if doc.wants("L101") and (space_before_break or text.endswith((" ", "\t"))):
            for m in TRAILING_RE.finditer(text):
                after_text = m.start() > 0 and text[m.start() - 1] != "\n"
                if doc.markdown and len(m.group()) >= 2 and after_text and _continues_paragraph(text, m.end()):
                    continue  # two trailing spaces after text are a Markdown line break
                yield Edit(m.start(), m.end(), "", "L101", settings.trailing_space, "remove trailing whitespace")
        if doc.wants("L102") and "  " in text:
            for m in SPACE_RUN_RE.finditer(text):
                if not _in_aligned_columns(text, m.start()):
                    yield Edit(m.start(), m.end(), " ", "L102", settings.space_run, f"collapse {len(m.group())} spaces")
        if doc.wants("L105") and (space_before_break or "\n\n\n" in text):
            for m in BLANK_RUN_RE.finditer(text):
                yield Edit(m.start(), m.end(), "\n\n", "L105", settings.blank_lines, "collapse blank lines")
        if doc.wants("L104") and (space_before_break or "-\n" in text) and HYPHEN_AT_LINE_END_RE.search(text):
            for m in HYPHEN_BREAK_RE.finditer(text):
                yield self._hyphen_join(doc, m)
        if doc.wants("L103") and not doc.markdown:
            yield from _hard_wraps(text, settings)

    def _hyphen_join(self, doc: Document, m: regex.Match[str]) -> Edit:
        head, tail = m["head"], m["tail"]
        joined = head + tail
        start, end = m.start() + len(head), m.start("tail")
        confidence = self.settings.hyphen_join
        if doc.lexicon.zipf(joined) >= self.settings.joined_word_zipf and not doc.lexicon.is_protected(f"{head}-{tail}"):
            return Edit(start, end, "", "L104", confidence, f"join {head}-/{tail} as {joined!r}")
        return Edit(start, end, "-", "L104", confidence, f"join {head}-/{tail} keeping the hyphen")


def _hard_wraps(text: str, settings: LayoutSettings) -> Iterator[Edit]:
    """Line breaks inside paragraphs of a text that was wrapped at a fixed width.

    A line was wrapped when the next line's first word would not have fit on it. The
    text counts as hard-wrapped only when most line breaks look like that, the width
    is a plausible wrapping width, and most wrapped lines stop mid-sentence; poems,
    lists and one-sentence-per-line text fail one of these.
    """
    breaks = _line_breaks(text)
    if len(breaks) < settings.min_wrapped_lines:
        return
    lines = [_line_before(text, start) for start, _ in breaks]
    width = max(len(line) for line in lines)
    wrapped = [
        len(line) + 1 + len(_first_word(text, end)) > width and len(line) >= width - settings.wrap_slack
        for line, (_, end) in zip(lines, breaks, strict=True)
    ]
    open_ended = sum(line[-1] not in '.!?:”"' for line in lines)
    if (
        not settings.min_wrap_width <= width <= settings.max_wrap_width
        or sum(wrapped) < max(settings.min_wrapped_lines, settings.wrapped_share * len(breaks))
        or open_ended < settings.open_ended_share * len(breaks)
    ):
        return
    for (start, end), is_wrapped in zip(breaks, wrapped, strict=True):
        if not is_wrapped or BLOCK_START_RE.match(text, end):
            continue
        if text[start - 1] == "-" and regex.match(r"\p{Ll}", text[end : end + 1]):
            continue  # a hyphenated break is L104's
        yield Edit(start, end, " ", "L103", settings.hard_wrap, f"join hard-wrapped line (width {width})")


def _line_breaks(text: str) -> list[tuple[int, int]]:
    """The line breaks inside paragraphs: a ``\\n`` with the spaces and tabs around it, between two non-blank characters.

    Found from each ``\\n`` (a paragraph has a few) rather than by a pattern tried at every character.

    >>> _line_breaks("a \\n b\\n\\nc\\nd\\n")
    [(1, 4), (8, 9)]
    """
    breaks: list[tuple[int, int]] = []
    newline = text.find("\n")
    while newline != -1:
        start, end = newline, BLANKS_RE.match(text, newline + 1).end()  # type: ignore[union-attr]
        while start and text[start - 1] in " \t":
            start -= 1
        if start and end < len(text) and not text[start - 1].isspace() and not text[end].isspace():
            breaks.append((start, end))
        newline = text.find("\n", end)
    return breaks


def _first_word(text: str, pos: int) -> str:
    end = pos
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[pos:end]


def _in_aligned_columns(text: str, pos: int) -> bool:
    """Space runs on neighbouring lines too: a table laid out with spaces, not damage."""
    start, end = _line_bounds(text, pos)
    neighbours = [_line_text(text, start - 1)] if start else []
    if end < len(text):
        neighbours.append(_line_text(text, end + 1))
    return any(SPACE_RUN_RE.search(line) for line in neighbours)


def _line_text(text: str, pos: int) -> str:
    start, end = _line_bounds(text, pos)
    return text[start:end]


def _line_bounds(text: str, pos: int) -> tuple[int, int]:
    """Start and end (before the newline) of the line holding ``pos``."""
    end = text.find("\n", pos)
    return text.rfind("\n", 0, pos) + 1, len(text) if end == -1 else end


def _line_before(text: str, pos: int) -> str:
    return text[text.rfind("\n", 0, pos) + 1 : pos]


def _continues_paragraph(text: str, newline: int) -> bool:
    """Whether the line after the newline at ``newline`` holds text (a Markdown break needs one)."""
    return text[newline : newline + 1] == "\n" and bool(_line_text(text, newline + 1).strip(" \t"))
