"""The grammar stage against a real LanguageTool, when one is available.

Runs when ``CLEANER_LANGUAGETOOL_URL`` names a running server (``http://localhost:8081``)
or ``LTP_JAR_DIR_PATH`` names an unpacked ``LanguageTool-<version>`` folder for
language-tool-python's local server (Java 17+ on PATH); skipped otherwise, as on CI,
which has neither Java nor a network. The assertions hold for any LanguageTool version:
they check where matches land and what must survive, not which rules fire.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import psutil
import pytest

from cleaner import Cleaner, Config
from tests.conftest import SEEDS

TARGET = os.environ.get("CLEANER_LANGUAGETOOL_URL") or ("local" if os.environ.get("LTP_JAR_DIR_PATH") else None)
pytestmark = pytest.mark.skipif(
    TARGET is None,
    reason="needs a real LanguageTool: set CLEANER_LANGUAGETOOL_URL=http://host:8081 "
    "or LTP_JAR_DIR_PATH=/path/to/LanguageTool-<version> (with Java 17+)",
)
#: Names, numbers and spellings in the seed articles that must come out as often as they went in.
MUST_SURVIVE = [
    "Kirby",
    "Psaki",
    "Stoltenberg",
    "Draghi",
    "Lavrov",
    "Blinken",
    "NATO",
    "U.S.",
    "8,500",
    "deescalating",
    "Pentagon",
]


@pytest.fixture(scope="module")
def real() -> Iterator[Cleaner]:
    with Cleaner(Config(languagetool=TARGET, languagetool_timeout=120)) as cleaner:
        yield cleaner


def test_languagetool_is_reached(real: Cleaner) -> None:
    real.clean("This is a test.\n")
    assert real.skipped == {}


def test_matches_land_where_they_are_after_astral_characters(real: Cleaner) -> None:
    text = "🎉🎉 𝒳 The meeting is is over, and the the envoys left.\n"
    result = real.clean(text)
    assert real.skipped == {}
    reported = [(f.start, f.text, f.message) for f in result.findings] + [(e.start, e.before, e.message) for e in result.edits]
    repeats = [(start, span) for start, span, message in reported if "ENGLISH_WORD_REPEAT_RULE" in message]
    assert repeats, reported
    for start, span in repeats:
        assert text[start : start + len(span)] == span
        assert span.split()[0] in ("is", "the") and start in (text.index("is is"), text.index("the the"))


@pytest.mark.parametrize("name", ["000_2e55a25b1075aa99.txt", "003_57c84ed8da41ee94.txt"])
def test_seed_articles_keep_their_names_and_numbers(real: Cleaner, cleaner: Cleaner, name: str) -> None:
    original = (SEEDS / name).read_text(encoding="utf-8")
    result = real.clean(original)
    without = cleaner.clean(original)
    for word in MUST_SURVIVE:
        assert result.text.count(word) == without.text.count(word), word
    assert all(edit.rule.startswith("G1") for edit in result.edits if edit.rule.startswith("G"))
    assert all(finding.message for finding in result.findings if finding.rule.startswith("G"))
    assert real.clean(result.text).text == result.text


def test_the_seed_typo_is_found(real: Cleaner) -> None:
    original = (SEEDS / "000_2e55a25b1075aa99.txt").read_text(encoding="utf-8")
    result = real.clean(original)
    spans = [(f.rule, f.text) for f in result.findings] + [(e.rule, e.before) for e in result.edits]
    assert ("G101", "sicne") in spans


@pytest.mark.skipif(TARGET not in (None, "local"), reason="only the local server is a process of ours")
def test_local_server_leaves_no_java_behind() -> None:
    def java_children() -> set[int]:
        return {child.pid for child in psutil.Process().children(recursive=True) if "java" in child.name()}

    before = java_children()
    with Cleaner(Config(languagetool="local", languagetool_timeout=120)) as cleaner:
        cleaner.clean("This is a test.\n")
        assert cleaner.skipped == {}
        assert java_children() > before
    assert java_children() == before
