"""Shared word knowledge: English word frequencies and the user's protected words.

Every stage that asks "is this a word?" asks here, so the answer is the same
everywhere. The frequency table comes from ``wordfreq`` and is loaded on first use
(about 0.2 s), once per ``Cleaner``.
"""

from __future__ import annotations

import math
from functools import cached_property

import wordfreq

#: Zipf frequency (log10 of uses per billion words) at which a word counts as known.
KNOWN_ZIPF = 3.0


class Lexicon:
    def __init__(self, protected: frozenset[str] = frozenset()) -> None:
        self.protected = protected
        self._protected_lower = frozenset(word.lower() for word in protected)

    @cached_property
    def frequencies(self) -> dict[str, float]:
        return wordfreq.get_frequency_dict("en", wordlist="large")

    def zipf(self, word: str) -> float:
        """Zipf frequency of a word, case-insensitive; 0 when wordfreq has never seen it."""
        frequency = self.frequencies.get(word.lower().replace("’", "'"))
        return math.log10(frequency) + 9 if frequency else 0.0

    def is_known(self, word: str, min_zipf: float = KNOWN_ZIPF) -> bool:
        return self.is_protected(word) or self.zipf(word) >= min_zipf

    def is_protected(self, word: str) -> bool:
        return word.lower() in self._protected_lower
