"""``python -m bench.stress``: seconds per MB and peak memory on the pathological inputs of issue 13.

python -m bench.stress [--sizes 1,10] [--case NAME ...] [--timeout SECONDS] [--memory-limit-mb MB] [--json] [--stages]

Each case runs in its own process (``bench.stress.child``): the CPU seconds of one
``Cleaner.clean`` call on the generated input, and the process's peak resident size.
Targets: at most 3 s/MB on one core for every input, a per-MB cost at the largest size
within 1.5x of the cost at the smallest, and peak memory under 20x the input plus 300 MB.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from bench.corpus import REPO_ROOT
from bench.stress.inputs import CASES

SECONDS_PER_MB_TARGET = 3.0
GROWTH_TARGET = 1.5
MEMORY_FACTOR = 20
MEMORY_BASE_MB = 300
MB = 1_000_000


@dataclass(frozen=True, slots=True)
class Run:
    """One case at one size, as its process reported it (``error`` when it did not finish)."""

    case: str
    size_mb: float
    bytes: int = 0
    cpu_seconds: float = 0.0
    maxrss_bytes: int = 0
    over_budget: tuple[str, ...] = ()
    stage_seconds: dict[str, float] = field(default_factory=dict)
    error: str | None = None

    @property
    def seconds_per_mb(self) -> float:
        return self.cpu_seconds / (self.bytes / MB) if self.bytes else float("inf")

    @property
    def peak_mb(self) -> float:
        return self.maxrss_bytes / MB

    @property
    def memory_limit_mb(self) -> float:
        return MEMORY_FACTOR * self.size_mb + MEMORY_BASE_MB

    @property
    def fast_enough(self) -> bool:
        return self.error is None and self.seconds_per_mb <= SECONDS_PER_MB_TARGET

    @property
    def small_enough(self) -> bool:
        return self.error is None and self.peak_mb < self.memory_limit_mb

    def line(self) -> str:
        if self.error is not None:
            return f"{self.case:<16} {self.size_mb:>6g} MB  {self.error}"
        skipped = f" | over budget: {', '.join(self.over_budget)}" if self.over_budget else ""
        costliest = max(self.stage_seconds, key=self.stage_seconds.__getitem__, default="-")
        return (
            f"{self.case:<16} {self.size_mb:>6g} MB  {self.seconds_per_mb:8.2f} s/MB  peak {self.peak_mb:7.0f} MB"
            f" (limit {self.memory_limit_mb:.0f}) | costliest stage {costliest}"
            f" {self.stage_seconds.get(costliest, 0.0):.2f} s{skipped}"
        )

    def stages_line(self) -> str:
        """The CPU seconds per MB inside each stage, and outside them all (the core: applying edits, offsets, logs)."""
        if self.error is not None or not self.bytes:
            return ""
        size = self.bytes / MB
        core = self.cpu_seconds - sum(self.stage_seconds.values())
        parts = [f"{name} {seconds / size:.2f}" for name, seconds in self.stage_seconds.items() if seconds]
        return "    s/MB by stage: " + " | ".join([*parts, f"core {core / size:.2f}"])


def run_case(case: str, size_mb: float, timeout: float, memory_limit_mb: int) -> Run:
    """Run one case in a child process (its address space capped at ``memory_limit_mb``) and read its report."""
    command = [sys.executable, "-m", "bench.stress.child", case, str(int(size_mb * MB)), str(memory_limit_mb)]
    try:
        proc = subprocess.run(command, capture_output=True, text=True, cwd=REPO_ROOT, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return Run(case, size_mb, error=f"not finished after {timeout:g} s")
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or [f"exit {proc.returncode}"])[-1]
        return Run(case, size_mb, error=f"failed: {last}")
    report = json.loads(proc.stdout.splitlines()[-1])
    return Run(
        case,
        size_mb,
        report["bytes"],
        report["cpu_seconds"],
        report["maxrss_bytes"],
        tuple(report["over_budget"]),
        report["stage_seconds"],
    )


def growth(runs: Sequence[Run]) -> dict[str, float]:
    """Per case, the per-MB cost at its largest size over the cost at its smallest."""
    ratios = {}
    for case in dict.fromkeys(run.case for run in runs):
        sized = sorted((run for run in runs if run.case == case), key=lambda run: run.size_mb)
        if len(sized) > 1 and all(run.error is None for run in sized) and sized[0].seconds_per_mb > 0:
            ratios[case] = sized[-1].seconds_per_mb / sized[0].seconds_per_mb
    return ratios


def summary(runs: Sequence[Run]) -> str:
    """One line: each target, met or not, with the worst figure behind it."""
    ratios = growth(runs)
    failed = [run for run in runs if run.error is not None]
    slowest = max(runs, key=lambda run: run.seconds_per_mb)
    steepest = max(ratios, key=ratios.__getitem__, default=None)
    fattest = max(runs, key=lambda run: run.peak_mb / run.memory_limit_mb)
    speed_met = all(run.fast_enough for run in runs)
    growth_met = not failed and all(ratio <= GROWTH_TARGET for ratio in ratios.values())
    memory_met = all(run.small_enough for run in runs)
    parts = [
        f"speed <= {SECONDS_PER_MB_TARGET:g} s/MB: {_verdict(speed_met)} (worst {slowest.case} {slowest.size_mb:g} MB"
        f" {slowest.seconds_per_mb:.2f})",
        f"10 MB within {GROWTH_TARGET:g}x of 1 MB: {_verdict(growth_met)}"
        + (f" (worst {steepest} {ratios[steepest]:.2f}x)" if steepest else ""),
        f"memory < {MEMORY_FACTOR}x input + {MEMORY_BASE_MB} MB: {_verdict(memory_met)} (worst {fattest.case}"
        f" {fattest.size_mb:g} MB {fattest.peak_mb:.0f} MB)",
    ]
    if failed:
        parts.append(f"{len(failed)} run(s) did not finish")
    return "overall " + " | ".join(parts)


def _verdict(met: bool) -> str:
    return "met" if met else "NOT MET"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.stress", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10", help="input sizes in MB, comma-separated (default 1,10)")
    parser.add_argument("--case", action="append", choices=sorted(CASES), help="run only this case (repeatable; default: all)")
    parser.add_argument("--timeout", type=float, default=900.0, help="give up on a run after this many seconds (default 900)")
    parser.add_argument(
        "--memory-limit-mb",
        type=int,
        default=6000,
        help="cap each run's address space at this many MB, so a run that explodes fails (default 6000)",
    )
    parser.add_argument("--json", action="store_true", help="print the runs as JSON lines instead of a table")
    parser.add_argument("--stages", action="store_true", help="under each run, its CPU seconds per MB in each stage")
    args = parser.parse_args(argv)
    sizes = [float(size) for size in args.sizes.split(",") if size.strip()]
    runs = []
    for case in args.case or list(CASES):
        for size in sizes:
            run = run_case(case, size, args.timeout, args.memory_limit_mb)
            runs.append(run)
            print(json.dumps(asdict(run)) if args.json else run.line(), flush=True)
            if args.stages and not args.json and run.error is None:
                print(run.stages_line(), flush=True)
    print(summary(runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
