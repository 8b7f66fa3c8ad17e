"""The lexical stages (merges, spelling, context, stutter) as a whole: seeds, clean text, options.

Per-stage must-fix and must-leave-alone cases are data in fixtures/cases/ (test_cases.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner import Cleaner, Config
from cleaner.lexicon import Lexicon, Vocabulary
from tests.conftest import FIXTURES, SEEDS, replay

#: Every repair of seeds/ARTIFACTS.md, in its ideal form; everything else must stay as it was.
SEED_REPAIRS = {
    "000_2e55a25b1075aa99.txt": [
        (" date 2022-01-24 President", "President"),
        ("presence in easter Europe", "presence in eastern Europe"),
        ("these troops sicne they", "these troops since they"),
    ],
    "003_57c84ed8da41ee94.txt": [
        ("President Joe BidenThe Pentagon", "President Joe Biden, the Pentagon"),
        ("John Kirbysaid Monday", "John Kirby said Monday"),
        ("which it said would They would only occur", "which it said would only occur"),
        ("our NATO allies”Kirby said", "our NATO allies,” Kirby said"),
        ("Lloyd Austinrecommended to Biden", "Lloyd Austin recommended to Biden"),
        ("for several weeks now.”said the", "for several weeks now,” said the"),
    ],
}
CLEAN_TEXTS = sorted((FIXTURES / "clean").glob("*.txt"))


def _seed(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


def _expected(name: str) -> str:
    return (FIXTURES / "seeds" / name.replace(".txt", ".expected.txt")).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(SEED_REPAIRS))
def test_expected_seed_is_the_original_with_exactly_the_listed_repairs(name: str) -> None:
    text = _seed(name)
    for before, after in SEED_REPAIRS[name]:
        assert text.count(before) == 1
        text = text.replace(before, after)
    assert text == _expected(name)


@pytest.mark.parametrize("name", sorted(SEED_REPAIRS))
def test_seed_is_repaired_and_nothing_else_changes(cleaner: Cleaner, name: str) -> None:
    original = _seed(name)
    result = cleaner.clean(original)
    assert result.text == _expected(name)
    assert replay(original, result.edits) == result.text
    assert cleaner.clean(result.text).text == result.text


def test_seed_slips_without_a_safe_fix_are_reported(cleaner: Cleaner) -> None:
    result = cleaner.clean(_seed("003_57c84ed8da41ee94.txt"))
    reported = {(f.rule, f.text) for f in result.findings}
    assert ("T104", "it ") in reported  # Vladimir Putin it is not easing
    assert ("T105", "ordered prepared") in reported
    assert "Vladimir Putin it is not easing" in result.text
    assert "be ordered prepared for" in result.text


@pytest.mark.parametrize("path", CLEAN_TEXTS, ids=[p.stem for p in CLEAN_TEXTS])
def test_clean_text_comes_back_byte_identical(cleaner: Cleaner, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    result = cleaner.clean(text)
    assert result.text == text
    assert result.edits == []


@pytest.mark.parametrize("name", sorted(SEED_REPAIRS))
def test_repaired_seed_is_left_alone(cleaner: Cleaner, name: str) -> None:
    expected = _expected(name)
    assert cleaner.clean(expected).edits == []


def test_cleaning_twice_equals_cleaning_once(cleaner: Cleaner) -> None:
    noisy = (
        "At the request of President Joe BidenThe Pentagon said the the troops would They would leave. "
        "John Kirbysaid the goverment will recieve NATOallies tommorow in easter Europe. "
        "Kirby said NATO is active in eastern Europe and more then ready."
    )
    once = cleaner.clean(noisy).text
    assert once != noisy
    assert cleaner.clean(once).text == once


def test_a_close_call_is_reported_not_applied(cleaner: Cleaner) -> None:
    result = cleaner.clean("I think thev left early.")
    assert result.text == "I think thev left early."
    (finding,) = [f for f in result.findings if f.rule == "S101"]
    assert finding.text == "thev" and finding.confidence < cleaner.config.threshold
    assert "'the' or 'they'" in finding.message


def test_protected_words_are_never_changed(tmp_path: Path) -> None:
    text = "Analysts at Kirbysaid recieve data on NATOallies."
    words_file = tmp_path / "words.txt"
    words_file.write_text("# our names\nNATOallies\n", encoding="utf-8")
    result = Cleaner(Config(words=("Kirbysaid", "recieve"), words_file=str(words_file))).clean(text)
    assert result.text == text


def test_rules_can_be_ignored_or_reported_only(cleaner: Cleaner) -> None:
    text = "Kirby said NATO is in eastern Europe. John Kirbysaid NATO is in eastern Europe, not in easter Europe."
    assert "Kirbysaid" in Cleaner(Config(ignore=("M",))).clean(text).text
    result = Cleaner(Config(report_only=("C",))).clean(text)
    assert "easter Europe" in result.text
    assert any(f.rule == "C101" and f.suggestion == "eastern" for f in result.findings)
    assert "in eastern Europe, not in eastern Europe." in cleaner.clean(text).text


def test_edits_point_at_the_original(cleaner: Cleaner) -> None:
    original = "The press secretary John Kirbysaid Monday that Kirby had left sicne Friday."
    result = cleaner.clean(original)
    assert result.text == "The press secretary John Kirby said Monday that Kirby had left since Friday."
    logged = [(e.rule, e.before, e.after, original[e.start : e.end]) for e in result.edits]
    assert logged == [("M102", "", " ", ""), ("S101", "sicne", "since", "sicne")]
    assert original[: result.edits[0].start].endswith("Kirby")


def test_vocabulary_counts_forms_and_names() -> None:
    vocab = Vocabulary("The troops left. Kirby said the troops’ commander, Kirby’s deputy, stayed.")
    assert vocab.counts["troops"] == 2 and vocab.count_lower("Kirby") == 1 and vocab.count_lower("kirby’s") == 1
    assert "Kirby" in vocab.names and "The" not in vocab.names
    assert vocab.unknown_forms(Lexicon()) == []


def test_lexicon_word_knowledge() -> None:
    lexicon = Lexicon(frozenset({"Zelenskyy"}))
    assert lexicon.is_word("since") and lexicon.is_word("Zelenskyy") and not lexicon.is_word("sicne")
    assert lexicon.corrections("sicne")["since"] == 1
    assert lexicon.corrections("tommorow") == {"tomorrow": 2}
    assert lexicon.is_compound("nonstarter") and not lexicon.is_compound("reslut")
    assert lexicon.bigram("climate", "change") > 0 and lexicon.bigram("climate", "chance") == 0
