"""Real words in the wrong place: ``in easter Europe`` when the article says ``Eastern Europe``.

A slip that lands on another real word (``easter`` for ``eastern``, ``form`` for
``from``) passes every spelling check. Two witnesses, the article first:

- C101, the article itself: a word used once whose neighbour (one letter more, or two
  letters swapped) the article uses again, in the same company. Both neighbours must
  match (``in eastern Europe`` and ``in easter Europe``) for the repair to be applied;
  one matching side is only reported.
- C102, English word pairs: for the classic confusables (``than``/``then``,
  ``form``/``from``, ``their``/``there``…) a bigram model (``P(word | left) ·
  P(right | word)`` from Google Books pair counts) compares the word with its
  alternatives. The alternative must be seen with at least as many neighbours as the
  written word and the model must prefer it a hundredfold; a phrase the article repeats
  is never changed.
- C103, the article's sound: ``an`` before a consonant sound is ``a`` (``an used car``) or,
  when the word pairs say so, ``and`` (``night an took``); ``a`` before a vowel sound is
  ``an``. ``inflect`` decides the sound of words that open with a vowel letter (``a
  university``, ``a one-time``); words opening with ``h`` (``an historic``) and capitals
  (``an MP``, ``an FBI``) are left as written.
- C105, grammar: ``of`` after a modal and before a past participle is the ``have`` it
  sounds like (``could of been``).
- C106, fixed phrases: a sound-alike inside an idiom that is only ever written one way
  (``free reign``, ``bare in mind``, ``rein in`` before an object pronoun or possessive);
  ``reign in`` before anything else is only reported (``to reign in heaven``).
- C104, grammar: a possessive where it cannot stand (``its not``, ``their is``, ``your
  a``) becomes the contraction, and a contraction where only a possessive fits (``it's
  own``, ``of it's``) becomes the possessive.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from itertools import compress, count, repeat
from operator import itemgetter, le

from cleaner.edits import Edit, Rule
from cleaner.lexicon import Lexicon, Vocabulary, indefinite_article, word_set, words_after
from cleaner.stages.base import ONCE, Document, Stage
from cleaner.text import starts_sentence, word_after, word_before

RULES = (
    Rule(
        "C101",
        "document-consistency",
        "context",
        "A word used once where the article elsewhere uses a near-identical word in the same phrase.",
        "in easter Europe → in eastern Europe (the article says eastern twice, once in Eastern Europe)",
    ),
    Rule(
        "C102",
        "confusable-word",
        "context",
        "A commonly confused word that its neighbours rule out, by English word-pair statistics.",
        "more then ever → more than ever; a new from of → a new form of",
    ),
    Rule(
        "C103",
        "indefinite-article",
        "context",
        "`an` before a consonant sound, or `a` before a vowel sound.",
        "an useful tool → a useful tool; night an took → night and took; a apple → an apple",
    ),
    Rule(
        "C104",
        "possessive-or-contraction",
        "context",
        "A possessive where only a contraction fits, or the other way round.",
        "its not → it's not; their is → there is; it's own → its own",
    ),
    Rule(
        "C106",
        "eggcorn",
        "context",
        "A sound-alike in a fixed phrase: the phrase is only ever written the other way.",
        "reign in their spending → rein in their spending; free reign → free rein; bare in mind → bear in mind",
    ),
    Rule(
        "C105",
        "of-for-have",
        "context",
        "`of` written for the `have` of a modal's perfect, which sounds the same.",
        "could of been → could have been",
    ),
)


@dataclass(frozen=True, slots=True)
class ContextSettings:
    """Every threshold and confidence of the context stage, each with its reason and the run that set it.

    Confidences at or above the configured threshold (0.8 by default) are applied; below it
    they are reported. ``bench.real`` is ``python -m bench.real`` on ../shared/real-dev;
    ``bench.quality`` is ``python -m bench.quality`` with the external confusion lists (seeds 1-3).
    The runs that set these values (branch ``context``, issue 10): bench.real typo_realword F0.5 0.323 → 0.896 with no
    C1xx/T1xx edit on the 60 controls; bench.quality real-word F0.5 >= 0.90 and stutter >= 0.99 on
    seeds 1-3, and no C1xx/T1xx edit on the 200 clean articles but their one known erratum.
    """

    #: log10 gain of the alternative that is applied: a hundredfold (bench.quality real-word, no false
    #: edit on the clean corpus; bench.real typo_realword: more then ever, higher then, said their was).
    apply_gain: float = 2.0
    #: log10 gain below which C102 stays silent; between the two it reports (bench.real controls).
    report_gain: float = 1.0
    #: The bar to apply when neither neighbour is ever seen with the written word (bench.quality).
    unseen_apply_gain: float = 1.2
    #: Pair count assumed for a pair missing from the table (its smallest count is 6.4 million).
    unseen_pair: int = 1_000_000
    #: The smallest pair total an unseen pair is divided by, so that a rare word (``coarse``, with no
    #: listed pairs) does not win on pairs nobody saw; 1e10 turned ``building peace will`` into
    #: ``piece`` on the clean corpus (bench.quality controls).
    unseen_total_floor: float = 1e9
    #: C101 words shorter than this have too many real neighbours (in/on, at/it).
    min_length: int = 5
    #: C101: the word to restore must occur at least this often.
    min_partner_count: int = 2
    #: C102 above the gain, C103 with a clear choice: applied (bench.real typo_realword, no wrong repair).
    apply_confidence: float = 0.85
    #: C101 with both neighbours matching the article's own phrase: applied (bench.quality real-word, seeds).
    consistency_confidence: float = 0.9
    #: C104: the grammar leaves one reading (its a, their is, it's own); bench.real typo_realword.
    grammar_confidence: float = 0.9
    #: Evidence too weak to apply: reported only (bench.real controls, no false edit).
    report_confidence: float = 0.6
    #: C103 reads ``an`` before a consonant as ``and`` when ``and`` fits this much better than ``a`` (log10);
    #: when ``and`` fits better by less, ``a`` is only reported (bench.real: is an dance, told an program,
    #: posted an congratulatory → a; night an took → and; the fixture resilience an dignity → and).
    article_margin: float = 1.0


SETTINGS = ContextSettings()

#: Words written for one another: one-letter slips, sound-alikes, translation habits.
CONFUSABLE_SETS = (
    "their there",
    "then than",
    "from form",
    "were where",
    "of off",
    "to too",
    "lose loose loss",
    "affect effect",
    "accept except",
    "advice advise",
    "quite quiet",
    "whether weather",
    "country county",
    "trial trail",
    "led lead",
    "past passed",
    "principle principal",
    "peace piece",
    "site sight cite",
    "through though thorough threw",
    "week weak",
    "desert dessert",
    "breath breathe",
    "complement compliment",
    "later latter",
    "personal personnel",
    "council counsel",
    "brake break",
    "hear here",
    "whole hole",
    "new knew",
    "role roll",
    "waste waist",
    "steal steel",
    "course coarse",
    "ensure insure",
    "adverse averse",
    "elicit illicit",
    "stationary stationery",
    "discreet discrete",
    "eastern easter",
    "western wester",
    "cloth clothe",
    "lightening lightning",
    "precede proceed",
    "dairy diary",
    "moral morale",
    "emigrate immigrate",
)
CONFUSABLES: dict[str, tuple[str, ...]] = {
    word: tuple(other for other in group.split() if other != word) for group in CONFUSABLE_SETS for word in group.split()
}
#: The commonest English words are checked further only where the word after them goes better
#: with their partner (``to much``, ``of course``): most of their uses are settled by the word after.
COMMONEST = word_set("of to")
#: Two whole words side by side, one space apart: the first, and the second in a lookahead so pairs overlap.
WORD_PAIR_RUN_RE = re.compile(r"(?<![\w'’-])([\w'’-]+) (?=([\w'’-]+)(?![\w'’-]))")


def _led_by(group: str, form: str) -> str:
    """A pattern that opens with ``form`` standing as a word of its own, in ``group``.

    Not the end of a longer token (``than`` for ``an``, ``bits`` for ``its``) nor after a full
    stop (``U.S.A.``). The test is a lookbehind after the form: a pattern that opens with the form
    lets ``re`` jump from one of its literal occurrences to the next, and the tokens that merely
    end in it (``Russia a``) never reach Python.
    """
    return rf"(?P<{group}>{form})(?<![\w'’.-]{form})"


def _one_of(words: Iterable[str]) -> str:
    """An alternation of words, with either apostrophe where they have one, grouped by first letter.

    Each branch opens with a plain letter, so ``re`` skips a branch on one comparison; a
    branch per word, or one that opens with a class (``[mM]uch``), is tried in full.

    >>> _one_of(["isn't", "is", "was"])
    "i(?:s|sn['’]t)|w(?:as)"
    """
    groups: defaultdict[str, list[str]] = defaultdict(list)
    for word in sorted(words):
        groups[word[0]].append(word[1:].replace("'", "['’]"))
    return "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items())


#: The confusable words, and with their capitalised forms; each form has a pattern
#: (``_confusable_pattern``), run only when the article uses that form.
CONFUSABLE_WORDS = frozenset(CONFUSABLES)
CONFUSABLE_FORMS = frozenset(form for word in CONFUSABLES for form in (word, word.capitalize()))
#: ``an``/``a`` and the word after it, where the letters already suggest the wrong article: ``an``
#: before a consonant letter or a vowel letter (``an university``), ``a`` before a vowel letter
#: (``_article`` leaves ``a`` before any other letter, and before ``U``, as written).
ARTICLE_RES = {
    form: _led_by("article", form) + rf"(?= (?P<right>{first}[a-z]*)(?![\w'’.-]))"
    for form, first in (("a", "[aeiouAEIO]"), ("A", "[aeiouAEIO]"), ("an", "[a-gi-zA-GI-WYZ]"), ("An", "[a-gi-zA-GI-WYZ]"))
}
CONSONANT_LETTERS = frozenset("bcdfgjklmnpqrstvwyz")
#: The words an article never stands before (``a or b``, ``a is``): letters and labels, not slips.
NOT_AFTER_ARTICLE = word_set("a an and or of in on at as if is it its are into onto off out other either each every")
#: Possessives and their contractions (the sound-alike each is written for), and what decides.
POSSESSIVE_CONTRACTIONS = {"its": "it's", "your": "you're", "whose": "who's"}
CONTRACTION_POSSESSIVES = {"it's": "its", "you're": "your", "who's": "whose", "they're": "their"}
#: A contraction, the pronoun and verb it stands for, and the sound-alikes written as it: the word
#: pairs compare ``left pronoun`` · ``verb right`` with ``left sound-alike`` · ``sound-alike right``
#: (``support they're response``: ``their response``). Not ``it's``: the pair table writes it ``its``.
CONTRACTION_READINGS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "they're": ("they", "are", ("their", "there")),
    "you're": ("you", "are", ("your",)),
    "who's": ("who", "is", ("whose",)),
    "we're": ("we", "are", ("were", "where")),
}
#: Words a possessive never stands before: articles, possessives, negation, adverbs of degree.
NOT_AFTER_POSSESSIVE = word_set(
    "a an the this these those my his our their your not never just too so really already because about "
    "probably definitely certainly"
)
#: ``their`` before these is ``there`` (``their is``, ``their were``); the modals only before ``be``.
BE_AFTER_THERE = word_set("is was are were isn't wasn't aren't weren't seems seem appears")
MODALS_BEFORE_BE = word_set("will would could should must may can")
#: Prepositions after which only a possessive fits (``of it's members``, ``on it's own``); not the
#: conjunctions (``as``, ``like``, ``than``, ``because``) after which ``it's`` is right.
PREPOSITIONS = word_set(
    "of on in into onto with from at by upon within without through throughout across against toward towards "
    "among during despite under to"
)
#: One pattern per written form of a possessive or contraction (``its``, ``It’s``…), run only when
#: the article uses that form; a possessive only before the words ``_possessive`` may act on.
POSSESSIVE_RES = {
    form: _led_by("word", form) + rf"(?= (?P<right>{_one_of(rights)})(?![\w'’-]))"
    for word, rights in (
        *((word, NOT_AFTER_POSSESSIVE | {"time"}) for word in POSSESSIVE_CONTRACTIONS),
        ("their", BE_AFTER_THERE | MODALS_BEFORE_BE),
    )
    for form in (word, word.capitalize())
}
CONTRACTION_RES = {
    form: _led_by("word", form) + r"(?= (?P<right>[a-zA-Z][a-z]*)(?![\w'’-]))"
    for word in CONTRACTION_POSSESSIVES.keys() | CONTRACTION_READINGS.keys()
    for apostrophe in "'’"
    for form in (word.replace("'", apostrophe), word.replace("'", apostrophe).capitalize())
}
#: ``could of been``: a modal, ``of``, and a past participle (a regular ``-ed`` or ``-en`` form, or a common irregular one).
MODAL_OF_RES = {
    form: _led_by("modal", form) + r"(?= (?P<of>of) "
    r"(?P<participle>[a-z]+(?:ed|en)|been|had|done|gone|got|made|seen|known|said|thought)\b)"
    for modal in ("could", "would", "should", "must", "might")
    for form in (modal, modal.capitalize())
}
#: Fixed phrases written with a sound-alike (eggcorns): a piece of text every match holds (a text
#: without it is not scanned), the pattern, the word to replace (a group), its replacement, and
#: whether the phrase is certain. ``reign in`` is certain only before an object
#: pronoun or a possessive (``rein in their spending``); elsewhere it may be a reign (``to reign in
#: heaven``), so it is reported.
OBJECTS = "him|her|them|it|us|me|you|his|its|their|our|your|my"
#: Words before a noun: after them ``reign`` is the noun (``his reign in Spain``), not a slip.
DETERMINERS = word_set("the a his her its their our your my whose long brief short")
#: Each pattern opens with the letter it starts with and checks the word boundary right after it
#: (``(?<!\w.)``): a leading ``\b`` would make ``re`` try the pattern at every character of the
#: text, where a leading letter lets it jump from one occurrence of that letter to the next.
EGGCORNS = (
    ("eign", re.compile(rf"(?P<word>[Rr](?<!\w.)eign)(?P<ending>s|ed|ing)? in (?:{OBJECTS})\b(?! own right)"), "rein", True),
    (
        "eign",
        re.compile(
            rf"(?P<word>[Rr](?<!\w.)eign)(?P<ending>s|ed|ing)? in (?=[a-z])(?!(?:heaven|hell|peace|office|power|{OBJECTS})\b)"
        ),
        "rein",
        False,
    ),
    ("ree reign", re.compile(r"[Ff](?<!\w.)ree (?P<word>reign)\b"), "rein", True),
    ("are in mind", re.compile(r"(?P<word>[Bb](?<!\w.)are) in mind\b"), "bear", True),
    ("neak peak", re.compile(r"[Ss](?<!\w.)neak (?P<word>peak)\b"), "peek", True),
    (" the line", re.compile(r"(?P<word>[Tt](?<!\w.)ow)(?P<ending>s|ed|ing)? the line\b"), "toe", True),
    ("aited breath", re.compile(r"(?P<word>[Bb](?<!\w.)aited) breath\b"), "bated", True),
    (" appetite", re.compile(rf"(?P<word>[Ww](?<!\w.)et)(?P<ending>s|ted|ting)? (?:{OBJECTS}|the) appetites?\b"), "whet", True),
    (" interest", re.compile(rf"(?P<word>[Pp](?<!\w.)eak)(?P<ending>s|ed|ing)? (?:{OBJECTS}) interest\b"), "pique", True),
    ("ase and point", re.compile(r"c(?<!\w.)ase (?P<word>and) point\b"), "in", True),
)
#: A word standing alone, and the same word with the words on either side when they are there.
WHOLE_WORD_RE = r"(?<![\w'’]){word}(?![\w'’])"
#: A whole word as ``WHOLE_WORD_RE`` bounds it: a run of word characters and apostrophes.
WHOLE_WORD_RUN_RE = re.compile(r"[\w'’]+")
NEIGHBOURS_RE = r"(?:(?<![\w'’])(?P<left>[^\W\d_]+)[ ])?(?P<word>{word})(?:[ ](?P<right>[^\W\d_]+))?"


class ContextStage(Stage):
    name = "context"
    rules = RULES
    english_only = True

    def propose(self, doc: Document) -> Iterator[Edit]:
        if doc.wants("C101"):
            near = [pair for pair in doc.budget.metered(_near_pairs(doc.vocabulary)) if not doc.lexicon.is_protected(pair[0])]
            neighbours = TokenNeighbours(doc.vocabulary.lower_tokens, {word for pair in near for word in pair})
            pairs = [(wrong, right) for wrong, right in near if neighbours.share_one(wrong, right)]
            if pairs:
                places = WordPlaces(doc.text, {word for pair in pairs for word in pair})
                for wrong, right in doc.budget.metered(pairs):
                    yield from _consistency_edits(doc.text, wrong, right, places)
        words = doc.vocabulary.counts.keys()
        if doc.wants("C102"):
            phrases = PhraseCounts(doc.text, CONFUSABLE_WORDS)
            # The forms probe the article's counts: the article's own words are not walked.
            for form in words & CONFUSABLE_FORMS:
                for m in doc.budget.metered(_confusable_pattern(form).finditer(doc.text)):
                    edit = _confusable(doc, m, phrases)
                    if edit is not None:
                        yield edit
        if doc.wants("C106"):
            for hint, pattern, fixed, certain in EGGCORNS:
                for m in pattern.finditer(doc.text) if hint in doc.text else ():
                    if (word_before(doc.text, m.start()) or "").lower() not in DETERMINERS:
                        yield _eggcorn(m, fixed, certain)  # not ``his reign in Spain``
        for wanted, patterns, judge in (
            (doc.wants("C105"), MODAL_OF_RES, _modal_of),
            (doc.wants("C103"), ARTICLE_RES, _article),
            (doc.wants("C104"), POSSESSIVE_RES, _possessive),
            (doc.wants("C104"), CONTRACTION_RES, _contraction),
        ):
            for form in patterns.keys() & words if wanted else ():
                matches = doc.budget.metered(_compiled(patterns[form]).finditer(doc.text))
                yield from filter(None, (judge(doc, m) for m in matches))


#: The patterns of the forms an article uses, compiled on first use. The words after the form sit
#: in a lookahead, so a match ends with the form and the next search cannot skip a form standing
#: right after it (``than an decade``).
_compiled = cache(re.compile)


@cache
def _confusable_pattern(form: str) -> re.Pattern[str]:
    """Where a confusable form stands before a word (there are hundreds of forms: compiled on first use).

    For the commonest words (``to``, ``of``) only before the words an alternative beats
    them after (``_beaten_after``: ``to much``, ``of course``): most of their uses are settled
    by the word after them, and never reach Python.
    """
    word, right = form.lower(), "[a-zA-Z][a-z]*"
    if word in COMMONEST:
        rights = [after for after in _beaten_after(word) if re.fullmatch("[a-z]+", after)]
        right = _one_of(written for after in rights for written in (after, after.capitalize())) or "(?!)"
    return re.compile(_led_by("word", form) + rf"(?= (?P<right>{right})(?![\w'’-]))")


def _beaten_after(word: str) -> frozenset[str]:
    """The words after which English writes an alternative of ``word`` more often than ``word``: ``much`` for ``to``."""
    return _words_beating_the_commonest()[word]


@cache
def _words_beating_the_commonest() -> dict[str, frozenset[str]]:
    """``_beaten_after`` for every word of ``COMMONEST``, from the pairs that start with its alternatives."""
    partners = {other: word for word in COMMONEST for other in CONFUSABLES[word]}
    found: dict[str, set[str]] = {word: set() for word in COMMONEST}
    for other, word in partners.items():
        own = words_after(word)
        found[word].update(right for right, count in words_after(other).items() if count > own.get(right, 0))
    return {word: frozenset(rights) for word, rights in found.items()}


def _confusable(doc: Document, m: re.Match[str], phrases: PhraseCounts) -> Edit | None:
    """C102: the bigram model's verdict on one confusable word, if it prefers another.

    After punctuation or at a sentence start only the word after speaks (``Too that end``).
    """
    text, lexicon = doc.text, doc.lexicon
    written, right = m["word"], m["right"].lower()
    word = written.lower()
    if written[0].isupper() and not starts_sentence(text, m.start()):
        return None  # a name or a title: Trail Blazers, Easter Sunday
    before = word_before(text, m.start())
    left = before.lower() if before is not None else None
    if lexicon.is_protected(written):
        return None
    fits = _fits(lexicon, left, right, {other: (other, other) for other in (word, *CONFUSABLES[word])})
    fit, seen = fits.pop(word)
    best = max(fits, key=lambda other: (fits[other][0], other))
    best_fit, best_seen = fits[best]
    gain = best_fit - fit
    confidence = pair_verdict(gain, seen, best_seen)
    if confidence is None:
        return None
    if (left and phrases.said_elsewhere(left, word)) or phrases.said_elsewhere(word, right):
        return None  # the article writes it this way more than once: meant
    phrase = " ".join(filter(None, (left, "{}", right)))
    message = f"{phrase.format(best)} is {10**gain:.0f}x likelier than {phrase.format(word)}"
    fixed = best.capitalize() if written[0].isupper() else best
    return Edit(m.start("word"), m.end("word"), fixed, "C102", confidence, message)


def pair_verdict(gain: float, seen: int, best_seen: int) -> float | None:
    """The confidence of replacing a word whose alternative the word pairs find ``10**gain`` times likelier.

    ``seen`` and ``best_seen`` count the neighbours seen in a pair with the written word and
    with the alternative. ``None``: say nothing. The alternative must be seen with at least as
    many neighbours as the written word to be applied: a pair missing from the table is weak
    evidence either way.

    >>> pair_verdict(2.0, 1, 2), pair_verdict(1.9, 1, 2), pair_verdict(1.2, 0, 1), pair_verdict(0.9, 0, 2)
    (0.85, 0.6, 0.85, None)
    """
    if gain < SETTINGS.report_gain or best_seen == 0:
        return None
    enough = gain >= SETTINGS.apply_gain or (seen == 0 and gain >= SETTINGS.unseen_apply_gain)
    return SETTINGS.apply_confidence if best_seen >= seen and enough else SETTINGS.report_confidence


def _article(doc: Document, m: re.Match[str]) -> Edit | None:
    """C103: ``an used car`` → ``a used car``, ``night an took`` → ``night and took``, ``a apple`` → ``an apple``.

    Capitalised words count too (``an Syrian``, ``a American``), but not ``X`` or ``U``, whose
    sound their letters do not tell (``an Xbox``, ``a Ukrainian``, ``an Uber``).
    """
    text, article, written = doc.text, m["article"], m["right"]
    right = written.lower()
    if article[0] == "A" and not starts_sentence(text, m.start()):
        return None  # a capital A inside a sentence is a label or a name (Grade A, Plan A)
    if written[0] in "XU":
        return None
    if len(article) == 1:
        if right in NOT_AFTER_ARTICLE or right[0] not in "aeiou" or not _vowel_sound(right):
            return None
        message = f"{written!r} opens with a vowel sound"
        return Edit(m.start("article"), m.end("article"), article + "n", "C103", SETTINGS.apply_confidence, message)
    if right[0] not in CONSONANT_LETTERS and _vowel_sound(right):
        return None
    left = word_before(text, m.start())
    # ``and`` must fit clearly better than ``a`` to win: a wrong article is the commoner slip.
    fits = _fits(doc.lexicon, left.lower() if left else None, right, {"a": ("a", "a"), "and": ("and", "and")})
    lead = fits["and"][0] - fits["a"][0]
    best = "and" if lead >= SETTINGS.article_margin else "a"
    message = f"{written!r} opens with a consonant sound" + (f"; {left} {best} {right} fits best" if left else "")
    confidence = SETTINGS.apply_confidence if best == "and" or lead <= 0 else SETTINGS.report_confidence
    return Edit(m.start("article"), m.end("article"), article[0] + best[1:], "C103", confidence, message)


def _vowel_sound(word: str) -> bool:
    """Whether a lower-case word opens with a vowel sound: ``inflect``'s rules know ``university`` and ``one``."""
    return indefinite_article(word) == "an"


