"""Real words in the wrong place: ``in easter Europe`` when the article says ``Eastern Europe``.

A slip that lands on another real word (``easter`` for ``eastern``, ``form`` for
``from``) passes every spelling check. The safest witness is the article itself: a
word used once whose neighbour (one letter more, or two letters swapped) the article
uses again, in the same company. Both neighbours must match (``in eastern Europe`` and
``in easter Europe``) for the repair to be applied; one matching side is only reported.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from cleaner.edits import Edit, Rule
from cleaner.lexicon import Vocabulary
from cleaner.stages.base import Document, Stage

RULES = (
    Rule(
        "C101",
        "document-consistency",
        "context",
        "A word used once where the article elsewhere uses a near-identical word in the same phrase.",
        "in easter Europe → in eastern Europe (the article also says Eastern Europe)",
    ),
)

#: Shorter words have too many real neighbours (in/on, at/it).
MIN_LENGTH = 5
#: The word to restore must occur at least this often.
MIN_PARTNER_COUNT = 2
NEIGHBOURS_RE = r"(?:(?<![\w'’])(?P<left>[^\W\d_]+)[ ])?(?P<word>{word})(?:[ ](?P<right>[^\W\d_]+))?"


class ContextStage(Stage):
    name = "context"
    rules = RULES

    def propose(self, doc: Document) -> Iterator[Edit]:
        if not doc.wants("C101"):
            return
        vocab = doc.vocabulary
        for wrong, right in _near_pairs(vocab):
            if doc.lexicon.is_protected(wrong):
                continue
            yield from _consistency_edits(doc.text, wrong, right)


def _near_pairs(vocab: Vocabulary) -> Iterator[tuple[str, str]]:
    """(once-used form, repeated word) pairs one dropped letter or one swap apart."""
    counts = vocab.lower
    once = {form for form, count in vocab.counts.items() if count == 1 and form.islower() and len(form) >= MIN_LENGTH - 1}
    if not once:
        return
    for word, count in counts.items():
        if count < MIN_PARTNER_COUNT or len(word) < MIN_LENGTH or not word.isalpha():
            continue
        # Never the first letter; never a final s or d, which is grammar (right/rights), not a slip.
        drops = {word[:i] + word[i + 1 :] for i in range(1, len(word) - (word[-1] in "sd"))}
        swaps = {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(1, len(word) - 1)}
        for form in (drops | swaps) & once:
            if counts[form] == 1:
                yield form, word


def _consistency_edits(text: str, wrong: str, right: str) -> Iterator[Edit]:
    contexts: defaultdict[tuple[str | None, str | None], int] = defaultdict(int)
    for m in re.finditer(NEIGHBOURS_RE.format(word=rf"(?<![\w'’]){re.escape(right)}(?![\w'’])"), text, re.IGNORECASE):
        contexts[_lower(m["left"]), _lower(m["right"])] += 1
    for m in re.finditer(NEIGHBOURS_RE.format(word=rf"(?<![\w'’]){re.escape(wrong)}(?![\w'’])"), text):
        left, after = _lower(m["left"]), _lower(m["right"])
        both = any(left and after and key == (left, after) for key in contexts)
        one = any((left and key[0] == left) or (after and key[1] == after) for key in contexts)
        if not (both or one):
            continue
        confidence = 0.9 if both else 0.6
        phrase = " ".join(word for word in (left, right, after) if word)
        message = f"the article says {phrase!r} elsewhere"
        yield Edit(m.start("word"), m.end("word"), right, "C101", confidence, message)


def _lower(word: str | None) -> str | None:
    return word.lower() if word else None
