"""Unicode repair with ftfy, one rule per kind of damage, each fix a precise edit.

ftfy fixes whole strings; here each kind of damage is located first (cheaply, by
pattern), and only the damaged spans are handed to ftfy's fixers, so that every change
is logged with its own span and code and clean text costs one scan per rule.

Order matters: a repair must see the text as ftfy would. Mojibake repair needs the
no-break spaces, soft hyphens and C1 controls that its byte sequences contain
(``Ã\\xa0`` is ``à``, ``Ã\\xad`` is ``í``, ``\\x85`` is ``…``), so the rules claim spans in
priority order: markup and entity repairs, then mojibake, and only then the character
normalisations, on what no repair claimed. A repair's own output gets the character
normalisations too (``_tidy``), so one pass leaves nothing for a second.

Plain character-class scans use the standard library's ``re``, several times faster
than ``regex`` for them; ``regex`` is kept for the patterns that need Unicode properties.
"""

from __future__ import annotations

import difflib
import html
import re
import unicodedata
from bisect import bisect_left, insort
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import ftfy
import regex
from ftfy.badness import BADNESS_RE
from ftfy.chardata import CHARMAP_ENCODINGS, LIGATURES
from ftfy.fixes import fix_c1_controls, fix_latin_ligatures, unescape_html

from cleaner.edits import Edit, Rule
from cleaner.stages.base import Document, Stage
from cleaner.tables import PatternCache

RULES = (
    Rule(
        "U101",
        "mojibake",
        "unicode",
        "Text decoded with the wrong encoding, C1 controls read as Windows-1252 (ftfy).",
        "donâ€™t → don’t",
    ),
    Rule("U102", "html-entity", "unicode", "HTML entities and character references.", "AT&amp;T → AT&T"),
    Rule("U103", "control-character", "unicode", "Invisible control characters (ftfy's list).", "a\\x07b → ab"),
    Rule(
        "U104", "zero-width", "unicode", "Zero-width spaces, word joiners, byte-order marks, soft hyphens.", "co\\u200bop → coop"
    ),
    Rule(
        "U105",
        "odd-space",
        "unicode",
        "No-break, thin, ideographic and other odd spaces become plain spaces; a run of no-break spaces stays.",
        "8\\u00a0500 → 8 500",
    ),
    Rule("U106", "unicode-normalization", "unicode", "Decomposed characters composed to NFC.", "e\\u0301 → é"),
    Rule(
        "U107",
        "line-ending",
        "unicode",
        "Mixed line endings (CRLF with LF, lone CR) and Unicode line separators become \\n; a text with CRLF"
        " throughout keeps it, and Markdown keeps its line endings.",
        "a\\r\\nb\\nc → a\\nb\\nc",
    ),
    Rule("U108", "ligature", "unicode", "Latin ligatures and digraphs split into letters (ftfy's table).", "ﬁnance → finance"),
    Rule(
        "U109",
        "fullwidth-form",
        "unicode",
        "Fullwidth letters, digits and punctuation between Latin-script text become ASCII; CJK text keeps them.",
        "Ningbo，China → Ningbo,China",
    ),
    Rule(
        "U110",
        "entity-remnant",
        "unicode",
        "Entities that lost their & to a space in a feed become the character they stood for.",
        "Europe #39;s → Europe's",
    ),
    Rule(
        "U111",
        "escaped-markup",
        "unicode",
        "HTML tags escaped into the text (once, twice, or with the & lost) are removed.",
        "Gaza &lt;b&gt;...&lt;/b&gt; → Gaza ...",
    ),
    Rule("U112", "backslash-escape", "unicode", "Backslash escapes left in feed text before $ and quotes.", "\\\\$980 → $980"),
    Rule(
        "U113",
        "backslash-line-break",
        "unicode",
        "Feed line breaks written as a backslash between words become a space.",
        "a second\\\\team → a second team",
    ),
    Rule(
        "U201",
        "straight-quotes",
        "unicode",
        "Curly quotes and apostrophes made straight (off by default).",
        '“it’s” → "it\'s"',
        default=False,
    ),
)

