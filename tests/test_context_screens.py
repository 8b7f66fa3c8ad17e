"""The context stage's patterns find what its judges act on: the screens in them drop nothing.

Each pattern opens with its form and tests the word boundary in a lookbehind, and some
admit only the words after the form that their judge can act on (``to much``, ``its not``,
``a apple``). These tests compare each with the plain pattern filtered as the judge would.
"""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleaner.config import Config
from cleaner.lexicon import Lexicon, joins_token
from cleaner.stages import context
from cleaner.stages.base import Document

#: Words and separators that put the forms at and off a token start, before words judged and not.
PIECES = ["a", "A", "an", "to", "To", "its", "It's", "their", "of", "much", "Much", "MUCH", "not", "is", "isn’t"]
PIECES += ["apple", "Apple", "use", "Uber", "the", "many", "time", "be", "x", "ab", "bits", "U.S.", "co-op"]
SEPARATORS = [" "] * 10 + ["  ", ". ", "-", "'", "’", "_", "\n", "(", "1"]
TEXTS = st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(SEPARATORS)), max_size=40).map(
    lambda parts: "".join(word + separator for word, separator in parts)
)


def _starts_a_token(text: str, start: int) -> bool:
    return not (start and (joins_token(text[start - 1]) or text[start - 1] == "."))


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.sampled_from(["a", "to", "its", "It's"]))
def test_a_led_pattern_matches_where_the_form_starts_a_token(text: str, form: str) -> None:
    led = re.compile(context._led_by("word", form) + "(?= )")
    plain = re.compile(rf"(?P<word>{form})(?= )")
    assert [m.start() for m in led.finditer(text)] == [
        m.start() for m in plain.finditer(text) if _starts_a_token(text, m.start())
    ]


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.sampled_from(["to", "To", "of"]))
@example("go to much, To many of in", "to")
def test_the_commonest_words_are_found_before_the_words_they_are_beaten_after(text: str, form: str) -> None:
    plain = re.compile(rf"(?P<word>{form})(?= (?P<right>[a-zA-Z][a-z]*)(?![\w'’-]))")
    beaten = context._beaten_after(form.lower())
    expected = [m.start() for m in plain.finditer(text) if _starts_a_token(text, m.start()) and m["right"].lower() in beaten]
    assert [m.start() for m in context._confusable_pattern(form).finditer(text)] == expected


#: The screened patterns: their forms, the pattern without the screen, and the judge of a match.
SCREENED = {
    "possessive": (
        context.POSSESSIVE_RES,
        r"(?P<word>{form})(?= (?P<right>[a-z]+(?:['’][a-z]+)?)(?![\w'’-]))",
        context._possessive,
    ),
    "article": (
        context.ARTICLE_RES,
        r"(?P<article>{form})(?= (?P<right>[a-gi-zA-GI-WYZ][a-z]*)(?![\w'’.-]))",
        context._article,
    ),
}
CASES = [("possessive", form) for form in ("its", "Its", "their")] + [("article", form) for form in ("a", "A")]


@settings(max_examples=500, deadline=None)
@given(TEXTS, st.sampled_from(CASES))
@example("its not its own", ("possessive", "its"))
@example("their is their isn’t", ("possessive", "their"))
@example("a apple a use", ("article", "a"))
@example("A apple. A Apple", ("article", "A"))
def test_a_screened_pattern_finds_every_place_its_judge_acts_on(text: str, case: tuple[str, str]) -> None:
    kind, form = case
    patterns, plain, judge = SCREENED[kind]
    doc = Document(text, False, Config(), Lexicon(), frozenset())
    screened = [judge(doc, m) for m in re.finditer(patterns[form], text)]
    every = [judge(doc, m) for m in re.finditer(plain.format(form=form), text) if _starts_a_token(text, m.start())]
    assert [edit for edit in screened if edit] == [edit for edit in every if edit]
