"""Real-word confusions for the ``real-word`` class, from published lists and codespell.

Two sources, neither of them the cleaner's own tables:

- ``data/confusions.tsv``: sets of words writers put in place of each other, written down
  from the published usage guides named in ``PROVENANCE.md`` (each line names its sources);
- codespell's ``dictionary_rare.txt`` (installed with ``pip install -e '.[bench]'``): real
  but rare words that are usually a slip for another (``bellow->below``); an entry is used
  when it has one correction and both words are common English to ``wordfreq``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import wordfreq

from bench.quality.misspellings import codespell_dictionary

CONFUSIONS_FILE = Path(__file__).parent / "data" / "confusions.tsv"
#: Both words of a codespell entry must be at least this common (Zipf) to make a plausible slip.
RARE_ENTRY_ZIPF = 3.0
#: Shorter words slip into abbreviations and names (``anc``, ``joo``, ``mot``), not into other words.
MIN_RARE_LENGTH = 4
#: Entries that are spelling variants, not slips: dictionaries list ``protestors`` beside ``protesters``.
VARIANTS = frozenset(["protestors"])


def parse_confusion_sets(lines: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Map each word of a set to the words that may be written in its place.

    >>> parse_confusion_sets(["# comment", "than then\\tambs", "their there they're\\tbedford"])["their"]
    ('there', "they're")
    """
    written_for: dict[str, list[str]] = defaultdict(list)
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        words = line.split("\t", 1)[0].split()
        for word in words:
            written_for[word] += [other for other in words if other != word]
    return {word: tuple(others) for word, others in written_for.items()}


def parse_rare_entries(lines: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """codespell's rare-word entries as ``right -> wrongs``: ``trough->through`` gives ``through: (trough,)``.

    >>> parse_rare_entries(["trough->through", "ablet->able, tablet,", "wit->with", "protestors->protesters"])
    {'through': ('trough',)}
    """
    by_right: dict[str, list[str]] = defaultdict(list)
    for line in lines:
        wrong, arrow, right = line.strip().partition("->")
        right = right.strip()
        if not arrow or "," in right or not (wrong.isalpha() and right.isalpha()) or wrong in VARIANTS:
            continue
        if min(len(wrong), len(right)) < MIN_RARE_LENGTH:
            continue
        if min(wordfreq.zipf_frequency(wrong, "en"), wordfreq.zipf_frequency(right, "en")) >= RARE_ENTRY_ZIPF:
            by_right[right].append(wrong)
    return {right: tuple(wrongs) for right, wrongs in by_right.items()}


def load_confusions(path: Path = CONFUSIONS_FILE, rare: Path | None = None) -> dict[str, tuple[str, ...]]:
    """Every word the generator may replace, with the real words that may be written for it."""
    with path.open(encoding="utf-8") as handle:
        confusions = parse_confusion_sets(handle)
    rare = rare or codespell_dictionary().with_name("dictionary_rare.txt")
    with rare.open(encoding="utf-8") as handle:
        for right, wrongs in parse_rare_entries(handle).items():
            confusions[right] = tuple(dict.fromkeys((*confusions.get(right, ()), *wrongs)))
    return confusions
