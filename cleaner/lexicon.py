"""Shared word knowledge: word frequencies, a spelling dictionary, the document's own words.

Every stage that asks "is this a word?" asks here, so the answer is the same
everywhere. Three sources, each loaded on first use and kept for the life of the
``Cleaner``:

- ``wordfreq``: how common a word is in English (it knows names such as Biden or
  Psaki, and also common misspellings such as ``recieve``, so frequency alone does
  not make a word correctly spelled);
- a spelling dictionary (SCOWL-checked words with Google Books counts, shipped with
  ``symspellpy``), and its bigram counts for context;
- the document's own vocabulary (``Vocabulary``, one per text), since an article
  that spells a word the same way twice means it.

Look-ups are plain dict and set look-ups; nothing here scans the text per token in
Python.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import cached_property
from importlib.util import find_spec
from pathlib import Path

import wordfreq

#: Zipf frequency (log10 of uses per billion words) at which a word counts as known.
KNOWN_ZIPF = 3.0
#: A form this common counts as a word even when the dictionary lacks it (new words, names).
WORD_ZIPF = 3.2
#: Letters with inner apostrophes, not touching digits, underscores or other letters:
#: ``5km``, ``snake_case`` and ``x86`` are not words.
WORD_RE = re.compile(r"(?<![\w'’])[^\W\d_]+(?:['’][^\W\d_]+)*(?!\w)")
#: A capitalised word after a lower-case word or a comma: a name, not a sentence start.
MID_SENTENCE_CAPITAL_RE = re.compile(r"(?<=[a-z,;] )[A-Z][^\W\d_]*(?:['’][^\W\d_]+)*(?!\w)")
POSSESSIVE_RE = re.compile(r"['’]s?$")
DICTIONARY_FILE = "frequency_dictionary_en_82_765.txt"
BIGRAM_FILE = "frequency_bigramdictionary_en_243_342.txt"


def _data_path(name: str) -> Path:
    """A data file of the ``symspellpy`` distribution, found without importing its code."""
    spec = find_spec("symspellpy")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("symspellpy is required for its English dictionary")
    return Path(next(iter(spec.submodule_search_locations))) / name


def base_form(word: str) -> str:
    """The lower-case look-up key of a word: curly apostrophe straightened, possessive dropped.

    >>> base_form("Biden’s"), base_form("allies'"), base_form("don't")
    ('biden', 'allies', "don't")
    """
    lower = word.lower().replace("’", "'")
    return POSSESSIVE_RE.sub("", lower) if lower.endswith(("'s", "'")) else lower


class Lexicon:
    """English word knowledge plus the user's protected words; build once, share everywhere."""

    def __init__(self, protected: frozenset[str] = frozenset()) -> None:
        self.protected = protected
        self._protected_lower = frozenset(word.lower() for word in protected)

    @cached_property
    def frequencies(self) -> dict[str, float]:
        return wordfreq.get_frequency_dict("en", wordlist="large")

    @cached_property
    def dictionary(self) -> frozenset[str]:
        """Correctly spelled lower-case English words (about 83,000)."""
        with _data_path(DICTIONARY_FILE).open(encoding="utf-8") as handle:
            return frozenset(line.split(" ", 1)[0] for line in handle)

    @cached_property
    def bigrams(self) -> dict[str, int]:
        """Counts of common lower-case word pairs, keyed ``"first second"``."""
        counts: dict[str, int] = {}
        with _data_path(BIGRAM_FILE).open(encoding="utf-8") as handle:
            for line in handle:
                first, second, count = line.split()
                counts[f"{first} {second}"] = int(count)
        return counts

    def zipf(self, word: str) -> float:
        """Zipf frequency of a word, case-insensitive; 0 when wordfreq has never seen it."""
        frequency = self.frequencies.get(word.lower().replace("’", "'"))
        return math.log10(frequency) + 9 if frequency else 0.0

    def zipf_of_key(self, key: str) -> float:
        """``zipf`` for a key already lower-cased and straightened (see ``base_form``)."""
        frequency = self.frequencies.get(key)
        return math.log10(frequency) + 9 if frequency else 0.0

    def is_known(self, word: str, min_zipf: float = KNOWN_ZIPF) -> bool:
        return self.is_protected(word) or self.zipf(word) >= min_zipf

    def is_protected(self, word: str) -> bool:
        return word.lower() in self._protected_lower

    def is_word(self, word: str) -> bool:
        """Spelled as English spells it: in the dictionary, common enough, or protected."""
        key = base_form(word)
        return key in self.dictionary or self.zipf_of_key(key) >= WORD_ZIPF or self.is_protected(word)

    def bigram(self, first: str, second: str) -> int:
        return self.bigrams.get(f"{first.lower()} {second.lower()}", 0)


class Vocabulary:
    """The words of one document: every form with its count, and the likely names.

    >>> v = Vocabulary("Kirby said the troops, Kirby said, were ready. The end.")
    >>> v.counts["Kirby"], v.count_lower("the"), v.total
    (2, 2, 11)
    >>> sorted(v.names)
    ['Kirby']
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.counts: Counter[str] = Counter(WORD_RE.findall(text))
        self.total = sum(self.counts.values())

    @cached_property
    def lower(self) -> Counter[str]:
        """Counts by look-up key (``base_form``): ``Biden``, ``Biden’s`` and ``biden`` together."""
        counts: Counter[str] = Counter()
        for form, count in self.counts.items():
            counts[base_form(form)] += count
        return counts

    @cached_property
    def names(self) -> frozenset[str]:
        """Capitalised forms seen mid-sentence whose lower-case form the document never uses."""
        capitals = set(MID_SENTENCE_CAPITAL_RE.findall(self.text))
        return frozenset(form for form in capitals if form.lower() not in self.counts)

    def count_lower(self, word: str) -> int:
        return self.lower.get(base_form(word), 0)

    def rate(self, word: str) -> float:
        """Share of the document's words that are ``word`` (any case)."""
        return self.count_lower(word) / self.total if self.total else 0.0
