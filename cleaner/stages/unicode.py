"""Unicode repair with ftfy, one rule per kind of damage, each fix a precise edit.

ftfy fixes whole strings; here each kind of damage is located first (cheaply, by
pattern), and only the damaged spans are handed to ftfy's fixers, so that every change
is logged with its own span and code and clean text costs one scan per rule. Plain
character-class scans use the standard library's ``re``, several times faster than
``regex`` for them; ``regex`` is kept for the patterns that need Unicode properties.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import ftfy
import regex
from ftfy.badness import is_bad
from ftfy.chardata import CHARMAP_ENCODINGS
from ftfy.fixes import fix_latin_ligatures, unescape_html

from cleaner.edits import Edit, Rule
from cleaner.stages.base import Document, Stage

RULES = (
    Rule("U101", "mojibake", "unicode", "Text decoded with the wrong encoding (ftfy).", "donâ€™t → don’t"),
    Rule("U102", "html-entity", "unicode", "HTML entities and character references.", "AT&amp;T → AT&T"),
    Rule("U103", "control-character", "unicode", "Invisible control characters (ftfy's list).", "a\\x07b → ab"),
    Rule(
        "U104", "zero-width", "unicode", "Zero-width spaces, word joiners, byte-order marks, soft hyphens.", "co\\u200bop → coop"
    ),
    Rule(
        "U105",
        "odd-space",
        "unicode",
        "No-break, thin, ideographic and other odd spaces become plain spaces.",
        "8\\u00a0500 → 8 500",
    ),
    Rule("U106", "unicode-normalization", "unicode", "Decomposed characters composed to NFC.", "e\\u0301 → é"),
    Rule(
        "U107",
        "line-ending",
        "unicode",
        "CRLF, CR and Unicode line separators become \\n (Markdown keeps its line endings).",
        "a\\r\\nb → a\\nb",
    ),
    Rule("U108", "ligature", "unicode", "Latin ligatures split into letters.", "ﬁnance → finance"),
    Rule(
        "U201",
        "straight-quotes",
        "unicode",
        "Curly quotes and apostrophes made straight (off by default).",
        '“it’s” → "it\'s"',
        default=False,
    ),
)

ENTITY_RE = regex.compile(r"&(?:amp;)*(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,23});")
CONTROL_RE = re.compile("[" + "".join(re.escape(chr(c)) for c in ftfy.fixes.CONTROL_CHARS if c != 0xFEFF) + "]+")
ZERO_WIDTH_RE = re.compile("[\u200b\u2060\ufeff\u00ad]+")
ODD_SPACE_RE = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
LINE_BREAK_RE = re.compile("\r\n|[\r\u2028\u2029\x85]")
LIGATURE_RE = re.compile("[\ufb00-\ufb06]")
#: A base character with the marks that may compose with it, or a character NFC always replaces.
NOT_NFC_RE = regex.compile(r"\P{NFC_QC=M}?\p{NFC_QC=M}+|\p{NFC_QC=N}")
CURLY_RE = re.compile("[‘’‚‛“”„‟]")
STRAIGHT = {"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "‟": '"'}


@dataclass(frozen=True, slots=True)
class CharacterFix:
    """A rule that maps each match of a pattern to a fixed string."""

    code: str
    pattern: regex.Pattern[str]
    fix: Callable[[str], str]
    confidence: float
    message: str


CHARACTER_FIXES = (
    CharacterFix("U103", CONTROL_RE, lambda chars: "", 0.99, "remove control character"),
    CharacterFix("U104", ZERO_WIDTH_RE, lambda chars: "", 0.99, "remove invisible"),
    CharacterFix("U105", ODD_SPACE_RE, lambda chars: " ", 0.95, "plain space for"),
    CharacterFix("U108", LIGATURE_RE, fix_latin_ligatures, 0.95, "split ligature"),
    CharacterFix("U201", CURLY_RE, lambda chars: "".join(STRAIGHT[c] for c in chars), 1.0, "straighten"),
)


class UnicodeStage(Stage):
    name = "unicode"
    rules = RULES

    def propose(self, doc: Document) -> Iterator[Edit]:
        text = doc.text
        if doc.wants("U107"):
            for m in LINE_BREAK_RE.finditer(text):
                if doc.markdown:
                    # CR and CRLF end Markdown lines too, and code must keep them: changing only the
                    # prose would mix line endings. A Unicode separator is a character inside its
                    # line: a new line would split a heading or a table row.
                    if m.group() not in ("\r\n", "\r"):
                        yield Edit(
                            m.start(), m.end(), " ", "U107", 1.0, "Unicode line separator in Markdown prose becomes a space"
                        )
                    continue
                yield Edit(m.start(), m.end(), "\n", "U107", 1.0, "normalise line ending")
        if doc.wants("U102") and "&" in text:
            for m in ENTITY_RE.finditer(text):
                decoded = _tidy(_unescape_fully(m.group()), doc)
                if doc.markdown and _keeps_markdown_literal(decoded):
                    continue
                if decoded != m.group():
                    yield Edit(m.start(), m.end(), decoded, "U102", 0.95, f"decode HTML entity {m.group()}")
        ascii_only = text.isascii()
        for fix in CHARACTER_FIXES:
            if doc.wants(fix.code) and (not ascii_only or fix.code == "U103"):
                for m in fix.pattern.finditer(text):
                    message = f"{fix.message} {_names(m.group())}"
                    yield Edit(m.start(), m.end(), fix.fix(m.group()), fix.code, fix.confidence, message)
        if ascii_only:
            return
        if doc.wants("U101"):
            for edit in _mojibake(text):
                yield Edit(edit.start, edit.end, _tidy(edit.replacement or "", doc), edit.rule, edit.confidence, edit.message)
        if doc.wants("U106") and not unicodedata.is_normalized("NFC", text):
            for m in NOT_NFC_RE.finditer(text):
                composed = unicodedata.normalize("NFC", m.group())
                if composed != m.group():
                    yield Edit(m.start(), m.end(), composed, "U106", 0.99, "compose to NFC")


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
    """Decode an entity, including doubly escaped ones such as ``&amp;eacute;``."""
    while True:
        decoded = unescape_html(entity)
        if decoded == entity:
            return entity
        entity = decoded
        if not ENTITY_RE.fullmatch(entity):
            return entity


def _mojibake_signature() -> re.Pattern[str]:
    """Two characters that can only meet in mojibake, or a C1 control character.

    UTF-8 read in one of ftfy's single-byte encodings turns a lead byte (0xC2-0xF4)
    into one character and a continuation byte (0x80-0xBF) into another, so such a
    pair (or a lead character before a space, where a no-break space was lost) must
    be in the text before ftfy's slower badness test is worth running.
    """
    lead: set[str] = set()
    continuation: set[str] = set()
    for encoding in CHARMAP_ENCODINGS:
        lead.update(bytes(range(0xC2, 0xF5)).decode(encoding, errors="ignore"))
        continuation.update(bytes(range(0x80, 0xC0)).decode(encoding, errors="ignore"))
    latin_lead = bytes(range(0xC2, 0xF5)).decode("latin-1")
    return re.compile(
        f"[{re.escape(''.join(sorted(lead)))}][{re.escape(''.join(sorted(continuation)))}]"
        f"|[{re.escape(latin_lead)}][ \u00a0]|[\x80-\x9f]"
    )


MOJIBAKE_SIGNATURE_RE = _mojibake_signature()


def _mojibake(text: str) -> Iterator[Edit]:
    """Lines ftfy judges bad are re-decoded; the diff gives each repaired span."""
    if not MOJIBAKE_SIGNATURE_RE.search(text) or not is_bad(text):  # clears nearly every document cheaply
        return
    offset = 0
    for line in text.splitlines(keepends=True):
        if not line.isascii() and is_bad(line):
            fixed = ftfy.fix_encoding(line)
            if fixed != line:
                yield from _diff_edits(line, fixed, offset, "U101", 0.9, "repair mojibake")
        offset += len(line)


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
