"""Spaces lost at tag boundaries around quotes and sentence punctuation.

HTML-to-text conversion drops the space where an element ended: ``allies”Kirby``,
``now.”said``, ``Ukraine.The``, ``voice."He``, ``pass https://t.co/…`` written as
``passhttps://t.co/…``. Each pattern insists on letters on both sides and on a plain
word before the punctuation, so URLs, domains, decimals, times, initials, abbreviations
such as ``U.S.`` and names such as ``Node.js`` never match.

A straight ``"`` between two sentences opens the next quotation or closes the last one;
the quotes around it in its paragraph decide, and where they cannot (a quotation cut at
the passage edge) first-person words on one side do. When nothing decides, the lost
space is reported, not guessed.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterator
from dataclasses import dataclass

import regex

from cleaner.edits import Edit, Rule
from cleaner.stages.base import Document, Stage
from cleaner.tables import PatternCache
from cleaner.text import paragraph_bounds, sentence_end, sentence_start, word_start

RULES = (
    Rule("P101", "space-after-quote", "spacing", "Missing space after a closing quote.", "allies”Kirby → allies” Kirby"),
    Rule(
        "P102",
        "attribution-comma",
        "spacing",
        "Quoted speech before its attribution ends with a comma.",
        "now.” said → now,” said; allies”Kirby said → allies,” Kirby said",
    ),
    Rule("P103", "space-after-sentence", "spacing", "Missing space after sentence punctuation.", "Ukraine.The → Ukraine. The"),
    Rule("P104", "space-before-quote", "spacing", "Missing space before an opening curly quote.", "said“This → said “This"),
    Rule(
        "P106",
        "space-before-url",
        "spacing",
        "Missing space between a word and the URL after it (an embedded tweet's link).",
        "press passhttps://t.co/x → press pass https://t.co/x",
    ),
    Rule(
        "P105",
        "space-after-comma",
        "spacing",
        "Missing space after a comma or semicolon between words.",
        "allies,Kirby → allies, Kirby",
    ),
)

SPEECH_VERB = (
    r"(?:said|says|say|added|adds|told|tells|asked|asks|explained|noted|notes|wrote|writes|continued|stated|states"
    r"|replied|insisted|warned|warns|argued|recalled|stressed|emphasized|emphasised|acknowledged|according)"
)
SPEAKER = r"(?:(?:\p{Lu}[\p{L}'’.-]*\s+){1,4}|(?:he|she|they|we|I|it)\s+)"
#: The ``regex`` patterns below, compiled once per machine (see ``PatternCache``).
_PATTERNS = PatternCache("spacing")
ATTRIBUTION_RE = _PATTERNS.compile(rf"(?:{SPEAKER}{SPEECH_VERB}|{SPEECH_VERB})\b")
#: A closing quote glued to the next word: ``allies”Kirby``, ``now.”said``.
QUOTE_MERGE_RE = _PATTERNS.compile(r"(?P<last>[\p{L}\p{N}.,!?…])(?P<quote>[”\"])(?=\p{L})")
#: ``now.” said the``: a period where the attribution needs a comma (space already there).
PERIOD_BEFORE_VERB_RE = _PATTERNS.compile(rf"(?<=\p{{L}})\.(?=[”\"]\s+{SPEECH_VERB}\b)")
SENTENCE_MERGE_RE = _PATTERNS.compile(
    r"(?<![\w.@/\\:+-])(?P<word>\p{L}{2,}|\d{2,})(?P<punct>[.!?])(?P<next>\p{Lu}\p{Ll}+|[AI](?= \p{L}))(?![\w.(@/_-])"
)
OPEN_QUOTE_MERGE_RE = _PATTERNS.compile(r"(?<=[\p{L},:;]|\p{Ll}[.!?])“(?=[\p{L}\p{N}])")
#: ``allies,Kirby`` / ``possible,as``: two plain words around a comma or semicolon.
COMMA_MERGE_RE = _PATTERNS.compile(r"(?<=(?:^|[\s(“\"])\p{L}*\p{L}\p{Ll})[,;](?=\p{L}+(?:[\s,.;:!?”\"]|$))", regex.MULTILINE)
#: ``(Exim Bank).The``: a sentence that ends in a bracketed phrase (with a space inside, so ``foo().Bar`` stays).
BRACKET_SENTENCE_RE = _PATTERNS.compile(
    r"[(\[][^()\[\]\n]*\p{L} [^()\[\]\n]*\p{L}[)\]](?P<punct>[.!?])(?P<next>\p{Lu}\p{Ll}+(?=[ ,])|[AI](?= \p{L}))"
)
#: ``new wells .A second grant``: a stray space before the period and none after it.
STRAY_SPACE_PERIOD_RE = _PATTERNS.compile(r"(?<=\p{Ll}\p{Ll}) \.(?P<next>\p{Lu}\p{Ll}*)(?= \p{Ll})")
#: A word glued to the URL after it: ``passhttps://t.co/…``, ``tweetpic.twitter.com/…``.
URL_AFTER_WORD_RE = re.compile(r"[^\W\d_][.!?:;,”]*(?=https?://|pic\.twitter\.com/)")
#: The word before it, with the punctuation that ended its sentence or clause (``here.https://…``).
WORD_BEFORE_URL_RE = _PATTERNS.compile(r"(?<![\w.@/:'’-])(?P<word>\p{L}+)(?P<punct>[.!?:;,”]*)\Z")
#: A curly closing quote after a comma or colon, glued to a word, closed again later in the sentence:
#: ``In the end,”Sleepy Joe” became``, an opening quote typed as a closing one.
MISCURLED_OPEN_RE = _PATTERNS.compile(r"(?<=\p{L}[,:])”(?=\p{L}[^“”\n]{0,80}?”)")
#: A double quote standing in for an apostrophe (a lossy conversion): ``don"t``, ``he”s``.
APOSTROPHE_QUOTE_RE = _PATTERNS.compile(r"(?<=\p{L})[\"”](?:s|t|re|ve|ll|d|m)\b")
#: Words that mark the text around a quote as speech.
FIRST_PERSON_RE = _PATTERNS.compile(r"\b(?:I|I'm|I’m|I've|I’ve|I'd|I’d|me|my|we|We|us|our|Our)\b")
#: Entity names whose ``&`` a feed lost: ``quot;restore`` is not two words around a semicolon.
ENTITY_NAME_RE = _PATTERNS.compile(r"(?:quot|amp|lt|gt|apos|nbsp|[lr]squo|[lr]dquo|[mn]dash|hellip)\Z")
_PATTERNS.save()


def _literal_scans(marks: str, lookahead: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """One pattern per mark: the standard ``re`` finds one literal character several times faster than a class."""
    return tuple((mark, re.compile(re.escape(mark) + lookahead)) for mark in marks)


#: Cheap first passes, where the full patterns can match: a closing quote or sentence punctuation right
#: before a letter, a period before a quote, an opening quote, a comma or semicolon before a non-space.
QUOTE_BEFORE_LETTER = _literal_scans('”"', r"(?=[^\W\d_])")
PUNCT_BEFORE_LETTER = _literal_scans(".!?", r"(?=[^\W\d_])")
PERIOD_BEFORE_QUOTE = _literal_scans(".", '(?=[”"])')
OPEN_QUOTE = _literal_scans("“", "")
COMMA_BEFORE_TEXT = _literal_scans(",;", r"(?=\S)")
#: Candidates tried one by one per 64 characters of text before a full pattern's scan is cheaper.
CANDIDATES_PER_SCAN = 64
SENTENCE_OPENERS = frozenset(
    [
        "The",
        "A",
        "An",
        "In",
        "On",
        "At",
        "He",
        "She",
        "It",
        "They",
        "We",
        "I",
        "But",
        "And",
        "This",
        "That",
        "These",
        "Those",
        "For",
        "As",
        "After",
        "Before",
        "When",
        "While",
        "However",
        "Meanwhile",
        "Earlier",
        "Later",
        "There",
        "His",
        "Her",
        "Their",
        "Our",
    ]
)


@dataclass(frozen=True, slots=True)
class SpacingSettings:
    """Confidences of the spacing rules (the threshold, default 0.8, decides apply vs report).

    Runs that set them: [main] carried over from main and confirmed by both runs below;
    [real-1] bench.real on real-dev: merge_punct F0.5 0.925 → 0.994 (34 gold, 33 fixed, 1
    reported, no false edit), merge_url 0 → 1.000, no control changed by a P rule;
    [quality-1] bench.quality seed 1: merged-punct 0.997 unchanged.
    """

    #: A closing quote glued to the next word: the quote's direction is known. [main]
    quote_space: float = 0.95
    #: ``now.” said`` → ``now,” said``: a period before a speech verb after a quotation. [main]
    attribution_period: float = 0.9
    #: ``allies” Kirby said`` → ``allies,” Kirby``: no punctuation at all before the attribution. [main]
    attribution_comma: float = 0.85
    #: ``Ukraine.The``: the next word is a common sentence opener. [main]
    sentence_opener: float = 0.95
    #: ``Ukraine.Kyiv``: any capitalised word; still well above the threshold (no false edit on real-dev controls). [main]
    sentence_other: float = 0.85
    #: A straight quote whose direction the paragraph's quotes or first-person words decide. [real-1]
    straight_quote: float = 0.9
    #: A straight quote nothing decides: reported, below the threshold, never applied. [real-1]
    straight_quote_unsure: float = 0.6
    #: ``said“This``, ``end,”Sleepy Joe” became``: a space before an opening quote. [main]
    open_quote: float = 0.9
    #: ``allies,Kirby``: two plain words around a comma; numbers and code fail the pattern. [main]
    comma_space: float = 0.9
    #: ``wells .A second``: the stray space moves after the period. [real-1]
    stray_space: float = 0.9
    #: After a stray-space period, a capitalised word this common (Zipf) opens a sentence; ``.Net`` (4.8) does not. [real-1]
    stray_space_next_zipf: float = 5.0
    #: ``passhttps://``: a known word glued to a URL. [real-1]
    url_space: float = 0.9
    #: The word before a URL must be at least this common (Zipf): a known word, not a fragment. [real-1]
    url_word_zipf: float = 3.0
    #: Two letters before a URL are a fragment of a word a link was spliced into (``th|http://…|is``). [real-1]
    url_word_letters: int = 3


SETTINGS = SpacingSettings()


class SpacingStage(Stage):
    name = "spacing"
    rules = RULES

    def __init__(self, settings: SpacingSettings = SETTINGS) -> None:
        self.settings = settings

    def propose(self, doc: Document) -> Iterator[Edit]:
        text, settings = doc.text, self.settings
        if '"' in text or "”" in text:
            yield from self._quote_merges(doc)
        if doc.wants("P102"):
            for m in _matches_at(PERIOD_BEFORE_VERB_RE, text, PERIOD_BEFORE_QUOTE):
                yield Edit(
                    m.start(), m.end(), ",", "P102", settings.attribution_period, "comma, not period, before the attribution"
                )
        if doc.wants("P103"):
            for candidate in _candidates(text, PUNCT_BEFORE_LETTER):
                if text[candidate.start() - 1 : candidate.start()] in (")", "]"):
                    yield from self._after_bracket(text, candidate.start())
                    continue
                m = SENTENCE_MERGE_RE.match(text, word_start(text, candidate.start()))
                if m is None or m.start("punct") != candidate.start():
                    continue
                confidence = settings.sentence_opener if m["next"] in SENTENCE_OPENERS else settings.sentence_other
                yield Edit(m.end("punct"), m.end("punct"), " ", "P103", confidence, f"space after {m['word']}{m['punct']}")
            if " ." in text:
                yield from self._stray_space_periods(doc)
        if doc.wants("P104"):
            for m in _matches_at(OPEN_QUOTE_MERGE_RE, text, OPEN_QUOTE):
                yield Edit(m.start(), m.start(), " ", "P104", settings.open_quote, "space before opening quote")
        if doc.wants("P105"):
            for m in _matches_at(COMMA_MERGE_RE, text, COMMA_BEFORE_TEXT):
                if m.group() == ";" and ENTITY_NAME_RE.search(text, max(0, m.start() - 8), m.start()):
                    continue  # an entity remnant such as `` quot;`` is the unicode stage's
                yield Edit(m.end(), m.end(), " ", "P105", settings.comma_space, f"space after {m.group()!r}")
        if doc.wants("P106") and ("http" in text or "pic.twitter" in text):
            yield from self._url_merges(doc)

    def _quote_merges(self, doc: Document) -> Iterator[Edit]:
        text, settings = doc.text, self.settings
        for candidate in _candidates(text, QUOTE_BEFORE_LETTER):
            m = QUOTE_MERGE_RE.match(text, candidate.start() - 1) if candidate.start() else None
            if m is None:
                continue
            quote, after = m.start("quote"), m.end("quote")
            if APOSTROPHE_QUOTE_RE.match(text, quote):
                continue  # an apostrophe, not a quotation mark
            if m["quote"] == "”" and MISCURLED_OPEN_RE.match(text, quote) and _opens_curly(text, quote, after):
                if doc.wants("P104"):
                    yield Edit(quote, quote, " ", "P104", settings.open_quote, "space before an opening quote typed as ”")
                continue
            role = "closes" if m["quote"] == "”" else _straight_quote_role(text, quote)
            if role != "closes":
                yield from self._before_opening_quote(doc, m, role)
                continue
            if doc.wants("P101"):
                yield Edit(after, after, " ", "P101", settings.quote_space, "space after closing quote")
            if not doc.wants("P102") or not ATTRIBUTION_RE.match(text, after):
                continue
            if m["last"] == ".":
                yield Edit(
                    m.start("last"),
                    m.end("last"),
                    ",",
                    "P102",
                    settings.attribution_period,
                    "comma, not period, before the attribution",
                )
            elif m["last"].isalnum():
                yield Edit(m.end("last"), m.end("last"), ",", "P102", settings.attribution_comma, "comma before the attribution")

    def _before_opening_quote(self, doc: Document, m: regex.Match[str], role: str | None) -> Iterator[Edit]:
        """``interpreter."He`` → ``interpreter. "He`` when the quote opens; only a finding when nothing says which."""
        quote = m.start("quote")
        after_sentence = m["last"] in ".!?"
        code = "P103" if after_sentence else "P104"
        if not doc.wants(code) or not (after_sentence or m["last"].isalpha()):
            return
        if role == "opens":
            yield Edit(
                quote, quote, " ", code, self.settings.straight_quote, "space before the quote that opens the next quotation"
            )
        elif after_sentence:
            message = "lost space around a straight quote: before it if it opens a quotation, after it if it closes one"
            yield Edit(quote, quote, " ", code, self.settings.straight_quote_unsure, message)

    def _after_bracket(self, text: str, punct: int) -> Iterator[Edit]:
        opening = max(text.rfind("(", max(0, punct - 80), punct), text.rfind("[", max(0, punct - 80), punct))
        m = BRACKET_SENTENCE_RE.match(text, opening) if opening >= 0 else None
        if m is not None and m.start("punct") == punct:
            confidence = self.settings.sentence_opener if m["next"] in SENTENCE_OPENERS else self.settings.sentence_other
            yield Edit(punct + 1, punct + 1, " ", "P103", confidence, f"space after {text[punct - 1 : punct + 1]}")

    def _stray_space_periods(self, doc: Document) -> Iterator[Edit]:
        for m in STRAY_SPACE_PERIOD_RE.finditer(doc.text):
            following = m["next"]
            if following in SENTENCE_OPENERS or doc.lexicon.zipf(following.lower()) >= self.settings.stray_space_next_zipf:
                yield Edit(m.start(), m.start("next"), ". ", "P103", self.settings.stray_space, "stray space before the period")

    def _url_merges(self, doc: Document) -> Iterator[Edit]:
        text, settings = doc.text, self.settings
        for glued in URL_AFTER_WORD_RE.finditer(text):
            end = glued.end()
            m = WORD_BEFORE_URL_RE.search(text, max(0, end - 40), end)
            if m is None or len(m["word"]) < (2 if m["punct"] else settings.url_word_letters):
                continue  # punctuation says where the word ends, so a short word is whole
            if doc.lexicon.zipf(m["word"].lower()) >= settings.url_word_zipf:
                yield Edit(end, end, " ", "P106", settings.url_space, f"space between {m.group()!r} and the URL")


def _candidates(text: str, scans: tuple[tuple[str, re.Pattern[str]], ...]) -> Iterator[re.Match[str]]:
    """The matches of ``scans`` (one per mark the text holds) in text order."""
    found = [pattern.finditer(text) for mark, pattern in scans if mark in text]
    if len(found) > 1:
        return heapq.merge(*found, key=re.Match.start)
    return found[0] if found else iter(())


def _matches_at(
    pattern: regex.Pattern[str], text: str, scans: tuple[tuple[str, re.Pattern[str]], ...]
) -> Iterator[regex.Match[str]]:
    """The matches of a one-character ``pattern``, tried only where ``scans`` found its character.

    Where candidates crowd the text (``;;;;``), the pattern's own scan is cheaper from there on.

    >>> [m.start() for m in _matches_at(COMMA_MERGE_RE, "a 1,000 allies,Kirby said", COMMA_BEFORE_TEXT)]
    [14]
    """
    tries = len(text) // CANDIDATES_PER_SCAN + CANDIDATES_PER_SCAN
    for candidate in _candidates(text, scans):
        tries -= 1
        if not tries:
            yield from pattern.finditer(text, candidate.start())
            return
        if m := pattern.match(text, candidate.start()):
            yield m


def _opens_curly(text: str, quote: int, after: int) -> bool:
    """A ``”`` glued after a comma opens a quotation when no ``“`` before it in its paragraph is still open."""
    paragraph_start, _ = paragraph_bounds(text, quote)
    opened = text.count("“", paragraph_start, quote) - text.count("”", paragraph_start, quote)
    return opened <= 0 and not ATTRIBUTION_RE.match(text, after)


def _straight_quote_role(text: str, quote: int) -> str | None:
    """Whether the straight ``"`` at ``quote`` ``"opens"`` or ``"closes"`` a quotation; None when nothing says.

    An odd number of quotes before it in its paragraph: it closes. An odd number after it:
    it opens. Neither (a quotation cut at the passage edge): first-person words in the
    sentence before it mark that sentence as the quotation, in the one after it the next.

    >>> _straight_quote_role('He said "we won." It', 15), _straight_quote_role('It ended."We won," he said.', 9)
    ('closes', 'opens')
    """
    start, end = paragraph_bounds(text, quote)
    if text.count('"', start, quote) % 2:
        return "closes"
    if text.count('"', quote + 1, end) % 2:
        return "opens"
    before = text[sentence_start(text, quote - 1, start) : quote]
    after = text[quote + 1 : sentence_end(text, quote + 1, end)]
    speech_before, speech_after = bool(FIRST_PERSON_RE.search(before)), bool(FIRST_PERSON_RE.search(after))
    if speech_before != speech_after:
        return "closes" if speech_before else "opens"
    return None
