"""The lexical stages' fast paths find exactly what the plain versions they replace find.

Each shortcut (a scan that jumps, an early exit, a cheaper pre-test) is checked against
the straightforward computation on texts made to hit its edge cases: doubled words,
apostrophes, digits and letters outside ASCII next to the words it looks for.
"""

from __future__ import annotations

import itertools
import random
import re

import pytest

from cleaner.lexicon import POSSESSIVE_RE, Lexicon, Vocabulary, base_form, edit_distance, english_tables, english_words
from cleaner.stages import context, merges
from cleaner.text import LOOK_BACK, WORD_BEFORE_RE, word_before

#: Pieces of text that meet at every boundary the patterns care about.
PIECES = ("cuba", "Cuba", "CUBA", "cuban", "in", "the", " ", " ", "  ", ",", ".", "9", "_", "'", "’", "-", "é", "Ⅷ", "\n")


def _texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 16))) for _ in range(count)]


@pytest.mark.parametrize("flags", [0, re.IGNORECASE])
def test_neighbour_scan_finds_what_finditer_finds(flags: int) -> None:
    texts = [*_texts(3000, seed=1), "in eastern eastern Europe", "eastern Europe, in eastern Europe eastern"]
    for text, word in itertools.product(texts, ("cuba", "eastern", "in")):
        pattern = context.NEIGHBOURS_RE.format(word=context.WHOLE_WORD_RE.format(word=re.escape(word)))
        expected = [(m.span(), m.groupdict()) for m in re.finditer(pattern, text, flags)]
        places = context.WordPlaces(text, {word})
        assert [(m.span(), m.groupdict()) for m in context._with_neighbours(word, places, flags)] == expected, text


def test_word_before_is_what_the_pattern_finds() -> None:
    texts = [*_texts(3000, seed=2), "x" * 50 + " their", "9abc their", "don't their", "(the their", " their"]
    for text in texts:
        for start in range(len(text) + 1):
            m = WORD_BEFORE_RE.search(text, max(0, start - LOOK_BACK), start)
            assert word_before(text, start) == (m.group(1) if m else None), (text, start)


def test_limited_edit_distance_agrees_up_to_the_limit() -> None:
    words = ["".join(letters) for size in range(6) for letters in itertools.product("abc", repeat=size)][::3]
    for a, b in itertools.product(words, repeat=2):
        distance = edit_distance(a, b)
        for limit in range(4):
            assert edit_distance(a, b, limit=limit) == min(distance, limit + 1), (a, b, limit)


def test_unknown_forms_and_names_match_the_plain_definitions() -> None:
    """The filtered passes give the forms, in order, that the definitions in their docstrings give."""
    lexicon = Lexicon(frozenset({"Zorblat"}))
    rng = random.Random(3)
    words = ("the", "The", "sicne", "Sicne", "Kirbysaid", "Zorblat", "2021", "x86", "Biden's", "Biden’s", "O'Neil's")
    words += ("allies'", "İstanbul", "naïve", "a", "I", "snake_case", "said", "Kirby")
    for _ in range(2000):
        text = "".join(rng.choice(words) + rng.choice((" ", ", ", "; ", ". ", "\n", "’s ")) for _ in range(rng.randint(0, 12)))
        vocab = Vocabulary(text)
        strange = {word for word in vocab.lower if word not in english_words()}
        expected = [
            form for form in vocab.counts if form.lower() in strange and not lexicon.is_word(form) and base_form(form).isalpha()
        ]
        assert vocab.unknown_forms(lexicon) == expected, text
        capitals = {POSSESSIVE_RE.sub("", m) for m in re.findall(r"(?<=[a-z,;] )[A-Z][^\W\d_]*(?:['’][^\W\d_]+)*(?!\w)", text)}
        assert vocab.names == {form for form in capitals if form.lower() not in vocab.counts}, text
        assert vocab.total == sum(vocab.counts.values())