def _possessive(doc: Document, m: re.Match[str]) -> Edit | None:
    """C104: a possessive before a word no possessive stands before: ``its not``, ``their is``, ``your a``."""
    text, written, right = doc.text, m["word"], m["right"].replace("’", "'")
    word = written.lower()
    if word == "their":
        follows = word_after(text, m.end("right"))
        if not (right in BE_AFTER_THERE or (right in MODALS_BEFORE_BE and follows == "be")):
            return None
        fixed = "there"
    elif right in NOT_AFTER_POSSESSIVE or (right == "time" and word_after(text, m.end("right")) == "to"):
        fixed = _with_apostrophe(POSSESSIVE_CONTRACTIONS[word], text)
    else:
        return None
    fixed = fixed.capitalize() if written[0].isupper() else fixed
    message = f"no possessive stands before {m['right']!r}"
    return Edit(m.start("word"), m.end("word"), fixed, "C104", SETTINGS.grammar_confidence, message)


def _contraction(doc: Document, m: re.Match[str]) -> Edit | None:
    """C104: a contraction where only a possessive fits: ``it's own``, ``of it's members``, ``support they're response``."""
    text, written, right = doc.text, m["word"], m["right"].lower()
    key = written.lower().replace("’", "'")
    before = word_before(text, m.start())
    left = before.lower() if before is not None else None
    if key in CONTRACTION_POSSESSIVES and (right == "own" or left in PREPOSITIONS):
        fixed, confidence = CONTRACTION_POSSESSIVES[key], SETTINGS.grammar_confidence
        message = f"{written!r} cannot stand " + (f"after {before!r}" if right != "own" else "before 'own'")
    elif key in CONTRACTION_READINGS:
        pronoun, verb, others = CONTRACTION_READINGS[key]
        if doc.lexicon.bigram(verb, right):
            return None  # ``they're going``: the reading as written is seen; the pair table cannot say more
        fits = _fits(doc.lexicon, left, right, {key: (pronoun, verb)} | {other: (other, other) for other in others})
        as_written, seen = fits.pop(key)
        fixed = max(fits, key=lambda other: fits[other][0])
        alternative, best_seen = fits[fixed]
        gain = alternative - as_written
        confidence = pair_verdict(gain, seen, best_seen)
        if confidence is None:
            return None
        message = f"{fixed} {right} is {10**gain:.0f}x likelier than {pronoun} {verb} {right}"
    else:
        return None
    fixed = fixed.capitalize() if written[0].isupper() else fixed
    return Edit(m.start("word"), m.end("word"), fixed, "C104", confidence, message)


