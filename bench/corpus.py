"""Finding and reading the development corpus that both benchmarks use.

The corpus lives outside the repository (``../shared/corpus/articles`` beside the main
checkout); it is read in place, never copied in.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
CORPUS_PARTS = ("shared", "corpus", "articles")


@dataclass(frozen=True, slots=True)
class Article:
    name: str
    text: str


def default_corpus() -> Path:
    """``../shared/corpus/articles`` next to the repository, or next to a folder above it.

    Looking further up lets a git worktree nested one level deeper find the same corpus.
    """
    for base in (REPO_ROOT.parent, *REPO_ROOT.parent.parents):
        candidate = base.joinpath(*CORPUS_PARTS)
        if candidate.is_dir():
            return candidate
    return REPO_ROOT.parent.joinpath(*CORPUS_PARTS)


def read_articles(folder: Path, limit: int | None = None, seed: int = 0) -> list[Article]:
    """The ``*.txt`` articles of ``folder`` in name order; ``limit`` takes a seeded sample."""
    if not folder.is_dir():
        raise SystemExit(f"corpus folder not found: {folder} (pass --corpus DIR)")
    paths = sorted(folder.glob("*.txt"))
    if limit is not None and limit < len(paths):
        paths = sorted(random.Random(f"sample:{seed}").sample(paths, limit))
    return [Article(path.name, path.read_text(encoding="utf-8")) for path in paths]


def word_count(text: str) -> int:
    """Whitespace-separated words, the unit of every per-word figure in the benchmarks."""
    return len(text.split())
