"""Real passages with gold repairs, as the cluster scorer's ``Case``s.

A passage's gold is the whole repaired text. The regions to score are where it differs
from the noisy text, found by diffing the two as sequences of tokens (words, single
punctuation characters and whitespace runs), so a repair is judged on whole tokens: the
cleaner may reach the gold text by a different edit and still be right.

Each region is attributed to one of the passage's classes by its shape (a space inserted
between two words is a merge, a removed line is a header, a decoded ``&`` sequence is an
entity...); a region whose shape no listed class explains counts for the primary class.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bench.quality.gold import ArtifactClass, Case, Gold
from bench.quality.score import Change

#: The classes of the development set's README, in table order, with the stages meant to repair them.
REAL_CLASSES: tuple[ArtifactClass, ...] = (
    ArtifactClass("merge_punct", "P", 'lost space after .?! or around a quote: music.The, interpreter."He'),
    ArtifactClass("merge_case", "M", "lost space before a capitalised word: headline or source fused to the text"),
    ArtifactClass("merge_lower", "M", "two lower-case words fused: withhis"),
    ArtifactClass("merge_name", "M", "a name fused with the next lower-case word: Toledosaid"),
    ArtifactClass("merge_url", "P", "a word fused with the URL after it"),
    ArtifactClass("header", "H", "boilerplate: ad slots, widgets, captions, feed footers, related links"),
    ArtifactClass("typo_nonword", "S", "real misspellings"),
    ArtifactClass("typo_realword", "C", "real words wrong in context: their is, an + consonant"),
    ArtifactClass("mt_stutter", "T", "repeated words and phrases"),
    ArtifactClass("entity", "U", "entity remnants ( #39;s, quot;), escaped entities and markup"),
    ArtifactClass("mojibake", "U", "mojibake, U+FFFD, lost letters and dashes"),
    ArtifactClass("whitespace", "UL", "no-break spaces inside running text"),
    ArtifactClass("hardwrap", "UL", "feed line breaks written as backslashes"),
    ArtifactClass("other", "", "anything else (a lost drop-cap initial)"),
)
REAL_CLASS_NAMES = tuple(c.name for c in REAL_CLASSES)
CONTROL = "control"

#: Words, single punctuation characters, whitespace runs.
TOKEN_RE = re.compile(r"\s+|\w+|[^\w\s]")
ENTITY_RE = re.compile(r"&|#\d+;|(?<![\w&])(?:quot|amp|lt|gt|nbsp|apos|rsquo|lsquo|rdquo|ldquo|mdash|ndash);")
#: What UTF-8 read as cp1252 or latin-1 typically shows, and the replacement character.
MOJIBAKE_RE = re.compile("[ÃÂâ€™œ\ufffd]|\\?")
URL_RE = re.compile(r"https?:|www\.", re.IGNORECASE)
QUOTE_OR_PUNCT = set(".?!,;:\"'“”‘’)")


@dataclass(frozen=True, slots=True)
class RealCase:
    """One passage of the development set: its id, source, classes and gold text."""

    id: str
    source: str
    classes: tuple[str, ...]
    text: str
    gold: str
    note: str

    @property
    def control(self) -> bool:
        return self.classes == (CONTROL,)

    def as_case(self) -> Case:
        """The passage as the scorer's ``Case``: gold regions from the token diff, one class each."""
        if self.control:
            return Case(self.id, self.text, (), control=True)
        return Case(self.id, self.text, tuple(gold_regions(self.text, self.gold, self.classes)))


def read_cases(path: Path) -> list[RealCase]:
    """The passages of a ``cases.jsonl`` file, in file order."""
    if not path.is_file():
        raise SystemExit(f"cases file not found: {path} (pass --cases PATH)")
    cases = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            record = json.loads(line)
            try:
                cases.append(
                    RealCase(
                        record["id"],
                        record.get("source", ""),
                        tuple(record["classes"]),
                        record["text"],
                        record["gold"],
                        record.get("note", ""),
                    )
                )
            except KeyError as exc:
                raise SystemExit(f"{path}:{number}: a case needs {exc.args[0]!r}") from exc
    return cases


