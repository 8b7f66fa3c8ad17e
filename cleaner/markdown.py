"""Markdown syntax that must come back byte-identical, located with markdown-it-py.

Only prose is cleaned: the text of paragraphs, headings, list items, quotes, table
cells and link labels. Everything else (front matter, code, link targets, reference
definitions, autolinks, raw HTML, emphasis markers, escapes, block markers, table
pipes) is returned as protected spans, which the pipeline never lets an edit touch.

markdown-it-py gives block tokens line maps but inline tokens no positions, so the
inline parser's syntax rules are wrapped to record where each construct starts and
ends in the inline source, and each inline source is aligned back to its lines.

Prose edits can still make syntax out of prose (an invisible character removed before
``- item`` leaves a list item): ``keep_structure`` drops those.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:  # markdown-it loads with the first Markdown text (``_parser``), not with this module
    from markdown_it import MarkdownIt
    from markdown_it.rules_block import StateBlock
    from markdown_it.rules_inline import StateInline

from cleaner.edits import Edit, apply_edits
from cleaner.tables import PatternCache
from cleaner.text import line_start as text_line_start

Span = tuple[int, int]

#: The ``regex`` patterns below, compiled once per machine (see ``PatternCache``).
_PATTERNS = PatternCache("markdown")
#: YAML (``---`` … ``---`` or ``...``) or TOML (``+++`` … ``+++``) front matter at the very start.
FRONT_MATTER_RE = _PATTERNS.compile(
    r"\A(?:(?P<yaml>---)|\+\+\+)[ \t]*\r?\n(?:[^\r\n]*\r?\n)*?(?P<close>(?(yaml)(?:---|\.\.\.)|\+\+\+))[ \t]*(?=\r?\n|\Z)"
)
LINE_BREAK_RE = _PATTERNS.compile(r"\r\n|\r|\n")
LINE_INDENT_RE = _PATTERNS.compile(r"[ \t]*")
#: Line breaks and the blanks before them: never syntax, so layout may tidy them.
NEUTRAL_RE = _PATTERNS.compile(r"[ \t]*(?:\r\n|\r|\n)|[ \t]+\Z")
#: Blocks returned whole: nothing inside them is prose.
OPAQUE_BLOCKS = frozenset({"fence", "code_block", "html_block", "hr"})

#: A line that starts so opens a block: indented code, heading, quote, list, rule, fence, HTML, table.
BLOCK_START_RE = _PATTERNS.compile(r"[ \t]*\t| {4}| {0,3}(?:[#>*+=|~`<_-]|\d{1,9}[.)])")
#: Quote and list markers that open a line inside its containers, each with the one space that belongs to it.
CONTAINER_RE = _PATTERNS.compile(r"(?: {0,3}(?:>|[-*+]|\d{1,9}[.)])(?:[ \t]|$))*")
#: What may precede a line's first letter without being text: blanks, odd spaces, invisible characters.
LEAD_RE = _PATTERNS.compile(r"(?:[^\S\r\n]|\p{Cf}|(?![\r\n])\p{Cc})*")
_PATTERNS.save()
#: Edits this close to a line's first letter may still change how the line opens (``12345.``).
OPENER_CHARS = 10

_SYNTAX = "cleaner.syntax"  # env key: (inline source, start, end) of each syntax construct
_REFERENCES = "cleaner.references"  # env key: (first line, end line) of each reference definition


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """Where a document's front matter is; ``close_start`` is its closing delimiter line."""

    kind: Literal["yaml", "toml"]
    close_start: int
    end: int  # end of the closing delimiter line, before its line break


def front_matter(text: str) -> FrontMatter | None:
    """The YAML or TOML front matter that opens ``text``, if any.

    >>> front_matter("---\\ntitle: A\\n---\\nBody")
    FrontMatter(kind='yaml', close_start=13, end=16)
    >>> front_matter("Body\\n---\\n") is None
    True
    """
    m = FRONT_MATTER_RE.match(text)
    if m is None:
        return None
    return FrontMatter("yaml" if m["yaml"] else "toml", m.start("close"), m.end())


