"""The quality benchmark's table, targets and one-line summary."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from bench.quality.gold import CLASSES, OTHER, ArtifactClass
from bench.quality.score import Score, Tally

#: Targets of issue 3.
OVERALL_F05 = 0.90
CLASS_F05 = 0.80
CONTROL_FP_PER_1K = 0.2
CONTROLS_IDENTICAL = 0.95


@dataclass(frozen=True, slots=True)
class Target:
    name: str
    value: float | None
    met: bool
    note: str = ""

    def line(self) -> str:
        shown = "-" if self.value is None else f"{self.value:.3f}"
        note = f"  ({self.note})" if self.note else ""
        return f"  {self.name:<48} {shown:>8}  {'met' if self.met else 'NOT MET'}{note}"


def in_scope(enabled: Iterable[str], classes: Iterable[ArtifactClass] = CLASSES) -> list[str]:
    """Classes some default-enabled rule's stage is meant to repair."""
    stages = {code[:1] for code in enabled}
    return [c.name for c in classes if set(c.stages) & stages]


def targets(score: Score, scope: list[str]) -> list[Target]:
    overall = score.total().f05
    weak = [(name, f) for name in scope if (f := score.tallies[name].f05) is not None and f < CLASS_F05]
    fp, identical = score.fp_per_1k, score.identical_share
    return [
        Target(f"overall F0.5 >= {OVERALL_F05:.2f}", overall, overall is not None and overall >= OVERALL_F05),
        Target(
            f"every in-scope class F0.5 >= {CLASS_F05:.2f}",
            min((f for name in scope if (f := score.tallies[name].f05) is not None), default=None),
            not weak,
            ", ".join(f"{name} {f:.3f}" for name, f in weak) or f"{len(scope)} classes in scope",
        ),
        Target(f"false positives <= {CONTROL_FP_PER_1K} per 1,000 control words", fp, fp is not None and fp <= CONTROL_FP_PER_1K),
        Target(
            f"controls byte-identical >= {CONTROLS_IDENTICAL:.0%}",
            identical,
            identical is not None and identical >= CONTROLS_IDENTICAL,
        ),
    ]


def summary(score: Score) -> str:
    total = score.total()
    fp, identical = score.fp_per_1k, score.identical_share
    return (
        f"overall P={number(total.precision)} R={number(total.recall)} F0.5={number(total.f05)}"
        f" | FP/1k words (controls)={'-' if fp is None else f'{fp:.2f}'}"
        f" | controls identical={'-' if identical is None else f'{identical:.1%}'}"
        f" | docs={score.docs} words={score.words:,}"
    )


def table(score: Score, scope: list[str], classes: Iterable[ArtifactClass] = CLASSES) -> str:
    header = (
        f"{'class':<14} {'stage':<5} {'gold':>5} {'fixed':>5} {'found':>5} {'R':>6}"
        f" {'edits':>5} {'right':>5} {'P':>6} {'F0.5':>6}  note"
    )
    rows = [header, "-" * len(header)]
    for c in classes:
        tally = score.tallies[c.name]
        if not tally.gold and not tally.edits:
            continue
        note = "" if c.name in scope else "stage not in the default pipeline"
        rows.append(_row(c.name, c.stages, tally, note))
    if score.tallies[OTHER].edits:
        rows.append(_row(OTHER, "", score.tallies[OTHER], "edits by rules no class owns"))
    rows.append("-" * len(header))
    rows.append(_row("overall", "", score.total(), "all classes"))
    rows.append(
        _row(
            "in scope", "", score.total(scope), f"classes of stages in the pipeline; macro F0.5 {number(score.macro_f05(scope))}"
        )
    )
    return "\n".join(rows)


def _row(name: str, stages: str, t: Tally, note: str) -> str:
    return (
        f"{name:<14} {stages:<5} {t.gold:>5} {t.repaired:>5} {t.reported:>5} {number(t.recall):>6}"
        f" {t.edits:>5} {t.correct:>5} {number(t.precision):>6} {number(t.f05):>6}  {note}"
    ).rstrip()


def number(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def as_json(score: Score, scope: list[str], meta: dict[str, Any]) -> dict[str, Any]:
    return {
        **meta,
        "docs": score.docs,
        "words": score.words,
        "classes": {
            name: {**tally.to_dict(), "in_scope": name in scope}
            for name, tally in score.tallies.items()
            if tally.gold or tally.edits
        },
        "overall": score.total().to_dict(),
        "in_scope": {**score.total(scope).to_dict(), "macro_f05": score.macro_f05(scope)},
        "controls": {
            "docs": score.controls,
            "words": score.control_words,
            "edits": score.control_edits,
            "fp_per_1k_words": score.fp_per_1k,
            "identical": score.controls_identical,
            "identical_share": score.identical_share,
        },
        "targets": [{"name": t.name, "value": t.value, "met": t.met, "note": t.note} for t in targets(score, scope)],
        "summary": summary(score),
    }


def show_mismatch(record: dict[str, Any]) -> str:
    """Several lines a human reads to see what went wrong in one cluster."""
    rules = ",".join(e["rule"] for e in record["edits"]) or "no edit"
    lines = [
        f"[{record['kind']}] {'/'.join(record['classes'])} {'/'.join(record['gold_kinds'])}  {record['doc']}  ({rules})",
        f"    text:     {record['text']!r}",
        f"    expected: {record['expected']!r}",
        f"    produced: {record['produced']!r}",
        f"    context:  {record['context']}",
    ]
    lines += [f"    finding:  {f['rule']} {f['text']!r} -> {f['suggestion']!r}" for f in record["findings"]]
    return "\n".join(lines)
