"""Scoring a cleaner's change log against gold artifacts.

Definitions (`bench/README.md`, "Scoring", says the same):

* Gold regions are spans of whole tokens (or whole inserted lines) of the corrupted text.
* The applied edits (``Result.edits``, in original coordinates) and the gold regions are
  grouped into *clusters*: maximal groups of spans that overlap or touch (share an end
  point; an insertion at a region's edge touches it). Nothing outside a cluster touches it,
  so its output can be judged on its own.
* A cluster is *right* when replaying its edits on its stretch of the corrupted text gives
  what the gold says that stretch should read: every gold region in it replaced by its
  correct text or an accepted alternative (for ``report_ok`` labels, also left unchanged
  when a finding overlaps it); text between the regions unchanged.
* Recall: a gold artifact is *repaired* when its cluster is right.
  Precision: an applied edit is *correct* when its cluster holds gold and is right; an
  edit in a wrong cluster, or in a cluster without gold (it touches no artifact), is not.
  Exception: when every edit of a cluster with several gold regions lies inside exactly
  one of them, each region is judged alone with its own edits.
* Artifacts that share a ``group`` (the line breaks of one hard-wrapped paragraph) count
  as one artifact, repaired when all of them are; the edits of one class made in that
  group's clusters count as one edit, correct when all the clusters they are in are right. So a wrapped
  document weighs about as much as its paragraphs, not as its dozens of line breaks.
* Each edit counts for one class, by its rule: the table ``RULE_CLASSES``, then the
  stage letter (``STAGE_CLASSES``); merges (``M``) go to ``merged-case`` when the
  characters either side of the inserted text differ in case (``BidenThe``,
  ``NATOallies``) and to ``merged-name`` otherwise (``Kirbysaid``). Rules that map to no
  class count as ``other``.
* F0.5 = 1.25·P·R / (0.25·P + R), weighting precision twice as much as recall; a class
  with no edits has P = 1 (it can still have recall through ``report_ok`` findings).
* Controls have no gold: every edit there is a false positive, reported per 1,000 words;
  a control is *identical* when the output equals the input byte for byte.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from bench.corpus import word_count
from bench.quality.gold import CLASS_NAMES, OTHER, Case, Gold
from cleaner.result import Result, context_of

RULE_CLASSES = {
    "U101": "mojibake",
    "U102": "entity",
    "U103": "whitespace",
    "U104": "whitespace",
    "U105": "whitespace",
    "U107": "whitespace",
    "L101": "whitespace",
    "L102": "whitespace",
    "L105": "whitespace",
    "L103": "hard-wrap",
    "L104": "hard-wrap",
}
STAGE_CLASSES = {"H": "headers", "P": "merged-punct", "S": "typo", "C": "real-word", "T": "stutter"}
BETA = 0.5
#: At most this many combinations of accepted repairs are tried per cluster.
MAX_EXPECTED = 256


@dataclass(frozen=True, slots=True)
class Change:
    """An applied edit: ``original[start:end]`` became ``after``."""

    start: int
    end: int
    after: str
    rule: str


@dataclass(frozen=True, slots=True)
class Report:
    """A finding: reported over ``original[start:end]``, not applied."""

    start: int
    end: int
    rule: str
    suggestion: str | None


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the scorer needs from a cleaning run: output, applied edits, findings."""

    text: str
    changes: tuple[Change, ...]
    reports: tuple[Report, ...] = ()

    @classmethod
    def from_result(cls, result: Result) -> Outcome:
        """Read a ``cleaner.Result``, checking that its change log replays to its text."""
        changes = tuple(Change(e.start, e.end, e.after, e.rule) for e in result.edits)
        if replay(result.original, changes) != result.text:
            raise ValueError("the change log does not replay to the clean text")
        reports = tuple(Report(f.start, f.end, f.rule, f.suggestion) for f in result.findings)
        return cls(result.text, changes, reports)


