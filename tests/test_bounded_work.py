"""Work per token and per paragraph stays bounded on hostile input (issue 13), counted, never timed.

Each fast path is checked against the slow search it replaced, on random texts, so the
output on normal text cannot change; each bound is checked by what it saves (candidate
searches, unescaping rounds), not by a clock.
"""

from __future__ import annotations

import dataclasses
import random
import re
import string
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import Cleaner, Config, lexicon
from cleaner.lexicon import Lexicon, Vocabulary, english_frequencies, within_two
from cleaner.stages import base, layout, merges, unicode
from cleaner.stages.base import Document, IndexedVocabulary
from cleaner.stages.context import PhraseCounts, TokenNeighbours
from cleaner.stages.spelling import DIRECT_LOOKUPS, SETTINGS, CapitalisedWords, SpellingStage

#: Characters that make token boundaries interesting: apostrophes, hyphens, underscores, digits.
TRICKY = st.text(alphabet="ab'’-_ .\n1é", max_size=80)


def long_token(length: int, seed: int = 1) -> str:
    return "".join(random.Random(seed).choices(string.ascii_lowercase, k=length))


def test_a_token_longer_than_any_correctable_word_gets_no_candidate_search(monkeypatch: pytest.MonkeyPatch) -> None:
    searched: list[str] = []
    search = lexicon._corrections
    monkeypatch.setattr(lexicon, "_corrections", lambda word: searched.append(word) or search(word))
    corrections = Lexicon().corrections
    assert corrections(long_token(10_000)) == {}
    assert corrections(long_token(3_000, seed=2)) == {}
    assert searched == []
    assert "since" in corrections("sicne")  # an ordinary typo is still searched
    assert searched == ["sicne"]


@pytest.mark.parametrize("token", [long_token(10_000), "electionsaid" * 834, long_token(3_000).capitalize()])
def test_a_very_long_token_gets_no_edit_and_no_finding(cleaner: Cleaner, token: str) -> None:
    text = f"The officials said {token} on Monday.\n"
    result = cleaner.clean(text)
    assert result.text == text
    assert result.edits == [] and result.findings == []


def test_run_split_tries_only_cuts_that_can_leave_a_word_on_the_right() -> None:
    assert max(map(len, english_frequencies())) <= merges.LONGEST_WORD


def test_capitalised_words_are_found_through_their_deletions_as_by_comparing_every_name() -> None:
    vocab = Vocabulary("the Deputy Secretary met the Senate and the Governor, and Gavernor Newsom said Secretory")
    words = CapitalisedWords(vocab, Lexicon())
    forms = ("Secratary", "Secretory", "Sceretary", "Senatte", "Gavernor", "Govenror", "Xecretary")
    for form in forms * (DIRECT_LOOKUPS // len(forms) + 2):  # compared at first, then through the index
        assert words.near(form) == _near_by_comparison(form, vocab), form
    assert words._by_deletion is not None
    assert words.near("S" + "e" * 5_000) == {}


def test_spelling_searches_a_number_of_unknown_forms_per_mb_and_reports_where_it_stopped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    searched: list[str] = []
    search = lexicon._corrections
    monkeypatch.setattr(lexicon, "_corrections", lambda word: searched.append(word) or search(word))
    text = "We saw teh goverment sicne Monday, and the recieve was occured in hte end.\n"
    forms = ["teh", "goverment", "sicne", "recieve", "occured", "hte"]
    settings = dataclasses.replace(SETTINGS, searches_per_mb=2)
    doc = Document(text, False, Config(), Lexicon(), frozenset({"S101"}))
    edits = list(SpellingStage(settings).propose(doc))
    assert searched == forms[:2]
    assert [text[e.start : e.end] for e in edits] == forms[:3]
    assert [e.replacement for e in edits[:2]] == ["the", "government"]
    assert edits[2].replacement is None and edits[2].message.startswith("'sicne' and the 3 unknown forms after it not checked")
    searched.clear()
    assert [text[e.start : e.end] for e in SpellingStage().propose(doc)] == forms  # news is far below the default
    assert searched == forms


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="abcd", max_size=8), st.text(alphabet="abcd", max_size=8))
def test_within_two_is_an_edit_distance_of_at_most_two(a: str, b: str) -> None:
    assert within_two(a, b) == (lexicon.edit_distance(a, b) <= 2)


def plain_corrections(word: str) -> dict[str, int]:
    """``Lexicon.corrections`` without its pruning: every insertion probed, every candidate measured in full."""
    index = lexicon._deletion_index()
    found = lexicon._indexed(index, {word, *lexicon._deletes(word)})
    near = sorted(candidate for candidate in found if lexicon.edit_distance(word, candidate) == 1)
    if near:
        return dict.fromkeys(near, 1)
    insertions = {word[:at] + letter + word[at:] for at in range(len(word) + 1) for letter in string.ascii_lowercase}
    found |= lexicon._indexed(index, lexicon._deletes_twice(word) | insertions)
    return dict.fromkeys(sorted(c for c in found if lexicon.edit_distance(word, c, limit=2) == 2), 2)


