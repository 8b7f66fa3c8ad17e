"""Shared test helpers: the repo's own seeds and fixtures, never ../shared."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cleaner import Cleaner
from cleaner.lexicon import english_tables
from cleaner.tables import CACHE_ENV

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = ROOT / "fixtures"

# The suite and its subprocesses keep their word tables beside the checkout: other checkouts and
# versions sharing the user cache may prune this one's file mid-run, and a rebuild prints a line.
os.environ[CACHE_ENV] = str(ROOT / ".pytest_cache" / "cleaner-tables")
# A developer's own ~/.config/cleaner/cleaner.toml must not change what the tests see.
os.environ["XDG_CONFIG_HOME"] = str(ROOT / ".pytest_cache" / "no-user-config")


@pytest.fixture(scope="session", autouse=True)
def word_tables() -> None:
    """Build the word-table cache before any test (a fresh machine's first run says so on stderr)."""
    assert "the" in english_tables().table("words")  # a look-up reads (or first builds) the file


@pytest.fixture(scope="session")
def cleaner() -> Cleaner:
    """One default Cleaner for the session: the lexicon loads once."""
    return Cleaner()


def replay(original: str, edits: list) -> str:
    """Rebuild the clean text from the original and the change log alone."""
    parts, pos = [], 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end, e.clean_start)):
        assert edit.start >= pos, "logged edits overlap"
        parts.append(original[pos : edit.start])
        parts.append(edit.after)
        pos = edit.end
    parts.append(original[pos:])
    return "".join(parts)
