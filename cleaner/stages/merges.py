"""Words merged where a space was lost: ``Kirbysaid``, ``BidenThe``, ``NATOallies``.

HTML-to-text conversion drops the space where a link, a bold run, a heading or a line
ended, so a name and the next word fuse, and so do a headline and the text after it, a
source name and its headline, a venue and its city. Only a token that neither English
nor the rest of the article knows is a candidate. Each cut into two words is scored as a
unigram language model would: ``log P(left) + log P(right)`` against ``log P(whole)``,
where ``P`` is the larger of the English frequency and the word's rate in this very
article (a name the article uses ten times is common *here*).

English also makes new words by joining two (``Trumpworld``, ``monthslong``, ``PalmOne``),
so a likely split is not enough: each token shape needs a second witness that a space
was lost.

- A case change inside a word (``BidenThe``, ``movieContagion``, ``NATOallies``). Two
  capitalised halves are how brands are spelled (``PowerPoint``, ``PetroChina``), so they
  split only before a clause opener (``StatementThe``), a word the article writes apart
  from the first elsewhere, a name the article uses (``ReutersWalmart``), or a name or verb
  rather than a noun (``CenterTulsa``, ``KirbySaid``): nouns are what compounds end in, and
  English rarely writes ``the Tulsa`` or ``the said``. A year fused to a capitalised word
  (``2018Issued``) is a lost line break.
- A capitalised run (``Toledosaid``) must be a name followed by a verb or a function word,
  never a noun (``Joering``, ``Trumpworld``, ``Applecare`` stay).
- An all-lower-case run (``withhis``) must split into two common words far likelier
  than the whole; a word and a noun only when English writes them as a pair
  (``milliondollars``), since ``monthslong`` is how compounds are made.

Brand and name shapes (``iPhone``, ``McDonald``, ``DeSantis``) and code-like tokens are
never split; a split that a typo explains almost as well (``atrained``: ``a trained`` or
``attained``?) is reported. Thresholds live in ``MergeSettings``.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import compress, repeat, takewhile
from operator import itemgetter, not_

from cleaner.edits import Edit, Rule
from cleaner.lexicon import BOUND_PREFIXES, KNOWN_ZIPF, Lexicon, Vocabulary, in_code, word_set
from cleaner.stages.base import ONCE, Document, Stage
from cleaner.stages.spelling import convincing_correction
from cleaner.text import starts_sentence, word_after

RULES = (
    Rule(
        "M101",
        "case-boundary-merge",
        "merges",
        "Two words fused at a change of case.",
        "KirbySaid → Kirby Said; NATOallies → NATO allies; CenterTulsa → Center Tulsa",
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


@dataclass(frozen=True, slots=True)
class MergeSettings:
    """Every threshold and confidence of the merges stage, in one place.

    Scores are log10 on the Zipf scale. After each value, why it is what it is and the run
    that set it: *q3* is ``bench.quality`` when the stage was first tuned (issue 3; values
    kept since); *r10* is ``bench.real`` (real-dev) with ``bench.quality`` for issue 10, where
    real-dev merge_case F0.5 went from 0.526 to 0.810, merge_lower from 0.809 to 0.972 and
    merge_name from 0.556 to 0.962 with no false split left in the controls, and
    bench.quality's merge classes stayed where they were.
    """

    # -- which tokens are words already --
    #: A whole token this common is a word however it splits; with a case change inside, brands
    #: (``DeSantis`` 2.4) are spelled that way on purpose (q3).
    whole_zipf: float = 2.0
    #: A capitalised run the web writes this often is a name or a word (``Markoff``, ``Drawdown``) unless the
    #: article names its first part (r10: without it quality merged-name P 1.000 → 0.949).
    attested_zipf: float = 1.0
    #: Zipf of a token nobody has seen (q3).
    unseen_zipf: float = 0.0
    #: The article's own rate of a capitalised word counts at this weight against English frequency (q3).
    document_weight: float = 0.1
    # -- how much likelier the two words must be than the whole (log10), per token shape --
    #: ``movieContagion``: a lower-case word before a capital is evidence in itself (r10: 0 → -1.5 took
    #: real merge_case 0.792 → 0.810).
    lower_camel_margin: float = -1.5
    #: ``NATOallies`` (q3).
    acronym_margin: float = -1.5
    #: ``Kirbysaid`` when the article names Kirby (q3).
    named_margin: float = 0.0
    #: ``Toledosaid``: a known name before a verb or a function word; the noun test guards it (r10: 1.0 → 0
    #: took real merge_name 0.833 → 0.962; 0.5 gives 0.909).
    capitalised_margin: float = 0.0
    #: ``moderatorfor``, ``bothmet``: a word and a function word or a verb (r10: 1.5 → 1.0 took real
    #: merge_lower 0.956 → 0.972).
    lower_margin: float = 1.0
    #: ``milliondollars``: a word and a noun, only as a pair English writes (q3).
    content_margin: float = 1.5
    #: Added when English commonly writes the two parts side by side (``a former``, ``in our``; q3).
    bigram_bonus: float = 1.0
    # -- apply or report --
    #: A second valid split within this much of the best makes the token ambiguous: reported (q3).
    ambiguity: float = 2.0
    #: A convincing slip that explains the token within this much of the split makes it a close call:
    #: reported (``atrained``: ``a trained`` or ``attained``?; r10: 0 → 2 removed a wrong repair; boundary tested).
    typo_ambiguity: float = 2.0
    # -- what a part must be --
    #: A capitalised first part must be at least this common to pass for a known name (q3).
    name_zipf: float = 3.0
    #: A capitalised first part this common is an ordinary word at a sentence start, not a name (q3).
    common_head_zipf: float = 4.5
    #: After a name, a word at least this common (and not a noun) follows a lost space (r10: 5.8 → 3.0 with
    #: the noun test; 4.5 loses 2 quality merged-name repairs, ``Administrationbelieves``).
    tail_zipf: float = 3.0
    #: Each part of an all-lower-case run must be at least this common (q3).
    lower_part_zipf: float = 3.0
    #: The first of two capitalised halves: any known form (``McNair`` 2.8, ``Cultura`` 2.4) before a name
    #: (r10: 3.0 would lose 2 real merge_case repairs).
    case_left_zipf: float = 2.0
    #: The second of two capitalised halves, when only English statistics call it a name or a verb (r10).
    case_right_zipf: float = 3.0
    #: Words this common are function words: ``a for`` is no phrase, and they do not make compounds (q3).
    function_word_zipf: float = 6.0
    #: A part of one or two letters must be a function word this common (q3).
    short_part_zipf: float = 5.0
    #: A word English writes after ``the``/``a``/``an`` in more than this share of its pairs is a noun or an
    #: adjective, what compounds end in (``world`` 1.6, ``care`` 0.04, ``one`` 0.07), rather than a verb, a
    #: function word or a name (``said`` 0.026, ``Tulsa`` 0). r10: 0.02 loses a real merge_name repair,
    #: 0.05 adds a quality false split; boundary tested.
    noun_share: float = 0.03
    #: A run that splits off a single letter (``a``) must be this long: ``arap`` (Daniel arap Moi) stays
    #: (r10: 4 splits it).
    min_article_run: int = 5
    # -- confidences: the pipeline applies 0.8 and above --
    #: A case change and a second witness (q3).
    case_confidence: float = 0.9
    #: An acronym and a lower-case word (q3).
    acronym_confidence: float = 0.85
    #: A name the article uses and the word after it (q3).
    named_confidence: float = 0.9
    #: A run split on English statistics alone (q3).
    run_confidence: float = 0.85
    #: An ambiguous split or a close call with a typo: reported only (q3).
    report_confidence: float = 0.5


SETTINGS = MergeSettings()
#: Prefixes of names and brands before a capital: McDonald, DeSantis, MacBook, LeBron, FitzGerald.
NAME_PREFIXES = word_set(
    "Mc Mac De Di Da Du Del Della Des Dos La Le Les Lo Van Von Der Den Ten Ter Fitz St Al El Ben Bin Abu Ibn Bou"
)
#: Endings of surnames and places that are also words: ``Michaelson``, ``Sowell``, ``Millbrook``.
NAME_ENDINGS = word_set(
    "son sen man men ton berg burg stein ford field wood well ley ville land worth brook stone water "
    "bridge dale more by ham wick mouth port is us"
)
#: Forms ``Splitter.candidates`` screens at once. A word table still in pieces answers each look-up in
#: Python until a long text has asked enough of it; each batch takes the tables anew, at C speed once whole.
SCREEN_BATCH = 4096
#: The longest word English's word list holds (``supercalifragilisticexpialidocious``): no cut leaves a
#: longer word on the right, so ``run_split`` tries only the last cuts and its work per token stays bounded.
LONGEST_WORD = 34
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
#: A run: ASCII letters, four or more, lower case after the first (``Kirbysaid``, ``withhis``), the shape of
#: nearly every candidate; its cuts are screened in batches (``Splitter._cuttable_runs``).
RUN_RE = re.compile(r"[A-Za-z][a-z]{3,}")
CASE_BOUNDARY_RE = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z]{2})(?=[a-z])")
#: A year fused to the capitalised word after it: ``August 4, 2018Issued by``.
#: The boundary check sits after the first two digits (``(?<![…]..)``), not before them: a pattern that
#: opens with a look-behind is tried at every character, one that opens with a digit jumps between digits.
YEAR_FUSED_RE = re.compile(r"(?:1[89]|20)(?<![\w.,:/-]..)\d\d(?=([A-Z][a-z]{2,})(?![\w'’]))")


@dataclass(frozen=True, slots=True)
class Split:
    """One way to cut a token: ``token[:at]`` and ``token[at:]``, with its score."""

    at: int
    score: float
    code: str
    confidence: float
    why: str


@dataclass(frozen=True, slots=True)
class Token:
    """A candidate token where it stands: the form, whether it opens a sentence, the word after it."""

    form: str
    sentence_start: bool
    next_word: str | None


class MergesStage(Stage):
    name = "merges"
    rules = RULES
    english_only = True

    def __init__(self, settings: MergeSettings = SETTINGS) -> None:
        self.settings = settings

    def propose(self, doc: Document) -> Iterator[Edit]:
        if not (doc.wants("M101") or doc.wants("M102")):
            return
        vocab = doc.vocabulary
        lexicon = doc.lexicon
        splitter = Splitter(lexicon, vocab, self.settings)
        for form in doc.budget.metered(splitter.candidates(vocab.unknown_forms(lexicon))):
            for start, end in vocab.occurrences(form):
                token = Token(form, starts_sentence(doc.text, start), word_after(doc.text, end))
                split = splitter.best(token)
                if split is not None:
                    yield from _edits(doc, start, end, split)
        if doc.wants("M101"):
            yield from _fused_years(doc, self.settings)


class Splitter:
    """Finds the best split of one token, with the English and document knowledge it needs."""

    def __init__(self, lexicon: Lexicon, vocab: Vocabulary, settings: MergeSettings) -> None:
        self.lexicon = lexicon
        self.vocab = vocab
        self.settings = settings

    def candidates(self, forms: list[str]) -> Iterator[str]:
        """The forms ``best`` may split, in order: written once, four letters or more, not all capitals, all
        letters, rare in English as a whole, and passing ``may_split``; a run of ASCII letters (lower case
        after the first) only with a cut ``run_split`` could take (``_cuttable_runs``).

        A text of unknown words (a list of foreign names, random letters) holds some hundred thousand such
        forms per MB: each test runs over a batch of them at once at C speed, so only the rare forms of
        other shapes get ``may_split`` in Python, and only the few candidates are looked for in the text.
        """
        for at in range(0, len(forms), SCREEN_BATCH):
            yield from self._screened(forms[at : at + SCREEN_BATCH])

    def _screened(self, forms: list[str]) -> list[str]:
        """``candidates`` among one batch of forms, with the lexicon's tables as it hands them out now.

        The usual form, a run (``RUN_RE``), passes the tests of shape by its pattern; the frequency of the
        whole, a look-up that misses the cache, is asked only of the few that have a cut.
        """
        counts, frequencies = self.vocab.counts, self.lexicon.frequencies
        floor = 10 ** (KNOWN_ZIPF - 9)
        forms = list(compress(forms, map(ONCE, map(counts.__getitem__, forms))))
        runs = list(map(RUN_RE.fullmatch, forms))
        passing = self._cuttable_runs(list(compress(forms, runs)))
        others = compress(forms, map(not_, runs))
        passing.update(f for f in others if len(f) >= 4 and not f.isupper() and f.isalpha() and self.may_split(f))
        forms = list(compress(forms, map(passing.__contains__, forms)))
        return list(compress(forms, map(floor.__gt__, map(frequencies.get, map(str.lower, forms), repeat(0.0)))))

    def _cuttable_runs(self, runs: list[str]) -> set[str]:
        """The runs of ASCII letters, lower case after the first, with a cut that ``run_split`` could take.

        Its judges (``name_split``, ``words_split``) take a cut only with a dictionary word on the right
        (a tail ``word_cuts`` keeps: a frequency too) and, on the left, a word at least as common as the
        least a part must be, ``I``/``a``/``A``, or a form the article writes (a name here). One pass per
        tail length over the runs long enough for it tries the tails in the dictionary at C speed (the
        tails are never all held at once); only the few that are words get their left part looked at.
        """
        settings, lexicon, counts = self.settings, self.lexicon, self.vocab.counts
        frequencies, dictionary = lexicon.frequencies, lexicon.dictionary
        least = min(settings.name_zipf, settings.lower_part_zipf, settings.short_part_zipf)

        def may_lead(head: str) -> bool:
            return bool(counts.get(head)) or head in ("I", "a", "A") or lexicon.zipf(head) >= least

        runs.sort(key=len)
        lengths = list(map(len, runs))
        found: set[str] = set()
        longest = lengths[-1] if runs else 0
        for size in range(2, min(LONGEST_WORD, longest - 1) + 1):  # a tail leaves a letter on the left
            pool = runs[bisect_right(lengths, size) :]
            words = compress(pool, map(dictionary.__contains__, map(itemgetter(slice(-size, None)), pool)))
            found.update(form for form in words if frequencies.get(form[-size:]) and may_lead(form[:-size]))
        return found

    def may_split(self, form: str) -> bool:
        """False when ``best`` finds no split of ``form`` wherever it stands: a test on the form alone, before its places."""
        boundaries = _case_boundaries(form)
        if boundaries:
            return len(boundaries) == 1
        return form[1:].islower() and bool(self.word_cuts(form))

    def best(self, token: Token) -> Split | None:
        form = token.form
        boundaries = _case_boundaries(form)
        if len(boundaries) > 1:
            return None  # several humps: an identifier or a brand, not two words
        whole = max(self.lexicon.zipf(form), self.settings.unseen_zipf)  # the token itself occurs once: no evidence
        if boundaries:
            return None if whole >= self.settings.whole_zipf else self.case_split(form, boundaries[0], whole)
        if form[1:].islower():
            return self.run_split(token, whole)
        return None

    def case_split(self, form: str, at: int, whole: float) -> Split | None:
        """``BidenThe``, ``thePentagon``, ``NATOallies``, ``USThe``: the cut sits at the case change."""
        settings, lexicon = self.settings, self.lexicon
        options = [at]
        if form[at].islower():  # an acronym then lower case: NATO|allies or US|The
            options.append(at - 1)
        best: Split | None = None
        for cut in options:
            left, right = form[:cut], form[cut:]
            if len(left) < 2 or len(right) < 2 or left in NAME_PREFIXES or right.isupper():
                continue
            score = self.zipf(left) + self.zipf(right) - 9 - whole
            if left.isupper() and right.islower():
                if lexicon.zipf(right) < settings.lower_part_zipf or score < settings.acronym_margin:
                    continue
                split = Split(cut, score, "M101", settings.acronym_confidence, f"split {left}|{right}: acronym fused to a word")
            elif not right[0].isupper():
                continue
            elif left.islower():
                if lexicon.zipf(left) < settings.lower_part_zipf or not self.zipf(right) or score < settings.lower_camel_margin:
                    continue
                split = Split(cut, score, "M101", settings.case_confidence, f"split {left}|{right} at the change of case")
            else:
                why = self.lost_boundary(left, right)
                if why is None:
                    continue
                split = Split(cut, score, "M101", settings.case_confidence, f"split {left}|{right}: {why}")
            if best is None or split.score > best.score:
                best = split
        return best

    def lost_boundary(self, left: str, right: str) -> str | None:
        """Why two capitalised halves are two words, not a brand (``PowerPoint``), or None."""
        settings, lexicon, vocab = self.settings, self.lexicon, self.vocab
        if right in CLAUSE_OPENERS:
            return f"{right!r} opens a clause"
        if vocab.written_apart(left, right):
            return "the article writes them apart"
        if self.zipf(left) < settings.case_left_zipf or left.lower() in BOUND_PREFIXES:
            return None  # TransCanada, PetroChina: a prefix makes a brand
        if right in vocab.names:
            return f"the article names {right}"  # capitalised mid-sentence, never in lower case: Apple, Target
        if self.is_noun(right):
            return None  # a brand: a word before a noun (PalmOne, PowerPoint)
        if vocab.counts.get(right) and not vocab.counts.get(right.lower()):
            return f"the article names {right}"
        if lexicon.zipf(right) >= settings.case_right_zipf and lexicon.article_share(right) is not None:
            return f"{right!r} is a name or a verb, not a noun"
        return None

    def is_noun(self, word: str, unknown: bool = False) -> bool:
        """Whether English writes ``word`` after an article often enough to be a noun or an adjective.

        A plural the pair counts do not know is judged by its singular; a word they do not know
        at all is a noun when ``unknown`` says so.
        """
        share = self.lexicon.article_share(word)
        if share is None and word.endswith("s"):
            share = self.lexicon.article_share(word[:-1])
        return unknown if share is None else share > self.settings.noun_share

    def is_verb_or_function_word(self, word: str) -> bool:
        """A word that follows a name in a sentence: a verb form or a function word, not a noun."""
        if self.lexicon.article_share(word) is None:
            return False
        if word.endswith("ed") and self.lexicon.inflection_stem(word) is not None:
            return True  # recommended: "the recommended dose" makes it look like an adjective
        return not self.is_noun(word)

    def run_split(self, token: Token, whole: float) -> Split | None:
        """``Kirbysaid``, ``presidentsaid``: try every cut, keep the likeliest if it clearly wins."""
        settings, lexicon = self.settings, self.lexicon
        form = token.form
        capitalised = form[0].isupper()
        scored: list[tuple[float, int]] = []
        for cut in self.word_cuts(form):
            left, right = form[:cut], form[cut:]
            right_zipf = self.zipf(right)
            if not right_zipf:
                continue
            pair = lexicon.bigram(left, right) > 0 and not (left in "aA" and lexicon.zipf(right) >= settings.function_word_zipf)
            left_zipf = self.zipf(left, pair)
            if not left_zipf:
                continue
            scored.append((left_zipf + right_zipf - 9 - whole + (settings.bigram_bonus if pair else 0.0), cut))
        if not scored:
            return None
        scored.sort(reverse=True)
        score, cut = scored[0]
        as_name = capitalised and (
            self.named_here(form[:cut]) or not (token.sentence_start and lexicon.zipf(form[:cut]) >= settings.common_head_zipf)
        )

        def judge(split_score: float, at: int) -> tuple[str, float] | None:
            """Why the cut at ``at`` is a lost space, with its confidence, or None."""
            left, right = form[:at], form[at:]
            if as_name:
                return self.name_split(token, left, right, split_score, whole, self.named_here(left))
            return self.words_split(token, left, right, split_score)

        found = judge(score, cut)
        if found is None:
            return None
        why, confidence = found
        if not as_name:
            typo = convincing_correction(form.lower(), lexicon)
            if typo is not None and typo[0] >= score + whole:
                return None  # a slip within the word explains it better: transiton, anbd
            if typo is not None and typo[0] >= score + whole - settings.typo_ambiguity:
                why, confidence = f"{why}; or a slip of {typo[1]!r}", settings.report_confidence
        close = takewhile(lambda pair: score - pair[0] < settings.ambiguity, scored[1:])
        rival = next((other for rival_score, other in close if judge(rival_score, other)), None)
        if rival is not None:
            why, confidence = f"{why}; or {form[:rival]}|{form[rival:]}", settings.report_confidence
        return Split(cut, score, "M102", confidence, why)

    def word_cuts(self, form: str) -> list[int]:
        """The cuts of a run (``form[1:]`` in lower case) that leave a word on the right, or none at all when
        none leaves a dictionary word there: whichever cut scores best, ``name_split`` and ``words_split`` want one.
        """
        frequencies, dictionary = self.lexicon.frequencies, self.lexicon.dictionary
        places = range(max(1, len(form) - LONGEST_WORD), len(form) - 1)
        # Most cuts of an unknown word leave no word on the right: one look-up each weeds them out, in C. In
        # ASCII the tails of the lower-cased form are the lower-cased tails (elsewhere lower() may change lengths).
        if form.isascii():
            lowered = form.lower()
            tails = [lowered[cut:] for cut in places]
        else:
            tails = [form[cut:].lower() for cut in places]
        cuts = list(compress(places, map(frequencies.get, tails)))
        return cuts if any(form[cut:] in dictionary or form[cut:].lower() in dictionary for cut in cuts) else []

    def name_split(
        self, token: Token, left: str, right: str, score: float, whole: float, named_here: bool
    ) -> tuple[str, float] | None:
        """A name and the word after it (``Kirbysaid``, ``Toledosaid``), or None; never a name and a noun."""
        settings, lexicon = self.settings, self.lexicon
        right_zipf, left_zipf = lexicon.zipf(right), lexicon.zipf(left)
        if right not in lexicon.dictionary or not self.is_verb_or_function_word(right):
            return None
        next_word = token.next_word
        fits_next = bool(next_word and lexicon.bigram(right, next_word))
        if right in NAME_ENDINGS and not fits_next:
            return None  # Michaelis, Davidson: a name ending that is also a word needs the next word to fit it
        if named_here and score >= settings.named_margin:
            return f"split {left}|{right}: the article names {left}", settings.named_confidence
        if len(left) < 3:
            return None  # Seper: two letters are a name only when the article uses them alone (Xi)
        if len(right) < 3 and not (fits_next or (next_word and next_word[0].isupper())):
            return None  # Bredon said: a short ending needs the next word to fit it (Swiftis trying, Departmentof Homeland)
        if whole >= settings.attested_zipf:
            return None  # Markoff, Drawdown: a form the web writes is a name or a word
        if right_zipf >= settings.tail_zipf and left_zipf >= settings.name_zipf and score >= settings.capitalised_margin:
            return f"split {left}|{right}: a name and {right!r}", settings.run_confidence
        return None

    def words_split(self, token: Token, left: str, right: str, score: float) -> tuple[str, float] | None:
        """Two common words, the first perhaps capitalised at a sentence start (``Thecrane``, ``withhis``), or None."""
        settings, lexicon = self.settings, self.lexicon
        if not (self.common_part(left) and self.common_part(right)):
            return None
        if len(left) == 1 and len(token.form) < settings.min_article_run:
            return None  # arap: a short word is a coincidence of letters
        if right == "in" and lexicon.is_word(left + "ing"):
            return None  # wonderin, knowin: a dropped g, as speech is written
        function = max(lexicon.zipf(left), lexicon.zipf(right)) >= settings.function_word_zipf
        if left.lower() in BOUND_PREFIXES and not lexicon.zipf(right) >= settings.function_word_zipf:
            return None  # overreach is a word; overits is over|its
        if function or not self.is_noun(right, unknown=True):
            if score < settings.lower_margin:
                return None  # withhis, bothmet, meagerconsidering
        elif score < settings.content_margin or not (
            lexicon.bigram(left, right) or self.vocab.written_apart(left.lower(), right)
        ):
            return None  # monthslong, upcomingfigure: a word and a noun join into compounds
        return f"split {left}|{right}: two common words", settings.run_confidence

    def common_part(self, word: str) -> bool:
        """A dictionary word, common enough; two letters only for function words (``in``, not ``bd``)."""
        lexicon = self.lexicon
        zipf = lexicon.zipf(word)
        if word in ("I", "a", "A"):
            return True  # a single letter got past zipf only as I or as an article before a common pair
        limit = self.settings.short_part_zipf if len(word) <= 2 else self.settings.lower_part_zipf
        return word.lower() in lexicon.dictionary and zipf >= limit

    def named_here(self, word: str) -> bool:
        """A capitalised word the article uses on its own and never in lower case: a name."""
        return bool(self.vocab.counts.get(word)) and word.lower() not in self.vocab.counts

    def zipf(self, word: str, article: bool = False) -> float:
        """How common a word is, here or in English, whichever is more; 0 for a non-word.

        A single letter is a word only as ``I``, or as the article ``a`` before a word it is
        often seen with (``a former``, never ``a and``).
        """
        if len(word) == 1 and word != "I" and not (article and word in "aA"):
            return 0.0
        if not word[0].isupper():
            return self.lexicon.zipf(word)  # a common word's rate here says nothing about a merge
        rate = self.vocab.rate(word) * self.settings.document_weight
        return max(self.lexicon.zipf(word), math.log10(rate) + 9 if rate else 0.0)


def _case_boundaries(form: str) -> list[int]:
    """Where the case changes inside ``form`` (``Biden|The``, ``NATO|allies``), past a name prefix (``McDonald``).

    Every boundary needs a capital after the first letter: most forms have none, and a string test says so.
    """
    if form[1:].islower():
        return []
    return [m.start() for m in CASE_BOUNDARY_RE.finditer(form) if form[: m.start()] not in NAME_PREFIXES]


def _fused_years(doc: Document, settings: MergeSettings) -> Iterator[Edit]:
    """``2018Issued``: a year and the capitalised word after it, where a heading line ended."""
    spans = doc.focus if doc.focus is not None else ((0, len(doc.text)),)
    for match in (m for start, end in spans for m in YEAR_FUSED_RE.finditer(doc.text, start, end)):
        word = match[1]
        if word.lower() in doc.lexicon.dictionary and doc.lexicon.zipf(word) >= settings.lower_part_zipf:
            at = match.end()
            yield Edit(at, at, " ", "M101", settings.case_confidence, f"split {match[0]}|{word}: a year fused to a word")


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