def _eggcorn(m: re.Match[str], fixed: str, certain: bool) -> Edit:
    """C106: the sound-alike in a fixed phrase, with its ending (``reigned in`` → ``reined in``)."""
    word, ending = m["word"], m.groupdict().get("ending") or ""
    stem = fixed.capitalize() if word[0].isupper() else fixed
    if ending and stem.endswith("e") and ending[0] == "e":
        ending = ending[1:]  # pique + ed
    if ending in ("ted", "ting"):
        ending = ending[1:]  # wetted → whetted: whet doubles no t
    end = m.end("ending") if m.groupdict().get("ending") else m.end("word")
    confidence = SETTINGS.grammar_confidence if certain else SETTINGS.report_confidence
    return Edit(m.start("word"), end, stem + ending, "C106", confidence, f"the phrase is written with {fixed!r}")


def _modal_of(doc: Document, m: re.Match[str]) -> Edit:
    """C105: ``could of been`` → ``could have been``: no ``of`` stands between a modal and its participle."""
    message = f"{m['modal']} have {m['participle']}: `of` sounds like the `have` of the perfect"
    return Edit(m.start("of"), m.end("of"), "have", "C105", SETTINGS.grammar_confidence, message)


def _with_apostrophe(contraction: str, text: str) -> str:
    """The contraction with the article's own apostrophe: curly when it writes its contractions curly."""
    return contraction.replace("'", "’") if text.count("’") > text.count("'") else contraction