def replay(text: str, changes: Iterable[Change], offset: int = 0) -> str:
    """Apply sorted, disjoint changes (spans relative to ``offset``) to ``text``."""
    parts: list[str] = []
    pos = 0
    for change in changes:
        start, end = change.start - offset, change.end - offset
        parts += [text[pos:start], change.after]
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


def edit_class(change: Change, text: str) -> str:
    """The artifact class an edit of ``text`` counts for, from its rule (see the module docstring)."""
    if change.rule in RULE_CLASSES:
        return RULE_CLASSES[change.rule]
    stage = change.rule[:1]
    if stage == "M":
        before = text[change.start : change.end]
        common = next((i for i, (a, b) in enumerate(zip(before, change.after, strict=False)) if a != b), len(before))
        split = change.start + common
        left, right = text[split - 1 : split], text[split : split + 1]
        case_change = left.isalpha() and right.isalpha() and left.isupper() != right.isupper()
        return "merged-case" if case_change else "merged-name"
    return STAGE_CLASSES.get(stage, OTHER)


def _touch(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    """Spans that overlap or share an end point."""
    return a_start <= b_end and b_start <= a_end


@dataclass(slots=True)
class Cluster:
    """Gold regions and edits that overlap or touch, judged together.

    ``gold_ok`` and ``change_ok`` hold the verdict for each gold region and each edit.
    """

    start: int
    end: int
    gold: list[Gold] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    produced: str = ""
    expected: tuple[str, ...] = ()
    gold_ok: list[bool] = field(default_factory=list)
    change_ok: list[bool] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.gold) and all(self.gold_ok)


def clusters(case: Case, outcome: Outcome) -> list[Cluster]:
    """Group gold regions and applied edits into clusters and judge each one."""
    spans: list[tuple[int, int, Gold | Change]] = [(g.start, g.end, g) for g in case.gold]
    spans += [(c.start, c.end, c) for c in outcome.changes]
    spans.sort(key=lambda item: (item[0], item[1]))
    found: list[Cluster] = []
    for start, end, item in spans:
        if not found or start > found[-1].end:
            found.append(Cluster(start, end))
        cluster = found[-1]
        cluster.end = max(cluster.end, end)
        if isinstance(item, Gold):
            cluster.gold.append(item)
        else:
            cluster.changes.append(item)
    for cluster in found:
        _judge(case.text, cluster, outcome.reports)
    return found


def _judge(text: str, cluster: Cluster, reports: tuple[Report, ...]) -> None:
    """Compare the cluster's output with its gold, region by region when the edits allow.

    When every edit lies inside exactly one gold region (two regions may touch: a line
    break next to a merged word), each region is judged on its own edits, so one
    stage's miss does not make another stage's right edit wrong.
    """
    cluster.produced = replay(text[cluster.start : cluster.end], cluster.changes, cluster.start)
    cluster.expected = tuple(_expected(text, cluster, reports))
    owners = [_owner(change, cluster.gold) for change in cluster.changes]
    if len(cluster.gold) > 1 and None not in owners:
        for i, g in enumerate(cluster.gold):
            part = Cluster(g.start, g.end, [g], [c for c, owner in zip(cluster.changes, owners, strict=True) if owner == i])
            _judge(text, part, reports)
            cluster.gold_ok.append(part.ok)
        cluster.change_ok = [cluster.gold_ok[owner] for owner in owners if owner is not None]
        return
    right = bool(cluster.gold) and cluster.produced in cluster.expected
    cluster.gold_ok = [right] * len(cluster.gold)
    cluster.change_ok = [right] * len(cluster.changes)


def _owner(change: Change, gold: list[Gold]) -> int | None:
    """The index of the one gold region that contains the change, if exactly one does."""
    inside = [i for i, g in enumerate(gold) if g.start <= change.start and change.end <= g.end]
    return inside[0] if len(inside) == 1 else None