#: The ``&`` of an entity with every ``amp;`` that escapes it again.
ESCAPED_AMPERSAND_RE = re.compile(r"&(?:amp;)*")
ENTITY_NAME = r"(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,23});"
#: An entity, escaped any number of times. The ``amp;`` run is taken whole (a last ``amp;`` with no name
#: after it is the name): a pattern that could give them back one by one kept memory for each of them.
ENTITY_RE = re.compile(rf"&(?:(?:amp;)++(?:{ENTITY_NAME})?|{ENTITY_NAME})")
CONTROL_CHARS = frozenset(chr(c) for c in ftfy.fixes.CONTROL_CHARS if c != 0xFEFF)
CONTROL_RE = re.compile("[" + "".join(re.escape(c) for c in sorted(CONTROL_CHARS)) + "]+")
ZERO_WIDTH_CHARS = frozenset("\u200b\u2060\ufeff\u00ad")
ZERO_WIDTH_RE = re.compile("[\u200b\u2060\ufeff\u00ad]+")
ODD_SPACE_CHARS = frozenset("\u00a0\u202f\u205f\u3000").union(map(chr, range(0x2000, 0x200B)))
#: A run of two or more no-break spaces is layout (feeds separate items with it), not a damaged space: kept.
ODD_SPACE_RE = re.compile("[\u2000-\u200a\u202f\u205f\u3000]|(?<!\u00a0)\u00a0(?!\u00a0)")
#: NEL (U+0085) is not here: in real text it is a Windows-1252 ellipsis read as Latin-1 (U101).
LINE_BREAK_CHARS = frozenset("\r\u2028\u2029")
LINE_BREAK_RE = re.compile("\r\n|[\r\u2028\u2029]")
LIGATURE_CHARS = frozenset(map(chr, LIGATURES))
LIGATURE_RE = re.compile("[" + "".join(sorted(LIGATURE_CHARS)) + "]")
C1_CHARS = frozenset(map(chr, range(0x80, 0xA0)))
C1_RE = re.compile("[\x80-\x9f]")
#: A run of fullwidth ASCII forms; whether its neighbours are Latin text is checked apart.
FULLWIDTH_CHARS = frozenset(map(chr, range(0xFF01, 0xFF5F)))
#: The ``regex`` patterns below, compiled once per machine (see ``PatternCache``).
_PATTERNS = PatternCache("unicode")
FULLWIDTH_RE = _PATTERNS.compile(r"[\uff01-\uff5e]+")
CJK_RE = _PATTERNS.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\p{Bopomofo}\u3000-\u303f\uff00-\uffef]")
LATIN_RE = _PATTERNS.compile(r"[\p{Latin}0-9]")
#: A base character with the marks that may compose with it, or a character NFC always replaces.
NOT_NFC_RE = _PATTERNS.compile(r"\P{NFC_QC=M}?\p{NFC_QC=M}+|\p{NFC_QC=N}")
STRAIGHT = {"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "‟": '"'}
CURLY_RE = re.compile("[‘’‚‛“”„‟]")
#: Bytes of the characters no rule here looks for: printable ASCII and the line feed.
PLAIN_BYTES = bytes([0x0A, *range(0x20, 0x7F)])

#: Entity names a feed leaves behind without their ``&``; none is an English word before a ``;``.
REMNANT_NAMES = "quot|amp|lt|gt|apos|nbsp|[lr]squo|[lr]dquo|[mn]dash|hellip|bull|trade|copy|reg|euro|pound"
#: `` #39;s``: the ``&`` became a space (taken with it); ``amp;`` prefixes are the entity escaped again.
REMNANT_RE = re.compile(rf"(?:amp;)*(#[0-9]{{2,4}}|{REMNANT_NAMES});")
#: The name a remnant's ``;`` ends, searched for only before each ``;``, and the longest such name.
REMNANT_END_RE = re.compile(rf"(?:#[0-9]{{2,4}}|{REMNANT_NAMES})\Z")
LONGEST_REMNANT = 6
#: Places looked at one by one per 64 characters of text, at most, before a scan of the whole text is cheaper.
VISITS_PER_SCAN = 64
#: HTML tags that format text (removed) and that break lines or blocks (a space between words).
INLINE_TAGS = "a|abbr|b|big|cite|em|font|i|q|s|small|span|strike|strong|sub|sup|tt|u"
BLOCK_TAGS = "blockquote|br|dd|div|dl|dt|h[1-6]|hr|li|ol|p|pre|table|td|th|tr|ul"
#: An escaped tag: ``&lt;b&gt;``, ``&amp;lt;b&amp;gt;``, or the feed remnant `` lt;b gt;``.
ESCAPED_TAG_RE = _PATTERNS.compile(
    rf"(?:&(?:amp;)*lt;|(?:(?<=\S ?) |^)lt;)(?P<close>/?)(?P<name>{INLINE_TAGS}|{BLOCK_TAGS})\b"
    rf"(?P<attrs>(?:\s[^&<>;\n]{{0,200}}?)?)\s*/?(?:&(?:amp;)*gt;| gt;)",
    regex.IGNORECASE | regex.MULTILINE,
)
BLOCK_TAG_RE = _PATTERNS.compile(rf"(?:{BLOCK_TAGS})", regex.IGNORECASE)
BLANKS_RE = re.compile(r"[ \t]*")
#: ``\\$980``: a backslash that escaped a dollar before an amount.
ESCAPED_DOLLAR_RE = re.compile(r"(?<![\\\w])\\(?=\$\d)")
#: ``\\"quoted\\"``: a pair of escaped quotes around prose.
ESCAPED_QUOTES_RE = re.compile(r'(?<![\\\w])\\"[^"\\\n]{1,300}?(\\)"')
#: Evidence that a text holds real escape sequences (``said.\\nThe``, ``\\n\\n``), so ``\\n`` is not a feed break.
ESCAPE_SEQUENCE_RE = re.compile(r"""\\[ntr](?=[A-Z0-9\\\s"'“]|$)""")
#: ``second\\team``: a feed's line break between two words (not a path, escape or LaTeX command).
BACKSLASH_BREAK_RE = _PATTERNS.compile(r"(?<=[\p{L}\p{N},.;:!?)\]\"'”’%])\\(?=[\p{L}\p{N}\"“‘'($])")
BACKSLASH_TOKEN_RE = _PATTERNS.compile(r"\S+")
FILE_SUFFIX_RE = _PATTERNS.compile(r"\.[A-Za-z0-9]{1,4}$")
_PATTERNS.save()


@dataclass(frozen=True, slots=True)
class CharacterFix:
    """A rule that maps each match of a pattern to a fixed string."""

    code: str
    pattern: re.Pattern[str]
    #: Every match holds one of them: a text without any needs no scan.
    chars: frozenset[str]
    fix: Callable[[str], str]
    confidence: float
    message: str


CHARACTER_FIXES = (
    CharacterFix("U103", CONTROL_RE, CONTROL_CHARS, lambda chars: "", 0.99, "remove control character"),
    CharacterFix("U104", ZERO_WIDTH_RE, ZERO_WIDTH_CHARS, lambda chars: "", 0.99, "remove invisible"),
    CharacterFix("U105", ODD_SPACE_RE, ODD_SPACE_CHARS, lambda chars: " ", 0.95, "plain space for"),
    CharacterFix("U108", LIGATURE_RE, LIGATURE_CHARS, fix_latin_ligatures, 0.95, "split ligature"),
    CharacterFix("U201", CURLY_RE, frozenset(STRAIGHT), lambda chars: "".join(STRAIGHT[c] for c in chars), 1.0, "straighten"),
)


class _Claims:
    """Spans already given to a repair; a later rule may not edit inside them.

    Two edits conflict as ``Edit.overlaps`` says: they share characters or insert at one point.
    """

    def __init__(self) -> None:
        self._spans: list[tuple[int, int]] = []

    def take(self, edit: Edit) -> bool:
        """Claim ``edit``'s span if it is free; whether it was."""
        i = bisect_left(self._spans, (edit.start, edit.start))
        for start, end in self._spans[max(i - 1, 0) : i + 1]:
            if start == edit.start or (start < edit.end and edit.start < end):
                return False
        insort(self._spans, (edit.start, edit.end))
        return True


class UnicodeStage(Stage):
    name = "unicode"
    rules = RULES
    repairs_protected_tokens = frozenset({"U101"})  # #С„СѓС‚Р±РѕР» is #футбол

    def propose(self, doc: Document) -> Iterator[Edit]:
        claims = _Claims()
        for edit in self._by_priority(doc):
            if claims.take(edit):
                yield edit

    def _by_priority(self, doc: Document) -> Iterator[Edit]:
        """Every rule's edits, the ones that must see the text untouched first.

        A rule about characters runs only when the text holds one of its characters.
        """
        text = doc.text
        chars = unusual_chars(text)
        if doc.wants("U107") and not chars.isdisjoint(LINE_BREAK_CHARS):
            yield from _line_endings(text, doc.markdown)
        if not doc.markdown and doc.wants("U111") and "lt;" in text:
            yield from _escaped_markup(text)
        if doc.wants("U110") and _may_hold_remnant(text):
            yield from _entity_remnants(text)
        if doc.wants("U102") and "&" in text:
            yield from _entities(text, doc)
        if not doc.markdown and "\\" in text:
            if doc.wants("U112"):
                yield from _backslash_escapes(text)
            if doc.wants("U113"):
                yield from _backslash_breaks(text)
        if doc.wants("U101") and _has_mojibake_signature(text, chars):
            for edit in _mojibake(text):
                yield Edit(edit.start, edit.end, _tidy(edit.replacement or "", doc), edit.rule, edit.confidence, edit.message)
        for fix in CHARACTER_FIXES:
            if doc.wants(fix.code) and not chars.isdisjoint(fix.chars):
                for m in fix.pattern.finditer(text):
                    message = f"{fix.message} {_names(m.group())}"
                    yield Edit(m.start(), m.end(), fix.fix(m.group()), fix.code, fix.confidence, message)
        if doc.wants("U109") and not chars.isdisjoint(FULLWIDTH_CHARS):
            yield from _fullwidth(text)
        if doc.wants("U106") and not text.isascii() and not unicodedata.is_normalized("NFC", text):
            for m in NOT_NFC_RE.finditer(text):
                composed = unicodedata.normalize("NFC", m.group())
                if composed != m.group():
                    yield Edit(m.start(), m.end(), composed, "U106", 0.99, "compose to NFC")


def unusual_chars(text: str) -> frozenset[str]:
    """The characters of ``text`` other than printable ASCII and ``\\n``: only these can set a character rule off.

    Deleting the plain bytes from the UTF-8 encoding leaves the other characters whole (no
    byte of a multi-byte sequence is ASCII), at C speed: a regular-expression scan of the
    text for each rule cost more than all the rules on clean text.

    >>> sorted(unusual_chars("don’t\\r\\n"))
    ['\\r', '’']
    """
    rest = text.encode("utf-8", "surrogatepass").translate(None, PLAIN_BYTES)
    return frozenset(rest.decode("utf-8", "surrogatepass"))


def _may_hold_remnant(text: str) -> bool:
    """Whether an entity name stands before one of the text's ``;`` (few): ``_entity_remnants`` needs one.

    A text crowded with ``;`` gets True: the remnants' own scan is cheaper.

    >>> _may_hold_remnant("Europe #39;s"), _may_hold_remnant("first; second")
    (True, False)
    """
    visits = len(text) // VISITS_PER_SCAN + VISITS_PER_SCAN
    semicolon = text.find(";")
    while semicolon != -1 and visits:
        if REMNANT_END_RE.search(text, max(0, semicolon - LONGEST_REMNANT), semicolon):
            return True
        semicolon = text.find(";", semicolon + 1)
        visits -= 1
    return not visits


def _line_endings(text: str, markdown: bool) -> Iterator[Edit]:
    for m in LINE_BREAK_RE.finditer(text):
        if markdown:
            # CR and CRLF end Markdown lines too, and code must keep them: changing only the
            # prose would mix line endings. A Unicode separator is a character inside its
            # line: a new line would split a heading or a table row.
            if m.group() not in ("\r\n", "\r"):
                yield Edit(m.start(), m.end(), " ", "U107", 1.0, "Unicode line separator in Markdown prose becomes a space")
            continue
        yield Edit(m.start(), m.end(), "\n", "U107", 1.0, "normalise line ending")


def _entities(text: str, doc: Document) -> Iterator[Edit]:
    for m in ENTITY_RE.finditer(text):
        decoded = _tidy(_unescape_fully(m.group()), doc)
        if doc.markdown and _keeps_markdown_literal(decoded):
            continue
        if decoded != m.group():
            yield Edit(m.start(), m.end(), decoded, "U102", 0.95, f"decode HTML entity {m.group()}")


def _entity_remnants(text: str) -> Iterator[Edit]:
    """`` #39;s`` → ``'s``, `` quot;`` → ``"``: a feed replaced each ``&`` by a space.

    A remnant counts only where the damage shows: glued to the next character
    (``#39;s``, ``amp;J``, ``#36;550``), after two spaces (the second was the ``&``),
    ``quot;`` (never a word), or a quote mark after a plural (``NEIGHBORS #39; WEAPONS``).
    So ``issue #39; it`` and ``turn up the amp; then`` stay.

    >>> [e.replacement for e in _entity_remnants("Europe #39;s J amp;J  quot;no quot; issue #39; it")]
    ["'", '&', '"', '"']
    """
    for m in REMNANT_RE.finditer(text):
        start = m.start()
        if start > 0 and text[start - 1] == "&":
            continue  # a whole entity (U102)
        if start > 0:
            if text[start - 1] != " " or start < 2 or text[start - 2] in "\n":
                continue
            start -= 1  # the space that replaced the ``&``
        elif m.group(1).startswith("#"):
            continue
        name = m.group(1)
        decoded = html.unescape(f"&{name};")
        if decoded == f"&{name};" or not decoded.isprintable() or (decoded.isascii() and decoded.isalnum()):
            continue
        following = text[m.end() : m.end() + 1]
        glued = following != "" and not following.isspace()
        before = text[start - 1] if start > 0 else ""
        plural_mark = decoded in "'’" and before in ("s", "S", "z", "Z")
        if glued or before == " " or name == "quot" or plural_mark:
            yield Edit(start, m.end(), decoded, "U110", 0.9, f"entity that lost its &: {text[start : m.end()].strip()!r}")


def _escaped_markup(text: str) -> Iterator[Edit]:
    """Escaped HTML tags left in feed text: ``Tex.&lt;br&gt;The`` → ``Tex. The``, ``&lt;b&gt;...&lt;/b&gt;`` → ``...``.

    A tag goes only where it cannot be prose about HTML: a formatting tag whose partner
    (opening or closing) is in the same text, or a block tag that touches text or the
    edge of a line. A run of tags with a block tag between two words leaves one space.
    ``the &lt;p&gt; tag`` stays.

    >>> [(e.start, e.end, e.replacement) for e in _escaped_markup("Tex.&lt;br&gt;The &lt;b&gt;...&lt;/b&gt;")]
    [(4, 14, ' '), (18, 27, ''), (30, 40, '')]
    """
    tags = list(ESCAPED_TAG_RE.finditer(text))
    names = {(m.group("close"), m.group("name").lower()) for m in tags}
    runs: list[list[regex.Match[str]]] = []
    for m in tags:
        if runs and runs[-1][-1].end() == m.start():
            runs[-1].append(m)
        else:
            runs.append([m])
    for run in runs:
        before = text[run[0].start() - 1] if run[0].start() > 0 else "\n"
        after = text[run[-1].end()] if run[-1].end() < len(text) else "\n"
        at_edge = not before.isspace() or not after.isspace() or "\n" in (before, after)
        removable = [
            m
            for m in run
            if (BLOCK_TAG_RE.fullmatch(m.group("name")) and at_edge)
            or ("" if m.group("close") else "/", m.group("name").lower()) in names
        ]
        has_block = any(BLOCK_TAG_RE.fullmatch(m.group("name")) for m in removable)
        space = " " if has_block and len(removable) == len(run) and not before.isspace() and not after.isspace() else ""
        for m in removable:
            end = m.end()
            if before == "\n" and m is run[-1] and len(removable) == len(run):
                end = BLANKS_RE.match(text, end).end()  # type: ignore[union-attr]  # the line now starts with its text
            yield Edit(m.start(), end, space, "U111", 0.9, f"escaped HTML tag {m.group().strip()!r}")
            space = ""


def _backslash_escapes(text: str) -> Iterator[Edit]:
    r"""``\$980`` → ``$980``, ``\"no\"`` → ``"no"``: escapes a feed or export left in prose.

    >>> [(e.start, e.end) for e in _backslash_escapes(r'about \$980, \"no,\" he said; C:\$Recycle and \\$5')]
    [(6, 7), (13, 14), (18, 19)]
    """
    for m in ESCAPED_DOLLAR_RE.finditer(text):
        yield Edit(m.start(), m.end(), "", "U112", 0.9, "backslash escape before '$'")
    for m in ESCAPED_QUOTES_RE.finditer(text):
        for start in (m.start(), m.start(1)):
            yield Edit(start, start + 1, "", "U112", 0.9, "backslash escape before '\"'")


def _backslash_breaks(text: str) -> Iterator[Edit]:
    r"""``second\team`` → ``second team``: a feed wrote its line breaks as backslashes.

    Only a token with a single backslash between two words counts: paths (``C:\Users``,
    ``dir\notes.txt``, ``\\server``) and commands (``\alpha``) stay, and so does ``\n``
    in a text that holds real escape sequences (``said.\nThe``).

    >>> [e.start for e in _backslash_breaks(r"a second\team and\the C:\Users\me dir\notes.txt \alpha x\ny")]
    [8, 17, 56]
    >>> [e.start for e in _backslash_breaks(r"it ended.\nThe next\nline")]
    []
    """
    escapes = ESCAPE_SEQUENCE_RE.search(text) is not None
    for token in BACKSLASH_TOKEN_RE.finditer(text):
        word = token.group()
        if word.count("\\") != 1 or ":\\" in word or "/" in word:
            continue
        tail = word[word.index("\\") + 1 :].rstrip(".,;:!?)]}\"'”’")
        if FILE_SUFFIX_RE.search(tail) or (escapes and tail[:1] in ("n", "t", "r")):
            continue
        m = BACKSLASH_BREAK_RE.search(text, token.start(), token.end())
        if m:
            yield Edit(m.start(), m.end(), " ", "U113", 0.9, "a feed line break written as a backslash")


def _fullwidth(text: str) -> Iterator[Edit]:
    """Fullwidth ASCII forms between Latin-script text (``Ningbo，China``); CJK text keeps its own.

    >>> [e.replacement for e in _fullwidth("Ningbo，China, 北京，上海, ＡＢＣ")]
    [',']
    """
    for m in FULLWIDTH_RE.finditer(text):
        before = _neighbour(text, m.start() - 1, -1)
        after = _neighbour(text, m.end(), 1)
        if CJK_RE.match(before) or CJK_RE.match(after) or not (LATIN_RE.match(before) and LATIN_RE.match(after)):
            continue
        yield Edit(m.start(), m.end(), unicodedata.normalize("NFKC", m.group()), "U109", 0.9, f"ASCII for {_names(m.group())}")


def _neighbour(text: str, pos: int, step: int) -> str:
    """The nearest character from ``pos`` in direction ``step`` that is not a space, or ``""``."""
    while 0 <= pos < len(text) and text[pos] == " ":
        pos += step
    return text[pos] if 0 <= pos < len(text) else ""


def _tidy(repaired: str, doc: Document) -> str:
    """Give text that a repair produced the character fixes the rest of the text gets.

    ``&nbsp;`` decodes to a no-break space; without this a second run would change it.
    """
    if repaired.isascii():
        return repaired
    for fix in CHARACTER_FIXES:
        if doc.wants(fix.code):
            repaired = fix.pattern.sub(lambda m, fix=fix: fix.fix(m.group()), repaired)
    return unicodedata.normalize("NFC", repaired) if doc.wants("U106") else repaired


def _keeps_markdown_literal(decoded: str) -> bool:
    """In Markdown an entity for ASCII punctuation or space is syntax: ``&#42;`` is a literal ``*``, not emphasis.

    >>> _keeps_markdown_literal("<"), _keeps_markdown_literal("*"), _keeps_markdown_literal("é")
    (True, True, False)
    """
    return len(decoded) == 1 and decoded.isascii() and not decoded.isalnum()


def _unescape_fully(entity: str) -> str:
    """Decode an entity, including one escaped again and again such as ``&amp;amp;eacute;``.

    Each ``amp;`` after the ``&`` is one more escaping of the ``&``: unescaping peels one
    off, so dropping them all at once decodes what repeated unescaping would, in time
    linear in the entity's length rather than quadratic.

    >>> _unescape_fully("&amp;amp;eacute;"), _unescape_fully("&amp;amp;"), _unescape_fully("&amp;bogus;")
    ('é', '&', '&bogus;')
    """
    return unescape_html(ESCAPED_AMPERSAND_RE.sub("&", entity, count=1))


def _read_as_text(first: int, last: int) -> frozenset[str]:
    """What bytes ``first``…``last`` become in any of ftfy's single-byte encodings."""
    return frozenset().union(*(bytes(range(first, last + 1)).decode(e, errors="ignore") for e in CHARMAP_ENCODINGS))


#: What UTF-8 lead bytes (0xC2-0xF4) and continuation bytes (0x80-0xBF) become read as a single-byte encoding.
MOJIBAKE_LEAD = _read_as_text(0xC2, 0xF4)
MOJIBAKE_CONTINUATION = _read_as_text(0x80, 0xBF) | {"\ufffd"}
#: Lead characters that stand for a no-break space's lead byte when a space follows (``Ã\u00a0`` is ``à``).
LATIN_LEAD = frozenset(bytes(range(0xC2, 0xF5)).decode("latin-1"))


def _mojibake_signature() -> re.Pattern[str]:
    """Two characters that can only meet in mojibake, or a C1 control character.

    UTF-8 read in one of ftfy's single-byte encodings turns a lead byte into one
    character and a continuation byte into another, so such a pair (or a lead character
    before a space, where a no-break space was lost, or before U+FFFD, where a
    continuation byte was lost) must be in the text before ftfy's slower badness test
    is worth running.
    """
    return re.compile(
        f"[{re.escape(''.join(sorted(MOJIBAKE_LEAD)))}][{re.escape(''.join(sorted(MOJIBAKE_CONTINUATION)))}]"
        f"|[{re.escape(''.join(sorted(LATIN_LEAD)))}][ \u00a0]|[\x80-\x9f]"
    )


MOJIBAKE_SIGNATURE_RE = _mojibake_signature()


def _has_mojibake_signature(text: str, chars: frozenset[str]) -> bool:
    """Whether ``MOJIBAKE_SIGNATURE_RE`` is in ``text`` (whose unusual characters are ``chars``).

    English text holds few lead characters (``’`` is one, in Mac Roman), so the character
    after each is looked at rather than scanning the whole text; clean text nearly always
    stops here. A text full of them (Cyrillic letters are lead characters) gets the scan.

    >>> _has_mojibake_signature("donâ€™t", frozenset("â€™")), _has_mojibake_signature("don’t", frozenset("’"))
    (True, False)
    """
    if not chars.isdisjoint(C1_CHARS):
        return True
    visits = len(text) // VISITS_PER_SCAN + VISITS_PER_SCAN
    for lead in chars & MOJIBAKE_LEAD:
        at = text.find(lead)
        while at != -1:
            after = text[at + 1 : at + 2]
            if after in MOJIBAKE_CONTINUATION or (after in (" ", "\u00a0") and lead in LATIN_LEAD):
                return True
            visits -= 1
            if not visits:
                return MOJIBAKE_SIGNATURE_RE.search(text) is not None
            at = text.find(lead, at + 1)
    return False


LINE_RE = re.compile(r"[^\n]*\n?")


#: A run of non-ASCII characters (the class first, so ``re`` skips to each run at its fast class scan).
NON_ASCII_RUN_RE = re.compile(r"[^\x00-\x7f][^\x00-\x7f]*")
#: ftfy's badness pattern matches at most 7 characters, each match holding a non-ASCII one (tests check
#: both), so it lies within this many characters of it.
BADNESS_REACH = 6


def _is_bad(text: str) -> bool:
    """ftfy's ``is_bad``, its pattern searched only within reach of the text's non-ASCII characters.

    The pattern has no anchors but ``^`` (which a search from a later position never
    matches) and no look-arounds, so a search of each stretch finds what a search of the
    whole text does; a text with a few non-ASCII characters is searched around them only.

    >>> _is_bad("It’s a café, donâ€™t"), _is_bad("It’s a café, don’t")
    (True, False)
    """
    start = end = -1  # the stretch not searched yet
    for run in NON_ASCII_RUN_RE.finditer(text):
        if run.start() - BADNESS_REACH > end:
            if end != -1 and BADNESS_RE.search(text, start, end):
                return True
            start = max(0, run.start() - BADNESS_REACH)
        end = run.end() + BADNESS_REACH
    return end != -1 and BADNESS_RE.search(text, start, end) is not None


def _mojibake(text: str) -> Iterator[Edit]:
    """Lines ftfy judges bad are re-decoded; the diff gives each repaired span (in a text with a mojibake signature).

    Lines end at ``\\n`` only, as in ftfy: NEL and the other separators ``splitlines``
    knows are characters that mojibake repair must see. C1 controls left over in lines
    ftfy finds otherwise fine are Windows-1252 read as Latin-1 (``parlé\\x85`` → ``parlé…``).
    """
    bad = _is_bad(text)
    for m in LINE_RE.finditer(text):
        line = m.group()
        if not line or line.isascii():
            continue
        fixed = ftfy.fix_encoding(line) if bad and _is_bad(line) else line
        if fixed != line:
            yield from _diff_edits(line, fixed, m.start(), "U101", 0.9, "repair mojibake")
            continue
        for c1 in C1_RE.finditer(line):
            decoded = fix_c1_controls(c1.group())
            if decoded != c1.group():
                start = m.start() + c1.start()
                yield Edit(start, start + 1, decoded, "U101", 0.9, f"C1 control {c1.group()!r} read as Windows-1252 {decoded!r}")


def _diff_edits(old: str, new: str, offset: int, rule: str, confidence: float, message: str) -> Iterator[Edit]:
    """The changed spans between a line and its repair, as precise edits.

    Repairs rarely touch spaces, so when both sides split into the same number of
    space-separated words each changed word is diffed alone (cheap); otherwise the
    lines are diffed character by character.
    """
    old_words, new_words = old.split(" "), new.split(" ")
    if len(old_words) != len(new_words):
        yield from _char_diff(old, new, offset, rule, confidence, message)
        return
    for old_word, new_word in zip(old_words, new_words, strict=True):
        if old_word != new_word:
            yield from _char_diff(old_word, new_word, offset, rule, confidence, message)
        offset += len(old_word) + 1


def _char_diff(old: str, new: str, offset: int, rule: str, confidence: float, message: str) -> Iterator[Edit]:
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            yield Edit(offset + i1, offset + i2, new[j1:j2], rule, confidence, f"{message}: {old[i1:i2]!r} → {new[j1:j2]!r}")


def _names(chars: str) -> str:
    return ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, 'control')}" for c in dict.fromkeys(chars))
