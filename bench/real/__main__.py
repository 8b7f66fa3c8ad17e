"""``python -m bench.real``: clean the real development passages, score them against their gold.

python -m bench.real [--cases PATH] [--show N] [--class NAME ...] [--kind miss|wrong|fp ...]
                     [--json] [--dump FILE.jsonl]

Prints what went wrong, grouped by class (misses, wrong repairs and false edits, each
with its passage id and context), then the table per class, the targets and, last, one
summary line.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.corpus import REPO_ROOT
from bench.quality.report import Target, in_scope, number, show_mismatch, table
from bench.quality.score import Outcome, Score
from bench.real.cases import REAL_CLASS_NAMES, REAL_CLASSES, RealCase, read_cases, real_edit_class
from cleaner import Cleaner, Config

#: Targets for real text.
OVERALL_F05 = 0.85
CONTROL_FALSE_EDITS_PER_1K = 1.0
CONTROLS_UNCHANGED = 0.98
KINDS = ("miss", "wrong", "fp")


def default_cases() -> Path:
    """``../shared/real-dev/cases.jsonl`` beside the repository, or beside a folder above it (a worktree)."""
    for base in (REPO_ROOT.parent, *REPO_ROOT.parent.parents):
        candidate = base / "shared" / "real-dev" / "cases.jsonl"
        if candidate.is_file():
            return candidate
    return REPO_ROOT.parent / "shared" / "real-dev" / "cases.jsonl"


@dataclass(slots=True)
class RealRun:
    """The scores of one run, and how many passages came out exactly as their gold."""

    score: Score
    passages: int = 0
    exact: int = 0

    @property
    def exact_share(self) -> float | None:
        return self.exact / self.passages if self.passages else None

    def add(self, case: RealCase, outcome: Outcome) -> None:
        self.score.add(case.as_case(), outcome)
        self.passages += 1
        self.exact += outcome.text == case.gold


def run(cases: list[RealCase], cleaner: Cleaner) -> RealRun:
    """Clean every passage and score its change log against its gold."""
    real = RealRun(Score(REAL_CLASS_NAMES, real_edit_class))
    for case in cases:
        real.add(case, Outcome.from_result(cleaner.clean(case.text)))
    return real


def targets(real: RealRun) -> list[Target]:
    score = real.score
    overall, fp, unchanged = score.total().f05, score.fp_per_1k, score.identical_share
    return [
        Target(f"overall F0.5 >= {OVERALL_F05:.2f}", overall, overall is not None and overall >= OVERALL_F05),
        Target(
            f"false edits <= {CONTROL_FALSE_EDITS_PER_1K:g} per 1,000 control words",
            fp,
            fp is not None and fp <= CONTROL_FALSE_EDITS_PER_1K,
        ),
        Target(
            f"controls unchanged >= {CONTROLS_UNCHANGED:.0%}",
            unchanged,
            unchanged is not None and unchanged >= CONTROLS_UNCHANGED,
        ),
    ]


def summary(real: RealRun) -> str:
    score = real.score
    total = score.total()
    fp, unchanged, exact = score.fp_per_1k, score.identical_share, real.exact_share
    return (
        f"overall P={number(total.precision)} R={number(total.recall)} F0.5={number(total.f05)}"
        f" | false edits/1k words (controls)={'-' if fp is None else f'{fp:.2f}'}"
        f" | controls unchanged={'-' if unchanged is None else f'{unchanged:.1%}'}"
        f" | passages exact={'-' if exact is None else f'{exact:.1%}'}"
        f" | cases={real.passages} words={score.words:,}"
    )


def grouped_mismatches(score: Score, classes: set[str], kinds: set[str]) -> dict[str, list[dict[str, Any]]]:
    """Each wrong cluster under every class it concerns, in table order."""
    groups: defaultdict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in score.mismatches:
        if record["kind"] in kinds:
            for cls in record["classes"]:
                if cls in classes:
                    groups[cls].append(record)
    return {name: groups[name] for name in (*REAL_CLASS_NAMES, "other") if groups.get(name)}


def as_json(real: RealRun, scope: list[str], cases: Path) -> dict[str, Any]:
    score = real.score
    return {
        "cases": str(cases),
        "passages": real.passages,
        "exact": real.exact,
        "words": score.words,
        "classes": {name: tally.to_dict() for name, tally in score.tallies.items() if tally.gold or tally.edits},
        "overall": score.total().to_dict(),
        "in_scope": {**score.total(scope).to_dict(), "macro_f05": score.macro_f05(scope)},
        "controls": {
            "passages": score.controls,
            "words": score.control_words,
            "false_edits": score.control_edits,
            "false_edits_per_1k_words": score.fp_per_1k,
            "unchanged": score.controls_identical,
        },
        "targets": [{"name": t.name, "value": t.value, "met": t.met} for t in targets(real)],
        "summary": summary(real),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.real", description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, default=None, help="the cases file (default: ../shared/real-dev/cases.jsonl)")
    parser.add_argument("--show", type=int, default=None, metavar="N", help="show at most N mismatches per class (default: all)")
    parser.add_argument("--class", dest="classes", action="append", choices=[*REAL_CLASS_NAMES], help="only these classes")
    parser.add_argument("--kind", dest="kinds", action="append", choices=KINDS, help="only these mismatches")
    parser.add_argument("--json", action="store_true", help="print the results as JSON instead of the report")
    parser.add_argument("--dump", type=Path, default=None, metavar="FILE", help="write every mismatch as JSONL")
    args = parser.parse_args(argv)

    path = args.cases or default_cases()
    cases = read_cases(path)
    began = time.perf_counter()
    cleaner = Cleaner(Config())
    real = run(cases, cleaner)
    print(f"cleaned {len(cases)} passages in {time.perf_counter() - began:.1f}s", file=sys.stderr)
    scope = in_scope(cleaner.enabled, REAL_CLASSES)
    groups = grouped_mismatches(real.score, set(args.classes or REAL_CLASS_NAMES) | {"other"}, set(args.kinds or KINDS))
    if args.dump:
        records = [record for group in groups.values() for record in group]
        args.dump.parent.mkdir(parents=True, exist_ok=True)
        args.dump.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    if args.json:
        print(json.dumps(as_json(real, scope, path), indent=2, ensure_ascii=False))
        return 0

    score = real.score
    print(f"real-text benchmark: {path}, {len(cases)} passages ({score.controls} controls), {score.total().gold} artifacts")
    for name, records in groups.items():
        counts = ", ".join(f"{sum(r['kind'] == kind for r in records)} {kind}" for kind in KINDS)
        print(f"\n== {name}: {counts}")
        for record in records[: args.show]:
            print(show_mismatch(record), end="\n\n")
    print()
    print(table(score, scope, REAL_CLASSES))
    print()
    print("targets:")
    for target in targets(real):
        print(target.line())
    print()
    print(summary(real))
    return 0


if __name__ == "__main__":
    sys.exit(main())
