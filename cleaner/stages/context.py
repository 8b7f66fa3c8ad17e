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
  alternatives. The alternative must be seen with both neighbours, the written word
  with at most one, and the model must prefer the alternative a hundredfold; a
  phrase the article repeats is never changed.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterator

from cleaner.edits import Edit, Rule
from cleaner.lexicon import Lexicon, Vocabulary, joins_token, word_set
from cleaner.stages.base import Document, Stage
from cleaner.text import word_before

RULES = (
    Rule(
        "C101",
        "document-consistency",
        "context",
        "A word used once where the article elsewhere uses a near-identical word in the same phrase.",
        "in easter Europe → in eastern Europe (the article also says Eastern Europe)",
    ),
    Rule(
        "C102",
        "confusable-word",
        "context",
        "A commonly confused word that its neighbours rule out, by English word-pair statistics.",
        "more then ever → more than ever; a new from of → a new form of",
    ),
)

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
    "and an",
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
#: The commonest English words are checked only from their rarer partner (``off``, ``too``,
#: ``an``): scanning every ``of`` and ``and`` would cost more than their rare slips are worth.
COMMONEST = word_set("of to and")
#: One pattern per confusable word, run only when the article uses the word at all.
#: The word comes first, so the scan jumps from one literal occurrence to the next.
CONFUSABLE_RES = {
    word: re.compile(rf"(?P<word>{word})(?= (?P<right>[a-z]+)(?![\w'’-]))") for word in set(CONFUSABLES) - COMMONEST
}
#: Letters that can open a vowel sound (``an hour``, ``an honest``).
VOWEL_SOUNDS = tuple("aeiouh")
#: Pair count assumed for a pair missing from the table (its smallest count is 6.4 million).
UNSEEN_PAIR = 1_000_000
#: How many times (log10) likelier the alternative must be: to apply, to report.
APPLY_GAIN = 2.0
REPORT_GAIN = 1.0
#: The bar to apply when neither neighbour is ever seen with the written word.
UNSEEN_APPLY_GAIN = 1.2

#: Shorter words have too many real neighbours (in/on, at/it).
MIN_LENGTH = 5
#: The word to restore must occur at least this often.
MIN_PARTNER_COUNT = 2
#: A word standing alone, and the same word with the words on either side when they are there.
WHOLE_WORD_RE = r"(?<![\w'’]){word}(?![\w'’])"
NEIGHBOURS_RE = r"(?:(?<![\w'’])(?P<left>[^\W\d_]+)[ ])?(?P<word>{word})(?:[ ](?P<right>[^\W\d_]+))?"


class ContextStage(Stage):
    name = "context"
    rules = RULES
    english_only = True

    def propose(self, doc: Document) -> Iterator[Edit]:
        if doc.wants("C101"):
            for wrong, right in _near_pairs(doc.vocabulary):
                if not doc.lexicon.is_protected(wrong):
                    yield from _consistency_edits(doc.text, wrong, right, doc.vocabulary.lower_tokens)
        if doc.wants("C102"):
            for word in CONFUSABLE_RES.keys() & doc.vocabulary.counts.keys():
                for m in CONFUSABLE_RES[word].finditer(doc.text):
                    if m.start() and joins_token(doc.text[m.start() - 1]):
                        continue  # the end of a longer word
                    edit = _confusable(doc, m)
                    if edit is not None:
                        yield edit


def _confusable(doc: Document, m: re.Match[str]) -> Edit | None:
    """C102: the bigram model's verdict on one confusable word, if it prefers another."""
    text, lexicon = doc.text, doc.lexicon
    word, right = m["word"], m["right"]
    left = word_before(text, m.start())
    if left is None or lexicon.is_protected(word):
        return None
    left = left.lower()
    fit, seen = _fit(lexicon, left, word, right)
    if word == "an" and not right.startswith(VOWEL_SOUNDS):
        fit, seen = -math.inf, 0  # "an" comes only before a vowel sound: "resilience an dignity"
    if seen == 2:
        return None
    fits = {other: _fit(lexicon, left, other, right) for other in CONFUSABLES[word]}
    best = max(fits, key=lambda other: (fits[other][0], other))
    best_fit, best_seen = fits[best]
    gain = best_fit - fit
    if gain < REPORT_GAIN or best_seen < 2:
        return None
    if _said_elsewhere(text, f"{left} {word}") or _said_elsewhere(text, f"{word} {right}"):
        return None  # the article writes it this way more than once: meant
    replacement = best
    unseen = seen == 0  # neither neighbour is ever seen with the written word
    confidence = 0.85 if gain >= APPLY_GAIN or (unseen and gain >= UNSEEN_APPLY_GAIN) else 0.6
    likelier = "far" if math.isinf(gain) else f"{10**gain:.0f}x"
    message = f"{left} {best} {right} is {likelier} likelier than {left} {word} {right}"
    return Edit(m.start(), m.end(), replacement, "C102", confidence, message)


