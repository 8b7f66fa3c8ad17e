"""The tuning of the context and stutter stages: one frozen settings object each, and the values
that decide apply versus report, tested at their boundaries."""

from __future__ import annotations

import dataclasses

import pytest

from cleaner import Cleaner, Config
from cleaner.lexicon import Lexicon
from cleaner.stages import context, stutter

THRESHOLD = Config().threshold
APPLIED = ("apply_confidence", "consistency_confidence", "grammar_confidence")
REPORTED = ("report_confidence",)


@pytest.fixture
def clean(cleaner: Cleaner):
    return cleaner.clean


@pytest.mark.parametrize("settings", [context.SETTINGS, stutter.SETTINGS])
def test_settings_are_frozen_and_every_value_says_why(settings: object) -> None:
    field = dataclasses.fields(settings)[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(settings, field.name, 0)
    source = type(settings).__doc__ or ""
    assert "bench.real" in source and "bench.quality" in source


def test_confidences_sit_on_the_intended_side_of_the_default_threshold() -> None:
    assert all(getattr(context.SETTINGS, name) >= THRESHOLD for name in APPLIED)
    assert all(getattr(context.SETTINGS, name) < THRESHOLD for name in REPORTED)
    applied = ("function_confidence", "content_confidence", "phrase_confidence", "restart_confidence")
    assert all(getattr(stutter.SETTINGS, name) >= THRESHOLD for name in applied)
    assert stutter.SETTINGS.unsure_confidence < THRESHOLD and stutter.SETTINGS.report_confidence < THRESHOLD


def test_pair_gain_boundaries_decide_apply_report_or_silence(monkeypatch: pytest.MonkeyPatch) -> None:
    s = context.SETTINGS
    assert context.pair_verdict(s.apply_gain, 1, 1) == s.apply_confidence
    assert context.pair_verdict(s.apply_gain - 0.01, 1, 1) == s.report_confidence
    assert context.pair_verdict(s.unseen_apply_gain, 0, 1) == s.apply_confidence
    assert context.pair_verdict(s.unseen_apply_gain - 0.01, 0, 1) == s.report_confidence
    assert context.pair_verdict(s.report_gain - 0.01, 0, 2) is None
    assert context.pair_verdict(s.apply_gain + 5, 2, 1) == s.report_confidence  # the alternative seen less
    assert context.pair_verdict(s.apply_gain + 5, 0, 0) is None
    monkeypatch.setattr(context, "SETTINGS", dataclasses.replace(s, apply_gain=s.apply_gain + 1))
    assert context.pair_verdict(s.apply_gain, 1, 1) == s.report_confidence


def test_the_article_margin_decides_between_and_and_a(clean, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "She sold an used car."  # ``and`` fits about 0.9 (log10) better than ``a`` here
    result = clean(text)
    assert result.text == text and [f.suggestion for f in result.findings] == ["a"]
    monkeypatch.setattr(context, "SETTINGS", dataclasses.replace(context.SETTINGS, article_margin=0.5))
    assert clean(text).text == "She sold and used car."


def test_the_zipf_boundaries_decide_how_sure_a_doubled_word_is(clean, monkeypatch: pytest.MonkeyPatch) -> None:
    zipf = Lexicon().zipf
    doubled = "They chose between a protest protest and a walkout."
    [edit] = clean(doubled).edits
    assert edit.confidence == stutter.SETTINGS.content_confidence
    monkeypatch.setattr(stutter, "SETTINGS", dataclasses.replace(stutter.SETTINGS, function_word_zipf=zipf("protest")))
    [edit] = clean(doubled).edits
    assert edit.confidence == stutter.SETTINGS.function_confidence

    rare = "We ate mahi mahi at noon."
    monkeypatch.setattr(stutter, "SETTINGS", dataclasses.replace(stutter.SETTINGS, rare_word_zipf=zipf("mahi") + 0.01))
    assert clean(rare).text == rare
    monkeypatch.setattr(stutter, "SETTINGS", dataclasses.replace(stutter.SETTINGS, rare_word_zipf=zipf("mahi")))
    assert clean(rare).text == "We ate mahi at noon."
