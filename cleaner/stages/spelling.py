"""Non-word typos: ``sicne`` → ``since``, ``recieve`` → ``receive``.

Only a lower-case token that is not a word gets candidates (or a capitalised one: to a
word the article capitalises, or in a title-case headline to a common word): not in the
dictionary, rare in English, not used twice in the article, not a word of French,
Spanish, German, Italian or Portuguese, and not in a run of other unknown words (a
foreign phrase). Its candidates are common dictionary words within two edits, a swap of
two letters counting as one. Each is scored by a noisy channel: how common the word is,
how likely the slip (a swap or a doubled letter is likelier than any other single edit,
which is far likelier than two; a slip in the first letter is rare), and whether the
neighbouring words fit it.

English gains words faster than word lists do, so an unknown word is a finding unless
the evidence for a slip is overwhelming. The best candidate is applied only when it
clearly beats the runner-up *and* the slip is one that writers make and new words are
not made of (``doubt``, tuned in ``SpellingSettings``): two letters swapped or a letter
doubled (``sicne``, ``occured``), a letter dropped inside a word (``goverment``), a finger
on the next key in a function word (``andf``), or one other slip inside a long word
nobody writes (``invitiation``). A letter added to or changed at the front of a word is
how blends and coinages are made (``sextortion``, ``vlogger``, ``bromance``), a short word
has too many neighbours (``rizz``, ``nepo``), a word the web already writes is usually
meant (``hangry``), two joined words are a compound (``toolset``), and a word that lost an
accented letter (``protg`` for protégé) is no slip of the keyboard: all of these are
reported, never corrected.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from cleaner.budget import MB
from cleaner.edits import Edit, Rule
from cleaner.lexicon import (
    Lexicon,
    Vocabulary,
    deletions_within_two,
    edit_distance,
    foreign_zipf,
    in_code,
)
from cleaner.stages.base import Document, Stage
from cleaner.text import in_title_case_line, starts_sentence, word_after, word_before

RULES = (
    Rule(
        "S101",
        "non-word",
        "spelling",
        "A misspelled word corrected to the likeliest common word within two edits.",
        "sicne → since; recieve → receive",
    ),
)


@dataclass(frozen=True, slots=True)
class SpellingSettings:
    """Every threshold and confidence of the spelling stage, in one place.

    Scores are log10 on the Zipf scale of the word prior. After each value, why it is what
    it is and the run that set it: *q3* is ``bench.quality`` when the stage was first tuned
    (issue 3; values kept since); *r10* is ``bench.real`` (real-dev) with ``bench.quality``
    for issue 10, where the change took real-dev typo_nonword F0.5 from 0.893 to 0.952 and
    stopped every coinage edit, at a cost to bench.quality typo (0.954 → 0.909).
    """

    # -- the noisy channel: how unlikely each kind of slip is (log10 costs) --
    #: A swap of two letters or a doubled letter: the commonest slips (q3).
    swap_or_double_cost: float = 0.3
    #: A dropped letter (q3).
    omission_cost: float = 0.7
    #: Any other single edit (q3).
    one_edit_cost: float = 1.0
    #: Two edits (q3).
    two_edit_cost: float = 3.5
    #: Writers seldom miss the first letter, new words often differ there (``vlogger``): ranks ``heightened``
    #: over ``tightened`` for ``hightened`` (r10: real typo_nonword 0.952 → 0.966, quality typo 59 → 62 fixed).
    first_letter_cost: float = 1.0
    # -- evidence from the text --
    #: The article uses the candidate elsewhere (q3).
    document_bonus: float = 0.5
    #: A neighbouring word forms a common pair with the candidate (q3).
    context_bonus: float = 1.0
    # -- apply or report: the winner's lead over the runner-up --
    #: Lead needed to apply at ``margin_confidence`` (q3; r10: 0.8 would fix 3 more quality typos, no real
    #: ones; boundary tested).
    margin: float = 1.0
    #: Lead needed for full confidence (q3).
    sure_margin: float = 2.0
    #: Tokens this short have many neighbours ... (q3)
    short: int = 4
    #: ... so their lead shrinks by this much, unless the slip is a swap (q3; r10: ``teh``).
    short_penalty: float = 0.5
    #: A correction one edit away must be this much (log10) more common than the token, which may be a
    #: rare word (q3).
    gain_one: float = 1.0
    #: The same for two edits (q3).
    gain_two: float = 2.0
    #: A capitalised token may be a name the web knows (``Al Saud``): its correction must gain more (q3).
    capital_gain: float = 1.0
    #: A capitalised non-word at a sentence start may become a word at least this common (``Wew`` → ``We``; q3).
    opener_zipf: float = 6.0
    #: A capitalised non-word in a title-case headline may become a word at least this common: names are
    #: capitalised too (``Joering`` is not ``Jeering``), ``Demonstation`` is ``Demonstration`` (r10).
    headline_zipf: float = 4.0
    #: Shorter tokens are left alone (q3).
    min_length: int = 3
    # -- apply or report: is the slip convincing? (``doubt``) --
    #: A doubled or undoubled letter is a slip only in a word this long: ``yeet`` is slang, not ``yet``
    #: (r10: 4 would fix one more quality typo).
    min_doubling_length: int = 5
    #: A letter dropped inside a word is a slip only in a word this long (r10: 5 → 4 fixed 2 more quality
    #: typos, ``grup``, ``Stae``; ``caf`` for café stays).
    min_omission_length: int = 4
    #: A changed or added letter is a slip only in a word this long: shorter ones have too many neighbours
    #: and include slang (``rizz``, ``nepo``) and words that lost an accented letter (``protg``); r10.
    min_free_length: int = 6
    #: A token the web writes at least this often (Zipf) is a word to someone: a changed or added consonant does
    #: not correct it (``hangry``, ``chonky``, ``detrain``, ``bowtie``), an unstressed vowel does (``seperate``,
    #: ``arguement``), and so do swaps, doublings and dropped letters (``recieve``, ``goverment``). r10: every
    #: real slip in real-dev is unseen (Zipf 0); no benchmark change, it keeps coinages (boundary tested).
    attested_zipf: float = 1.0
    #: A candidate this common is a function word (``the``, ``and``, ``with``) ... (r10)
    function_word_zipf: float = 6.0
    #: ... and a token one slip from it that the web writes less often than this is a typo of it however short,
    #: if the slip is strong or a finger on the next key (``andf``, ``tjat``); ``thot`` (2.7), ``thx`` (3.2) and
    #: ``itsy`` (y is no neighbour of s) are kept (r10: quality typo recall 0.41 → 0.67; boundary tested).
    function_word_slip_zipf: float = 2.5
    #: A token this common in another language is a foreign word (q3).
    foreign_zipf: float = 4.0
    # -- bounded work (issue 13) --
    #: Unknown forms searched for candidates per MB of text (a shorter text gets as many): news has some 740
    #: per MB (the 200 corpus articles), a MB of random non-words 120,000, each search a few hundred µs.
    #: The rest are left unsearched and one finding says so; no benchmark text reaches it (the most: 20 KB of
    #: random non-words, 2,652).
    searches_per_mb: int = 3_000
    # -- confidences: the pipeline applies 0.8 and above --
    #: One edit, clear lead, convincing slip (q3).
    sure_confidence: float = 0.9
    #: Two edits that are doublings (``tommorow``), clear lead (q3).
    sure_two_edit_confidence: float = 0.85
    #: A lead of at least ``margin``: applied, at the threshold (q3).
    margin_confidence: float = 0.8
    #: A close call or an unconvincing slip: reported only (q3; r10).
    report_confidence: float = 0.5


SETTINGS = SpellingSettings()
#: The longest English function word (``through``, ``because``, ``between``).
LONGEST_FUNCTION_WORD = 7
DOUBLED_RE = re.compile(r"(.)\1+")
#: Vowels that sound alike in an unstressed syllable, so writers mix them up (``seperate``, ``definately``).
UNSTRESSED = frozenset("aei")
#: Text that holds a whole first syllable: consonants, vowels, then a consonant.
FIRST_SYLLABLE_RE = re.compile(r"[^aeiouy]*[aeiouy]+[^aeiouy]")


@dataclass(frozen=True, slots=True)
class Slip:
    """How a token differs from a candidate word: the kind of slip, and whether it touched the
    first letter or the last (a letter added after, or dropped from, the end of the word)."""

    kind: str  # one of SLIP_KINDS
    first: bool = False
    last: bool = False
    #: One of a, e, i written for another after the first syllable: ``seperate``, ``definately``.
    schwa: bool = False
    #: The letter added or written instead (insertions and substitutions).
    letter: str = ""
    #: That letter's key touches the key of the letter it replaced or of a letter beside it: ``andf``, ``tge``.
    fat_finger: bool = False


SWAP, DOUBLE, OMISSION, INSERTION, SUBSTITUTION, TWO = "swap", "double", "omission", "insertion", "substitution", "two"
SLIP_KINDS = (SWAP, DOUBLE, OMISSION, INSERTION, SUBSTITUTION, TWO)
#: Slips common enough to outweigh a token's reading as two joined words.
STRONG_SLIPS = frozenset((SWAP, DOUBLE, OMISSION))
VOWELS = frozenset("aeiou")


def _key_neighbours(rows: tuple[str, ...] = ("qwertyuiop", "asdfghjkl", "zxcvbnm")) -> dict[str, str]:
    """The keys around each letter key of a QWERTY keyboard (each row sits half a key right of the one above)."""
    around: dict[str, set[str]] = {key: set() for row in rows for key in row}
    for upper, lower in itertools.pairwise(rows):
        for i, key in enumerate(lower):
            for above in upper[i : i + 2]:
                around[key].add(above)
                around[above].add(key)
    for row in rows:
        for left, right in itertools.pairwise(row):
            around[left].add(right)
            around[right].add(left)
    return {key: "".join(sorted(keys)) for key, keys in around.items()}


KEY_NEIGHBOURS = _key_neighbours()


def slip_between(form: str, candidate: str) -> Slip:
    """The slip that turns ``candidate`` into ``form`` (both lower case, at most two edits apart).

    >>> slip_between("sicne", "since").kind, slip_between("occured", "occurred").kind, slip_between("tommorow", "tomorrow").kind
    ('swap', 'double', 'double')
    >>> slip_between("goverment", "government").kind, slip_between("sextortion", "extortion").first
    ('omission', True)
    >>> slip_between("vlogger", "blogger").first, slip_between("cancern", "cancer").last, slip_between("doxxing", "doing").kind
    (True, True, 'two')
    >>> slip_between("seperate", "separate").schwa, slip_between("hangry", "hungry").schwa
    (True, False)
    >>> slip_between("andf", "and").fat_finger, slip_between("tge", "the").fat_finger, slip_between("itsy", "its").fat_finger
    (True, True, False)
    """
    if len(form) == len(candidate):
        diffs = [i for i, (a, b) in enumerate(zip(form, candidate, strict=True)) if a != b]
        if len(diffs) == 1:
            at = diffs[0]
            schwa = form[at] in UNSTRESSED and candidate[at] in UNSTRESSED and bool(FIRST_SYLLABLE_RE.match(form, 0, at))
            fat_finger = candidate[at] in KEY_NEIGHBOURS.get(form[at], "")
            return Slip(SUBSTITUTION, first=at == 0, schwa=schwa, letter=form[at], fat_finger=fat_finger)
        if (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and form[diffs[0]] == candidate[diffs[1]]
            and form[diffs[1]] == candidate[diffs[0]]
        ):
            return Slip(SWAP)
    elif abs(len(form) - len(candidate)) == 1:
        longer, shorter = (form, candidate) if len(form) > len(candidate) else (candidate, form)
        at = next((i for i, (a, b) in enumerate(zip(longer, shorter, strict=False)) if a != b), len(shorter))
        if longer[at + 1 :] == shorter[at:]:  # one letter more at ``at`` (or earlier in a run of that letter)
            if longer[at] in longer[max(0, at - 1) : at] + longer[at + 1 : at + 2]:
                return Slip(DOUBLE)  # the letter stands beside its twin: occured, releaased
            if longer is form:
                beside = form[max(0, at - 1) : at] + form[at + 1 : at + 2]
                fat_finger = any(letter in KEY_NEIGHBOURS.get(form[at], "") for letter in beside)
                return Slip(INSERTION, first=at == 0, last=at == len(form) - 1, letter=form[at], fat_finger=fat_finger)
            return Slip(OMISSION, first=at == 0, last=at == len(candidate) - 1)
    if DOUBLED_RE.sub(r"\1", form) == DOUBLED_RE.sub(r"\1", candidate):
        return Slip(DOUBLE)  # tommorow: letters doubled or not, and nothing else
    return Slip(TWO)


def slip_cost(slip: Slip, settings: SpellingSettings = SETTINGS) -> float:
    """log10 of how unlikely the slip is (the channel of the noisy-channel model)."""
    base = {
        SWAP: settings.swap_or_double_cost,
        DOUBLE: settings.swap_or_double_cost,
        OMISSION: settings.omission_cost,
        INSERTION: settings.one_edit_cost,
        SUBSTITUTION: settings.one_edit_cost,
        TWO: settings.two_edit_cost,
    }[slip.kind]
    return base + settings.first_letter_cost if slip.first else base


def doubt(form: str, slip: Slip, zipf: float, target_zipf: float, settings: SpellingSettings = SETTINGS) -> str | None:
    """Why ``form`` may be a word rather than a slip of the best candidate, or None when the slip is convincing.

    ``zipf`` is how often the web writes ``form`` itself, ``target_zipf`` how common the candidate is.

    >>> doubt("sicne", Slip(SWAP), 0.0, 5.7), doubt("invitiation", Slip(INSERTION), 0.0, 4.4)
    (None, None)
    >>> doubt("andf", Slip(INSERTION, fat_finger=True), 1.2, 7.4), doubt("thot", Slip(SUBSTITUTION), 2.7, 7.0)
    (None, 'too short to tell')
    >>> doubt("protg", Slip(INSERTION), 0.0, 3.2), doubt("hangry", Slip(SUBSTITUTION), 2.1, 4.5)
    ('too short to tell', 'a word the web uses')
    """
    if slip.kind == TWO:
        return "two slips are a guess"
    if slip.kind == SWAP:
        return None
    if slip.first:
        return "new words differ from old ones at the front"
    if (
        target_zipf >= settings.function_word_zipf
        and zipf < settings.function_word_slip_zipf
        and (slip.kind in STRONG_SLIPS or slip.fat_finger)
    ):
        return None  # andf, trhe, tjat: a finger on the next key; nobody coins a word that way from "and"
    size = len(form)
    if slip.kind == DOUBLE:
        return None if size >= settings.min_doubling_length else "too short to tell"
    if slip.kind == OMISSION:
        if slip.last:
            return "it may be clipped"
        return None if size >= settings.min_omission_length else "too short to tell"
    if size < settings.min_free_length:
        return "too short to tell"
    if zipf >= settings.attested_zipf and not (slip.schwa or (slip.kind == INSERTION and slip.letter in VOWELS)):
        return "a word the web uses"  # hangry, detrain; but seperate, arguement
    if slip.last:
        return "it may carry a suffix"
    return None


class SpellingStage(Stage):
    name = "spelling"
    rules = RULES
    english_only = True

    def __init__(self, settings: SpellingSettings = SETTINGS) -> None:
        self.settings = settings

    def propose(self, doc: Document) -> Iterator[Edit]:
        if not doc.wants("S101"):
            return
        lexicon = doc.lexicon
        vocab = doc.vocabulary
        names = CapitalisedWords(vocab, lexicon)
        forms = vocab.unknown_forms(lexicon)
        allowed = round(self.settings.searches_per_mb * max(1.0, len(doc.text) / MB))
        for index, form in enumerate(doc.budget.metered(forms)):
            if len(form) < self.settings.min_length or not (form.isalpha() and form.isascii()) or vocab.lower[form.lower()] > 1:
                continue
            if not (form.islower() or form.istitle()):
                continue
            if allowed == 0:
                yield from _unsearched(vocab, form, len(forms) - index, self.settings)
                return
            allowed -= 1
            for start, end in vocab.occurrences(form):
                edit = _correct(doc, start, end, names, self.settings)
                if edit is not None and not _is_foreign(form.lower(), self.settings):
                    yield edit


def _unsearched(vocab: Vocabulary, form: str, left: int, settings: SpellingSettings) -> Iterator[Edit]:
    """The finding that spelling stopped at ``form``: a text with more unknown words than prose has is not searched
    to its end, so the stage's work grows with the text, not with how much of it is gibberish."""
    for start, end in itertools.islice(vocab.occurrences(form), 1):
        message = (
            f"{form!r} and the {left - 1:,} unknown forms after it not checked for typos:"
            f" more than {settings.searches_per_mb:,} per MB of text is not prose"
        )
        yield Edit(start, end, None, "S101", settings.report_confidence, message)