def markdown_protected(text: str) -> list[Span]:
    """Sorted spans of ``text`` that are Markdown syntax rather than prose.

    Line breaks and trailing blanks outside code are left free, so blank-line and
    trailing-space repairs still apply between blocks.

    >>> text = "# Title\\n\\nSee `a  b` and [the docs](http://x.io/a.B).\\n"
    >>> [text[s:e] for s, e in markdown_protected(text)]
    ['# ', '`a  b`', '[', '](http://x.io/a.B)']
    """
    lines = _Lines(text)
    fm = front_matter(text)
    opaque: list[Span] = []
    source = text
    if fm is not None:
        opaque += [(0, fm.close_start), (fm.close_start, fm.end)]
        # Blank the front matter out (keeping its line count) so the parser sees only the body.
        source = "\n" * len(LINE_BREAK_RE.findall(text, 0, fm.end)) + text[fm.end :]
    md = _parser()
    env: dict[str, Any] = {_REFERENCES: []}
    prose: list[Span] = []
    cursors: dict[int, int] = {}  # per table line: where its next cell may start
    previous = ""
    for token in md.parse(source, env):
        if token.map is not None and token.type in OPAQUE_BLOCKS:
            opaque.append(lines.span(*token.map))
        elif token.map is not None and token.type == "inline":
            in_cell = previous in ("th_open", "td_open")
            prose += _inline_prose(md, env, token.content, token.map, lines, cursors if in_cell else None)
            if token.level == 1 and not in_cell:
                # Outside containers the blanks that open a paragraph's lines mean nothing
                # (four would make code only on a first line, and a first line has at most three).
                prose += [lines.indent(index) for index in range(*token.map)]
        previous = token.type
    opaque += [lines.span(first, end) for first, end in env[_REFERENCES]]
    free = merge(prose + [m.span() for m in NEUTRAL_RE.finditer(text)])
    return merge(complement(free, len(text)) + opaque)


def keep_structure(text: str, edits: list[Edit]) -> list[Edit]:
    r"""The edits minus those that, applied together, would change a prose line into syntax.

    Removing an invisible character from ``\u200b- item`` leaves a list item; no-break
    spaces made plain at a line start leave indented code or move the line into a list
    item, and at a line end they leave a hard line break. Edits near either end of a
    line are judged by the line they produce together; whole lines removed leave the
    next line as it was.

    >>> [e.rule for e in keep_structure("x\n\u200b- a longer item\u200b", [Edit(2, 3, "", "A"), Edit(18, 19, "", "B")])]
    ['B']
    >>> keep_structure("end \xa0\nnext", [Edit(4, 5, " ", "C")])
    []
    """
    while True:
        spoiled = _spoiled(text, edits, apply_edits(text, edits))
        if not spoiled:
            return edits
        edits = [edit for edit in edits if not _line_ends(text, edit) & spoiled]


def _line_ends(text: str, edit: Edit) -> set[tuple[str, int]]:
    """The line start and line end (break position) ``edit`` is near enough to change how the line reads.

    None for new front matter at the very start (rule F101): syntax on purpose, ending in its
    own line break, so the line that opened the text still opens a line.
    """
    ends: set[tuple[str, int]] = set()
    if edit.start == edit.end == 0 and edit.replacement and front_matter(edit.replacement) is not None:
        return ends
    line_start = text_line_start(text, edit.start)
    whole_lines = edit.start == line_start and not edit.replacement and (edit.end == len(text) or text[edit.end - 1] in "\r\n")
    if not whole_lines and edit.start <= LEAD_RE.match(text, CONTAINER_RE.match(text, line_start).end()).end() + OPENER_CHARS:
        ends.add(("start", line_start))
    line_break = _line_break(text, edit.end)
    if line_break < len(text) and LEAD_RE.fullmatch(text, edit.end, line_break):
        ends.add(("end", line_break))
    return ends


