"""Data-driven cases: must-fix pairs and must-leave-alone texts, per stage (fixtures/cases/).

A case with an ``ideal`` holds in ``expected`` only an acceptable result (the artifact reported,
not repaired); ``ideal`` is the repair the cleaner does not dare to make.
"""

from __future__ import annotations

import json

import pytest

from cleaner import Cleaner
from tests.conftest import FIXTURES

CASES = [
    pytest.param(case, id=f"{path.stem}:{number}:{case['note']}")
    for path in sorted((FIXTURES / "cases").glob("*.jsonl"))
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
    for case in [json.loads(line)]
]


@pytest.mark.parametrize("case", CASES)
def test_case(cleaner: Cleaner, case: dict[str, str]) -> None:
    result = cleaner.clean(case["input"])
    assert result.text == case["expected"]
    if "ideal" in case:
        # Only an acceptable repair is made (often: none, with a finding); the case says what the ideal is.
        assert case["ideal"] != case["expected"]
        assert result.findings, "an artifact left in place must at least be reported"
    if case["input"] == case["expected"]:
        assert result.edits == []
    assert cleaner.clean(result.text).text == result.text