def test_near_pairs_are_every_drop_and_swap_in_order() -> None:
    rng = random.Random(4)
    for _ in range(2000):
        bases = ["".join(rng.choice("abcsd") for _ in range(rng.randint(4, 8))) for _ in range(5)]
        tokens = []
        for base in bases:
            tokens += [base] * rng.randint(1, 3)
            for _ in range(rng.randint(0, 3)):
                letters, i = list(base), rng.randrange(len(base))
                if rng.random() < 0.5:
                    del letters[i]
                elif i < len(letters) - 1:
                    letters[i], letters[i + 1] = letters[i + 1], letters[i]
                tokens.append("".join(letters))
        rng.shuffle(tokens)
        vocab = Vocabulary(" ".join(tokens))
        once = [form for form, count in vocab.lower.items() if count == 1]
        repeated = [word for word, count in vocab.lower.items() if count > 1 and len(word) >= 5 and word.isalpha()]
        expected = [
            (form, word)
            for word in repeated
            for test, size in ((context._drops_a_letter, len(word) - 1), (context._swaps_two_letters, len(word)))
            for form in once
            if form[0] == word[0] and len(form) == size and test(form, word)
        ]
        assert list(context._near_pairs(vocab)) == expected, tokens


def test_one_edit_corrections_are_every_common_word_one_edit_away() -> None:
    """The deletion-index search finds what generating every deletion, swap, substitution and insertion finds."""
    correctable = english_tables().table("correctable")
    letters = "abcdefghijklmnopqrstuvwxyz"
    rng = random.Random(4)
    words = sorted(correctable)
    typos = []
    for word in rng.sample(words, 400):
        i, letter = rng.randrange(len(word)), rng.choice(letters + "é")
        typos += [word[:i] + word[i + 1 :], word[:i] + letter + word[i:], word[:i] + letter + word[i + 1 :]]
        typos.append(word[:i] + word[i + 1 : i + 2] + word[i] + word[i + 2 :])
    for typo in typos:
        swaps = {typo[:i] + typo[i + 1] + typo[i] + typo[i + 2 :] for i in range(len(typo) - 1)}
        changes = {typo[:i] + c + typo[i + 1 :] for i in range(len(typo)) for c in letters}
        inserts = {typo[:i] + c + typo[i:] for i in range(len(typo) + 1) for c in letters}
        deletes = {typo[:i] + typo[i + 1 :] for i in range(len(typo))}
        near = ((swaps | changes | inserts | deletes) - {typo}) & correctable
        found = Lexicon().corrections(typo)
        assert {word for word, distance in found.items() if distance == 1} == near, typo
        assert bool(near) or all(distance == 2 for distance in found.values()), typo


def test_eggcorn_scans_skip_only_texts_that_cannot_match() -> None:
    phrases = ("reign in them", "Reigns in power", "free reign", "Bare in mind", "sneak peak", "towed the line")
    more = ("baited breath", "Wet your appetite", "peaked his interest", "case and point", "a reign in Spain")
    texts = [" ".join(combo) for combo in itertools.product((*phrases, *more), ("", "x", "9", "é", "’s"))]
    for hint, pattern, _, _ in context.EGGCORNS:
        for text in [*texts, *_texts(2000, seed=6)]:
            assert all(hint in m.group() for m in pattern.finditer(text)), (hint, text)
            plain = re.compile(r"\b" + pattern.pattern.replace(r"(?<!\w.)", ""))  # the boundary checked first
            assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in plain.finditer(text)], text


def test_fused_year_pattern_finds_what_the_plain_look_behind_finds() -> None:
    plain = re.compile(r"(?<![\w.,:/-])(?:1[89]|20)\d\d(?=([A-Z][a-z]{2,})(?![\w'’]))")
    pieces = ("2018", "1999", "20", "19", "2021Issued", "Issued", "Abc", "x", ".", ",", ":", "/", "-", " ", "é", "_", "\n")
    rng = random.Random(8)
    for text in ("".join(rng.choice(pieces) for _ in range(rng.randint(0, 10))) for _ in range(5000)):
        found = [(m.span(), m.groups()) for m in merges.YEAR_FUSED_RE.finditer(text)]
        assert found == [(m.span(), m.groups()) for m in plain.finditer(text)], text


def test_case_boundaries_and_word_cuts_match_their_plain_definitions() -> None:
    """The string test before the case pattern, and the tails cut from the lower-cased form, change nothing."""
    rng = random.Random(4)
    letters = "abcdefghijklmnopqrstuvwxyzAZÉéİßſK"
    forms = ["".join(rng.choice(letters) for _ in range(rng.randint(1, 12))) for _ in range(3000)]
    forms += ["Kirbysaid", "BidenThe", "NATOallies", "McDonald", "İstanbulsaid", "Straßesaid", "presidentsaid"]
    lexicon = Lexicon()
    splitter = merges.Splitter(lexicon, Vocabulary(" ".join(forms)), merges.SETTINGS)
    for form in forms:
        plain = [m.start() for m in merges.CASE_BOUNDARY_RE.finditer(form) if form[: m.start()] not in merges.NAME_PREFIXES]
        assert merges._case_boundaries(form) == plain, form
        places = range(max(1, len(form) - merges.LONGEST_WORD), len(form) - 1)
        cuts = [cut for cut in places if lexicon.frequencies.get(form[cut:].lower())]
        has_word = any(form[cut:] in lexicon.dictionary or form[cut:].lower() in lexicon.dictionary for cut in cuts)
        assert splitter.word_cuts(form) == (cuts if has_word else []), form


