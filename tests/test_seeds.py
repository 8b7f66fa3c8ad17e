"""The seed articles: the repairs of the core stages are made and nothing else changes."""

from __future__ import annotations

import pytest

from cleaner import Cleaner, Config
from tests.conftest import SEEDS, replay

#: The stages of the core issue; the lexical stages have their own seed test.
CORE = Cleaner(Config(select=("U1", "H", "L", "P")))

REPAIRS = {
    "000_2e55a25b1075aa99.txt": [(" date 2022-01-24 President", "President")],
    "003_57c84ed8da41ee94.txt": [
        ("our NATO allies”Kirby said", "our NATO allies,” Kirby said"),
        ("for several weeks now.”said the", "for several weeks now,” said the"),
    ],
}


@pytest.mark.parametrize("name", sorted(REPAIRS))
def test_core_repairs_and_nothing_else(name: str) -> None:
    original = (SEEDS / name).read_text(encoding="utf-8")
    expected = original
    for before, after in REPAIRS[name]:
        assert expected.count(before) == 1
        expected = expected.replace(before, after)
    result = CORE.clean(original)
    assert result.text == expected
    assert replay(original, result.edits) == result.text
    assert CORE.clean(result.text).text == result.text


def test_date_header_goes_to_metadata() -> None:
    result = CORE.clean((SEEDS / "000_2e55a25b1075aa99.txt").read_text(encoding="utf-8"))
    assert result.metadata == {"date": "2022-01-24"}
    (header,) = [e for e in result.edits if e.rule == "H101"]
    assert (header.start, header.line, header.col, header.before, header.after) == (0, 1, 1, " date 2022-01-24 ", "")


def test_quote_merges_are_logged_with_their_positions() -> None:
    original = (SEEDS / "003_57c84ed8da41ee94.txt").read_text(encoding="utf-8")
    result = CORE.clean(original)
    logged = [(e.rule, e.line, e.before, e.after) for e in result.edits]
    assert logged == [("P102", 5, "", ","), ("P101", 5, "", " "), ("P102", 11, ".", ","), ("P101", 11, "", " ")]
    for edit in result.edits:
        assert original.splitlines()[edit.line - 1][edit.col - 1 :].startswith(edit.before)