def _expected(text: str, cluster: Cluster, reports: tuple[Report, ...]) -> Iterator[str]:
    """Every text the cluster's stretch may read: one accepted repair per gold region."""
    options = []
    for g in cluster.gold:
        repairs = list(g.repairs)
        if g.report_ok and any(_touch(r.start, r.end, g.start, g.end) for r in reports):
            repairs.append(text[g.start : g.end])
        options.append(repairs)
    for choice in itertools.islice(itertools.product(*options), MAX_EXPECTED):
        parts, pos = [], cluster.start
        for g, repair in zip(cluster.gold, choice, strict=True):
            parts += [text[pos : g.start], repair]
            pos = g.end
        parts.append(text[pos : cluster.end])
        yield "".join(parts)


@dataclass(slots=True)
class Tally:
    """Counts for one class: gold artifacts (recall side) and attributed edits (precision side)."""

    gold: int = 0
    repaired: int = 0
    reported: int = 0
    edits: int = 0
    correct: int = 0

    def __iadd__(self, other: Tally) -> Tally:
        self.gold += other.gold
        self.repaired += other.repaired
        self.reported += other.reported
        self.edits += other.edits
        self.correct += other.correct
        return self

    @property
    def precision(self) -> float | None:
        """``None`` when no edit counts for the class (nothing to be precise about)."""
        return self.correct / self.edits if self.edits else None

    @property
    def recall(self) -> float | None:
        return self.repaired / self.gold if self.gold else None

    @property
    def f05(self) -> float | None:
        """F0.5, ``None`` without gold. No edits at all counts as precision 1 (nothing was damaged)."""
        p, r = self.precision, self.recall
        if r is None:
            return None
        p = 1.0 if p is None else p
        if p == 0 or r == 0:
            return 0.0
        return (1 + BETA**2) * p * r / (BETA**2 * p + r)

    def to_dict(self) -> dict[str, Any]:
        return {
            "gold": self.gold,
            "repaired": self.repaired,
            "reported": self.reported,
            "edits": self.edits,
            "correct": self.correct,
            "precision": self.precision,
            "recall": self.recall,
            "f05": self.f05,
        }


def rule_class(change: Change, text: str, gold: Gold | None) -> str:
    """The quality benchmark's attribution: every edit counts for the class of its rule."""
    return edit_class(change, text)


#: How a scorer names the class an edit counts for: the edit, the text, and the gold region
#: that holds it (``None`` when no single region does).
Classifier = Callable[[Change, str, Gold | None], str]


