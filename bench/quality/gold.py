"""The labelled cases the quality benchmark scores: corrupted text plus gold repairs."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class ArtifactClass:
    """A kind of damage, and the pipeline stages (rule-code letters) expected to repair it."""

    name: str
    stages: str
    summary: str


#: Every class the benchmark labels, in table order.
CLASSES: tuple[ArtifactClass, ...] = (
    ArtifactClass("merged-name", "M", "a name fused with the next word: Kirbysaid"),
    ArtifactClass("merged-case", "M", "a lost space or sentence break at a case change: BidenThe, leadersPresident, NATOallies"),
    ArtifactClass("merged-punct", "P", "a lost space after punctuation: Ukraine.The, allies”Kirby, now.”said, allies,Kirby"),
    ArtifactClass("typo", "S", "a non-word misspelling from codespell's list: sicne"),
    ArtifactClass("real-word", "C", "a real word wrong in context: easter Europe, form the"),
    ArtifactClass("stutter", "T", "a doubled word or machine-translation stutter: the the, would They would"),
    ArtifactClass("headers", "H", "page furniture: fused date prefix, byline, Updated: line, Advertisement, share buttons"),
    ArtifactClass("mojibake", "U", "UTF-8 read as cp1252 or latin-1: donâ€™t"),
    ArtifactClass("entity", "U", "HTML entities: &rsquo; &mdash; &nbsp; &amp;"),
    ArtifactClass("whitespace", "UL", "odd and zero-width spaces, runs of spaces, trailing spaces"),
    ArtifactClass("hard-wrap", "L", "line breaks inside paragraphs, hyphenated breaks"),
    ArtifactClass("mt-slip", "G", "machine-translation slips a grammar stage may fix (seed articles only)"),
)
CLASS_NAMES = tuple(c.name for c in CLASSES)
CLASS_BY_NAME = {c.name: c for c in CLASSES}
#: Edits whose rule maps to no class above (e.g. NFC composition, ligatures).
OTHER = "other"


@dataclass(frozen=True, slots=True)
class Gold:
    """One labelled artifact: ``case.text[start:end]`` should read ``correct``.

    ``accept`` lists other repairs that also count (a safe partial repair, e.g.
    ``Biden The`` for ``BidenThe``). ``report_ok`` means leaving the span unchanged
    also counts when a finding covers it (the seed labels "reported, not applied").
    Artifacts with the same ``group`` are one unit for recall (one wrapped paragraph).
    """

    cls: str
    start: int
    end: int
    correct: str
    accept: tuple[str, ...] = ()
    report_ok: bool = False
    kind: str = ""
    group: str = ""

    @property
    def repairs(self) -> tuple[str, ...]:
        return (self.correct, *self.accept)


@dataclass(frozen=True, slots=True)
class Case:
    """A document to clean: the corrupted ``text``, its gold artifacts and what it should become.

    Controls have no gold and must come back byte-identical.
    """

    name: str
    text: str
    gold: tuple[Gold, ...]
    control: bool = False

    @property
    def clean(self) -> str:
        """The text with every gold artifact replaced by its correct form."""
        return restore(self.text, self.gold)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "control": self.control, "text": self.text, "gold": [asdict(g) for g in self.gold]}


def restore(text: str, gold: tuple[Gold, ...] | list[Gold]) -> str:
    """Apply the gold corrections (sorted, non-overlapping spans) to ``text``.

    >>> restore("Kirbysaid it.", [Gold("merged-name", 0, 9, "Kirby said")])
    'Kirby said it.'
    """
    parts: list[str] = []
    pos = 0
    for g in sorted(gold, key=lambda g: g.start):
        if g.start < pos:
            raise ValueError(f"gold spans overlap at {g.start}")
        parts += [text[pos : g.start], g.correct]
        pos = g.end
    parts.append(text[pos:])
    return "".join(parts)
