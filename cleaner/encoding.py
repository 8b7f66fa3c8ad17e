"""Decoding bytes that are not UTF-8, without guessing wildly.

News files come in a few encodings: UTF-8 (with or without a byte-order mark), UTF-16
with a byte-order mark, Windows-1252 or Latin-1 for Western text, and the legacy code
pages of other scripts. A statistical detector asked about a short file happily picks an
exotic code page (``Café`` as cp1006, ``€5`` as Cyrillic), so here each candidate from a
short, ordered list is decoded strictly and judged on what it produces:

- rejected outright if it yields control, private-use or unassigned characters, a word
  that mixes scripts (``Cafй``), a capital after a small letter inside a word
  (``CafŽ``), a symbol inside a word (``ðÒÉ×ÅÔ``), or halfwidth katakana;
- then weighed by how many of its non-ASCII words are words of the languages that use it
  (``wordfreq``; for Chinese, Japanese and Korean, how many of its characters are common).

Windows-1252 wins unless another candidate is clearly better. When no candidate is clear,
the input fails with one line naming the candidates, rather than becoming garbage.
"""

from __future__ import annotations

import gzip
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import regex

#: Byte-order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one).
BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A legacy encoding and the wordfreq languages whose words it carries (``None``: judged by characters)."""

    codec: str
    languages: tuple[str, ...]
    by_characters: bool = False


WESTERN = ("en", "fr", "de", "es", "it", "pt", "nl", "sv", "da", "nb", "fi", "ca", "is", "id", "ms")
#: In order of preference: what undeclared news files most often are comes first.
CANDIDATES = (
    Candidate("cp1252", WESTERN),
    Candidate("latin-1", WESTERN),
    Candidate("mac-roman", WESTERN),
    Candidate("cp1250", ("cs", "pl", "sk", "hu", "ro", "sl", "sh")),
    Candidate("cp1257", ("lt", "lv")),
    Candidate("cp1254", ("tr",)),
    Candidate("cp1251", ("ru", "uk", "bg", "mk")),
    Candidate("koi8-r", ("ru",)),
    Candidate("koi8-u", ("uk",)),
    Candidate("cp1253", ("el",)),
    Candidate("cp1255", ("he",)),
    Candidate("cp1256", ("ar", "fa", "ur")),
    Candidate("shift_jis", ("ja",), by_characters=True),
    Candidate("euc-jp", ("ja",), by_characters=True),
    Candidate("gb18030", ("zh",), by_characters=True),
    Candidate("big5", ("zh",), by_characters=True),
    Candidate("euc-kr", ("ko",), by_characters=True),
)
#: A reading chosen over others needs at least this share of known words (or characters) ...
MIN_EVIDENCE = 0.5
#: ... and, against Windows-1252, this much more than it on the words where the two differ ...
MIN_LEAD = 0.5
#: ... and no rival within this much of it.
TIE = 0.1
#: Words of a language are the ones wordfreq rates at least this often (Zipf scale).
MIN_ZIPF = 1.5
#: Latin text is odd when more than this share of its letters are accented.
ODD_SHARE = 0.4
#: Characters are common when they occur in this many of a language's most frequent words.
COMMON_WORDS = 30000

WORD_RE = regex.compile(r"[^\W\d_]+")
#: A capital letter right after a small one, the capital not ASCII (ASCII camel case is a brand: ``iPhone``).
CASE_BREAK_RE = regex.compile(r"\p{Ll}(?![\x00-\x7f])[\p{Lu}\p{Lt}]")
#: A symbol between two letters (apostrophes and dots used inside words excepted).
SYMBOL_IN_WORD_RE = regex.compile(r"(?<=\p{L})[^\w\s'’‘ʼ´`·\-‐‑.,;:!?\"“”„«»()/&%\[\]]+(?=\p{L})")
HALFWIDTH_KANA_RE = regex.compile(r"[\uff61-\uff9f]")
SCRIPTS = ("LATIN", "CYRILLIC", "GREEK", "HEBREW", "ARABIC", "HANGUL", "HIRAGANA", "KATAKANA", "CJK", "THAI")
WESTERN_CODECS = ("cp1252", "latin-1")
BAD_CATEGORIES = frozenset({"Cc", "Co", "Cn", "Cs"})
#: Scripts one Japanese word mixes; the scripts judged by characters.
JAPANESE = frozenset({"HIRAGANA", "KATAKANA"})
EAST_ASIAN = frozenset({"CJK", "HIRAGANA", "KATAKANA", "HANGUL"})


@dataclass(frozen=True, slots=True)
class Reading:
    """One candidate's decoding of the bytes: the text, its words with non-ASCII letters, and whether it looks odd."""

    candidate: Candidate
    text: str
    words: frozenset[str]
    odd: bool  # Latin text made mostly of accented letters: another script read as Latin

    @property
    def codec(self) -> str:
        return self.candidate.codec