@dataclass(slots=True)
class Score:
    """Running totals over many cases; ``add`` one case and its outcome at a time.

    ``classes`` are the gold classes a benchmark labels and ``classify`` attributes each
    edit to one of them (or ``OTHER``): the quality benchmark by rule, the real-text
    benchmark by the artifact the edit repairs.
    """

    classes: tuple[str, ...] = CLASS_NAMES
    classify: Classifier = rule_class
    tallies: dict[str, Tally] = field(init=False)
    docs: int = 0
    words: int = 0
    controls: int = 0
    control_words: int = 0
    control_edits: int = 0
    controls_identical: int = 0
    mismatches: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.tallies = {name: Tally() for name in (*self.classes, OTHER)}

    def add(self, case: Case, outcome: Outcome) -> None:
        self.docs += 1
        self.words += word_count(case.text)
        if case.control:
            self.controls += 1
            self.control_words += word_count(case.text)
            self.control_edits += len(outcome.changes)
            self.controls_identical += outcome.text == case.text
        units: dict[tuple[str, str | int], list[tuple[bool, bool]]] = {}
        edit_units: dict[tuple[str, str | int], list[bool]] = {}
        for cluster in clusters(case, outcome):
            for g, ok in zip(cluster.gold, cluster.gold_ok, strict=True):
                reported = any(_touch(r.start, r.end, g.start, g.end) for r in outcome.reports)
                units.setdefault((g.cls, g.group or g.start), []).append((ok, reported))
            groups = {g.group for g in cluster.gold}
            common = groups.pop() if len(groups) == 1 else ""
            owners = [_owner(change, cluster.gold) for change in cluster.changes]
            edit_classes = [
                self.classify(change, case.text, cluster.gold[owner] if owner is not None else _sole(cluster.gold))
                for change, owner in zip(cluster.changes, owners, strict=True)
            ]
            for i, (cls, change, ok, owner) in enumerate(
                zip(edit_classes, cluster.changes, cluster.change_ok, owners, strict=True)
            ):
                group = cluster.gold[owner].group if owner is not None else common
                edit_units.setdefault((cls, group or f"edit {i} at {change.start}"), []).append(ok)
            if not cluster.ok:
                self.mismatches.append(_mismatch(case, outcome, cluster, edit_classes))
        for (cls, _), flags in units.items():
            repaired = all(ok for ok, _ in flags)
            tally = self.tallies[cls]
            tally.gold += 1
            tally.repaired += repaired
            tally.reported += not repaired and any(reported for _, reported in flags)
        for (cls, _), oks in edit_units.items():
            self.tallies[cls].edits += 1
            self.tallies[cls].correct += all(oks)

    def total(self, classes: Iterable[str] | None = None) -> Tally:
        """Micro-averaged counts over ``classes`` (all by default); ``other`` edits always count."""
        names = set(self.tallies) if classes is None else {*classes, OTHER}
        total = Tally()
        for name in names:
            total += self.tallies[name]
        return total

    def macro_f05(self, classes: Iterable[str]) -> float | None:
        values = [f for name in classes if (f := self.tallies[name].f05) is not None]
        return sum(values) / len(values) if values else None

    @property
    def fp_per_1k(self) -> float | None:
        return 1000 * self.control_edits / self.control_words if self.control_words else None

    @property
    def identical_share(self) -> float | None:
        return self.controls_identical / self.controls if self.controls else None


def _sole(gold: list[Gold]) -> Gold | None:
    """The gold region of a cluster that holds exactly one."""
    return gold[0] if len(gold) == 1 else None


def _mismatch(case: Case, outcome: Outcome, cluster: Cluster, edit_classes: list[str]) -> dict[str, Any]:
    """A record of one wrong cluster, for humans tuning a stage.

    ``kind`` is ``fp`` (edits where no artifact is), ``wrong`` (some edit was judged wrong)
    or ``miss`` (no edit was wrong, some artifact was left); ``classes`` names the classes
    of the artifacts left unrepaired and of the wrong edits.
    """
    wrong_edits = [cls for cls, ok in zip(edit_classes, cluster.change_ok, strict=True) if not ok]
    if not cluster.gold:
        kind = "fp"
    elif wrong_edits:
        kind = "wrong"
    else:
        kind = "miss"
    missed = [g for g, ok in zip(cluster.gold, cluster.gold_ok, strict=True) if not ok]
    text = case.text
    return {
        "doc": case.name,
        "control": case.control,
        "kind": kind,
        "classes": sorted({g.cls for g in missed} | set(wrong_edits)),
        "gold_kinds": [g.kind for g in missed],
        "start": cluster.start,
        "end": cluster.end,
        "context": context_of(text, cluster.start, cluster.end),
        "text": text[cluster.start : cluster.end],
        "expected": cluster.expected[0] if cluster.expected else text[cluster.start : cluster.end],
        "produced": cluster.produced,
        "edits": [{"rule": c.rule, "before": text[c.start : c.end], "after": c.after} for c in cluster.changes],
        "findings": [
            {"rule": r.rule, "text": text[r.start : r.end], "suggestion": r.suggestion}
            for r in outcome.reports
            if _touch(r.start, r.end, cluster.start, cluster.end)
        ],
    }
