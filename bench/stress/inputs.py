"""The pathological inputs of issue 13, generated at any size from a fixed seed.

Each generator takes a size in bytes and a ``random.Random`` and returns a text of about
that many bytes (never much less: the per-MB cost divides by the real size). The news
text they mix in comes from the repository's clean fixtures, so the bench needs no corpus.
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable, Iterator
from pathlib import Path

from bench.corpus import REPO_ROOT

NEWS_FOLDER = REPO_ROOT / "fixtures" / "clean"
#: The long token of the issue that took 41 s and 5 GB, and the random one that ran out of memory.
LONG_WORD_CHARS = 10_000
RANDOM_LETTERS_CHARS = 3_000

Generator = Callable[[int, random.Random], str]


def news_paragraphs(folder: Path = NEWS_FOLDER) -> list[str]:
    """The paragraphs of the clean news fixtures, in file and text order."""
    return [
        paragraph.strip()
        for path in sorted(folder.glob("*.txt"))
        for paragraph in path.read_text(encoding="utf-8").split("\n\n")
        if paragraph.strip()
    ]


def _filled(size: int, pieces: Iterator[str], separator: str) -> str:
    """Pieces joined by ``separator`` until the text holds at least ``size`` bytes."""
    parts: list[str] = []
    total = 0
    while total < size:
        parts.append(next(pieces))
        total += len(parts[-1].encode("utf-8")) + len(separator)
    return separator.join(parts) + "\n"


def _news(rng: random.Random) -> Iterator[str]:
    """News paragraphs in a shuffled order, reshuffled on each round."""
    paragraphs = news_paragraphs()
    while True:
        rng.shuffle(paragraphs)
        yield from paragraphs


def _letters(rng: random.Random, low: int, high: int) -> str:
    return "".join(rng.choices(string.ascii_lowercase, k=rng.randint(low, high)))


def _with_token(rng: random.Random, make_token: Callable[[], str]) -> Iterator[str]:
    """News paragraphs, each with one odd token in its middle sentence."""
    for paragraph in _news(rng):
        words = paragraph.split(" ")
        middle = len(words) // 2
        yield " ".join([*words[:middle], make_token(), *words[middle:]])


def long_word(size: int, rng: random.Random) -> str:
    """Paragraphs that each hold one 10,000-character word made of real words run together."""
    vocabulary = [word.lower() for paragraph in news_paragraphs() for word in paragraph.split() if word.isalpha()]

    def token() -> str:
        word = ""
        while len(word) < LONG_WORD_CHARS:
            word += rng.choice(vocabulary)
        return word[:LONG_WORD_CHARS]

    return _filled(size, _with_token(rng, token), "\n\n")


def random_letters(size: int, rng: random.Random) -> str:
    """Paragraphs that each hold one token of 3,000 random letters."""
    return _filled(size, _with_token(rng, lambda: _letters(rng, RANDOM_LETTERS_CHARS, RANDOM_LETTERS_CHARS)), "\n\n")


def capitalised(size: int, rng: random.Random) -> str:
    """Sentences of many different unknown capitalised words, as in a list of foreign names."""

    def sentences() -> Iterator[str]:
        while True:
            names = [_letters(rng, 4, 10).capitalize() for _ in range(rng.randint(5, 15))]
            yield "The delegation included " + ", ".join(names) + " and others."

    return _filled(size, sentences(), " ")


def non_words(size: int, rng: random.Random) -> str:
    """Random lowercase non-words separated by spaces, in paragraphs of 100."""

    def paragraphs() -> Iterator[str]:
        while True:
            yield " ".join(_letters(rng, 3, 10) for _ in range(100)) + "."

    return _filled(size, paragraphs(), "\n\n")


def nested_entities(size: int, rng: random.Random) -> str:
    """One HTML entity escaped again and again: ``&amp;amp;amp;…``, the whole size in one run."""
    return "&" + "amp;" * (size // 4) + "\n"


def indentation(size: int, rng: random.Random) -> str:
    """Lines of news indented one more space each line."""
    sentences = (sentence for paragraph in _news(rng) for sentence in paragraph.split(". "))
    lines: list[str] = []
    total = 0
    while total < size:
        lines.append(" " * len(lines) + next(sentences))
        total += len(lines[-1]) + 1
    return "\n".join(lines) + "\n"


def single_line(size: int, rng: random.Random) -> str:
    """News text with no line break at all: one paragraph of the whole size."""
    return _filled(size, _news(rng), " ")


def news(size: int, rng: random.Random) -> str:
    """Ordinary news paragraphs: the reference the pathological inputs are compared with."""
    return _filled(size, _news(rng), "\n\n")


CASES: dict[str, Generator] = {
    "long-word": long_word,
    "random-letters": random_letters,
    "capitalised": capitalised,
    "non-words": non_words,
    "nested-entities": nested_entities,
    "indentation": indentation,
    "single-line": single_line,
    "news": news,
}


def generate(case: str, size: int) -> str:
    """The input ``case`` at about ``size`` bytes, the same on every run."""
    return CASES[case](size, random.Random(f"{case}:{size}"))
