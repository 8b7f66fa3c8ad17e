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
Python. The English tables are built from their sources once per machine into the user
cache folder and then load from there in one read, each on first use (``cleaner.tables``).
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from functools import cache, cached_property, lru_cache
from importlib.util import find_spec
from itertools import chain, compress, filterfalse
from operator import methodcaller, ne, not_
from pathlib import Path
from typing import Any

from cleaner.tables import Builder, TableStore, table_key, values_under


def word_set(text: str) -> frozenset[str]:
    """A set of words written as one space-separated string, for readable constants."""
    return frozenset(text.split())


#: Zipf frequency (log10 of uses per billion words) at which a word counts as known.
KNOWN_ZIPF = 3.0
#: A form this common counts as a word even when the dictionary lacks it (new words, names).
WORD_ZIPF = 3.2
#: A token: word characters with inner apostrophes. Only all-letter tokens are words, so
#: ``5km``, ``snake_case`` and ``x86`` are tokens that no stage treats as words. Possessive
#: quantifiers: nothing follows to backtrack for, so the engine need not keep the way back.
TOKEN_RE = re.compile(r"\w++(?:['’]\w++)*+")
#: A capitalised word after a lower-case word or a comma: a name, not a sentence start. The
#: pattern opens with the space, so the scan jumps from space to space.
MID_SENTENCE_CAPITAL_RE = re.compile(r" (?<=[a-z,;] )([A-Z][^\W\d_]*(?:['’][^\W\d_]+)*)(?!\w)")
POSSESSIVE_RE = re.compile(r"['’]s?$")
#: ``str.translate`` table that drops both apostrophes.
APOSTROPHES_DROPPED = str.maketrans("", "", "'’")
#: Characters around a token that make it code, a path, a file name or a handle rather than prose.
CODE_BEFORE = frozenset("._/\\$@#:=<")
CODE_AFTER = frozenset("(_=/\\[{<@:")
#: Word-forming prefixes: ``anticorruption``, ``nonveteran`` and ``deescalating`` are words.
BOUND_PREFIXES = word_set(
    "anti non pre post re un de co counter over under out sub super inter intra multi semi mid mis dis ex "
    "extra pro cyber bio eco geo micro macro mega mini neo pan para poly pseudo quasi tele trans tri bi "
    "ultra vice self cross hyper socio agro petro euro afro sino russo up down"
)
ALPHABET = "abcdefghijklmnopqrstuvwxyz"
ARTICLES = ("the", "a", "an")
#: Two words of letters with only spaces between them (the second found by a look-ahead, so pairs overlap).
WORD_PAIR_RE = re.compile(r"(?<![\w'’])([^\W\d_]++)[ \t]++(?=([^\W\d_]++)(?![\w'’]))")
#: Endings of regular inflections and derivations, longest first.
INFLECTIONS = tuple(
    sorted(
        word_set(
            "s es ed d ing er ers est ly ness ment ments ful less ism ist ists ize ized izes izing ise ised ising "
            "able ation ations ity"
        ),
        key=len,
        reverse=True,
    )
)
#: Dictionary words at least this common are offered as spelling corrections.
CORRECTION_ZIPF = 3.0
#: The sources of the English tables, inside the installed ``wordfreq`` and ``symspellpy`` packages.
WORDFREQ_FILE = ("data", "large_en.msgpack.gz")
DICTIONARY_FILE = "frequency_dictionary_en_82_765.txt"
BIGRAM_FILE = "frequency_bigramdictionary_en_243_342.txt"
#: ``inflect``'s rules for ``a`` or ``an``: importing it costs over a second (typeguard instruments
#: its code at import), so its rules are copied into the table cache and run from there.
INFLECT_FILE = "__init__.py"
#: Languages whose common words an English text quotes (``en passant``, ``de facto``): a token
#: common in one of them is a foreign word, not a typo.
FOREIGN_LANGUAGES = ("fr", "es", "de", "it", "pt")


def _package_file(package: str, *parts: str) -> Path:
    """A data file of an installed package, found without importing the package's code."""
    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"{package} is required for its English word lists")
    return Path(next(iter(spec.submodule_search_locations)), *parts)


