"""Layout damage: stray spaces, hard-wrapped paragraphs and words broken across lines."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from cleaner.edits import Edit, Rule
from cleaner.stages.base import Document, Stage

RULES = (
    Rule("L101", "trailing-space", "layout", "Spaces and tabs at the end of a line.", "end.   ⏎ → end.⏎"),
    Rule("L102", "space-run", "layout", "Runs of spaces between words.", "the   troops → the troops"),
    Rule("L103", "hard-wrap", "layout", "Lines of a hard-wrapped paragraph joined into one.", "put some⏎8,500 troops → put some 8,500 troops"),
    Rule("L104", "hyphenated-break", "layout", "A word hyphenated across a line break; the hyphen stays only in real compounds.", "deploy-⏎ment → deployment; well-⏎known → well-known"),
    Rule("L105", "blank-lines", "layout", "Three or more line breaks between paragraphs become one blank line.", "a⏎⏎⏎⏎b → a⏎⏎b"),
)

TRAILING_RE = regex.compile(r"[ \t]+(?=\n|\Z)")
SPACE_RUN_RE = regex.compile(r"(?<=\S) {2,}(?=\S)")
BLANK_RUN_RE = regex.compile(r"(?<=\S[ \t]*)\n(?:[ \t]*\n){2,}(?=[ \t]*\S)")
HYPHEN_BREAK_RE = regex.compile(r"(?<![\w-])(?P<head>\p{L}+)-[ \t]*\n[ \t]*(?P<tail>\p{Ll}+)(?![\w-])")
#: Lines that open a list item, quote, heading, table row or code: never joined to the line before.
BLOCK_START_RE = regex.compile(r"[ \t]*(?:[-*+•]\s|\d+[.)]\s|[#>|]|```|~~~)")
#: A hyphenated break joins without its hyphen when the joined word is at least this common.
JOINED_WORD_ZIPF = 3.0
#: Hard-wrapped text has most lines within this many characters of the widest one.
WRAP_SLACK = 25
MIN_WRAPPED_LINES = 3


class LayoutStage(Stage):
    name = "layout"
    rules = RULES

    def propose(self, doc: Document) -> Iterator[Edit]:
        text = doc.text
        if doc.wants("L101"):
            for m in TRAILING_RE.finditer(text):
                if doc.markdown and len(m.group()) >= 2 and _continues_paragraph(text, m.end()):
                    continue  # two trailing spaces are a Markdown line break
                yield Edit(m.start(), m.end(), "", "L101", 0.98, "remove trailing whitespace")
        if doc.wants("L102"):
            for m in SPACE_RUN_RE.finditer(text):
                yield Edit(m.start(), m.end(), " ", "L102", 0.95, f"collapse {len(m.group())} spaces")
        if doc.wants("L105"):
            for m in BLANK_RUN_RE.finditer(text):
                yield Edit(m.start(), m.end(), "\n\n", "L105", 0.99, "collapse blank lines")
        if doc.wants("L104"):
            for m in HYPHEN_BREAK_RE.finditer(text):
                yield self._hyphen_join(doc, m)
        if doc.wants("L103") and not doc.markdown:
            yield from _hard_wraps(text)

    def _hyphen_join(self, doc: Document, m: regex.Match[str]) -> Edit:
        head, tail = m["head"], m["tail"]
        joined = head + tail
        start, end = m.start() + len(head), m.start("tail")
        if doc.lexicon.zipf(joined) >= JOINED_WORD_ZIPF and not doc.lexicon.is_protected(f"{head}-{tail}"):
            return Edit(start, end, "", "L104", 0.9, f"join {head}-/{tail} as {joined!r}")
        return Edit(start, end, "-", "L104", 0.9, f"join {head}-/{tail} keeping the hyphen")


def _hard_wraps(text: str) -> Iterator[Edit]:
    """Line breaks inside paragraphs of a text that was wrapped at a fixed width."""
    breaks = [m for m in regex.finditer(r"(?<=\S)[ \t]*\n[ \t]*(?=\S)", text)]
    if len(breaks) < MIN_WRAPPED_LINES:
        return
    line_lengths = [len(_line_before(text, m.start())) for m in breaks]
    width = max(line_lengths)
    wrapped = sum(width - WRAP_SLACK <= n for n in line_lengths)
    open_ended = sum(_line_before(text, m.start())[-1] not in ".!?:”\"" for m in breaks)
    if width > 160 or wrapped < max(MIN_WRAPPED_LINES, 0.75 * len(breaks)) or open_ended < 0.5 * len(breaks):
        return  # short or ragged lines, or one sentence per line: written that way on purpose
    for m, length in zip(breaks, line_lengths, strict=True):
        if length < width - WRAP_SLACK or BLOCK_START_RE.match(text, m.end()):
            continue
        if text[m.start() - 1] == "-" and regex.match(r"\p{Ll}", text[m.end() : m.end() + 1]):
            continue  # a hyphenated break is L104's
        yield Edit(m.start(), m.end(), " ", "L103", 0.9, f"join hard-wrapped line (width {width})")


def _line_before(text: str, pos: int) -> str:
    return text[text.rfind("\n", 0, pos) + 1 : pos]


def _continues_paragraph(text: str, newline: int) -> bool:
    return text[newline : newline + 1] == "\n" and text[newline + 1 : newline + 2] not in ("", "\n")