def test_the_pruned_search_finds_the_words_within_two_edits(monkeypatch: pytest.MonkeyPatch) -> None:
    """The search through the deletion index, insertions pruned by ``_ENDS``, against a comparison with every word."""
    monkeypatch.setattr(lexicon, "SEARCHES_BEFORE_ENDS", 0)
    monkeypatch.setattr(lexicon, "_ENDS", [])
    lexicon._corrections.cache_clear()
    rng = random.Random(3)
    words = ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(1, 11))) for _ in range(300)]
    words += ["".join(rng.choices("etaoinshrdlu", k=rng.randint(2, 10))) for _ in range(300)]
    words += ["sicne", "tommorow", "goverment", "hte", "teh", "seperate", "andf", "ofthe", "xyzzy" * 4]
    # Words two insertions, or an insertion and a deletion, away from a correctable word: what insertions find.
    for word in rng.sample(sorted(lexicon.english_tables().table("correctable")), 300):
        i, j = sorted(rng.sample(range(len(word)), 2)) if len(word) > 2 else (0, 0)
        words.append(word[:i] + word[i + 1 : j] + word[j + 1 :])
        words.append(word[:i] + word[i + 1 : j] + rng.choice(string.ascii_lowercase) + word[j:])
    for word in words:
        assert list(Lexicon().corrections(word).items()) == list(plain_corrections(word).items()), word
    assert lexicon._ENDS  # the pruned search ran
    lexicon._corrections.cache_clear()


def _near_by_comparison(form: str, vocab: Vocabulary) -> dict[str, int]:
    """The search ``CapitalisedWords`` replaced: every name of the article, one by one."""
    found = {}
    for name in vocab.names:
        key = name.lower()
        if name[0] == form[0] and key in Lexicon().dictionary:
            distance = lexicon.edit_distance(form.lower(), key, limit=2)
            if 0 < distance <= 2:
                found[key] = distance
    return found


@settings(max_examples=300, deadline=None)
@given(TRICKY)
def test_indexed_occurrences_are_those_a_search_finds(text: str) -> None:
    searched, indexed = Vocabulary(text), IndexedVocabulary(text)
    with mock.patch.object(base, "DIRECT_SEARCHES", 0):  # the index from the first look-up on
        for form in searched.counts:
            assert list(indexed.occurrences(form)) == list(searched.occurrences(form)), form


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab -'\n.", max_size=60), st.sampled_from(["a", "b", "ab", "a-b"]), st.sampled_from(["a", "b"]))
def test_phrase_counts_agree_with_a_whole_word_search(text: str, first: str, second: str) -> None:
    found = re.findall(rf"(?<![\w'’-]){re.escape(f'{first} {second}')}(?![\w'’-])", text, re.IGNORECASE)
    assert PhraseCounts(text, {first, second}).said_elsewhere(first, second) == (len(found) > 1)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from("abcd"), max_size=30), st.sampled_from("abcd"), st.sampled_from("abcd"))
def test_token_neighbours_agree_with_a_scan_of_the_tokens(tokens: list[str], wrong: str, right: str) -> None:
    expected = False
    if wrong in tokens:
        i = tokens.index(wrong)
        around = {tokens[i - 1] if i else None, tokens[i + 1] if i + 1 < len(tokens) else None} - {None}
        expected = any(
            token == right and ((k and tokens[k - 1] in around) or (k + 1 < len(tokens) and tokens[k + 1] in around))
            for k, token in enumerate(tokens)
        )
    assert TokenNeighbours(tokens, {wrong, right}).share_one(wrong, right) == expected


def test_an_entity_escaped_many_times_is_decoded_in_one_round(monkeypatch: pytest.MonkeyPatch) -> None:
    rounds: list[str] = []
    decode = unicode.unescape_html
    monkeypatch.setattr(unicode, "unescape_html", lambda text: rounds.append(text) or decode(text))
    nested = "&" + "amp;" * 25_000 + "eacute;"
    assert unicode._unescape_fully(nested) == "é"
    assert len(rounds) == 1
    for depth in range(4):
        for name in ("eacute;", "amp;", "#39;", "bogus;"):
            entity = "&" + "amp;" * depth + name
            assert unicode._unescape_fully(entity) == _unescape_round_by_round(entity, decode), entity


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["&", "amp;", "amp", ";", "#39;", "#x27;", "eacute", "a" * 25, " ", "#12345678;"]), max_size=8))
def test_entities_are_the_spans_the_backtracking_pattern_found(pieces: list[str]) -> None:
    text = "".join(pieces)
    old = re.compile(r"&(?:amp;)*(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,23});")
    assert [m.span() for m in unicode.ENTITY_RE.finditer(text)] == [m.span() for m in old.finditer(text)]


def _unescape_round_by_round(entity: str, decode: object) -> str:
    """The loop ``_unescape_fully`` replaced: one level of escaping per round."""
    while (decoded := decode(entity)) != entity:  # type: ignore[operator]
        entity = decoded
        if not unicode.ENTITY_RE.fullmatch(entity):
            break
    return entity


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=" \tx\n", max_size=40))
def test_trailing_space_matches_what_the_backtracking_pattern_matched(text: str) -> None:
    old = re.compile(r"[ \t]+(?=\n|\Z)")
    assert [m.span() for m in layout.TRAILING_RE.finditer(text)] == [m.span() for m in old.finditer(text)]
