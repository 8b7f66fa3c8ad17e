"""``slip_between`` names the slip that the plain definitions name, for every kind of one- and two-letter edit."""

from __future__ import annotations

import random

from cleaner.lexicon import edit_distance
from cleaner.stages.spelling import DOUBLE, DOUBLED_RE, INSERTION, OMISSION, SUBSTITUTION, SWAP, TWO, slip_between


def _plain_kind(form: str, candidate: str) -> tuple[str, bool, bool]:
    """The slip by brute force: try every single edit of ``candidate`` and see which gives ``form``."""
    positions = range(len(candidate) + 1)
    deletions = [i for i in range(len(form)) if form[:i] + form[i + 1 :] == candidate]  # form has a letter more
    if deletions:
        if any(form[i] in form[max(0, i - 1) : i] + form[i + 1 : i + 2] for i in deletions):
            return DOUBLE, False, False
        return INSERTION, deletions[0] == 0, deletions[0] == len(form) - 1
    dropped = [i for i in range(len(candidate)) if candidate[:i] + candidate[i + 1 :] == form]
    if dropped:
        if any(candidate[i] in candidate[max(0, i - 1) : i] + candidate[i + 1 : i + 2] for i in dropped):
            return DOUBLE, False, False
        return OMISSION, dropped[0] == 0, dropped[0] == len(candidate) - 1
    for i in positions[:-2]:
        if candidate[:i] + candidate[i + 1] + candidate[i] + candidate[i + 2 :] == form and candidate[i] != candidate[i + 1]:
            return SWAP, False, False
    for i in positions[:-1]:
        if (
            len(form) == len(candidate)
            and form[:i] + form[i + 1 :] == candidate[:i] + candidate[i + 1 :]
            and form[i] != candidate[i]
        ):
            return SUBSTITUTION, i == 0, False
    if DOUBLED_RE.sub(r"\1", form) == DOUBLED_RE.sub(r"\1", candidate):
        return DOUBLE, False, False
    return TWO, False, False


def _edit(word: str, rng: random.Random) -> str:
    i = rng.randrange(len(word))
    kind = rng.randrange(4)
    if kind == 0:
        return word[:i] + word[i + 1 :]
    if kind == 1:
        return word[:i] + rng.choice("abe") + word[i:]
    if kind == 2:
        return word[:i] + rng.choice("abe") + word[i + 1 :]
    return word[:i] + word[i + 1 : i + 2] + word[i] + word[i + 2 :]


def test_slip_kinds_agree_with_the_plain_definitions() -> None:
    rng = random.Random(5)
    for _ in range(20000):
        candidate = "".join(rng.choice("abe") for _ in range(rng.randint(2, 7)))
        form = _edit(candidate, rng)
        if rng.random() < 0.3 and len(form) > 1:
            form = _edit(form, rng)
        if form == candidate or not form or edit_distance(form, candidate) > 2:
            continue
        slip = slip_between(form, candidate)
        assert (slip.kind, slip.first, slip.last) == _plain_kind(form, candidate), (form, candidate)
