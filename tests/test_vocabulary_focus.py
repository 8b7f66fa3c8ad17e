"""The vocabulary of a later pass: its answers inside the focus are the whole text's answers, filtered."""

from __future__ import annotations

from itertools import pairwise
from unittest import mock

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cleaner.lexicon import TOKEN_RE, Lexicon, Vocabulary
from cleaner.stages import base
from cleaner.stages.base import FocusedVocabulary, IndexedVocabulary, token_runs, within
from tests.test_vocabulary import plain_names

LEXICON = Lexicon()
#: Pieces that make tokens of every kind: words, non-words, names, joined parts, digits, marks around them.
PIECES = [
    "the",
    "sicne",
    "Zorvex",
    "zorvex",
    "Kirby",
    "Kirby’s",
    "o'neill",
    "O'Neill",
    "rock'n'roll",
    "co-op",
    "op",
    "5km",
    "snake_case",
    "teh",
    "Teh",
    "ÉTÉ",
    "été",
    "'tis",
    "tis",
    "d'e'f",
    "e",
    "’",
    "'",
    "-",
    "_",
]
SEPARATORS = [" ", " ", ", ", ". ", "\n", "\n\n", "", "-", "'", "(", "’"]

texts = st.one_of(
    st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(SEPARATORS)), max_size=40).map(
        lambda parts: "".join(piece + separator for piece, separator in parts)
    ),
    st.text(alphabet="abAB'’- .", max_size=40),  # short forms that are parts of longer ones: ``ab`` in ``abb``
)


@st.composite
def focused(draw: st.DrawFn) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A text and sorted, disjoint focus spans with ends anywhere, inside tokens too."""
    text = draw(texts)
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8)))
    spans = tuple((cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2) if cuts[i] < cuts[i + 1] or i == 0)
    return text, tuple(sorted(set(spans)))


def plain_unknown(text: str, focus: tuple[tuple[int, int], ...]) -> list[str]:
    """What a later pass's unknown forms are by definition: the whole text's, those seen inside the focus."""
    found = {token for start, end in focus for token in TOKEN_RE.findall(text, start, end)}
    return [form for form in Vocabulary(text).unknown_forms(LEXICON) if form in found]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(focused())
def test_the_focus_gives_the_whole_texts_answers_inside_it(case: tuple[str, tuple[tuple[int, int], ...]]) -> None:
    text, focus = case
    plain = Vocabulary(text)
    assert FocusedVocabulary(text, focus).unknown_forms(LEXICON) == plain_unknown(text, focus)
    forms = [*plain.counts, "Kirby", "op", "zz"]
    for direct in (0, base.DIRECT_SEARCHES):
        with mock.patch.object(base, "DIRECT_SEARCHES", direct):
            vocab = FocusedVocabulary(text, focus)
            for form in [*forms, *reversed(forms), *forms]:
                expected = [span for span in plain.occurrences(form) if within(*span, focus)]
                assert list(vocab.occurrences(form)) == expected, (form, direct)


@settings(max_examples=400, deadline=None)
@given(focused())
def test_token_runs_hold_the_whole_texts_tokens(case: tuple[str, tuple[tuple[int, int], ...]]) -> None:
    """Inside the widened spans a scan finds exactly the whole text's tokens that lie there."""
    text, focus = case
    runs = token_runs(text, focus)
    assert runs == sorted(runs) and all(a[1] < b[0] for a, b in pairwise(runs))
    assert all(within(start, end, runs) for start, end in focus if start < end)
    whole = [m.span() for m in TOKEN_RE.finditer(text) if within(*m.span(), runs)]
    assert [m.span() for low, high in runs for m in TOKEN_RE.finditer(text, low, high)] == whole


def test_an_indexed_vocabulary_is_a_focus_on_the_whole_text() -> None:
    text = "Zorvex met Kirby’s aide, and Kirby. sicne teh o'neill"
    whole = FocusedVocabulary(text, ((0, len(text)),))
    assert whole.unknown_forms(LEXICON) == IndexedVocabulary(text).unknown_forms(LEXICON)


@settings(max_examples=300, deadline=None)
@given(texts)
@example("met Kirby’s aide")
@example("met Kirby's aide, and Zorvex’")
def test_names_are_what_their_definition_finds(text: str) -> None:
    """The names, with the possessive search skipped in a text without apostrophes, against the plain search."""
    vocab = Vocabulary(text)
    assert vocab.names == plain_names(text, vocab.counts)