def _fits(
    lexicon: Lexicon, left: str | None, right: str, readings: Mapping[str, tuple[str, str]]
) -> dict[str, tuple[float, int]]:
    """How well each reading fits between ``left`` and ``right``, and how many of its two pairs are seen.

    A reading is the word after ``left`` and the word before ``right``: the same word, or the
    pronoun and verb of a contraction read out (``they``, ``are``). The fit is log10 P(first |
    left) · P(right | last), up to a constant. When no reading is ever seen with ``right``, the
    right side says nothing and only the left decides; without a word on the left, the fit is
    how often English writes the last pair (P(last) · P(right | last)).

    The words are lower case already, so the pair counts are read straight from the table
    (``Lexicon.bigram`` would lower-case them again on each of the many look-ups).
    """
    unseen, pairs = SETTINGS.unseen_pair, lexicon.bigrams
    afters = {name: pairs.get(f"{last} {right}", 0) for name, (_, last) in readings.items()}
    if left is None:
        return {name: (math.log10(after or unseen), bool(after)) for name, after in afters.items()}
    right_speaks = any(afters.values())
    fits = {}
    for name, (first, last) in readings.items():
        before, after = pairs.get(f"{left} {first}", 0), afters[name]
        right_term = 0.0
        if right_speaks:
            # An unseen pair is as unlikely after a rare word as after a common one: the table
            # lists few pairs of a rare word, so its missing pairs say little.
            total = pairs.get(last, 0)  # the count of all the pairs ``last`` opens
            right_term = math.log10(after / total if after else unseen / max(total, SETTINGS.unseen_total_floor))
        fits[name] = (math.log10(before or unseen) + right_term, bool(before) + bool(after))
    return fits