def gold_regions(text: str, gold: str, classes: tuple[str, ...]) -> Iterator[Gold]:
    """Where ``gold`` differs from ``text``, as token-aligned regions of ``text``.

    >>> [(g.start, g.end, g.correct, g.cls) for g in gold_regions("It rained.The end.", "It rained. The end.", ("merge_punct",))]
    [(10, 10, ' ', 'merge_punct')]
    >>> [(text, g.cls) for g in gold_regions("John Kirbysaid it", "John Kirby said it", ("merge_name",)) for text in [g.correct]]
    [('Kirby said', 'merge_name')]
    """
    old, new = TOKEN_RE.findall(text), TOKEN_RE.findall(gold)
    old_at = _offsets(old)
    new_at = _offsets(new)
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        start, end = old_at[i1], old_at[i2]
        correct = gold[new_at[j1] : new_at[j2]]
        yield Gold(region_class(text, start, end, correct, classes), start, end, correct)


def _offsets(tokens: list[str]) -> list[int]:
    """The start of each token, and the end of the last one."""
    offsets = [0]
    for token in tokens:
        offsets.append(offsets[-1] + len(token))
    return offsets


def region_class(text: str, start: int, end: int, correct: str, classes: tuple[str, ...]) -> str:
    """The listed class whose shape fits the repair of ``text[start:end]``; the primary class otherwise."""
    for guess in _shape_guesses(text, start, end, correct):
        if guess in classes:
            return guess
    return classes[0]


def _shape_guesses(text: str, start: int, end: int, correct: str) -> list[str]:
    """Classes whose artifacts look like this repair, likeliest first."""
    before = text[start:end]
    if "\\" in before:
        return ["hardwrap", "entity"]
    if ENTITY_RE.search(before):
        return ["entity"]
    if _squeezed(before) == _squeezed(correct) and len(correct) > len(before):
        return _merge_guesses(text, start + _first_difference(before, correct))
    if not before.strip() and not correct.strip():
        return ["whitespace"]
    if correct.strip() in before and len(before.split()) - len(correct.split()) >= 1:
        # words removed and nothing else changed: a stutter when they repeat their neighbours
        return ["mt_stutter", "header"] if _repeats_nearby(text, start, end) else ["header", "mt_stutter"]
    if "\xa0" in before:
        return ["whitespace"]
    if MOJIBAKE_RE.search(before) or not before.isascii():
        return ["mojibake", "entity"]
    if len(before.split()) == 1 and len(correct.split()) == 1:
        return ["typo_nonword", "typo_realword", "mojibake"]
    return ["typo_realword", "mt_stutter", "typo_nonword"]


def _merge_guesses(text: str, at: int) -> list[str]:
    """Which merge a space inserted at ``text[at]`` repairs, from the characters around it."""
    left, right = text[at - 1 : at], text[at : at + 1]
    if URL_RE.match(text, at):
        return ["merge_url", "merge_case", "merge_lower"]
    if left in QUOTE_OR_PUNCT or right in QUOTE_OR_PUNCT:
        return ["merge_punct", "merge_case"]
    if right.isupper():
        return ["merge_case", "merge_punct"]
    word_start = at
    while word_start > 0 and text[word_start - 1].isalpha():
        word_start -= 1
    if text[word_start : word_start + 1].isupper():
        return ["merge_name", "merge_lower", "merge_case"]
    return ["merge_lower", "merge_name", "merge_case"]


def _squeezed(text: str) -> str:
    return "".join(text.split())


def _first_difference(a: str, b: str) -> int:
    return next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))


def _repeats_nearby(text: str, start: int, end: int) -> bool:
    """Whether every deleted word stands again among the few words around the deletion."""
    deleted = [w.lower() for w in re.findall(r"\w+", text[start:end])]
    around = {w.lower() for w in re.findall(r"\w+", text[max(0, start - 60) : start] + " " + text[end : end + 60])}
    return bool(deleted) and len(deleted) <= 6 and all(w in around for w in deleted)


#: The class an edit counts for when it touches no gold region (a false edit), by its rule.
RULE_CLASSES = {
    "U101": "mojibake",
    "U103": "whitespace",
    "U104": "whitespace",
    "U105": "whitespace",
    "U107": "whitespace",
    "L103": "hardwrap",
    "L104": "hardwrap",
}
STAGE_CLASSES = {
    "U": "entity",
    "H": "header",
    "L": "whitespace",
    "P": "merge_punct",
    "S": "typo_nonword",
    "C": "typo_realword",
    "T": "mt_stutter",
}


def real_edit_class(change: Change, text: str, gold: Gold | None) -> str:
    """An edit counts for the artifact it repairs; a false edit for what its rule is meant to repair."""
    if gold is not None:
        return gold.cls
    if change.rule in RULE_CLASSES:
        return RULE_CLASSES[change.rule]
    if change.rule.startswith("M"):
        at = change.start + _first_difference(text[change.start : change.end], change.after)
        return _merge_guesses(text, at)[0]
    return STAGE_CLASSES.get(change.rule[:1], "other")