def _spoiled(text: str, edits: list[Edit], new_text: str) -> set[tuple[str, int]]:
    """Line starts that open a block, and line ends that make a hard break, in ``new_text`` but not in ``text``."""
    starts, ends = [e.start for e in edits], [e.end for e in edits]
    moved = list(accumulate((len(e.replacement or "") - (e.end - e.start) for e in edits), initial=0))
    spoiled: set[tuple[str, int]] = set()
    for edit in edits:
        for kind, pos in _line_ends(text, edit):
            if kind == "start":
                old = CONTAINER_RE.match(text, pos).end()  # container markers are syntax: protected, unchanged
                new = old + moved[bisect_left(starts, pos)]
                opens = BLOCK_START_RE.match(new_text, new) and not BLOCK_START_RE.match(text, old)
                blanked = _blank(new_text, new) and not _blank(text, old)  # a blank line ends the paragraph
                if opens or blanked or _indent(new_text, new) > _indent(text, old):  # deeper: into a list item, or code
                    spoiled.add((kind, pos))
            elif _trailing_spaces(new_text, pos + moved[bisect_right(ends, pos)]) >= 2 > _trailing_spaces(text, pos):
                spoiled.add((kind, pos))
    return spoiled


def _line_break(text: str, pos: int) -> int:
    return min((p for p in (text.find("\n", pos), text.find("\r", pos)) if p != -1), default=len(text))


def _blank(text: str, pos: int) -> bool:
    """Whether the line from ``pos`` holds only spaces and tabs (Markdown's blank line)."""
    return not text[pos : _line_break(text, pos)].strip(" \t")


def _indent(text: str, pos: int) -> int:
    """How deep the text from ``pos`` is indented (0 for a blank line: it has no depth)."""
    end = LINE_INDENT_RE.match(text, pos).end()
    return 0 if end == _line_break(text, pos) else end - pos


def _trailing_spaces(text: str, line_break: int) -> int:
    return line_break - len(text[:line_break].rstrip(" "))


def merge(spans: list[Span]) -> list[Span]:
    """Sorted union of spans; spans that only touch stay apart (an insertion may go between)."""
    out: list[Span] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def complement(spans: list[Span], length: int) -> list[Span]:
    """The gaps between sorted, merged spans within ``[0, length)``."""
    gaps: list[Span] = []
    pos = 0
    for start, end in spans:
        if start > pos:
            gaps.append((pos, start))
        pos = max(pos, end)
    if pos < length:
        gaps.append((pos, length))
    return gaps