def base_form(word: str) -> str:
    """The lower-case look-up key of a word: curly apostrophe straightened, possessive dropped.

    >>> base_form("Biden’s"), base_form("allies'"), base_form("don't")
    ('biden', 'allies', "don't")
    """
    lower = word.lower().replace("’", "'")
    return POSSESSIVE_RE.sub("", lower) if lower.endswith(("'s", "'")) else lower


def english_frequencies() -> Mapping[str, float]:
    """wordfreq's large English table, shared by every ``Lexicon`` (a read-only mapping, see ``SHARDED``)."""
    return english_tables().table("frequencies")


def english_dictionary() -> AbstractSet[str]:
    """Correctly spelled lower-case English words (about 83,000)."""
    return english_tables().table("dictionary")


def english_bigrams() -> Mapping[str, int]:
    """Counts of common lower-case word pairs, keyed ``"first second"``, and of each first word.

    A first word alone (key without a space) holds the sum of its pairs' counts, so that
    ``P(second | first)`` can be estimated from one source.
    """
    return english_tables().table("bigrams")


def words_after(first: str) -> Mapping[str, int]:
    """The words English writes right after the lower-case ``first``, each with the count of the pair.

    >>> words_after("united")["states"] == english_bigrams()["united states"]
    True
    """
    return english_tables().table("followers").get(first, {})


def foreign_zipf(word: str) -> float:
    """The highest Zipf frequency of a lower-case ``word`` in wordfreq's small lists of ``FOREIGN_LANGUAGES``.

    A word of lower-case ASCII letters is looked up in the table cache (wordfreq takes such a word
    as one token); any other asks wordfreq itself, imported only then.

    >>> foreign_zipf("pero") >= 4.0, foreign_zipf("sicne")
    (True, 0.0)
    """
    if word.isascii() and word.isalpha() and word.islower():
        return english_tables().table("foreign").get(word, 0.0)
    import wordfreq  # a slow import (langcodes and more), for words off the table

    return max(wordfreq.zipf_frequency(word, language, wordlist="small") for language in FOREIGN_LANGUAGES)


@cache
def _longest_correctable() -> int:
    """The length of the longest correctable word: a token two letters longer is two edits from every one."""
    return english_tables().table("longest_correctable")


def _deletion_index() -> Mapping[str, str]:
    """Each correctable word under itself and under every form with one letter deleted (SymSpell).

    Values are space-separated words. Not cached here: the store hands out the pieces until
    they are all in, then one dict.
    """
    return english_tables().table("deletions")


def english_words() -> AbstractSet[str]:
    """Every lower-case form ``Lexicon.is_word`` accepts without asking the protected words."""
    return english_tables().table("words")


#: The English tables handed out so far, by name: the store's own dict, where a sharded table is
#: replaced by the whole dict once joined. ``Lexicon`` reads its tables here, one dict access
#: instead of three calls per look-up (an article makes some fifty look-ups per hundred words).
_TABLES: dict[str, Any] = {}


@cache
def english_tables() -> TableStore:
    """The English tables of this process: from the user cache, built there on the first run.

    The key covers the source files and this module, so a new word list, dictionary or
    way of building a table is a new cache file.
    """
    sources = [_package_file("wordfreq", *WORDFREQ_FILE), _package_file("symspellpy", DICTIONARY_FILE)]
    sources += [_package_file("symspellpy", BIGRAM_FILE), _package_file("inflect", INFLECT_FILE)]
    key = table_key(sources, [Path(__file__)])
    _TABLES.clear()
    return TableStore("english", ENGLISH_BUILDERS, key, sharded=SHARDED, in_pieces=IN_PIECES, handed_out=_TABLES)


def _build_frequencies(store: TableStore) -> dict[str, float]:
    import wordfreq  # only to build the cache: it imports langcodes, ftfy and more

    return wordfreq.get_frequency_dict("en", wordlist="large")


def _build_dictionary(store: TableStore) -> frozenset[str]:
    with _package_file("symspellpy", DICTIONARY_FILE).open(encoding="utf-8") as handle:
        return frozenset(line.split(" ", 1)[0] for line in handle)


def _build_bigrams(store: TableStore) -> dict[str, int]:
    counts: dict[str, int] = {}
    with _package_file("symspellpy", BIGRAM_FILE).open(encoding="utf-8") as handle:
        for line in handle:
            first, second, count = line.split()
            counts[f"{first} {second}"] = int(count)
            counts[first] = counts.get(first, 0) + int(count)
    return counts


