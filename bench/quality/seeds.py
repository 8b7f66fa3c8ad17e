"""The two seed articles as hand-labelled cases, with gold taken from ``seeds/ARTIFACTS.md``.

Each label names a unique stretch of the article (``where``), the artifact inside it
(``target``), the ideal repair and the acceptable ones. "Reported, not applied" in
ARTIFACTS.md becomes ``report_ok``: the span may stay unchanged when a finding covers it.
Typography the file says is kept by default (mixed quotes) has no label, so any edit
there counts against precision.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bench.corpus import REPO_ROOT
from bench.quality.gold import Case, Gold

SEEDS_DIR = REPO_ROOT / "seeds"


@dataclass(frozen=True, slots=True)
class Label:
    where: str
    target: str
    correct: str
    cls: str
    accept: tuple[str, ...] = ()
    report_ok: bool = False


LABELS: dict[str, tuple[Label, ...]] = {
    "000_2e55a25b1075aa99.txt": (
        Label(" date 2022-01-24 President", " date 2022-01-24 ", "", "headers"),
        Label("presence in easter Europe", "easter", "eastern", "real-word"),
        Label("these troops sicne they", "sicne", "since", "typo"),
    ),
    "003_57c84ed8da41ee94.txt": (
        Label("Joe BidenThe Pentagon", "BidenThe", "Biden, the", "merged-case", accept=("Biden The",)),
        Label("John Kirbysaid Monday", "Kirbysaid", "Kirby said", "merged-name"),
        Label("said would They would only", "would They would", "would", "stutter", report_ok=True),
        Label("NATO allies”Kirby said", "allies”Kirby", "allies,” Kirby", "merged-punct", accept=("allies” Kirby",)),
        Label("Lloyd Austinrecommended to", "Austinrecommended", "Austin recommended", "merged-name"),
        Label("be ordered prepared for", "ordered prepared", "ordered to prepare", "mt-slip", report_ok=True),
        Label(
            "Russian president Vladimir Putin it is not",
            "president Vladimir Putin it is",
            "President Vladimir Putin is",
            "mt-slip",
            report_ok=True,
        ),
        Label("weeks now.”said the", "now.”said", "now,” said", "merged-punct", accept=("now.” said",)),
    ),
}


def locate(text: str, label: Label, kind: str = "seed") -> Gold:
    """The gold span of one label; the ``where`` text must occur exactly once."""
    if text.count(label.where) != 1 or label.target not in label.where:
        raise ValueError(f"label {label.where!r} is not unique in the article")
    start = text.index(label.where) + label.where.index(label.target)
    return Gold(label.cls, start, start + len(label.target), label.correct, label.accept, label.report_ok, kind)


def seed_cases(folder: Path = SEEDS_DIR) -> list[Case]:
    cases = []
    for name, labels in LABELS.items():
        text = (folder / name).read_text(encoding="utf-8")
        gold = tuple(sorted((locate(text, label) for label in labels), key=lambda g: g.start))
        cases.append(Case(f"seeds/{name}", text, gold))
    return cases
