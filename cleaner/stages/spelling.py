"""Non-word typos: ``sicne`` → ``since``, ``recieve`` → ``receive``.

Only a lower-case token that is not a word gets candidates: not in the dictionary,
rare in English, not a prefix or compound formation (``nonstarter``), not used twice
in the article, not a word of French, Spanish, German, Italian or Portuguese, and not
in a run of other unknown words (a foreign phrase). Names and acronyms are capitalised
and never reach this stage. Its candidates are common dictionary words within two
edits, a swap of two letters counting as one. Each is scored by a noisy channel: how
common the word is, how likely the slip (a swap or a doubled letter is likelier than
any other single edit, which is far likelier than two), and whether the neighbouring
words fit it. The best is applied only when it clearly beats the runner-up; a close
call is reported with both.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cleaner.edits import Edit, Rule
from cleaner.lexicon import Lexicon, Vocabulary, edit_distance, in_code
from cleaner.stages.base import Document, Stage
from cleaner.text import starts_sentence, word_after, word_before

RULES = (
    Rule(
        "S101",
        "non-word",
        "spelling",
        "A misspelled word corrected to the likeliest common word within two edits.",
        "sicne → since; recieve → receive",
    ),
)

#: log10 likelihood of each kind of slip, on the zipf scale of the word prior: a swap or
#: a doubled letter, a dropped letter, any other single edit, two edits.
SWAP_OR_DOUBLE_COST = 0.3
OMISSION_COST = 0.7
ONE_EDIT_COST = 1.0
TWO_EDIT_COST = 3.5
#: Bonus when the article uses the candidate elsewhere.
DOCUMENT_BONUS = 0.5
#: A capitalised non-word at a sentence start may become a word at least this common.
OPENER_ZIPF = 6.0
#: Bonus when a neighbouring word forms a common bigram with the candidate.
CONTEXT_BONUS = 1.0
#: The best candidate must beat the runner-up by this much to be applied, and by
#: ``SURE_MARGIN`` for full confidence.
MARGIN = 1.0
SURE_MARGIN = 2.0
#: A correction must be this much (log10) more common than the token, which may be a rare
#: word, by edit distance.
GAIN = {1: 1.0, 2: 2.0}
#: A capitalised token may be a name the web knows (``Al Saud``), so its correction must gain more.
CAPITAL_GAIN = 1.0
#: A token this common in another language is a foreign word.
FOREIGN_ZIPF = 4.0
FOREIGN_LANGUAGES = ("fr", "es", "de", "it", "pt")
MIN_LENGTH = 3
#: Tokens this short have many neighbours: their winner needs a wider margin.
SHORT = 4
SHORT_PENALTY = 0.5
DOUBLED_RE = re.compile(r"(.)\1+")


class SpellingStage(Stage):
    name = "spelling"
    rules = RULES
    english_only = True

    def propose(self, doc: Document) -> Iterator[Edit]:
        if not doc.wants("S101"):
            return
        lexicon = doc.lexicon
        vocab = doc.vocabulary
        for form in vocab.unknown_forms(lexicon):
            if len(form) < MIN_LENGTH or not (form.isalpha() and form.isascii()) or vocab.lower[form.lower()] > 1:
                continue
            if not (form.islower() or form.istitle()) or lexicon.is_compound(form):
                continue
            for start, end in vocab.occurrences(form):
                edit = _correct(doc, start, end)
                if edit is not None and not _is_foreign(form.lower()):
                    yield edit


def _correct(doc: Document, start: int, end: int) -> Edit | None:
    text, lexicon, vocab = doc.text, doc.lexicon, doc.vocabulary
    if in_code(text, start, end):
        return None
    form = text[start:end]
    lower = form.lower()
    left, right = word_before(text, start), word_after(text, end)
    if any(word and word.islower() and not lexicon.is_word(word) and _is_foreign(word) for word in (left, right)):
        return None  # inside a foreign phrase
    sentence_start = starts_sentence(text, start)
    if form[0].isupper() and not sentence_start:
        candidates = _capitalised_candidates(form, vocab, lexicon)  # cheap: only words the article capitalises
    else:
        candidates = lexicon.corrections(lower)
    if not candidates:
        return None
    scored = _ranked(lower, candidates, left, right, lexicon, vocab)
    score, best = scored[0]
    gain = GAIN[candidates[best]] + (CAPITAL_GAIN if form[0].isupper() else 0.0)
    if lexicon.zipf(best) - lexicon.zipf(lower) < gain:
        return None
    stem = lexicon.inflection_stem(lower)
    if stem is not None and not (best.startswith(stem) and len(best) > len(stem)):
        return None  # fueling, checkered: a regular form of a word; occured → occurred stays allowed
    if form[0].isupper():
        # A capitalised unknown word may be a name: correct it only to a word the article
        # capitalises in the same place (Deputy Secratary → Secretary), or, opening a
        # sentence, to a word the article uses or a very common one (Wew → We).
        best = best.capitalize()
        if sentence_start and not (vocab.counts.get(best) or lexicon.zipf(best) >= OPENER_ZIPF):
            return None
    distance = candidates[best.lower()]
    runner_up = scored[1][1] if len(scored) > 1 else None
    margin = score - scored[1][0] if runner_up else SURE_MARGIN
    if distance == 2 and not _doubling_slip(lower, best.lower()):
        margin = min(margin, MARGIN - 0.01)  # two free-form slips are a guess
    elif len(form) <= SHORT:
        margin -= SHORT_PENALTY  # short words have many neighbours
    if margin >= SURE_MARGIN:
        confidence = 0.9 if distance == 1 else 0.85
        return Edit(start, end, best, "S101", confidence, f"{form!r} is not a word; {best!r} is the likeliest")
    if margin >= MARGIN:
        return Edit(start, end, best, "S101", 0.8, f"{form!r} is not a word; {best!r} is likelier than {runner_up!r}")
    message = f"{form!r} is not a word: {best!r}" + (f" or {runner_up!r}?" if runner_up else "?")
    return Edit(start, end, best, "S101", 0.5, message)


def _capitalised_candidates(form: str, vocab: Vocabulary, lexicon: Lexicon) -> dict[str, int]:
    """Dictionary words the article capitalises mid-sentence, within two edits of ``form``."""
    lower = form.lower()
    found = {}
    for name in vocab.names:
        if name[0] != form[0] or abs(len(name) - len(form)) > 2:
            continue
        key = name.lower()
        if key in lexicon.dictionary:
            distance = edit_distance(lower, key, limit=2)
            if 0 < distance <= 2:
                found[key] = distance
    return found


def best_correction(form: str, lexicon: Lexicon) -> tuple[float, str] | None:
    """The likeliest correction of a lower-case non-word and its score, out of context."""
    candidates = lexicon.corrections(form)
    return _ranked(form, candidates, None, None, lexicon)[0] if candidates else None


def _ranked(
    form: str,
    candidates: dict[str, int],
    left: str | None,
    right: str | None,
    lexicon: Lexicon,
    vocab: Vocabulary | None = None,
) -> list[tuple[float, str]]:
    scored = []
    for candidate, distance in candidates.items():
        score = _score(form, candidate, distance, left, right, lexicon)
        if vocab is not None and vocab.lower.get(candidate):
            score += DOCUMENT_BONUS  # the article uses the word elsewhere
        scored.append((score, candidate))
    return sorted(scored, reverse=True)


def _score(form: str, candidate: str, distance: int, left: str | None, right: str | None, lexicon: Lexicon) -> float:
    """log10 P(candidate) + log10 P(form | candidate) + fit with the neighbours."""
    if distance == 2:
        channel = -TWO_EDIT_COST
    elif _swap_or_double(form, candidate):
        channel = -SWAP_OR_DOUBLE_COST
    elif len(candidate) > len(form):
        channel = -OMISSION_COST
    else:
        channel = -ONE_EDIT_COST
    context = 0.0
    if left and lexicon.bigram(left, candidate):
        context += CONTEXT_BONUS
    if right and lexicon.bigram(candidate, right):
        context += CONTEXT_BONUS
    return lexicon.zipf(candidate) + channel + context


def _swap_or_double(form: str, candidate: str) -> bool:
    """``sicne``/``since`` (two letters swapped) or ``occured``/``occurred`` (a letter doubled or not)."""
    if len(form) == len(candidate):
        diffs = [i for i, (a, b) in enumerate(zip(form, candidate, strict=True)) if a != b]
        return len(diffs) == 2 and diffs[1] == diffs[0] + 1 and form[diffs[0]] == candidate[diffs[1]]
    short, long = sorted((form, candidate), key=len)
    i = next((i for i, (a, b) in enumerate(zip(short, long, strict=False)) if a != b), len(short))
    return long[:i] + long[i + 1 :] == short and i > 0 and long[i] == long[i - 1]


def _doubling_slip(form: str, candidate: str) -> bool:
    """Two edits that are mostly a letter doubled or not: ``tommorow``/``tomorrow``."""
    return edit_distance(DOUBLED_RE.sub(r"\1", form), DOUBLED_RE.sub(r"\1", candidate)) <= 1


def _is_foreign(word: str) -> bool:
    import wordfreq  # on the first candidate correction, not at start-up: it imports langcodes and more

    return any(wordfreq.zipf_frequency(word, language, wordlist="small") >= FOREIGN_ZIPF for language in FOREIGN_LANGUAGES)
