"""Data-driven cases: must-fix pairs and must-leave-alone texts, per stage (fixtures/cases/)."""

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
    if case["input"] == case["expected"]:
        assert result.edits == []
    assert cleaner.clean(result.text).text == result.text
