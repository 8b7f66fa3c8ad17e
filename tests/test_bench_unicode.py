"""bench.unicode's bookkeeping, on small cases made here (the benchmark reads ../shared; tests never do)."""

from __future__ import annotations

import json
from pathlib import Path

from bench.unicode import FtfyCase, conformance, control_texts, conventional, read_cases, run_controls
from cleaner import Cleaner


def test_conventions_apply_to_both_sides_alike() -> None:
    assert conventional("“Don’t”\u00a0 go  \nnow ") == '"Don\'t" go\nnow'
    assert conventional("Café") == "Café"


def test_differences_are_explained_by_the_rule_that_made_them(cleaner: Cleaner) -> None:
    cases = [
        FtfyCase("x.json", "same under the conventions", "donâ€™t stop", "don't stop"),
        FtfyCase("x.json", "a space restored", "It ended.The end", "It ended.The end"),
        FtfyCase("x.json", "a real fault", "Nothing changes here", "Something else"),
    ]
    report = conformance(cleaner, cases)
    assert (report.total, report.same, report.documented) == (3, 1, 1)
    (_, _, why_space, documented), (_, _, why_fault, fault_documented) = report.differing
    assert why_space.startswith("P103") and documented
    assert why_fault == "not explained" and not fault_documented


def test_cases_are_read_from_the_folder_given_only_those_ftfy_passes(tmp_path: Path) -> None:
    for name in ("in-the-wild.json", "language-names.json", "negative.json", "synthetic.json"):
        cases = [
            {"label": "Spanish thing", "comment": "", "original": "a", "fixed": "a", "expect": "pass"},
            {"label": "x", "comment": "", "original": "b", "fixed": "c", "expect": "fail"},
        ]
        (tmp_path / name).write_text(json.dumps(cases), encoding="utf-8")
    cases = read_cases(tmp_path)
    assert len(cases) == 4 and all(case.non_english for case in cases)


def test_controls_count_lexical_edits_per_language(tmp_path: Path, cleaner: Cleaner) -> None:
    (tmp_path / "es.txt").write_text("El Gobierno aprobó este martes un decreto sobre el transporte.\n\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("The minister sicne said the talks would resume after the summit.\n", encoding="utf-8")
    run = run_controls(cleaner, control_texts(tmp_path, []))
    assert (run.paragraphs, run.languages) == (2, {"es", "en"})
    assert run.lexical == [("en", "S101", "sicne", "since")], "an English typo is a lexical edit; the Spanish gets none"
