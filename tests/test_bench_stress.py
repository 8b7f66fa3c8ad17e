"""The stress benchmark's inputs and report (no timing assertions: the targets live in bench/)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from bench.stress.__main__ import GROWTH_TARGET, Run, growth, summary
from bench.stress.inputs import CASES, LONG_WORD_CHARS, generate
from tests.conftest import ROOT

LINE_RE = re.compile(
    r"(?P<case>[\w-]+) +(?P<size>[\d.]+) MB +(?P<speed>[\d.]+) s/MB +peak +(?P<peak>\d+) MB \(limit \d+\)"
    r" \| costliest stage \w+ [\d.]+ s"
)


def test_every_input_is_the_same_on_every_run_and_at_least_its_size() -> None:
    for case in CASES:
        text = generate(case, 20_000)
        assert text == generate(case, 20_000), case
        assert 20_000 <= len(text.encode("utf-8")) < 40_000, case
    assert max(map(len, generate("long-word", 30_000).split())) == LONG_WORD_CHARS
    assert "\n" not in generate("single-line", 30_000).rstrip("\n")


@pytest.mark.slow  # a process per run, each loading the word tables
def test_the_bench_prints_one_line_per_run_and_a_summary_against_the_targets() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "bench.stress", "--sizes", "0.01,0.02", "--case", "nested-entities"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
        timeout=600,
    )
    *rows, last = proc.stdout.strip().splitlines()
    matches = [LINE_RE.match(row) for row in rows]
    assert all(matches), rows
    assert [(m["case"], m["size"]) for m in matches if m] == [("nested-entities", "0.01"), ("nested-entities", "0.02")]
    assert last.startswith("overall speed <= 3 s/MB: ") and "10 MB within 1.5x of 1 MB: " in last
    assert "memory < 20x input + 300 MB: " in last


def test_the_summary_names_the_worst_run_against_each_target() -> None:
    runs = [
        Run("a", 1, 1_000_000, 1.0, 200_000_000),
        Run("a", 10, 10_000_000, 20.0, 400_000_000),
        Run("b", 1, 1_000_000, 4.0, 100_000_000),
        Run("b", 10, 0, error="not finished after 900 s"),
    ]
    assert growth(runs) == {"a": 2.0}
    line = summary(runs)
    assert "speed <= 3 s/MB: NOT MET (worst b 10 MB" in line
    assert f"10 MB within {GROWTH_TARGET:g}x of 1 MB: NOT MET (worst a 2.00x)" in line
    assert "memory < 20x input + 300 MB: NOT MET" in line and "1 run(s) did not finish" in line
    fine = [Run("a", 1, 1_000_000, 1.0, 200_000_000), Run("a", 10, 10_000_000, 12.0, 400_000_000)]
    assert summary(fine).count("NOT MET") == 0


def test_the_stage_breakdown_gives_each_stage_and_the_core_per_mb() -> None:
    run = Run("a", 2, 2_000_000, 5.0, 0, stage_seconds={"merges": 3.0, "spelling": 1.0, "grammar": 0.0})
    assert run.stages_line() == "    s/MB by stage: merges 1.50 | spelling 0.50 | core 0.50"
    assert Run("a", 1, error="failed").stages_line() == ""
