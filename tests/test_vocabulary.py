"""The document vocabulary: the same answers as a plain count of the tokens, each string held once."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.lexicon import (
    MID_SENTENCE_CAPITAL_RE,
    POSSESSIVE_RE,
    TOKEN_RE,
    Lexicon,
    Vocabulary,
    base_form,
    english_words,
    unknown_spellings,
)
from cleaner.stages import base
from cleaner.stages.base import FocusedVocabulary, IndexedVocabulary

TEXTS = [
    "Kirby said the troops, Kirby said, were ready. The end.",
    "The delegation included Abcde, Fghij and Klmno’s aide, and the abcde of Fghij's friend.",
    "ÉTÉ été Été, straße STRASSE; İstanbul and istanbul. O'Neill's dog met O'Neill, and o'neill.",
    "",
    "snake_case 5km x86 rock'n'roll Rock'n'Roll, Biden’s allies' and biden.",
]


def plain_names(text: str, counts: Counter[str]) -> set[str]:
    """``Vocabulary.names`` as its docstring defines it, written the slow obvious way."""
    capitals = MID_SENTENCE_CAPITAL_RE.findall(text)
    found = {POSSESSIVE_RE.sub("", form) if "'" in form or "’" in form else form for form in capitals}
    return {form for form in found if form.lower() not in counts}


@pytest.mark.parametrize("text", TEXTS)
def test_vocabulary_answers_as_a_plain_count_does(text: str) -> None:
    tokens = TOKEN_RE.findall(text)
    vocab = Vocabulary(text)
    assert vocab.counts == Counter(tokens)
    assert list(vocab.counts) == list(Counter(tokens))
    assert vocab.lower_tokens == [token.lower() for token in tokens]
    assert vocab.lower == Counter(token.lower() for token in tokens)
    assert list(vocab.lower) == list(Counter(token.lower() for token in tokens))
    assert vocab.names == plain_names(text, vocab.counts)


def test_each_lower_case_string_is_held_once() -> None:
    """A long text of many different words keeps one string per form, not one per token."""
    vocab = Vocabulary("zorvex Zorvex zorvex Klimt zorvex Klimt")
    forms = {form: form for form in vocab.counts}
    tokens = vocab.lower_tokens
    assert tokens[0] is tokens[2] is tokens[4] is forms["zorvex"]  # a lower-case form is its own lower case
    assert tokens[3] is tokens[5]  # one lower-case string per form, whatever its count
    named = Vocabulary("met Zorvex, then Zorvex")
    held = {form: form for form in named.counts}
    assert named.names == {"Zorvex"}
    assert all(name is held[name] for name in named.names)


@pytest.mark.parametrize("text", [*TEXTS, "co-op op Kirby’s Kirby 'tis tis a-b b'c c d'e'f d d'e"])
def test_the_index_of_forms_written_once_answers_in_any_order(text: str) -> None:
    """Stages ask in the order of the text; any other order gets the same answers, only slower."""
    searched, indexed = Vocabulary(text), IndexedVocabulary(text)
    forms = list(searched.counts)
    with mock.patch.object(base, "DIRECT_SEARCHES", 0):
        for form in [*forms, *reversed(forms), *forms[::2], *forms]:
            assert list(indexed.occurrences(form)) == list(searched.occurrences(form)), form


LEXICON = Lexicon(frozenset({"Zorblat"}))
#: Tokens of every kind the unknown forms are judged on: English and unknown words in any case, a
#: protected word, possessives of both, apostrophe-joined forms, numbers, digits and underscores.
WORDS = ["the", "The", "sicne", "Sicne", "SICNE", "zorvex", "Zorvex", "Zorblat", "zorblat", "2021", "x86", "snake_case"]
WORDS += ["Biden's", "Biden’s", "Zorvex's", "zorvex’", "allies'", "O'Neil's", "rock'n'roll", "don't", "'tis", "teh's"]
WORDS += ["İstanbul", "naïve", "ÉTÉ", "straße", "a", "I", "Kirby", "Kirbysaid", "_", "'"]
word_texts = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from([" ", ", ", ". ", "\n", "’s ", "-"])), max_size=30).map(
    lambda parts: "".join(word + separator for word, separator in parts)
)


def plain_unknown(forms: Iterable[str]) -> list[str]:
    """``Lexicon.is_word``'s non-words of letters among ``forms``, each form judged by itself."""
    found = []
    for form in forms:
        if form.lower() in english_words():
            continue
        if "'" in form or "’" in form:
            if base_form(form).isalpha() and not LEXICON.is_word(form):
                found.append(form)
        elif form.lower().isalpha() and not LEXICON.is_protected(form):
            found.append(form)
    return found


@settings(max_examples=300, deadline=None)
@given(word_texts)
def test_unknown_forms_are_the_forms_judged_one_by_one(text: str) -> None:
    """Judging each lower-case spelling once, after the screens, picks the forms a test of each picks."""
    vocab = Vocabulary(text)
    assert vocab.unknown_forms(LEXICON) == plain_unknown(vocab.counts)
    spellings = [token.lower() for token in TOKEN_RE.findall(text)]
    assert unknown_spellings(spellings, LEXICON) == set(plain_unknown(spellings))
    focus = ((0, len(text) // 2),)
    found = set(TOKEN_RE.findall(text, 0, len(text) // 2))
    expected = [form for form in plain_unknown(vocab.counts) if form in found]
    assert FocusedVocabulary(text, focus).unknown_forms(LEXICON) == expected
