"""The settings of the spelling and merges stages decide apply versus report exactly at their values.

Each boundary test reads the quantity a setting is compared with off the stage's own
scoring, then moves the setting to either side of it: at one side the repair is applied
(confidence at or above the pipeline's threshold), at the other it is only reported, or
not proposed. Must-fix and must-leave-alone sentences are data in fixtures/cases/.
"""

from __future__ import annotations

import dataclasses

import pytest

from cleaner import Cleaner, Config
from cleaner.edits import Edit
from cleaner.lexicon import Lexicon, Vocabulary
from cleaner.stages.base import Document
from cleaner.stages.merges import SETTINGS as MERGES
from cleaner.stages.merges import MergeSettings, MergesStage, Splitter, Token
from cleaner.stages.spelling import SETTINGS as SPELLING
from cleaner.stages.spelling import SpellingSettings, SpellingStage, _ranked

THRESHOLD = Config().threshold
LEXICON = Lexicon()
STEP = 0.01


def _spelling(text: str, settings: SpellingSettings) -> list[Edit]:
    doc = Document(text, False, Config(), LEXICON, frozenset({"S101"}))
    return list(SpellingStage(settings).propose(doc))


def _merges(text: str, settings: MergeSettings) -> list[Edit]:
    doc = Document(text, False, Config(), LEXICON, frozenset({"M101", "M102", "M103"}))
    return list(MergesStage(settings).propose(doc))


def _applied(edits: list[Edit]) -> bool:
    (edit,) = edits
    return edit.confidence >= THRESHOLD


def _margin(word: str) -> float:
    (best, _), (runner_up, _) = _ranked(word, LEXICON.corrections(word), None, None, LEXICON, None, SPELLING)[:2]
    return best - runner_up


def test_settings_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        SPELLING.margin = 0.0  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        MERGES.noun_share = 1.0  # type: ignore[misc]


def test_spelling_margin_decides_apply_or_report() -> None:
    """``offcers``: ``officers`` or ``offers``? Applied once the margin setting is at most the winner's lead."""
    text = "The offcers left early."
    lead = _margin("offcers")
    at = dataclasses.replace(SPELLING, margin=lead - STEP / 2, sure_margin=lead + 1)
    above = dataclasses.replace(at, margin=lead + STEP)
    assert _applied(_spelling(text, at)) and _spelling(text, at)[0].replacement == "officers"
    assert not _applied(_spelling(text, above))


def test_attested_zipf_decides_whether_a_changed_letter_is_a_slip() -> None:
    """``chonky`` is one changed letter from ``chunky``; the web's use of it keeps it."""
    text = "The chonky cat slept all day."
    used = LEXICON.zipf("chonky")
    assert not _applied(_spelling(text, dataclasses.replace(SPELLING, attested_zipf=used)))
    assert _applied(_spelling(text, dataclasses.replace(SPELLING, attested_zipf=used + STEP)))
    assert "a word that lost a letter?" in _spelling(text, SPELLING)[0].message


def test_min_free_length_decides_whether_an_added_letter_is_a_slip() -> None:
    text = "The match ended yestereday in Paris."
    size = len("yestereday")
    assert _applied(_spelling(text, dataclasses.replace(SPELLING, min_free_length=size)))
    assert not _applied(_spelling(text, dataclasses.replace(SPELLING, min_free_length=size + 1)))


def test_function_word_slip_zipf_separates_typos_from_slang() -> None:
    """``tge`` (a finger on the key next to h) is a slip of ``the`` while the web writes it rarely enough."""
    text = "Officials said tge talks went on."
    used = LEXICON.zipf("tge")
    assert not _applied(_spelling(text, dataclasses.replace(SPELLING, function_word_slip_zipf=used)))
    assert _applied(_spelling(text, dataclasses.replace(SPELLING, function_word_slip_zipf=used + STEP)))
    assert not _applied(_spelling("Critics said the thot comment was crude.", SPELLING))  # slang, and o is no neighbour of a


def test_a_word_that_lost_a_character_is_reported_not_corrected() -> None:
    result = Cleaner().clean("He met his former protg, Jeffrey Skilling, on Tuesday.")
    assert "protg" in result.text and result.edits == []
    (finding,) = result.findings
    assert finding.rule == "S101" and "a word that lost a letter?" in finding.message


def test_noun_share_decides_whether_a_name_and_a_noun_split() -> None:
    """``Trumpworld``: English writes ``the world`` far too often for ``world`` to follow a lost space."""
    text = "Insiders in Trumpworld were nervous."
    share = LEXICON.article_share("world")
    assert share is not None
    assert _merges(text, MERGES) == []
    assert [edit.rule for edit in _merges(text, dataclasses.replace(MERGES, noun_share=share))] == ["M102"]


def test_capitalised_margin_decides_a_name_and_a_verb() -> None:
    text = "President Alejandro Toledosaid on Saturday that talks would go on."
    score = Splitter(LEXICON, Vocabulary(text), MERGES).best(Token("Toledosaid", False, "on"))
    assert score is not None and score.confidence >= THRESHOLD
    assert _applied(_merges(text, dataclasses.replace(MERGES, capitalised_margin=score.score - STEP / 2)))
    assert _merges(text, dataclasses.replace(MERGES, capitalised_margin=score.score + STEP)) == []


def test_typo_ambiguity_decides_apply_or_report() -> None:
    """``atrained``: ``a trained`` or ``attained``? Reported while the typo comes close enough."""
    text = "Security can only be atrained through cooperation."
    split = Splitter(LEXICON, Vocabulary(text), dataclasses.replace(MERGES, typo_ambiguity=0.0)).best(
        Token("atrained", False, "through")
    )
    assert split is not None and split.confidence >= THRESHOLD
    assert not _applied(_merges(text, MERGES))
    assert _applied(_merges(text, dataclasses.replace(MERGES, typo_ambiguity=0.0)))


def test_content_words_split_only_as_a_pair_english_writes() -> None:
    """``monthslong`` is a compound; ``milliondollars`` lost a space (English writes ``million dollars``)."""
    assert _merges("A monthslong investigation ended.", MERGES) == []
    assert LEXICON.bigram("months", "long") == 0 < LEXICON.bigram("million", "dollars")
    assert _applied(_merges("They pledged 350 milliondollars in aid.", MERGES))


def test_capitalised_halves_split_only_before_a_name_or_a_verb() -> None:
    """``CenterTulsa`` (a city) splits, ``PalmOne`` (a brand ending in a noun-like word) stays."""
    assert _applied(_merges("Greenwood Cultural CenterTulsa, Oklahoma", MERGES))
    assert _merges("PalmOne Inc. makes handheld computers.", MERGES) == []
    walmart = "Walmart cuts jobs. ReutersWalmart said more cuts would come."
    assert [edit.message for edit in _merges(walmart, MERGES)] == ["split Reuters|Walmart: the article names Walmart"]
