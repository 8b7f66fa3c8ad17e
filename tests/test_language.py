"""The language gate: English-only stages stay out of other languages, and say which they saw."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

import pytest

from cleaner import Cleaner, Config, language
from cleaner.config import ConfigError
from cleaner.edits import Edit, Rule
from cleaner.language import LANGUAGES_KEY
from cleaner.stages import STAGE_TYPES
from cleaner.stages.base import Document, Stage

SPANISH = "Los manifestantes extremistas exigieron un nuevo conteo de votos en la capital durante la noche."
INDONESIAN = "Pemerintah masih membahas anggaran baru dalam rapat dengan dewan pada hari Kamis."
ENGLISH_TYPO = "The minister sicne said that the talks would resume after the summit."


def test_the_english_only_stages_are_the_lexical_ones() -> None:
    english_only = {stage.name for stage in STAGE_TYPES if stage.english_only is True}
    assert english_only == {"merges", "spelling", "context", "stutter"}


@pytest.mark.parametrize("paragraph", [SPANISH, INDONESIAN])
def test_other_languages_get_no_lexical_edits_but_english_ones_in_the_same_text_do(cleaner: Cleaner, paragraph: str) -> None:
    text = f"{ENGLISH_TYPO}\n\n{paragraph}\n\n{paragraph.replace(' la ', ' la  ')}"
    result = cleaner.clean(text)
    assert result.text == f"{ENGLISH_TYPO.replace('sicne', 'since')}\n\n{paragraph}\n\n{paragraph}", "layout still runs there"
    assert {edit.rule[0] for edit in result.edits} <= {"S", "L"}
    shares = result.metadata[LANGUAGES_KEY]
    assert set(shares) == {"en", language.block_language(paragraph)} and shares[language.block_language(paragraph)] > 0.5


def test_without_the_gate_those_words_were_corrected() -> None:
    """What the gate prevents (so that the test above can fail): ``language = "en"`` treats all as English."""
    assert Cleaner(Config(language="en")).clean(INDONESIAN).text != INDONESIAN


def test_an_english_paragraph_with_a_foreign_quotation_stays_english(cleaner: Cleaner) -> None:
    text = 'The crowd chanted "el pueblo unido jamás será vencido" as the minister sicne left the building.'
    result = cleaner.clean(text)
    assert "since left" in result.text and "jamás será vencido" in result.text
    assert LANGUAGES_KEY not in result.metadata, "an English text says nothing about languages"


def test_short_blocks_take_the_documents_language() -> None:
    """A heading of names says nothing; in a Spanish article it is Spanish, in an English one English."""
    assert [b.language for b in language.resolve(language.detect(f"Madrid, mayo\n\n{SPANISH}"))] == ["es", "es"]
    assert [b.language for b in language.resolve(language.detect(f"Vienna Talks\n\n{ENGLISH_TYPO}"))] == ["en", "en"]
    assert [b.language for b in language.detect(f"Vienna Talks\n\n{ENGLISH_TYPO}")] == [None, "en"]


def test_the_setting_forces_a_language() -> None:
    assert Cleaner(Config(language="es")).clean(ENGLISH_TYPO).text == ENGLISH_TYPO, "no English-only stage runs"
    forced = Cleaner(Config(language="en")).clean(ENGLISH_TYPO)
    assert "since" in forced.text and LANGUAGES_KEY not in forced.metadata


@pytest.mark.parametrize("value", ["auto", "en", "pt-BR", "fil"])
def test_language_setting_accepts_auto_and_codes(value: str) -> None:
    assert Config(language=value).language == value


@pytest.mark.parametrize("value", ["", "English", "EN", "e", "en_US_x"])
def test_language_setting_rejects_anything_else(value: str) -> None:
    with pytest.raises(ConfigError, match="language must be 'auto' or a language code"):
        Config(language=value)


def test_language_setting_reads_from_a_config_file() -> None:
    assert Config.from_mapping({"language": "de"}).language == "de"


def test_blocks_are_paragraphs_or_lines_and_blanking_keeps_offsets() -> None:
    text = f"{ENGLISH_TYPO}\n{SPANISH}"
    detected = language.detect(text)
    assert [b.language for b in detected] == ["en", "es"]
    spans = language.foreign_spans(detected)
    blanked = language.blank_out(text, spans)
    assert len(blanked) == len(text) and blanked.startswith(ENGLISH_TYPO + "\n")
    assert blanked[len(ENGLISH_TYPO) + 1 :].strip() == ""


class _Capitalise(Stage):
    """An English-only stage that capitalises the first word of every paragraph it sees, and keeps what it saw."""

    name = "capitalise"
    rules = (Rule("X901", "capitalise", "capitalise", "Capitalise a paragraph.", "a → A"),)
    english_only = True
    seen: ClassVar[list[str]] = []

    def propose(self, doc: Document) -> Iterator[Edit]:
        self.seen.append(doc.text)
        for start in (0, doc.text.find("\n\n") + 2):
            yield Edit(start, start + 1, doc.text[start].upper() if doc.text[start].isalpha() else "X", "X901")


def test_an_english_only_stage_sees_other_languages_blanked_and_cannot_edit_them() -> None:
    text = f"the minister spoke.\n\n{SPANISH.lower()}"
    result = Cleaner(stages=[_Capitalise()]).clean(text)
    assert _Capitalise.seen[0] == "the minister spoke.\n\n" + " " * len(SPANISH)
    assert result.text == "The minister spoke.\n\n" + SPANISH.lower(), "the edit proposed in the Spanish block is dropped"