def _merge_forms(rng: random.Random, count: int) -> list[str]:
    """Tokens of every shape the merges screens sort: words fused to names and words, in any case, runs of
    random letters, case changes, capitals, letters beyond ASCII, and the first parts standing alone."""
    heads = ("Kirby", "Toledo", "Biden", "Xi", "the", "with", "both", "moderator", "million", "a", "I", "A", "over", "Zorb")
    tails = ("said", "his", "for", "met", "crane", "dollars", "is", "in", "the", "The", "of", "allies", "son", "ing", "zq")
    letters = "abcdefghijklmnopqrstuvwxyz"
    forms = []
    for _ in range(count):
        kind = rng.random()
        if kind < 0.5:
            form = rng.choice(heads) + rng.choice(tails)
        elif kind < 0.8:
            form = "".join(rng.choice(letters) for _ in range(rng.randint(1, 12)))
        else:
            form = rng.choice(heads) + "".join(rng.choice(letters + "éßİAZ") for _ in range(rng.randint(0, 6)))
        form = rng.choice((str.lower, str.capitalize, str.upper, str))(form) if rng.random() < 0.3 else form
        forms.append(form)
    forms += ["Kirbysaid", "withhis", "Thecrane", "Toledosaid", "bothmet", "BidenThe", "NATOallies", "İstanbulsaid", "arap"]
    return forms + rng.sample(heads, 5) + forms[:20]  # some parts stand alone, some forms twice


def _shaped(splitter: merges.Splitter, form: str) -> bool:
    """The per-form tests the merges stage made of each unknown form before its runs were screened in batches."""
    rare = splitter.lexicon.frequencies.get(form.lower(), 0.0) < 10 ** (merges.KNOWN_ZIPF - 9)
    plain = splitter.vocab.counts[form] <= 1 and len(form) >= 4 and not form.isupper() and form.isalpha() and rare
    return plain and splitter.may_split(form)


def _cuttable(splitter: merges.Splitter, form: str) -> bool:
    """Not a run, or a run with a cut whose right part is a dictionary word and whose left part could be a word
    or a name here."""
    if not merges.RUN_RE.fullmatch(form):
        return True
    lexicon, settings, counts = splitter.lexicon, splitter.settings, splitter.vocab.counts
    least = min(settings.name_zipf, settings.lower_part_zipf, settings.short_part_zipf)
    cuts = range(max(1, len(form) - merges.LONGEST_WORD), len(form) - 1)
    return any(
        form[cut:] in lexicon.dictionary
        and lexicon.frequencies.get(form[cut:])
        and (counts.get(form[:cut]) or form[:cut] in ("I", "a", "A") or lexicon.zipf(form[:cut]) >= least)
        for cut in cuts
    )


@pytest.mark.parametrize("batch", [merges.SCREEN_BATCH, 7])
def test_merge_candidates_are_the_plain_tests_and_drop_only_forms_best_never_splits(
    batch: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``Splitter.candidates`` keeps, in order, the forms the per-form tests keep, and ``best`` splits none of
    the forms the run screen drops, wherever they stand (any sentence start, any next word)."""
    monkeypatch.setattr(merges, "SCREEN_BATCH", batch)
    vocab = Vocabulary(" ".join(_merge_forms(random.Random(9), 4000)))
    splitter = merges.Splitter(Lexicon(), vocab, merges.SETTINGS)
    forms = list(vocab.counts)
    found = list(splitter.candidates(forms))
    assert found == [form for form in forms if _shaped(splitter, form) and _cuttable(splitter, form)]
    dropped = [form for form in forms if _shaped(splitter, form) and not _cuttable(splitter, form)]
    assert dropped and sum(splitter.best(merges.Token(form, False, "the")) is not None for form in found) > 10
    for form, start, after in itertools.product(dropped, (True, False), (None, "the", "Washington", "in")):
        assert splitter.best(merges.Token(form, start, after)) is None, (form, start, after)
