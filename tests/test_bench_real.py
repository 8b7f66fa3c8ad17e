"""The real-text benchmark: gold regions from a passage's gold text, scores, and the report's last line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.quality.score import Change, Outcome, Score
from bench.real.__main__ import RealRun, main, run
from bench.real.cases import REAL_CLASS_NAMES, gold_regions, read_cases, real_edit_class, region_class
from cleaner import Cleaner

PASSAGES = [
    {"id": "t-1", "classes": ["merge_punct"], "text": "It rained.The roads closed.", "gold": "It rained. The roads closed."},
    {"id": "t-2", "classes": ["entity"], "text": "Europe #39;s airline", "gold": "Europe's airline"},
    {"id": "t-3", "classes": ["control"], "text": "Trumpworld met in Kyiv.", "gold": "Trumpworld met in Kyiv."},
    {"id": "t-4", "classes": ["header", "merge_case"], "text": "Advertisement\n\nHe left.", "gold": "He left."},
]


def write_cases(folder: Path, passages: list[dict[str, object]]) -> Path:
    path = folder / "cases.jsonl"
    path.write_text("".join(json.dumps(p) + "\n" for p in passages), encoding="utf-8")
    return path


def test_gold_regions_are_token_aligned_and_replay_to_the_gold() -> None:
    text, gold = "Joe BidenThe Pentagon said so.He left", "Joe Biden, the Pentagon said so. He left"
    regions = list(gold_regions(text, gold, ("merge_case", "merge_punct")))
    assert [(text[g.start : g.end], g.correct) for g in regions] == [("BidenThe", "Biden, the"), ("", " ")]
    assert [g.cls for g in regions] == ["merge_case", "merge_punct"]


@pytest.mark.parametrize(
    ("text", "start", "end", "correct", "classes", "expected"),
    [
        ("withhis", 0, 7, "with his", ("merge_name", "merge_lower"), "merge_lower"),
        ("Toledosaid", 0, 10, "Toledo said", ("merge_lower", "merge_name"), "merge_name"),
        ("a #39;s", 1, 6, "'", ("typo_nonword", "entity"), "entity"),
        ("x\nShare this\ny", 1, 12, "", ("merge_punct", "header"), "header"),
        ("he said said it", 7, 12, "", ("header", "mt_stutter"), "mt_stutter"),
        ("an used car", 0, 2, "a", ("typo_realword",), "typo_realword"),
    ],
)
def test_each_region_counts_for_the_listed_class_its_shape_fits(
    text: str, start: int, end: int, correct: str, classes: tuple[str, ...], expected: str
) -> None:
    assert region_class(text, start, end, correct, classes) == expected


def test_false_edits_count_for_what_their_rule_repairs() -> None:
    assert real_edit_class(Change(5, 5, " ", "M102"), "Trumpworld", None) == "merge_name"
    assert real_edit_class(Change(6, 6, " ", "M102"), "monthslong", None) == "merge_lower"
    assert real_edit_class(Change(5, 5, " ", "M101"), "BidenThe", None) == "merge_case"
    assert real_edit_class(Change(0, 4, "", "H104"), "Ad\nx", None) == "header"
    assert real_edit_class(Change(0, 4, "", "X999"), "Ad\nx", None) == "other"


def test_perfect_repairs_score_one_and_damage_shows_on_controls(tmp_path: Path) -> None:
    rained, europe, control, _ = read_cases(write_cases(tmp_path, PASSAGES))
    perfect = RealRun(Score(REAL_CLASS_NAMES, real_edit_class))
    perfect.add(rained, Outcome(rained.gold, (Change(10, 10, " ", "P103"),)))
    perfect.add(europe, Outcome(europe.gold, (Change(6, 11, "'", "U102"),)))
    assert perfect.score.total().f05 == 1.0 and perfect.exact == 2
    wrong = RealRun(Score(REAL_CLASS_NAMES, real_edit_class))
    wrong.add(europe, Outcome("Europe #39; s airline", (Change(11, 11, " ", "P105"),)))
    assert wrong.score.total().f05 == 0.0 and wrong.score.tallies["entity"].edits == 1
    damaging = RealRun(Score(REAL_CLASS_NAMES, real_edit_class))
    damaging.add(control, Outcome("Trump world met in Kyiv.", (Change(5, 5, " ", "M102"),)))
    assert damaging.score.control_edits == 1 and damaging.score.identical_share == 0.0
    assert damaging.score.tallies["merge_name"].edits == 1 and damaging.exact == 0


def test_report_ends_with_one_summary_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--cases", str(write_cases(tmp_path, PASSAGES))]) == 0
    last = capsys.readouterr().out.rstrip("\n").splitlines()[-1]
    assert last.startswith("overall P=") and "controls unchanged=" in last and "passages exact=" in last and "cases=4" in last


def test_a_missing_cases_file_is_one_clear_line(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="cases file not found"):
        main(["--cases", str(tmp_path / "nope.jsonl")])


def test_the_real_cleaner_runs_end_to_end(tmp_path: Path) -> None:
    real = run(read_cases(write_cases(tmp_path, PASSAGES)), Cleaner())
    assert real.passages == 4 and real.score.controls == 1
    assert real.score.tallies["merge_punct"].repaired == 1  # `rained.The` is a repair the pipeline makes today