def _correct(doc: Document, start: int, end: int, names: CapitalisedWords, settings: SpellingSettings) -> Edit | None:
    text, lexicon, vocab = doc.text, doc.lexicon, doc.vocabulary
    if in_code(text, start, end):
        return None
    form = text[start:end]
    lower = form.lower()
    sentence_start = starts_sentence(text, start)
    headline = form[0].isupper() and not sentence_start and in_title_case_line(text, start)
    capitalised = form[0].isupper() and not (sentence_start or headline)
    # A name gets only the words the article capitalises: a quick search, so it comes first; the
    # search of the English words comes after the cheaper test of the neighbours.
    candidates = names.near(form) if capitalised else None
    if candidates == {}:
        return None
    left, right = word_before(text, start), word_after(text, end)
    if any(word and word.islower() and not lexicon.is_word(word) and _is_foreign(word, settings) for word in (left, right)):
        return None  # inside a foreign phrase
    candidates = candidates or lexicon.corrections(lower)
    if not candidates:
        return None
    scored = _ranked(lower, candidates, left, right, lexicon, vocab, settings)
    score, best = scored[0]
    gain = settings.gain_one if candidates[best] == 1 else settings.gain_two
    if form[0].isupper():
        gain += settings.capital_gain
    token_zipf = lexicon.zipf(lower)
    if lexicon.zipf(best) - token_zipf < gain:
        return None
    stem = lexicon.inflection_stem(lower)
    if stem is not None and not (best.startswith(stem) and len(best) > len(stem)):
        return None  # fueling, checkered: a regular form of a word; occured → occurred stays allowed
    slip = slip_between(lower, best)
    if form[0].isupper():
        # A capitalised unknown word may be a name: correct it only to a word the article
        # capitalises in the same place (Deputy Secratary → Secretary), or, opening a
        # sentence, to a word the article uses or a very common one (Wew → We).
        best = best.capitalize()
        if sentence_start and not (vocab.counts.get(best) or lexicon.zipf(best) >= settings.opener_zipf):
            return None
        if headline and not (vocab.counts.get(best) or lexicon.zipf(best) >= settings.headline_zipf):
            return None  # a headline capitalises every word, names too: only a common word (Demonstation)
    runner_up = scored[1][1] if len(scored) > 1 else None
    margin = score - scored[1][0] if runner_up else settings.sure_margin
    if len(form) <= settings.short and slip.kind != SWAP:
        margin -= settings.short_penalty  # short words have many neighbours
    reason = doubt(lower, slip, token_zipf, lexicon.zipf(best), settings)
    if reason is None and runs_together(lower, lexicon, settings):
        reason = "two words run together"
    if reason is None and slip.kind not in STRONG_SLIPS and lexicon.is_compound(lower):
        reason = "two words joined"  # toolset, nonstarter; a dropped letter still wins: demonstation

    if reason is None and margin >= settings.sure_margin:
        confidence = settings.sure_confidence if candidates[best.lower()] == 1 else settings.sure_two_edit_confidence
        return Edit(start, end, best, "S101", confidence, f"{form!r} is not a word; {best!r} is the likeliest")
    if reason is None and margin >= settings.margin:
        message = f"{form!r} is not a word; {best!r} is likelier than {runner_up!r}"
        return Edit(start, end, best, "S101", settings.margin_confidence, message)
    message = f"{form!r} is not a word: {best!r}" + (f" or {runner_up!r}?" if runner_up else "?")
    if reason is not None:
        message += f" (not applied, {reason}: a new word, a name, or a word that lost a letter?)"
    return Edit(start, end, best, "S101", settings.report_confidence, message)


