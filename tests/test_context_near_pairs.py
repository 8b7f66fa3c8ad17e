"""C101's near pairs, found by looking up each repeated word's drops and swaps, are the pairs that comparing each with each finds.

The reference is the definition ``_near_pairs`` had before (issue 12): every repeated word
compared with every once-used form of its first letter and its length or one less. It
was quadratic in the vocabulary; the lookup, used where those forms outnumber the word's
letters, must find the same pairs in the same order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleaner.lexicon import Vocabulary
from cleaner.stages import context


def _compared_pairs(vocab: Vocabulary) -> Iterator[tuple[str, str]]:
    """The former ``_near_pairs``: each repeated word against each once-used form of its first letter and length."""
    items = vocab.lower.items()
    repeated = [
        word
        for word, count in items
        if count >= context.SETTINGS.min_partner_count and len(word) >= context.SETTINGS.min_length and word.isalpha()
    ]
    wanted = {(word[0], size) for word in repeated for size in (len(word) - 1, len(word))}
    once: defaultdict[tuple[str, int], list[str]] = defaultdict(list)
    for word in [word for word, uses in items if uses == 1]:
        if (word[0], len(word)) in wanted:
            once[word[0], len(word)].append(word)
    for word in repeated:
        last, shorter = word[-1], word[:-1]
        for form in once.get((word[0], len(word) - 1), ()):
            if (form[-1] == last or form == shorter) and context._drops_a_letter(form, word):
                yield form, word
        for form in once.get((word[0], len(word)), ()):
            if form[-1] in (last, word[-2]) and context._swaps_two_letters(form, word):
                yield form, word


@st.composite
def _texts(draw: st.DrawFn) -> str:
    """Words of a few letters (final s and d, a letter beyond ASCII, a digit), their drops and swaps, used once or more.

    Other words of a word's first letter and length, or one less, come too, so that some
    words have more forms to meet than letters.
    """
    bases = draw(st.lists(st.text("absdé1", min_size=4, max_size=8), min_size=1, max_size=10))
    tokens: list[str] = []
    for base in bases:
        for size in draw(st.lists(st.sampled_from([len(base) - 2, len(base) - 1]), max_size=10)):
            tokens.append(base[0] + draw(st.text("absd", min_size=size, max_size=size)))
        tokens += [draw(st.sampled_from([base, base.capitalize(), base.upper()]))] * draw(st.integers(1, 3))
        for _ in range(draw(st.integers(0, 4))):
            letters, i = list(base), draw(st.integers(0, len(base) - 1))
            if draw(st.booleans()):
                del letters[i]
            elif i < len(letters) - 1:
                letters[i], letters[i + 1] = letters[i + 1], letters[i]
            tokens += ["".join(letters)] * draw(st.sampled_from([1, 1, 1, 2]))
    return " ".join(draw(st.permutations(tokens)))


@settings(max_examples=500, deadline=None)
@given(_texts())
@example("eastern eastern easter Eastern form from from")
@example("aaaaas aaaaas aaaaa aaaaad aaaaad")  # a final s or d is no dropped letter
@example("abcde abcde acbde abdce abced axxxx ayyyy acde abde")  # swaps looked up, in the text's order; drops compared
@example("abcde abcde abde abce abcd acde axxx ayyy")  # drops looked up
@example("abcds abcds abcd axxx ayyy azzz awww")  # looked up: a final s is no dropped letter
@example("abcde abcde bacde axxxx ayyyy azzzz awwww")  # looked up: the first letter stays
def test_looked_up_pairs_are_the_compared_pairs(text: str) -> None:
    vocab = Vocabulary(text)
    assert context._near_pairs(vocab) == list(_compared_pairs(vocab))