class PhraseCounts:
    """How often a text writes each two-word phrase around one of ``words``, counted in one pass.

    A suspect confusable word asks whether the article writes its phrase more than once;
    one scan of the text for each suspect made the stage quadratic in the text's length.
    A phrase counts as a case-insensitive whole-word match does, without overlaps (``that
    that that`` writes ``that that`` once).

    >>> counts = PhraseCounts("Then then we left. then we", {"then"})
    >>> counts.said_elsewhere("then", "we"), counts.said_elsewhere("then", "then")
    (True, False)
    """

    def __init__(self, text: str, words: Iterable[str]) -> None:
        self.text = text
        self.words = frozenset(words)

    @cached_property
    def counts(self) -> Counter[str]:
        """The phrases, counted on the first question (most texts raise none)."""
        text, wanted = self.text, self.words
        counts: Counter[str] = Counter()
        overlapping: dict[str, int] = {}  # a phrase of one word twice, to the end of its last count
        for m in WORD_PAIR_RUN_RE.finditer(text):
            first, second = m[1].lower(), m[2].lower()
            if first not in wanted and second not in wanted:
                continue
            phrase = f"{first} {second}"
            if first == second:
                if overlapping.get(phrase, -1) > m.start():
                    continue
                overlapping[phrase] = m.end() + len(m[2])
            counts[phrase] += 1
        return counts

    def said_elsewhere(self, first: str, second: str) -> bool:
        """Whether the text writes ``first second`` (lower case) more than once."""
        return self.counts[f"{first} {second}"] > 1