#: Tokens compared with every capitalised word of the article before those words are indexed.
DIRECT_LOOKUPS = 16


class CapitalisedWords:
    """The dictionary words an article capitalises mid-sentence, found within two edits of a token.

    Each word is indexed under every form of it with up to two letters deleted (SymSpell):
    two strings within two edits (a swap counting as one) share such a form, so a token
    looks up its own deletions instead of being compared with every name of the article,
    which made a text of many different capitalised words quadratic. The index is built
    only once ``DIRECT_LOOKUPS`` tokens have been compared directly: a news article asks a
    few, and indexing its names would cost more than comparing them.

    >>> from cleaner.lexicon import Lexicon, Vocabulary
    >>> words = CapitalisedWords(Vocabulary("the Deputy Secretary and the Senate"), Lexicon())
    >>> words.near("Secratary"), words.near("Sceretary"), words.near("Deputy"), words.near("Zzz" * 100)
    ({'secretary': 1}, {'secretary': 1}, {}, {})
    """

    def __init__(self, vocab: Vocabulary, lexicon: Lexicon) -> None:
        self.vocab = vocab
        self.lexicon = lexicon
        self._by_deletion: defaultdict[str, set[str]] | None = None
        self._words: list[str] | None = None
        self._lookups = 0
        #: The first letters of the indexed words, each with the lengths within two of one of its words.
        self._reach: defaultdict[str, set[int]] = defaultdict(set)

    def near(self, form: str) -> dict[str, int]:
        """The lower-case words within two edits of capitalised ``form`` that start with its letter, with their distance."""
        self._lookups += 1
        if self._lookups <= DIRECT_LOOKUPS:
            return self._compared(form)
        if self._by_deletion is None:
            self._by_deletion = self._index()
        lower = form.lower()
        if len(lower) not in self._reach.get(form[0], ()):
            return {}  # no word starts with its letter and is within two letters of its length: skip its deletions
        found = {}
        seen: set[str] = set()  # a word shares many deletions with a token: measure the pair once
        for variant in deletions_within_two(lower):
            for name in self._by_deletion.get(variant, ()):
                key = name.lower()
                if name[0] != form[0] or key in seen:
                    continue
                seen.add(key)
                if 0 < (distance := edit_distance(lower, key, limit=2)) <= 2:
                    found[key] = distance
        return found

    @property
    def words(self) -> list[str]:
        """The names of the article that are dictionary words, picked out once: a text of many names has
        few such words, and each token is compared with them alone."""
        if self._words is None:
            names = self.vocab.names
            self._words = list(itertools.compress(names, map(self.lexicon.dictionary.__contains__, map(str.lower, names))))
        return self._words

    def _compared(self, form: str) -> dict[str, int]:
        """``near`` by comparing ``form`` with each capitalised dictionary word of the article."""
        lower = form.lower()
        found = {}
        for name in self.words:
            if name[0] == form[0] and abs(len(name) - len(form)) <= 2:
                key = name.lower()
                if 0 < (distance := edit_distance(lower, key, limit=2)) <= 2:
                    found[key] = distance
        return found

    def _index(self) -> defaultdict[str, set[str]]:
        by_deletion: defaultdict[str, set[str]] = defaultdict(set)
        for name in self.words:
            key = name.lower()
            self._reach[name[0]].update(range(len(key) - 2, len(key) + 3))
            for variant in deletions_within_two(key):
                by_deletion[variant].add(name)
        return by_deletion


