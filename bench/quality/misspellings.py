"""Real misspellings for the typo class, read from codespell's installed dictionary.

codespell (https://github.com/codespell-project/codespell, GPL-2.0 code; its dictionary is
CC BY-SA 3.0) collects misspellings people actually made. The list is read where pip put it
(``pip install -e '.[bench]'``) and never copied into this repository.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path


def codespell_dictionary() -> Path:
    """Path of codespell's main ``dictionary.txt`` (``wrong->right`` per line)."""
    try:
        import codespell_lib
    except ImportError as exc:
        raise SystemExit("the quality benchmark needs codespell: pip install -e '.[bench]'") from exc
    return Path(codespell_lib.__file__).parent / "data" / "dictionary.txt"


def parse_misspellings(lines: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Map each correct word to the misspellings that have it as their only correction.

    Entries with several candidate corrections, a reason, or anything but letters are
    dropped: a typo is only labelled when its repair is certain and a single word.

    >>> parse_misspellings(["sicne->since", "abd->and, abs,", "teh->the", "ACI->ACPI", "adn->and"])
    {'since': ('sicne',), 'the': ('teh',), 'and': ('adn',)}
    """
    by_right: dict[str, list[str]] = defaultdict(list)
    for line in lines:
        wrong, arrow, right = line.strip().partition("->")
        if not arrow or "," in right:
            continue
        right = right.strip()
        if wrong.isalpha() and wrong.islower() and right.isalpha() and right.lower() != wrong:
            by_right[right].append(wrong)
    return {right: tuple(wrongs) for right, wrongs in by_right.items()}


def load_misspellings(path: Path | None = None) -> dict[str, tuple[str, ...]]:
    with (path or codespell_dictionary()).open(encoding="utf-8") as handle:
        return parse_misspellings(handle)