def _build_followers(store: TableStore) -> dict[str, dict[str, int]]:
    followers: dict[str, dict[str, int]] = {}
    for pair, count in store.table("bigrams").items():
        first, _, second = pair.partition(" ")
        if second:
            followers.setdefault(first, {})[second] = count
    return followers


def _build_foreign(store: TableStore) -> dict[str, float]:
    import wordfreq

    zipfs: dict[str, float] = {}
    for language in FOREIGN_LANGUAGES:
        for word in wordfreq.get_frequency_dict(language, wordlist="small"):
            if word.isascii() and word.isalpha() and word.islower():
                zipf = wordfreq.zipf_frequency(word, language, wordlist="small")
                zipfs[word] = max(zipfs.get(word, 0.0), zipf)
    return zipfs


def _build_correctable(store: TableStore) -> frozenset[str]:
    floor = 10 ** (CORRECTION_ZIPF - 9)
    frequencies: Mapping[str, float] = store.table("frequencies")
    return frozenset(word for word in store.table("dictionary") if word.isalpha() and frequencies.get(word, 0.0) >= floor)


def _build_deletions(store: TableStore) -> dict[str, str]:
    index: dict[str, str] = {}
    get = index.get
    for word in store.table("correctable"):
        for key in {word, *_deletes(word)}:
            old = get(key)
            index[key] = word if old is None else f"{old} {word}"
    return index


def _build_longest_correctable(store: TableStore) -> int:
    return max(map(len, store.table("correctable")))


def _build_words(store: TableStore) -> frozenset[str]:
    floor = 10 ** (WORD_ZIPF - 9)
    common = (word for word, frequency in store.table("frequencies").items() if frequency >= floor)
    return store.table("dictionary") | frozenset(common)


def _build_indefinite_articles(store: TableStore) -> tuple[tuple[str, int, str], ...]:
    import inflect

    return tuple((pattern.pattern, pattern.flags, article) for pattern, article in inflect.engine._indef_article_cases)


@cache
def _indefinite_article_rules() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(pattern, flags), article) for pattern, flags, article in english_tables().table("articles"))


@cache
def indefinite_article(word: str) -> str:
    """``a`` or ``an`` before ``word`` (one word, no spaces), as ``inflect.engine().a`` chooses.

    >>> indefinite_article("university"), indefinite_article("hour"), indefinite_article("one"), indefinite_article("apple")
    ('a', 'an', 'a', 'an')
    """
    return next((article for pattern, article in _indefinite_article_rules() if pattern.search(word)), "a")


#: The large tables load piece by piece as look-ups reach them, and whole once a run has asked enough.
SHARDED: dict[str, type[dict] | type[frozenset]] = {
    "frequencies": dict,
    "bigrams": dict,
    "followers": dict,
    "foreign": dict,
    "dictionary": frozenset,
    "words": frozenset,
    "deletions": dict,
}
#: A search two edits deep probes the deletion index with some 300 keys: it stays in pieces, and
#: one article that needs a few such searches reads half of it, not all.
IN_PIECES = frozenset({"deletions"})
ENGLISH_BUILDERS: dict[str, Builder] = {
    "frequencies": _build_frequencies,
    "dictionary": _build_dictionary,
    "bigrams": _build_bigrams,
    "followers": _build_followers,
    "foreign": _build_foreign,
    "correctable": _build_correctable,
    "deletions": _build_deletions,
    "longest_correctable": _build_longest_correctable,
    "words": _build_words,
    "articles": _build_indefinite_articles,
}


#: The ends of the deletion index's keys (SymSpell, one deletion): a word's two-edit search probes it with the
#: word's 26 x (length + 1) insertions, and one set look-up of the word's own first (last) letters shows that no
#: key starts (ends) as every insertion after (before) them would. Made once a process has searched
#: ``SEARCHES_BEFORE_ENDS`` words two edits deep: a news article asks a few, and the sets need the whole index.
_ENDS: list[frozenset[str]] = []
SEARCHES_BEFORE_ENDS = 64
END = 4
_deep_searches = itertools.count()