def convincing_correction(form: str, lexicon: Lexicon, settings: SpellingSettings = SETTINGS) -> tuple[float, str] | None:
    """The likeliest correction of a lower-case non-word that is a convincing slip, with its score, out of context.

    Other stages ask this to weigh a typo against their own explanation of a token (``atrained``:
    ``attained``, or ``a trained``?).
    """
    candidates = lexicon.corrections(form)
    if not candidates or runs_together(form, lexicon, settings):
        return None
    zipf = lexicon.zipf(form)
    for score, candidate in _ranked(form, candidates, None, None, lexicon, None, settings):
        if doubt(form, slip_between(form, candidate), zipf, lexicon.zipf(candidate), settings) is None:
            return score, candidate
    return None


def runs_together(form: str, lexicon: Lexicon, settings: SpellingSettings = SETTINGS) -> bool:
    """Whether a lower-case token is two function words English writes side by side (``heis``, ``ofthe``).

    Such a token lost a space; it is no slip of a third word (``heis`` is not ``his``).

    >>> runs_together("heis", Lexicon()), runs_together("tjat", Lexicon()), runs_together("andf", Lexicon())
    (True, False, False)
    """
    if len(form) > 2 * LONGEST_FUNCTION_WORD:
        return False  # function words are short: no need to look at long tokens
    for cut in range(1, len(form)):
        left, right = form[:cut], form[cut:]
        if (
            min(lexicon.zipf_of_key(left), lexicon.zipf_of_key(right)) >= settings.function_word_zipf
            and lexicon.bigram(left, right) > 0
        ):
            return True
    return False


def _ranked(
    form: str,
    candidates: dict[str, int],
    left: str | None,
    right: str | None,
    lexicon: Lexicon,
    vocab: Vocabulary | None,
    settings: SpellingSettings,
) -> list[tuple[float, str]]:
    """Candidates by log10 P(candidate) + log10 P(form | candidate) + fit with the neighbours, best first."""
    scored = []
    for candidate in candidates:
        score = lexicon.zipf(candidate) - slip_cost(slip_between(form, candidate), settings)
        if left and lexicon.bigram(left, candidate):
            score += settings.context_bonus
        if right and lexicon.bigram(candidate, right):
            score += settings.context_bonus
        if vocab is not None and vocab.lower.get(candidate):
            score += settings.document_bonus  # the article uses the word elsewhere
        scored.append((score, candidate))
    return sorted(scored, reverse=True)


def _is_foreign(word: str, settings: SpellingSettings) -> bool:
    return foreign_zipf(word) >= settings.foreign_zipf
