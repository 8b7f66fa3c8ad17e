"""Words merged where a space was lost: ``Kirbysaid``, ``BidenThe``, ``NATOallies``.

HTML-to-text conversion drops the space where a link or a bold run ended, so a name
and the next word fuse. Only a token that neither English nor the rest of the article
knows is a candidate. Each cut into two words is scored as a unigram language model
would: ``log P(left) + log P(right)`` against ``log P(whole)``, where ``P`` is the larger
of the English frequency and the word's rate in this very article (a name the article
uses ten times is common *here*). The bar depends on the token's shape: a case change
inside a word (``BidenThe``) is itself evidence; a capitalised run (``Kirbysaid``) must
be a name the article uses or end in a very common word; an all-lower-case run
(``presidentsaid``) must split into two common words far likelier than the whole.
Brand and name shapes (``iPhone``, ``McDonald``, ``DeSantis``) and code-like tokens
are never split.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass

from cleaner.edits import Edit, Rule
from cleaner.lexicon import BOUND_PREFIXES, KNOWN_ZIPF, Lexicon, Vocabulary, in_code, word_set
from cleaner.stages.base import Document, Stage
from cleaner.stages.spelling import best_correction
from cleaner.text import starts_sentence

RULES = (
    Rule(
        "M101",
        "case-boundary-merge",
        "merges",
        "Two words fused at a change of case.",
        "KirbySaid → Kirby Said; NATOallies → NATO allies",
    ),
    Rule(
        "M102", "merged-words", "merges", "Two words fused into one unknown word.", "Kirbysaid → Kirby said; thecrane → the crane"
    ),
    Rule(
        "M103",
        "merged-clause-boundary",
        "merges",
        "A fused capitalised function word marks a lost clause boundary after an introductory phrase.",
        "At the request of Joe BidenThe Pentagon → …Joe Biden, the Pentagon",
    ),
)


#: Whole tokens at least this common are words, however they split; with a case change
#: inside, a lower bar, since brands (``DeSantis`` 2.4) are spelled that way on purpose.
WHOLE_ZIPF = 2.0
#: How many times likelier (log10) the two words must be than the whole, per token shape.
CAMEL_MARGIN = 0.0
ACRONYM_MARGIN = -1.5
NAMED_MARGIN = 0.0
CAPITALISED_MARGIN = 1.0
LOWER_MARGIN = 1.5
#: A capitalised run splits without help from the article only before a word this common.
COMMON_TAIL_ZIPF = 5.8
#: A capitalised first part this common is an ordinary word at a sentence start, not a name.
COMMON_HEAD_ZIPF = 4.5
#: A capitalised first part must be at least this common to pass for a known name.
NAME_ZIPF = 3.0
#: Each part of an all-lower-case run must be at least this common.
LOWER_PART_ZIPF = 3.0
#: Added when English commonly writes the two parts side by side (``a former``, ``in our``).
BIGRAM_BONUS = 1.0
#: Words this common are function words: ``a for`` is no phrase.
FUNCTION_WORD_ZIPF = 6.0
#: A part of one or two letters must be a function word this common.
SHORT_PART_ZIPF = 5.0
#: The article's own rate of a word counts at this weight against English frequency.
DOCUMENT_WEIGHT = 0.1
#: Zipf of a token nobody has seen.
UNSEEN_ZIPF = 0.0
#: A second split within this much (log10) of the best makes the token ambiguous.
AMBIGUITY = 2.0
#: Prefixes of names and brands before a capital: McDonald, DeSantis, MacBook, LeBron, FitzGerald.
NAME_PREFIXES = word_set(
    "Mc Mac De Di Da Du Del Della Des Dos La Le Les Lo Van Von Der Den Ten Ter Fitz St Al El Ben Bin Abu Ibn Bou"
)
#: Endings of surnames and places that are also words: ``Michaelson``, ``Sowell``, ``Millbrook``.
NAME_ENDINGS = word_set(
    "son sen man men ton berg burg stein ford field wood well ley ville land worth brook stone water "
    "bridge dale more by ham wick mouth port is us"
)
#: Capitalised function words that start a clause; fused to a name they mark a lost boundary.
CLAUSE_OPENERS = word_set("The A An This That These Those He She It They We His Her Their Its Our There")
#: Words that open an introductory phrase, after which the main clause takes a comma.
INTRODUCERS = word_set(
    "At In On Under After Before Following According Amid Amidst Despite With Without During Upon For As "
    "Since While When Although Though Because If Unlike Like Through Across From By Per"
)
SENTENCE_END_RE = re.compile(r"(?<=[.!?])['’\"”)]*\s+")
#: A dateline before the first sentence: ``WASHINGTON —``, ``Kyiv, Ukraine –``.
DATELINE_RE = re.compile(r"^[A-Z][A-Za-z .,]{0,40}?\s[—–]\s")
CASE_BOUNDARY_RE = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z]{2})(?=[a-z])")


@dataclass(frozen=True, slots=True)
class Split:
    """One way to cut a token: ``token[:at]`` and ``token[at:]``, with its score."""

    at: int
    score: float
    code: str
    confidence: float
    why: str


class MergesStage(Stage):
    name = "merges"
    rules = RULES
    english_only = True

    def propose(self, doc: Document) -> Iterator[Edit]:
        if not (doc.wants("M101") or doc.wants("M102")):
            return
        vocab = doc.vocabulary
        lexicon = doc.lexicon
        frequencies = lexicon.frequencies
        floor = 10 ** (KNOWN_ZIPF - 9)
        for form in vocab.unknown_forms(lexicon):
            if vocab.counts[form] > 1 or len(form) < 4 or form.isupper() or not form.isalpha():
                continue
            if frequencies.get(form.lower(), 0.0) >= floor:
                continue
            for start, end in vocab.occurrences(form):
                split = _best_split(form, starts_sentence(doc.text, start), lexicon, vocab)
                if split is not None:
                    yield from _edits(doc, start, end, split)


def _best_split(form: str, sentence_start: bool, lexicon: Lexicon, vocab: Vocabulary) -> Split | None:
    boundaries = [m.start() for m in CASE_BOUNDARY_RE.finditer(form)]
    if len(boundaries) > 1:
        return None  # several humps: an identifier or a brand, not two words
    whole = max(lexicon.zipf(form), UNSEEN_ZIPF)  # the token itself occurs once: no evidence
    if boundaries:
        return None if whole >= WHOLE_ZIPF else _case_split(form, boundaries[0], whole, lexicon, vocab)
    if form[1:].islower():
        return _run_split(form, sentence_start, whole, lexicon, vocab)
    return None


def _case_split(form: str, at: int, whole: float, lexicon: Lexicon, vocab: Vocabulary) -> Split | None:
    """``BidenThe``, ``thePentagon``, ``NATOallies``, ``USThe``: the cut sits at the case change.

    Two capitalised halves (``FoodCorps``, ``PowerPoint``) are how brands are spelled, so
    they split only before a clause opener or a very common word (``BidenThe``,
    ``KirbySaid``), or when the article writes the two words apart elsewhere.
    """
    options = [at]
    if form[at].islower():  # an acronym then lower case: NATO|allies or US|The
        options.append(at - 1)
    best: Split | None = None
    for cut in options:
        left, right = form[:cut], form[cut:]
        if len(left) < 2 or len(right) < 2 or left in NAME_PREFIXES or right.isupper():
            continue
        score = _zipf(left, lexicon, vocab) + _zipf(right, lexicon, vocab) - 9 - whole
        if left.isupper() and right.islower():
            if lexicon.zipf(right) < LOWER_PART_ZIPF or score < ACRONYM_MARGIN:
                continue
            split = Split(cut, score, "M101", 0.85, f"split {left}|{right}: acronym fused to a word")
        elif score < CAMEL_MARGIN or not right[0].isupper():
            continue
        elif left.islower():
            if lexicon.zipf(left) < LOWER_PART_ZIPF:
                continue
            split = Split(cut, score, "M101", 0.9, f"split {left}|{right} at the change of case")
        elif right in CLAUSE_OPENERS or lexicon.zipf(right) >= COMMON_TAIL_ZIPF or _written_apart(left, right, vocab):
            split = Split(cut, score, "M101", 0.9, f"split {left}|{right} at the change of case")
        else:
            continue
        if best is None or split.score > best.score:
            best = split
    return best


def _written_apart(left: str, right: str, vocab: Vocabulary) -> bool:
    """Whether the article also writes ``left right`` as two words."""
    return bool(vocab.counts.get(left) and vocab.counts.get(right) and re.search(rf"\b{left}\s+{right}\b", vocab.text))


def _run_split(form: str, sentence_start: bool, whole: float, lexicon: Lexicon, vocab: Vocabulary) -> Split | None:
    """``Kirbysaid``, ``presidentsaid``: try every cut, keep the likeliest if it clearly wins."""
    capitalised = form[0].isupper()
    scored: list[tuple[float, int]] = []
    for cut in range(1, len(form) - 1):
        left, right = form[:cut], form[cut:]
        right_zipf = _zipf(right, lexicon, vocab)
        if not right_zipf:
            continue  # most cuts of an unknown word leave no word on the right: skip the pair look-up
        pair = lexicon.bigram(left, right) > 0 and not (left in "aA" and lexicon.zipf(right) >= FUNCTION_WORD_ZIPF)
        left_zipf = _zipf(left, lexicon, vocab, pair)
        if not left_zipf:
            continue
        scored.append((left_zipf + right_zipf - 9 - whole + (BIGRAM_BONUS if pair else 0.0), cut))
    if not scored:
        return None
    scored.sort(reverse=True)
    score, cut = scored[0]
    left, right = form[:cut], form[cut:]
    runner_up = scored[1][0] if len(scored) > 1 else -math.inf
    named_here = capitalised and _named_here(left, vocab)
    if named_here or (capitalised and not (sentence_start and lexicon.zipf(left) >= COMMON_HEAD_ZIPF)):
        # A name and the word after it: Kirbysaid, Austinrecommended.
        right_zipf, left_zipf = lexicon.zipf(right), lexicon.zipf(left)
        if right not in lexicon.dictionary or right in NAME_ENDINGS or (len(right) < 3 and right_zipf < COMMON_TAIL_ZIPF):
            return None
        if named_here and score >= NAMED_MARGIN:
            why, confidence = f"split {left}|{right}: the article names {left}", 0.9
        elif right_zipf >= COMMON_TAIL_ZIPF and NAME_ZIPF <= left_zipf < COMMON_TAIL_ZIPF and score >= CAPITALISED_MARGIN:
            why, confidence = f"split {left}|{right}: {right!r} is a common word", 0.85
        else:
            return None
    else:
        # Two common words, the first perhaps capitalised at a sentence start: Thecrane, presidentsaid.
        if score < LOWER_MARGIN or not (_common_part(left, lexicon) and _common_part(right, lexicon)):
            return None
        if left.lower() in BOUND_PREFIXES:
            return None
        typo = best_correction(form.lower(), lexicon)
        if typo is not None and typo[0] >= score + whole:
            return None  # a slip within the word explains it better: transiton, anbd
        why, confidence = f"split {left}|{right}: two common words", 0.85
    if score - runner_up < AMBIGUITY:
        left2 = scored[1][1]
        return Split(cut, score, "M102", 0.5, f"{why}; or {form[:left2]}|{form[left2:]}")
    return Split(cut, score, "M102", confidence, why)


def _common_part(word: str, lexicon: Lexicon) -> bool:
    """A dictionary word, common enough; two letters only for function words (``in``, not ``bd``)."""
    zipf = lexicon.zipf(word)
    if word in ("I", "a", "A"):
        return True  # a single letter got past _zipf only as I or as an article before a common pair
    return word.lower() in lexicon.dictionary and zipf >= (SHORT_PART_ZIPF if len(word) <= 2 else LOWER_PART_ZIPF)


def _named_here(word: str, vocab: Vocabulary) -> bool:
    """A capitalised word the article uses on its own and never in lower case: a name."""
    return bool(vocab.counts.get(word)) and word.lower() not in vocab.counts


def _zipf(word: str, lexicon: Lexicon, vocab: Vocabulary, article: bool = False) -> float:
    """How common a word is, here or in English, whichever is more; 0 for a non-word.

    A single letter is a word only as ``I``, or as the article ``a`` before a word it is
    often seen with (``a former``, never ``a and``).
    """
    if len(word) == 1 and word != "I" and not (article and word in "aA"):
        return 0.0
    if not word[0].isupper():
        return lexicon.zipf(word)  # a common word's rate here says nothing about a merge
    return max(lexicon.zipf(word), _document_zipf(word, vocab))


def _document_zipf(word: str, vocab: Vocabulary) -> float:
    rate = vocab.rate(word) * DOCUMENT_WEIGHT
    return math.log10(rate) + 9 if rate else 0.0


def _edits(doc: Document, start: int, end: int, split: Split) -> Iterator[Edit]:
    text = doc.text
    if in_code(text, start, end):
        return
    at = start + split.at
    right = text[at:end]
    if right in CLAUSE_OPENERS and doc.wants("M103") and _after_introduction(text, start):
        message = f"{split.why}; comma after the introductory phrase"
        yield Edit(at, at + 1, ", " + right[0].lower(), "M103", split.confidence, message)
    else:
        yield Edit(at, at, " ", split.code, split.confidence, split.why)


def _after_introduction(text: str, start: int) -> bool:
    """Whether the sentence so far is one introductory phrase (``At the request of Joe``)."""
    line_start = text.rfind("\n", 0, start) + 1
    sentence = DATELINE_RE.sub("", SENTENCE_END_RE.split(text[line_start:start])[-1])
    words = sentence.split()
    return bool(words) and words[0] in INTRODUCERS and not any(mark in sentence for mark in ',;:—–()"“”')