@lru_cache(maxsize=65536)
def _corrections(word: str) -> tuple[tuple[str, int], ...]:
    index = _deletion_index()
    # Words one edit away sit in the index under ``word`` (an insertion) or one of its deletions.
    found = _indexed(index, (word, *_deletes(word)))
    near = sorted(candidate for candidate in found if one_edit_apart(word, candidate))
    if near:
        return tuple((candidate, 1) for candidate in near)
    # Two edits: the words under the deletions again, and under what two deletions or one insertion make.
    # No word is one edit away (the look-ups above find every such word), so within two is two.
    found |= _indexed(index, _deletes_twice(word) | _insertions(word))
    return tuple((candidate, 2) for candidate in sorted(found) if candidate != word and within_two(word, candidate))


def within_two(a: str, b: str) -> bool:
    """Whether ``edit_distance(a, b) <= 2``: one edit where the two first differ, then at most one more.

    A few slices instead of the table of ``edit_distance``, which a search two edits deep fills for each of
    its candidates.

    >>> within_two("tommorow", "tomorrow"), within_two("hte", "the"), within_two("kitten", "sitting")
    (True, True, False)
    """
    if abs(len(a) - len(b)) > 2:
        return False
    at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    rests = [(a[at + 1 :], b[at:]), (a[at:], b[at + 1 :]), (a[at + 1 :], b[at + 1 :])]
    if a[at : at + 1] == b[at + 1 : at + 2] and a[at + 1 : at + 2] == b[at : at + 1]:
        rests.append((a[at + 2 :], b[at + 2 :]))  # the two letters swapped
    return any(x == y or one_edit_apart(x, y) for x, y in rests)


def _insertions(word: str) -> set[str]:
    """Every string made by inserting a letter into ``word`` that may be a key of the deletion index."""
    places = range(len(word) + 1)
    if not _ENDS and next(_deep_searches) >= SEARCHES_BEFORE_ENDS:
        keys = list(_deletion_index())
        _ENDS.extend((frozenset(key[:END] for key in keys), frozenset(key[-END:] for key in keys)))
    if _ENDS and len(word) >= END:
        heads, tails = _ENDS
        # An insertion at ``at`` keeps the word's first END letters when at >= END, its last when at <= len - END.
        if word[:END] not in heads:
            places = range(min(END, len(word) + 1))
        if word[-END:] not in tails:
            places = range(max(places.start, len(word) - END + 1), places.stop)
    return {word[:at] + letter + word[at:] for at in places for letter in ALPHABET}


def _indexed(index: Mapping[str, str], keys: Iterable[str]) -> set[str]:
    """The words the deletion index holds under any of ``keys`` (each value is words and spaces)."""
    return set(chain.from_iterable(map(str.split, values_under(index, keys))))