def _fit(lexicon: Lexicon, left: str, word: str, right: str) -> tuple[float, int]:
    """log10 P(word | left) · P(right | word), up to a constant, and how many of the two pairs are seen."""
    before, after = lexicon.bigram(left, word), lexicon.bigram(word, right)
    total = lexicon.pairs_after(word) or UNSEEN_PAIR
    score = math.log10(before or UNSEEN_PAIR) + math.log10(after or UNSEEN_PAIR) - math.log10(total)
    return score, bool(before) + bool(after)


def _said_elsewhere(text: str, phrase: str) -> bool:
    return len(re.findall(rf"(?<![\w'’-]){re.escape(phrase)}(?![\w'’-])", text, re.IGNORECASE)) > 1


def _near_pairs(vocab: Vocabulary) -> Iterator[tuple[str, str]]:
    """(once-used form, repeated word) pairs one dropped letter or one swap apart."""
    items = vocab.lower.items()
    repeated = [word for word, count in items if count > 1 and len(word) >= MIN_LENGTH and word.isalpha()]
    wanted = {(word[0], size) for word in repeated for size in (len(word) - 1, len(word))}
    once: defaultdict[tuple[str, int], list[str]] = defaultdict(list)
    for word in [word for word, count in items if count == 1]:
        if (word[0], len(word)) in wanted:
            once[word[0], len(word)].append(word)
    for word in repeated:
        # Exact cheap tests first: a dropped letter keeps the last letter unless it is the last
        # one dropped; a swap keeps it unless the last two letters swap.
        last, shorter = word[-1], word[:-1]
        for form in once.get((word[0], len(word) - 1), ()):
            if (form[-1] == last or form == shorter) and _drops_a_letter(form, word):
                yield form, word
        for form in once.get((word[0], len(word)), ()):
            if form[-1] in (last, word[-2]) and _swaps_two_letters(form, word):
                yield form, word


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


def _consistency_edits(text: str, wrong: str, right: str, tokens: list[str]) -> Iterator[Edit]:
    if not _share_a_neighbour(tokens, wrong, right):
        return  # cheap test on the token sequence before the exact scans
    contexts: defaultdict[tuple[str | None, str | None], int] = defaultdict(int)
    for m in _with_neighbours(right, text, re.IGNORECASE):
        contexts[_lower(m["left"]), _lower(m["right"])] += 1
    for m in _with_neighbours(wrong, text):
        left, after = _lower(m["left"]), _lower(m["right"])
        both = any(left and after and key == (left, after) for key in contexts)
        one = any((left and key[0] == left) or (after and key[1] == after) for key in contexts)
        if not (both or one):
            continue
        confidence = 0.9 if both else 0.6
        phrase = " ".join(word for word in (left, right, after) if word)
        message = f"the article says {phrase!r} elsewhere"
        yield Edit(m.start("word"), m.end("word"), right, "C101", confidence, message)


def _with_neighbours(word: str, text: str, flags: int = 0) -> Iterator[re.Match[str]]:
    """What ``re.finditer`` finds of ``NEIGHBOURS_RE`` for ``word``, found faster.

    That pattern opens with an optional word, so a plain scan tries it at every
    character. Here each scan jumps to where the word itself stands next and resumes just
    after the last space before it: no match can begin earlier, so the matches are the same.
    """
    alone = re.compile(WHOLE_WORD_RE.format(word=re.escape(word)), flags)
    pattern = re.compile(NEIGHBOURS_RE.format(word=alone.pattern), flags)
    pos = 0
    while (hit := alone.search(text, pos)) is not None:
        m = pattern.search(text, max(pos, text.rfind(" ", pos, max(pos, hit.start() - 1)) + 1))
        if m is None:  # cannot happen: the word alone matches
            return
        yield m
        pos = m.end()


def _share_a_neighbour(tokens: list[str], wrong: str, right: str) -> bool:
    i = tokens.index(wrong)
    around = {tokens[i - 1] if i else None, tokens[i + 1] if i + 1 < len(tokens) else None} - {None}
    return any(
        token == right and ((k and tokens[k - 1] in around) or (k + 1 < len(tokens) and tokens[k + 1] in around))
        for k, token in enumerate(tokens)
    )


def _lower(word: str | None) -> str | None:
    return word.lower() if word else None