def _near_pairs(vocab: Vocabulary) -> list[tuple[str, str]]:
    """(once-used form, repeated word) pairs one dropped letter or one swap apart: by word, drops first, in the text's order.

    A repeated word meets the once-used forms of its first letter and its length or one
    less. While they are fewer than its letters it is compared with each; beyond, its own
    drops and swaps (two forms a letter at most) are looked up among them instead: comparing
    each word with each form made a text of many different names quadratic.
    """
    counts = vocab.lower
    often = compress(counts, map(le, repeat(SETTINGS.min_partner_count), counts.values()))
    repeated = [word for word in often if len(word) >= SETTINGS.min_length and word.isalpha()]
    wanted = {(word[0], size) for word in repeated for size in (len(word) - 1, len(word))}
    once = list(compress(counts, map(ONCE, counts.values())))
    forms_of: defaultdict[tuple[str, int], list[str]] = defaultdict(list)
    # The forms of the wanted first letters and lengths, picked at C speed: only they reach Python.
    for form in compress(once, map(wanted.__contains__, zip(map(itemgetter(0), once), map(len, once), strict=True))):
        forms_of[form[0], len(form)].append(form)
    pairs: list[tuple[str, str]] = []
    unordered: list[tuple[int, int]] = []  # where the pairs of a lookup that found two or more lie in ``pairs``
    for word in repeated:
        last, shorter = word[-1], word[:-1]
        # Exact cheap tests first: a dropped letter keeps the last letter unless it is the last
        # one dropped; a swap keeps it unless the last two letters swap. Plain loops: a
        # comprehension per word cost more than its tests on news text.
        forms = forms_of.get((word[0], len(word) - 1), [])
        if len(forms) < len(word):
            for form in forms:
                if (form[-1] == last or form == shorter) and _drops_a_letter(form, word):
                    pairs.append((form, word))
        else:
            _look_up(word, _drops(word), counts, pairs, unordered)
        forms = forms_of.get((word[0], len(word)), [])
        if len(forms) < len(word):
            for form in forms:
                if form[-1] in (last, word[-2]) and _swaps_two_letters(form, word):
                    pairs.append((form, word))
        else:
            _look_up(word, _swaps(word), counts, pairs, unordered)
    if unordered:  # each form is written once: one scan of the tokens at C speed gives their order
        tokens, asked = vocab.lower_tokens, {pairs[i][0] for start, end in unordered for i in range(start, end)}
        place = dict(zip(compress(tokens, map(asked.__contains__, tokens)), count()))
        for start, end in unordered:
            pairs[start:end] = sorted(pairs[start:end], key=lambda pair: place[pair[0]])
    return pairs