class Lexicon:
    """English word knowledge plus the user's protected words.

    The English tables are loaded once per process and shared; a ``Lexicon`` adds the
    protected words of one configuration.
    """

    def __init__(self, protected: frozenset[str] = frozenset()) -> None:
        self.protected = protected
        self._protected_lower = frozenset(word.lower() for word in protected)

    # Each table property reads the dict of handed-out tables in one access. ``is None``, never the
    # table's truth: ``len`` of a table still in pieces would load every piece (a third of a cold start).

    @property
    def frequencies(self) -> Mapping[str, float]:
        table = _TABLES.get("frequencies")
        return english_frequencies() if table is None else table

    @property
    def dictionary(self) -> AbstractSet[str]:
        table = _TABLES.get("dictionary")
        return english_dictionary() if table is None else table

    @property
    def bigrams(self) -> Mapping[str, int]:
        table = _TABLES.get("bigrams")
        return english_bigrams() if table is None else table

    def corrections(self, word: str) -> dict[str, int]:
        """Common dictionary words within two edits of a lower-case ``word``, with their distance.

        Both searches go through the deletion index (SymSpell): words one edit away are all
        found under the word and its deletions; only when there are none does the search go
        to two edits (two deletions, two insertions and most mixtures), with fewer look-ups
        on text full of non-words (see ``_ENDS``). Answers are cached. A token longer than
        any correctable word by more than two letters has none, and is not searched: its
        edits would cost time and memory that grow with its length cubed.
        """
        if len(word) > _longest_correctable() + 2:
            return {}
        return dict(_corrections(word))

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
        """How often English writes ``first second`` (0 when not among the common pairs)."""
        return self.bigrams.get(f"{first.lower()} {second.lower()}", 0)

    def pairs_after(self, first: str) -> int:
        """The total count of the common pairs that start with ``first``."""
        return self.bigrams.get(first.lower(), 0)

    def article_share(self, word: str) -> float | None:
        """How often English writes ``the``, ``a`` or ``an`` right before ``word``, per pair that starts with it.

        High for nouns and adjectives (``the world``: 1.6, ``a ring``), near zero for verbs,
        function words and names (``the said``: 0.03, ``the Washington``: 0); None when the pair
        counts do not know the word. A noun is what compounds end in (``Trumpworld``), a verb
        or a name is what follows a lost space (``Toledosaid``, ``ObservatoryWashington``).

        >>> lexicon = Lexicon()
        >>> lexicon.article_share("world") > 1.0, lexicon.article_share("said") < 0.03, lexicon.article_share("zzxq")
        (True, True, None)
        """
        key = word.lower()
        pairs = self.bigrams.get(key, 0)
        if not pairs:
            return None
        return sum(self.bigrams.get(f"{article} {key}", 0) for article in ARTICLES) / pairs

    def is_compound(self, word: str) -> bool:
        """A prefix and a word, or two dictionary words: ``nonstarter``, ``lockdowns``.

        Such forms are how English makes new words, so an unknown one is not a typo. The
        parts must be long: a random slip splits into a short prefix and a short word
        (``reslut``: re|slut) far too often.
        """
        lower = word.lower()
        dictionary = self.dictionary
        for cut in range(2, len(lower) - 4):
            head, tail = lower[:cut], lower[cut:]
            if tail not in dictionary:
                continue
            if head in BOUND_PREFIXES and len(tail) >= (6 if len(head) <= 2 else 5):
                return True
            if len(head) >= 4 and len(tail) >= 4 and head in dictionary:
                return True
        return False

    def inflection_stem(self, word: str) -> str | None:
        """The dictionary stem of a regular inflection or derivation: ``fueling`` → ``fuel``.

        >>> Lexicon().inflection_stem("fueling"), Lexicon().inflection_stem("occured")
        ('fuel', 'occur')
        """
        dictionary = self.dictionary
        for suffix in INFLECTIONS:
            if not word.endswith(suffix) or len(word) - len(suffix) < 3:
                continue
            stem = word[: -len(suffix)]
            if stem in dictionary:
                return stem
            if stem + "e" in dictionary:  # coming, baked
                return stem + "e"
            if suffix == "ly" and stem + "le" in dictionary:  # honorably
                return stem + "le"
            if stem[-1] == stem[-2] and stem[:-1] in dictionary:  # stopped, planning
                return stem[:-1]
        return None