class EncodingError(ValueError):
    """Bytes that no candidate explains, or that several explain about as well."""


def decode_unicode(data: bytes) -> tuple[str, str, bool] | None:
    """Text from a byte-order mark, or from a NUL in every other byte (UTF-16 without a mark).

    Returns ``(text, encoding, guessed)``, or ``None`` when the bytes carry no sign of UTF-16 or UTF-32.

    >>> decode_unicode("Café".encode("utf-16"))[:2], decode_unicode("Plain text.".encode("utf-16-be"))
    (('Café', 'utf-16-le'), ('Plain text.', 'utf-16-be', True))
    """
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec.removesuffix("-sig")), codec, False
            except UnicodeDecodeError:
                return None
    head = data[:4096]
    if len(data) % 2 or len(head) < 8:
        return None
    even_nuls, odd_nuls = head[0::2].count(0), head[1::2].count(0)
    units = len(head) // 2
    for codec, nuls, others in (("utf-16-le", odd_nuls, even_nuls), ("utf-16-be", even_nuls, odd_nuls)):
        if nuls >= 0.7 * units and others == 0:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                return None
            return (text, codec, True) if _clean_characters(text) else None
    return None


def decode_legacy(data: bytes) -> str:
    """The name of the one legacy encoding that explains ``data``; ``EncodingError`` when none or several do.

    Windows-1252 (or Latin-1) stands unless another reading's words, where the two
    differ, are clearly words of its languages and Windows-1252's are not. Without a
    plausible Western reading, the best-supported reading must have real support and no
    close rival.

    >>> decode_legacy("Café au lait.".encode("cp1252")), decode_legacy("Привет, как дела?".encode("koi8-r"))
    ('cp1252', 'koi8-r')
    """
    readings = _readings(data)
    if not readings:
        raise EncodingError("no text encoding explains it")
    western = next((r for r in readings if r.codec in WESTERN_CODECS), None)
    others = [r for r in readings if r is not western]
    if western is None:
        ranked = sorted(((_evidence(r, r.words), r) for r in others), key=lambda pair: -pair[0])
    else:
        ranked = []
        for other in others:
            theirs, ours = _evidence(other, other.words - western.words), _evidence(western, western.words - other.words)
            if theirs - ours >= MIN_LEAD:
                ranked.append((theirs, other))
        ranked.sort(key=lambda pair: -pair[0])
        if not ranked and not western.odd:
            return western.codec
    if ranked and ranked[0][0] >= MIN_EVIDENCE and not (len(ranked) > 1 and ranked[1][0] >= ranked[0][0] - TIE):
        return ranked[0][1].codec
    shown = [r for _, r in ranked] or others
    raise EncodingError(_uncertain([western, *shown] if western else shown))


def _uncertain(readings: list[Reading]) -> str:
    shown = ", ".join(f"{r.codec} ({_preview(r.text)!r})" for r in readings[:4])
    return f"its encoding is uncertain: {shown}; convert it to UTF-8 first"


def _preview(text: str) -> str:
    """The first non-ASCII word of a reading, where the candidates differ."""
    for m in WORD_RE.finditer(text):
        if not m.group().isascii():
            return m.group()[:20]
    return text.strip()[:20]