def _look_up(
    word: str,
    candidates: Iterable[str],
    counts: Mapping[str, int],
    pairs: list[tuple[str, str]],
    unordered: list[tuple[int, int]],
) -> None:
    """Adds to ``pairs`` ``word`` with each of its ``candidates`` the text uses once; where two or more, to ``unordered``."""
    start = len(pairs)
    pairs += [(form, word) for form in candidates if counts.get(form) == 1]
    if len(pairs) - start > 1:
        unordered.append((start, len(pairs)))


def _drops(word: str) -> dict[str, None]:
    """The forms ``_drops_a_letter`` accepts for ``word``: a letter dropped, not the first, nor a final s or d."""
    forms = dict.fromkeys(word[:i] + word[i + 1 :] for i in range(1, len(word)))
    if word[-1] in "sd":
        forms.pop(word[:-1])
    return forms


def _swaps(word: str) -> list[str]:
    """The forms ``_swaps_two_letters`` accepts for ``word``: two different neighbours swapped, not the first letter."""
    return [word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(1, len(word) - 1) if word[i] != word[i + 1]]


def _drops_a_letter(form: str, word: str) -> bool:
    """``easter`` from ``eastern``: one letter dropped, never the first, never a final s or d (grammar)."""
    i = next((i for i, (a, b) in enumerate(zip(form, word, strict=False)) if a != b), len(form))
    if i == len(form) and word[-1] in "sd":
        return False
    return i > 0 and form[i:] == word[i + 1 :]