class Vocabulary:
    """The words of one document: every form with its count, and the likely names.

    >>> v = Vocabulary("Kirby said the troops, Kirby said, were ready. The end.")
    >>> v.counts["Kirby"], v.count_lower("the"), v.total
    (2, 2, 10)
    >>> sorted(v.names)
    ['Kirby']
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._tokens: list[str] = TOKEN_RE.findall(text)  # kept only until ``lower_tokens`` is made from them
        self.counts: Counter[str] = Counter(self._tokens)
        self.total = len(self._tokens)
        self._unknown: list[str] | None = None

    @cached_property
    def _lower_forms(self) -> list[str]:
        """The lower-case spelling of each form of ``counts``, in its order.

        A form already in lower case is its own string, so a text of many different words
        holds each of them once, not once more in lower case.
        """
        forms = list(self.counts)
        lowered = list(map(str.lower, forms))
        lower_of = dict(zip(forms, forms, strict=True))
        lower_of.update(compress(zip(forms, lowered, strict=True), map(ne, forms, lowered)))
        return list(lower_of.values())

    @cached_property
    def lower_tokens(self) -> list[str]:
        """The tokens in lower case, in order (for patterns over word sequences).

        Each token is the string of its form's lower-case spelling (``_lower_forms``), not a
        new string per token; the tokens themselves are let go then, so a long text never
        holds both lists.
        """
        tokens, self._tokens = self._tokens, []
        lower_of = dict(zip(self.counts, self._lower_forms, strict=True))
        return list(map(lower_of.__getitem__, tokens))

    @cached_property
    def lower(self) -> Counter[str]:
        """Counts by lower-case form: ``Biden`` and ``biden`` together."""
        return Counter(self.lower_tokens)

    @cached_property
    def names(self) -> frozenset[str]:
        """Capitalised forms seen mid-sentence whose lower-case form the document never uses."""
        capitals = set(MID_SENTENCE_CAPITAL_RE.findall(self.text))
        # ``Kirby's``: rare, and only in a text that holds an apostrophe
        possessives = list(filter(POSSESSIVE_RE.search, capitals)) if "'" in self.text or "’" in self.text else ()
        if possessives:
            capitals.difference_update(possessives)
            capitals.update(POSSESSIVE_RE.sub("", form) for form in possessives)
        counts = self.counts
        # The strings the counts hold where they have the form, so a text of many names keeps
        # each once; the scan's strings are let go before the answer is built, so a text of a
        # million names never holds both sets; each form's lower case is tested at C speed.
        found = [*compress(counts, map(capitals.__contains__, counts)), *capitals.difference(counts)]
        del capitals
        return frozenset(compress(found, map(not_, map(counts.__contains__, map(str.lower, found)))))

    def unknown_forms(self, lexicon: Lexicon) -> list[str]:
        """Forms that are not English words (see ``Lexicon.is_word``), computed once per text."""
        if self._unknown is None:
            # The distinct lower-case spellings are judged (a form's verdict is its spelling's),
            # then the forms that spell an unknown one are picked at C speed, in the order they
            # first appear: no list of every token, no count of them.
            lowered = self._lower_forms
            unknown = unknown_spellings(lowered, lexicon)
            self._unknown = list(compress(self.counts, map(unknown.__contains__, lowered))) if unknown else []
        return self._unknown

    def occurrences(self, form: str) -> Iterator[tuple[int, int]]:
        """Where ``form`` stands as a whole token, as ``(start, end)``, in order."""
        return self.occurrences_between(form, 0, len(self.text))

    def occurrences_between(self, form: str, low: int, high: int) -> Iterator[tuple[int, int]]:
        """``occurrences`` of ``form`` that lie inside ``text[low:high]`` (the characters around still count)."""
        text, size = self.text, len(form)
        start = text.find(form, low, high)
        while start != -1:
            end = start + size
            if not (start and joins_token(text[start - 1])) and not (
                end < len(text) and (text[end].isalnum() or text[end] == "_")
            ):
                yield start, end
            start = text.find(form, start + 1, high)

    @cached_property
    def pairs(self) -> frozenset[str]:
        """Every ``"first second"`` the document writes as two words side by side (one pass, on first use)."""
        return frozenset(f"{m[1]} {m[2]}" for m in WORD_PAIR_RE.finditer(self.text))

    def written_apart(self, first: str, second: str) -> bool:
        """Whether the document also writes ``first second`` as two words.

        >>> Vocabulary("Walmart said. Reuters Walmart").written_apart("Reuters", "Walmart")
        True
        """
        return f"{first} {second}" in self.pairs

    def count_lower(self, word: str) -> int:
        return self.lower.get(word.lower(), 0)

    def rate(self, word: str) -> float:
        """Share of the document's words that are ``word`` (any case)."""
        return self.count_lower(word) / self.total if self.total else 0.0


def unknown_spellings(spellings: Iterable[str], lexicon: Lexicon) -> set[str]:
    """The lower-case ``spellings`` whose forms are not English words (``_is_unknown``).

    A form's verdict depends on its lower-case spelling alone (lower case is idempotent),
    so each spelling is judged once, and all but those with an apostrophe at C speed: one
    English does not know is unknown when it is letters and not protected. The rest (numbers,
    ``x86``, ``snake_case``, ``Biden's``) are set aside in one pass; only those that are letters
    once apostrophes are dropped get the Python-level test. The set is narrowed in place: a
    text of a million unknown words builds no second one.
    """
    strange = set(filterfalse(english_words().__contains__, spellings))
    strange.difference_update(list(filter(lexicon._protected_lower.__contains__, strange)))
    unlettered = list(filterfalse(str.isalpha, strange))
    strange.difference_update(unlettered)
    joined = compress(unlettered, map(str.isalpha, map(methodcaller("translate", APOSTROPHES_DROPPED), unlettered)))
    strange.update(spelling for spelling in joined if _is_unknown(spelling, lexicon))
    return strange


