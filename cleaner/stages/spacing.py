"""Spaces lost at tag boundaries around quotes and sentence punctuation.

HTML-to-text conversion drops the space where an element ended: ``allies”Kirby``,
``now.”said``, ``Ukraine.The``. Each pattern insists on letters on both sides and on
a plain word before the punctuation, so URLs, domains, decimals, times, initials,
abbreviations such as ``U.S.`` and names such as ``Node.js`` never match.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import regex

from cleaner.edits import Edit, Rule
from cleaner.stages.base import Document, Stage
from cleaner.text import word_start

RULES = (
    Rule("P101", "space-after-quote", "spacing", "Missing space after a closing quote.", "allies”Kirby → allies” Kirby"),
    Rule(
        "P102",
        "attribution-comma",
        "spacing",
        "Quoted speech before its attribution ends with a comma.",
        "now.” said → now,” said; allies” Kirby said → allies,” Kirby said",
    ),
    Rule("P103", "space-after-sentence", "spacing", "Missing space after sentence punctuation.", "Ukraine.The → Ukraine. The"),
    Rule("P104", "space-before-quote", "spacing", "Missing space before an opening curly quote.", "said“This → said “This"),
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
ATTRIBUTION_RE = regex.compile(rf"(?:{SPEAKER}{SPEECH_VERB}|{SPEECH_VERB})\b")
#: A closing quote glued to the next word: ``allies”Kirby``, ``now.”said``.
QUOTE_MERGE_RE = regex.compile(r"(?P<last>[\p{L}\p{N}.,!?…])(?P<quote>[”\"])(?=\p{L})")
#: ``now.” said the``: a period where the attribution needs a comma (space already there).
PERIOD_BEFORE_VERB_RE = regex.compile(rf"(?<=\p{{L}})\.(?=[”\"]\s+{SPEECH_VERB}\b)")
SENTENCE_MERGE_RE = regex.compile(
    r"(?<![\w.@/\\:+-])(?P<word>\p{L}{2,}|\d{2,})(?P<punct>[.!?])(?P<next>\p{Lu}\p{Ll}+|[AI](?= \p{L}))(?![\w.(@/_-])"
)
#: Cheap first passes (standard ``re``, several times faster than ``regex`` on plain
#: scans): a closing quote or sentence punctuation right before a letter.
QUOTE_BEFORE_LETTER_RE = re.compile(r'[”"](?=[^\W\d_])')
PUNCT_BEFORE_LETTER_RE = re.compile(r"[.!?](?=[^\W\d_])")
OPEN_QUOTE_MERGE_RE = regex.compile(r"(?<=[\p{L},:;]|\p{Ll}[.!?])“(?=[\p{L}\p{N}])")
#: ``allies,Kirby`` / ``possible,as``: two plain words around a comma or semicolon.
COMMA_MERGE_RE = regex.compile(r"(?<=(?:^|[\s(“\"])\p{L}*\p{L}\p{Ll})[,;](?=\p{L}+(?:[\s,.;:!?”\"]|$))", regex.MULTILINE)
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


class SpacingStage(Stage):
    name = "spacing"
    rules = RULES

    def propose(self, doc: Document) -> Iterator[Edit]:
        text = doc.text
        if '"' in text or "”" in text:
            yield from _quote_merges(doc)
        if doc.wants("P102"):
            for m in PERIOD_BEFORE_VERB_RE.finditer(text):
                yield Edit(m.start(), m.end(), ",", "P102", 0.9, "comma, not period, before the attribution")
        if doc.wants("P103"):
            for candidate in PUNCT_BEFORE_LETTER_RE.finditer(text):
                m = SENTENCE_MERGE_RE.match(text, word_start(text, candidate.start()))
                if m is None or m.start("punct") != candidate.start():
                    continue
                confidence = 0.95 if m["next"] in SENTENCE_OPENERS else 0.85
                yield Edit(m.end("punct"), m.end("punct"), " ", "P103", confidence, f"space after {m['word']}{m['punct']}")
        if doc.wants("P104"):
            for m in OPEN_QUOTE_MERGE_RE.finditer(text):
                yield Edit(m.start(), m.start(), " ", "P104", 0.9, "space before opening quote")
        if doc.wants("P105"):
            for m in COMMA_MERGE_RE.finditer(text):
                yield Edit(m.end(), m.end(), " ", "P105", 0.9, f"space after {m.group()!r}")


def _quote_merges(doc: Document) -> Iterator[Edit]:
    text = doc.text
    for candidate in QUOTE_BEFORE_LETTER_RE.finditer(text):
        m = QUOTE_MERGE_RE.match(text, candidate.start() - 1) if candidate.start() else None
        if m is None:
            continue
        if m["quote"] == '"' and not _closes_straight_quote(text, m.start("quote")):
            continue
        after = m.end("quote")
        if doc.wants("P101"):
            yield Edit(after, after, " ", "P101", 0.95, "space after closing quote")
        if not doc.wants("P102") or not ATTRIBUTION_RE.match(text, after):
            continue
        if m["last"] == ".":
            yield Edit(m.start("last"), m.end("last"), ",", "P102", 0.9, "comma, not period, before the attribution")
        elif m["last"].isalnum():
            yield Edit(m.end("last"), m.end("last"), ",", "P102", 0.85, "comma before the attribution")


def _closes_straight_quote(text: str, pos: int) -> bool:
    """A straight double quote closes when an odd number of them precede it in its paragraph."""
    paragraph_start = text.rfind("\n\n", 0, pos) + 1
    return text.count('"', paragraph_start, pos) % 2 == 1