class _Lines:
    """Line starts and ends of the original text, split the way markdown-it splits them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0]
        self.ends: list[int] = []
        for m in LINE_BREAK_RE.finditer(text):
            self.ends.append(m.start())
            self.starts.append(m.end())
        self.ends.append(len(text))

    def span(self, first: int, end: int) -> Span:
        """Lines ``first`` up to ``end`` (exclusive), without the last line break."""
        last = min(end, len(self.starts)) - 1
        return self.starts[first], self.ends[max(last, first)]

    def indent(self, index: int) -> Span:
        """The blanks that open line ``index``."""
        start = self.starts[index]
        return start, LINE_INDENT_RE.match(self.text, start).end()

    def line(self, index: int) -> str:
        # markdown-it reads NUL as U+FFFD; one character for one keeps offsets aligned.
        return self.text[self.starts[index] : self.ends[index]].replace("\0", "\ufffd")


def _inline_prose(
    md: MarkdownIt, env: dict[str, Any], content: str, line_map: list[int], lines: _Lines, cursors: dict[int, int] | None
) -> list[Span]:
    """Original spans of one inline token's prose: its text minus the syntax inside it.

    ``cursors`` is given for table cells, which share a line and are found left to right.
    """
    segments: list[tuple[int, int, int]] = []  # (content start, content end, original start)
    offset = 0
    for i, piece in enumerate(content.split("\n")):
        core = piece.strip()
        index = line_map[0] + i
        if core:
            if index >= line_map[1]:
                return []  # cannot align: leave the whole token protected
            line = lines.line(index)
            found = _locate(line, core, cursors, index)
            if found < 0:
                if cursors is not None:
                    cursors[index] = len(line) + 1  # later cells of this row stay protected too
                return []
            if cursors is not None:
                cursors[index] = found + len(core)
            lead = len(piece) - len(piece.lstrip())
            segments.append((offset + lead, offset + lead + len(core), lines.starts[index] + found))
        offset += len(piece) + 1
    env[_SYNTAX] = []
    md.inline.parse(content, md, env, [])
    syntax = merge([(start, end) for src, start, end in env[_SYNTAX] if src is content])
    prose: list[Span] = []
    for c_start, c_end, o_start in segments:
        for start, end in complement([(max(s, c_start), min(e, c_end)) for s, e in syntax if s < c_end and e > c_start], c_end):
            if end > c_start:
                prose.append((o_start + max(start, c_start) - c_start, o_start + end - c_start))
    return prose


def _locate(line: str, core: str, cursors: dict[int, int] | None, index: int) -> int:
    """Where a stripped line of inline content sits in its source line (-1: nowhere).

    Block markers only precede content, so a paragraph line is the end of its source
    line; a heading may be followed by its closing ``#`` run, a cell by more cells.
    """
    if cursors is not None:
        return line.find(core, cursors.get(index, 0))
    trimmed = line.rstrip()
    if trimmed.endswith(core):
        return len(trimmed) - len(core)
    return line.find(core)


InlineRule = Callable[["StateInline", bool], bool]


def _recorded(rule: InlineRule) -> InlineRule:
    """Wrap an inline rule so every construct it accepts is recorded as syntax."""

    def wrapped(state: StateInline, silent: bool) -> bool:
        start = state.pos
        if not rule(state, silent):
            return False
        if not silent:
            state.env[_SYNTAX].append((state.src, start, state.pos))
        return True

    return wrapped


def _linked(rule: InlineRule, opener: int) -> InlineRule:
    """Wrap the link or image rule: the label is prose, the rest syntax.

    When the label is also the reference (``[text]``, ``[text][]``) the whole link is syntax:
    editing its text would break the link.
    """

    def wrapped(state: StateInline, silent: bool) -> bool:
        start, src = state.pos, state.src
        recorded = len(state.env[_SYNTAX])
        if not rule(state, silent):
            return False
        if silent:
            return True
        end = state.pos
        state.pos = start  # find the label's end as the rule did (the parse restores pos)
        label_end = state.md.helpers.parseLinkLabel(state, start + opener - 1, opener == 1)
        state.pos = end
        events = state.env[_SYNTAX]
        label_start = start + opener
        # An image's alt text is parsed as a separate source: bring its syntax into this one.
        events[recorded:] = [
            (src, s + label_start, e + label_start) if source is not src else (source, s, e) for source, s, e in events[recorded:]
        ]
        if end == label_end + 1 or (end == label_end + 3 and src[label_end + 1 : end] == "[]"):
            events.append((src, start, end))
        else:
            events += [(src, start, label_start), (src, label_end, end)]
        return True

    return wrapped


def _reference(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """The reference-definition rule, recording the lines it consumed (it leaves no token)."""
    from markdown_it.rules_block import reference

    if not reference(state, start_line, end_line, silent):
        return False
    if not silent:
        state.env[_REFERENCES].append((start_line, state.line))
    return True


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    """CommonMark with GFM tables and strikethrough, inline parsing left to ``_inline_prose``."""
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import autolink, backtick, emphasis, escape, html_inline, image, link, strikethrough

    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    md.disable("inline")  # the core rule: each inline token is parsed on its own, to record positions
    for name, rule in (
        ("escape", escape),
        ("backticks", backtick),
        ("strikethrough", strikethrough.tokenize),
        ("emphasis", emphasis.tokenize),
        ("autolink", autolink),
        ("html_inline", html_inline),
    ):
        md.inline.ruler.at(name, _recorded(rule))
    md.inline.ruler.at("link", _linked(link, 1))
    md.inline.ruler.at("image", _linked(image, 2))
    md.block.ruler.at("reference", _reference)
    return md