def _is_unknown(form: str, lexicon: Lexicon) -> bool:
    """Whether a form whose lower-case spelling is not among ``english_words`` is a non-word of letters.

    Without an apostrophe its look-up key is that spelling, so only a protected word is a word.
    """
    if "'" in form or "’" in form:
        return base_form(form).isalpha() and not lexicon.is_word(form)
    return form.lower().isalpha() and not lexicon.is_protected(form)


def joins_token(char: str) -> bool:
    """Whether ``char`` just before a word makes the word the end of a longer token."""
    return char.isalnum() or char in "_'’-"


def in_code(text: str, start: int, end: int) -> bool:
    """Whether the token at ``text[start:end]`` touches code-like punctuation (``a.b``, ``f(``, ``$x``)."""
    return (start > 0 and text[start - 1] in CODE_BEFORE) or (end < len(text) and text[end] in CODE_AFTER)


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def deletions_within_two(word: str) -> set[str]:
    """``word`` and every string made from it by deleting one or two letters (SymSpell's keys).

    >>> sorted(deletions_within_two("abc"))
    ['a', 'ab', 'abc', 'ac', 'b', 'bc', 'c']
    """
    return {word, *_deletes(word), *_deletes_twice(word)}


def _deletes_twice(word: str) -> set[str]:
    """Every string made from ``word`` by deleting two of its letters (each pair of places once)."""
    size = len(word)
    return {word[:i] + word[i + 1 : j] + word[j + 1 :] for i in range(size) for j in range(i + 1, size)}


def one_edit_apart(a: str, b: str) -> bool:
    """Whether ``b`` is one deletion, insertion, substitution or swap of neighbours away from ``a``.

    >>> one_edit_apart("sicne", "since"), one_edit_apart("form", "from"), one_edit_apart("cat", "cart")
    (True, True, True)
    >>> one_edit_apart("cat", "cat"), one_edit_apart("cat", "dog"), one_edit_apart("abc", "cab")
    (False, False, False)
    """
    size = len(a)
    if a == b or abs(size - len(b)) > 1:
        return False
    i = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(size, len(b)))  # first difference
    if size > len(b):
        return a[i + 1 :] == b[i:]
    if size < len(b):
        return a[i:] == b[i + 1 :]
    return a[i + 1 :] == b[i + 1 :] or (a[i + 1 : i + 2] == b[i : i + 1] and a[i] == b[i + 1] and a[i + 2 :] == b[i + 2 :])


def _without_common_ends(a: str, b: str) -> tuple[str, str]:
    """``a`` and ``b`` without the start and the end they share, which cost no edit (swaps included).

    >>> _without_common_ends("sicne", "since"), _without_common_ends("abc", "abc")
    (('cn', 'nc'), ('', ''))
    """
    shorter = min(len(a), len(b))
    start = next((i for i in range(shorter) if a[i] != b[i]), shorter)
    a, b = a[start:], b[start:]
    shorter -= start
    end = next((i for i in range(shorter) if a[-1 - i] != b[-1 - i]), shorter)
    return a[: len(a) - end], b[: len(b) - end]


def edit_distance(a: str, b: str, limit: int | None = None) -> int:
    """Damerau-Levenshtein distance (optimal string alignment): a swap of two letters is one edit.

    With ``limit``, a distance above it comes back as ``limit + 1``, found without
    finishing the table once every cell of a row exceeds the limit (later rows can only
    be larger).

    >>> edit_distance("sicne", "since"), edit_distance("easter", "eastern"), edit_distance("form", "from")
    (1, 1, 1)
    >>> edit_distance("kitten", "sitting"), edit_distance("kitten", "sitting", limit=2)
    (3, 3)
    """
    if limit is not None and abs(len(a) - len(b)) > limit:
        return limit + 1
    a, b = _without_common_ends(a, b)
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if limit is not None and min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1] if limit is None else min(previous[-1], limit + 1)