def _readings(data: bytes) -> list[Reading]:
    """Every candidate that decodes ``data`` into plausible text, one per distinct text, in preference order."""
    readings: list[Reading] = []
    seen: set[str] = set()
    for candidate in CANDIDATES:
        if candidate.codec == "latin-1" and readings and readings[0].codec == "cp1252":
            continue
        try:
            text = data.decode(candidate.codec)
        except UnicodeDecodeError:
            continue
        if text in seen or not _plausible(text):
            continue
        seen.add(text)
        words = frozenset(w for w in WORD_RE.findall(text) if not w.isascii())
        readings.append(Reading(candidate, text, words, _looks_odd(text)))
    return readings


def _clean_characters(text: str) -> bool:
    r"""No control (other than layout), private-use, unassigned or surrogate character.

    >>> _clean_characters("Caf\u00e9\tok\n"), _clean_characters("a\x85b"), _clean_characters("\x01")
    (True, False, False)
    """
    return not any(unicodedata.category(c) in BAD_CATEGORIES and c not in "\t\n\r\f" for c in text)


def _plausible(text: str) -> bool:
    """Whether a decoding could be text someone wrote (see the module docstring for what is not)."""
    if not _clean_characters(text) or HALFWIDTH_KANA_RE.search(text):
        return False
    if CASE_BREAK_RE.search(text) or SYMBOL_IN_WORD_RE.search(text):
        return False
    return all(len(_scripts(word) - JAPANESE) <= 1 for word in WORD_RE.findall(text) if not word.isascii())


def _scripts(word: str) -> set[str]:
    found = set()
    for char in word:
        name = unicodedata.name(char, "")
        found.add(next((script for script in SCRIPTS if name.startswith(script)), "OTHER"))
    return found


def _looks_odd(text: str) -> bool:
    """Latin text whose letters are mostly accented: Cyrillic or Greek read as Latin (``Ïðèâåò``).

    >>> _looks_odd("Ïðèâåò, êàê äåëà?"), _looks_odd("Het kabinet wil dat één op de drie woningen betaalbaar is.")
    (True, False)
    """
    letters = [c for c in text if c.isalpha() and "LATIN" in _scripts(c)]
    return sum(not c.isascii() for c in letters) > ODD_SHARE * len(letters)


def _evidence(reading: Reading, words: frozenset[str]) -> float:
    """The share of ``words`` (or of their CJK characters) that the reading's languages know; 0 for none."""
    candidate = reading.candidate
    if candidate.by_characters:
        chars = [c for word in words for c in word if _scripts(c) & EAST_ASIAN]
        if not chars:
            return 0.0
        common = _common_characters(candidate.languages[0])
        table = _simplified() if candidate.languages[0] == "zh" else {}
        return sum(c.translate(table) in common for c in chars) / len(chars)
    if not words:
        return 0.0
    from wordfreq import zipf_frequency

    known = sum(
        len(w) > 1 and _well_cased(w) and any(zipf_frequency(_lower(w), lang) >= MIN_ZIPF for lang in candidate.languages)
        for w in words
    )
    return known / len(words)


def _lower(word: str) -> str:
    """Lower case as wordfreq spells its words (a Turkish ``İ`` is ``i``, not ``i`` with a dot above)."""
    return word.replace("İ", "i").lower()


def _well_cased(word: str) -> bool:
    """Lower case, Title case or ALL CAPS: how real words are written (``ÈÈn`` is not)."""
    return word.islower() or word.isupper() or word.istitle() or word.lower() == word.upper()


@cache
def _common_characters(language: str) -> frozenset[str]:
    """The characters of a language's most frequent words (read once, about half a second for Chinese)."""
    from wordfreq import get_frequency_dict

    words = get_frequency_dict(language)
    common = frozenset(c for word in list(words)[:COMMON_WORDS] for c in word)
    # Chinese web text quotes Japanese (``の``), but Chinese is written without kana
    return frozenset(c for c in common if not _scripts(c) & JAPANESE) if language == "zh" else common


@cache
def _simplified() -> dict[int, str]:
    """wordfreq's table from traditional to simplified Chinese characters (its Chinese list is simplified)."""
    import msgpack
    import wordfreq

    path = Path(wordfreq.__file__).parent / "data" / "_chinese_mapping.msgpack.gz"
    with gzip.open(path, "rb") as handle:
        return dict(msgpack.load(handle, raw=False, strict_map_key=False))