def _swaps_two_letters(form: str, word: str) -> bool:
    """``form`` from ``from``: two neighbouring letters swapped, the first one kept."""
    i = next((i for i, (a, b) in enumerate(zip(form, word, strict=True)) if a != b), len(form))
    return 0 < i < len(form) - 1 and form[i] == word[i + 1] and form[i + 1] == word[i] and form[i + 2 :] == word[i + 2 :]


def _consistency_edits(text: str, wrong: str, right: str, places: WordPlaces) -> Iterator[Edit]:
    contexts: defaultdict[tuple[str | None, str | None], int] = defaultdict(int)
    for m in _with_neighbours(right, places, re.IGNORECASE):
        contexts[_lower(m["left"]), _lower(m["right"])] += 1
    for m in _with_neighbours(wrong, places):
        left, after = _lower(m["left"]), _lower(m["right"])
        both = any(left and after and key == (left, after) for key in contexts)
        one = any((left and key[0] == left) or (after and key[1] == after) for key in contexts)
        if not (both or one):
            continue
        confidence = SETTINGS.consistency_confidence if both else SETTINGS.report_confidence
        phrase = " ".join(word for word in (left, right, after) if word)
        message = f"the article says {phrase!r} elsewhere"
        yield Edit(m.start("word"), m.end("word"), right, "C101", confidence, message)


class WordPlaces:
    """Where each of some lower-case words stands as a whole word in a text, in any case, found in one scan.

    The near pairs of C101 each look for their two words; a scan of the whole text for
    each made the stage quadratic in the length of a text with many pairs.

    >>> places = WordPlaces("Easter in easter Europe, eastern's", {"easter", "eastern"})
    >>> places.of("easter", any_case=True), places.of("easter", any_case=False), places.of("eastern", any_case=True)
    ([0, 10], [10], [])
    """

    def __init__(self, text: str, words: set[str]) -> None:
        self.text = text
        self.starts: defaultdict[str, list[int]] = defaultdict(list)
        for m in WHOLE_WORD_RUN_RE.finditer(text):
            key = m.group().lower()
            if key in words:
                self.starts[key].append(m.start())

    def of(self, word: str, any_case: bool) -> list[int]:
        """Where lower-case ``word`` stands, in order: in any case, or only as written."""
        starts = self.starts.get(word, [])
        return starts if any_case else [start for start in starts if self.text.startswith(word, start)]


def _with_neighbours(word: str, places: WordPlaces, flags: int = 0) -> Iterator[re.Match[str]]:
    """What ``re.finditer`` finds of ``NEIGHBOURS_RE`` for ``word`` in ``places.text``, found faster.

    That pattern opens with an optional word, so a plain scan tries it at every
    character. Here each scan jumps to where the word itself stands next (from ``places``)
    and resumes just after the last space before it: no match can begin earlier, so the
    matches are the same.
    """
    text = places.text
    pattern = re.compile(NEIGHBOURS_RE.format(word=WHOLE_WORD_RE.format(word=re.escape(word))), flags)
    pos = 0
    for start in places.of(word, any_case=bool(flags & re.IGNORECASE)):
        if start < pos:
            continue  # taken by the match before, as its right neighbour
        m = pattern.search(text, max(pos, text.rfind(" ", pos, max(pos, start - 1)) + 1))
        if m is None:  # cannot happen: the word alone matches
            return
        yield m
        pos = m.end()


class TokenNeighbours:
    """Where each of ``words`` stands in a text's token sequence, indexed once for every near pair to ask.

    >>> TokenNeighbours("in easter europe and eastern europe".split(), {"easter", "eastern"}).share_one("easter", "eastern")
    True
    """

    def __init__(self, tokens: list[str], words: set[str]) -> None:
        self.tokens = tokens
        self.positions: defaultdict[str, list[int]] = defaultdict(list)
        for k in compress(count(), map(words.__contains__, tokens)) if words else ():
            self.positions[tokens[k]].append(k)

    def share_one(self, wrong: str, right: str) -> bool:
        """Whether ``right`` stands somewhere next to a word that stands next to the first ``wrong``.

        A cheap test on the token sequence before the exact scans of ``_consistency_edits``.
        """
        tokens, positions = self.tokens, self.positions.get(wrong)
        if not positions:
            return False
        i = positions[0]
        around = {tokens[i - 1] if i else None, tokens[i + 1] if i + 1 < len(tokens) else None} - {None}
        return any(
            (k and tokens[k - 1] in around) or (k + 1 < len(tokens) and tokens[k + 1] in around)
            for k in self.positions.get(right, ())
        )


def _lower(word: str | None) -> str | None:
    return word.lower() if word else None
