"""The stage contract: a pure function of the current text that proposes edits."""

from __future__ import annotations

import re
import sys
from abc import ABC, abstractmethod
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from itertools import chain, compress, tee
from operator import methodcaller
from typing import Any, ClassVar, Self

from cleaner import language
from cleaner.budget import Budget, unlimited
from cleaner.config import Config
from cleaner.edits import Edit, Rule
from cleaner.lexicon import TOKEN_RE, Lexicon, Vocabulary, joins_token, unknown_spellings

Span = tuple[int, int]
#: The marks that join the parts of one token (``Kirby’s``, ``rock'n'roll``).
APOSTROPHES = frozenset("'’")
#: A standing token of parts joined by apostrophes (no joining character just before it, see
#: ``joins_token``); each part up to an apostrophe may stand as a form.
JOINED_RE = re.compile(r"(?<![\w'’-])\w++(?:['’]\w++)++")


@dataclass(slots=True)
class Document:
    """What a stage sees: the current text, whether it is Markdown, and shared knowledge.

    ``edited`` lists the sorted spans of ``text`` that earlier stages wrote (empty
    spans where they deleted), so a stage can keep its hands off repaired text.

    ``masked`` are the sorted spans of ``text`` that are not prose (code, front matter,
    Markdown syntax, text under a ``cleaner: off`` directive): the pipeline drops edits
    that touch them, and stages that read whole lines skip the lines inside them.
    ``metadata`` is what earlier stages have extracted so far.

    ``focus``, on a pass after the first, holds the sorted spans of ``text`` the previous
    pass changed (the paragraphs around its edits): the pipeline keeps only edits inside
    them, and a stage may skip the rest of the text. The vocabulary still counts the whole
    text, so every decision sees the same document; it only lists occurrences in focus.

    ``budget`` is what the stage that runs now may still spend on the text: a stage calls
    ``budget.check()`` (or loops over ``budget.metered(items)``) between units of work, and
    the pipeline skips the stage's work on the document once it is spent.

    ``foreign`` are the spans of the view English-only stages get (``english_view``): the
    blocks the language gate found not to be English, blanked out in its ``text``.
    """

    text: str
    markdown: bool
    config: Config
    lexicon: Lexicon
    enabled: frozenset[str]
    edited: tuple[tuple[int, int], ...] = ()
    masked: tuple[tuple[int, int], ...] = ()
    metadata: Mapping[str, Any] = field(default_factory=dict)
    focus: tuple[Span, ...] | None = None
    foreign: tuple[Span, ...] = ()
    budget: Budget = field(default_factory=unlimited, compare=False)
    #: The language gate's verdict on each block met so far in this document (``language.detect``).
    languages: dict[str, str | None] = field(default_factory=dict, repr=False, compare=False)
    _vocabulary: Vocabulary | None = field(default=None, init=False, repr=False, compare=False)
    _english: Document | bool | None = field(default=None, init=False, repr=False, compare=False)
    _blocks: list[language.Block] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def vocabulary(self) -> Vocabulary:
        """The document's own words, counted on first use and shared by every stage that sees this text."""
        if self._vocabulary is None:
            self._vocabulary = IndexedVocabulary(self.text) if self.focus is None else FocusedVocabulary(self.text, self.focus)
        return self._vocabulary

    @property
    def blocks(self) -> list[language.Block] | None:
        """The blocks of the text with their languages, once ``english_view`` has asked (``language = "auto"``)."""
        return self._blocks

    def english_view(self) -> Document:
        """What an English-only stage sees: the non-English blocks blanked out, offsets unchanged.

        With ``language = "auto"`` the language gate judges each block (``cleaner.language``);
        a forced ``language`` makes the whole text English or not. Computed once per text.

        >>> doc = Document("Ils ont dit que la réunion aurait lieu demain matin.", False, Config(), Lexicon(), frozenset())
        >>> view = doc.english_view()
        >>> view.text.strip(), view.foreign
        ('', ((0, 52),))
        """
        if self._english is None:
            setting = self.config.language
            if setting == "auto":
                self._blocks = language.detect(self.text, self.languages)
                spans = language.foreign_spans(self._blocks)
            else:
                spans = () if setting == "en" or not self.text else ((0, len(self.text)),)
            # ``None`` would mean "not asked yet"; a text that is all English keeps no view (and no cycle)
            self._english = replace(self, text=language.blank_out(self.text, spans), foreign=spans) if spans else False
        return self if self._english is False else self._english

    def in_foreign(self, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` reaches into a non-English block of this view.

        The blocks are sorted and apart, so only the last one to start at or before ``start``
        and the one after it can: a look-up per edit, not a scan of every block.

        >>> doc = Document("a", False, Config(), Lexicon(), frozenset(), foreign=((0, 5), (10, 15), (20, 25)))
        >>> doc.in_foreign(5, 10), doc.in_foreign(12, 12), doc.in_foreign(8, 11), doc.in_foreign(15, 30), doc.in_foreign(25, 26)
        (False, True, True, True, False)
        """
        i = bisect_right(self.foreign, (start, sys.maxsize))
        return any(span_start < end and start < span_end for span_start, span_end in self.foreign[max(0, i - 1) : i + 1])

    def in_focus(self, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` lies inside one focus span (always, on a first pass)."""
        return self.focus is None or within(start, end, self.focus)

    def wants(self, code: str) -> bool:
        """Whether rule ``code`` runs; stages skip work for rules nobody selected."""
        return code in self.enabled

    def is_masked(self, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` lies wholly inside one masked span."""
        i = bisect_right(self.masked, (start, len(self.text) + 1)) - 1
        return i >= 0 and self.masked[i][1] >= end

    def body_start(self) -> int:
        """Where the prose starts: past the front matter (or other masked lines) that open the text.

        0 when the text opens with prose, or with syntax inside a prose line (``# Title``).
        """
        end = 0
        for start, stop in self.masked:
            if start != end:
                break
            end = stop
        if end in (0, len(self.text)):
            return end
        for line_break in ("\r\n", "\n", "\r"):
            if self.text.startswith(line_break, end):
                return end + len(line_break)
        return 0

    def touches_edit(self, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` shares characters with an earlier edit or spans a deletion.

        >>> doc = Document("It ended. Then", False, Config(), Lexicon(), frozenset(), edited=((9, 10),))
        >>> doc.touches_edit(8, 11), doc.touches_edit(3, 8), doc.touches_edit(10, 14)
        (True, False, False)
        """
        # An empty span (a deletion) at p counts exactly when start < p < end.
        return any(edit_end > start and edit_start < end for edit_start, edit_end in self.edited)


def within(start: int, end: int, spans: tuple[Span, ...] | list[Span]) -> bool:
    """Whether ``[start, end)`` lies inside one of the sorted, disjoint ``spans``.

    >>> within(3, 5, [(0, 2), (3, 9)]), within(1, 4, [(0, 2), (3, 9)]), within(9, 9, [(3, 9)])
    (True, False, True)
    """
    i = bisect_right(spans, (start, sys.maxsize)) - 1
    return i >= 0 and end <= spans[i][1]


#: A character no token holds: tokens never reach across one.
OUTSIDE_TOKENS_RE = re.compile(r"[^\w'’]")
#: The start of the run of token characters that ends where a search stops (``endpos``).
RUN_START_RE = re.compile(r"(?<![\w'’])[\w'’]*+\Z")


def token_runs(text: str, spans: Iterable[Span]) -> list[Span]:
    """The sorted ``spans`` widened to whole runs of token characters, merged where they meet.

    The tokens of such a run are the tokens the whole text has there, so a scan of the
    runs finds what a scan of the whole text finds inside them.

    >>> text = "one two-three four'five six"
    >>> [text[low:high] for low, high in token_runs(text, [(1, 2), (5, 6), (8, 9), (16, 17)])]
    ['one', 'two', 'three', "four'five"]
    """
    runs: list[Span] = []
    for start, end in spans:
        if start and not OUTSIDE_TOKENS_RE.match(text, start - 1):
            start = _run_start(text, start)
        stop = OUTSIDE_TOKENS_RE.search(text, end)
        end = len(text) if stop is None else stop.start()
        if runs and start <= runs[-1][1]:
            runs[-1] = (runs[-1][0], max(end, runs[-1][1]))
        else:
            runs.append((start, end))
    return runs


def _run_start(text: str, end: int) -> int:
    """Where the run of token characters that ends at ``end`` starts: looked for in windows that double."""
    window = 64
    while True:
        low = max(0, end - window)
        found = RUN_START_RE.search(text, low, end)
        if found is not None:  # at the start of the text a search always finds one
            return found.start()
        window *= 2


#: Forms searched for in the text before the places of all are indexed in one scan.
DIRECT_SEARCHES = 16
#: Whether a count is one: a form written once (the forms an index of places covers, the stages' screens).
ONCE = (1).__eq__


class IndexedVocabulary(Vocabulary):
    """A document's words, with the places of its unknown forms found in one scan of the text.

    Stages ask where each unknown form stands (``occurrences``); a search of the whole text
    for each form made that quadratic in the length of a text full of unknown words. A form
    stands as a whole token only at the start of a token that no joining character
    precedes, ending where the token or one of its apostrophe-joined parts ends, so one pass
    over the tokens finds every place of every form.

    >>> vocab = IndexedVocabulary("Kirbysaid Kirby’s co-op. Kirby")
    >>> list(vocab.occurrences("Kirby")), list(vocab.occurrences("op"))
    ([(10, 15), (25, 30)], [])
    """

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._once: tuple[list[str], array[int]] | None = None  # the forms written once, with where each is written
        self._more: dict[str, list[int]] = {}  # where such a form stands inside a joined token (``Kirby`` in ``Kirby’s``): rare
        self._asked = 0  # where in ``_once`` the last form asked was
        self._searches = 0

    def occurrences(self, form: str) -> Iterator[tuple[int, int]]:
        """``Vocabulary.occurrences``; from the index for a form the text writes once as a token.

        Stages look up only such forms (a repeated unknown form is a word to the article),
        so only they are indexed; any other form is searched for. The first
        ``DIRECT_SEARCHES`` are searched for too: a news article asks a few, and one scan of
        all its tokens would cost more.
        """
        if self.counts.get(form) != 1 or (self._once is None and self._searches < DIRECT_SEARCHES):
            self._searches += 1
            return self._searched(form)
        if self._once is None:
            self._once = self._index()
        forms, places = self._once
        # Stages ask in the order of ``unknown_forms``, the order of the text: the form asked is
        # at or a little after the last one, found by a scan at C speed from there.
        asked = self._asked if self._asked < len(forms) and forms[self._asked] is form else _position(forms, form, self._asked)
        starts = [*self._more.get(form, ())]
        if asked is not None:
            self._asked = asked
            start = places[asked]
            if not (start and joins_token(self.text[start - 1])):
                starts.append(start)
                starts.sort()
        return ((start, start + len(form)) for start in starts)

    def _searched(self, form: str) -> Iterator[tuple[int, int]]:
        """Where ``form`` stands as a whole token, found by searching the text."""
        return super().occurrences(form)

    def _index(self) -> tuple[list[str], array[int]]:
        """The forms written once, in the order of the text, and where each is written.

        A list and an array of places, not a dict: a text of a million different words keeps
        16 bytes a form. Both come at C speed (one scan of the pattern, whose matches give the
        tokens and their starts in step); only tokens joined by apostrophes, whose parts may
        stand as forms, get a Python loop.
        """
        text, counts = self.text, self.counts
        forms = list(compress(counts, map(ONCE, counts.values())))  # a form's only token is its first
        # One scan: compress draws a match from each copy in turn, so ``tee`` holds one at a time.
        matches, same_matches = tee(TOKEN_RE.finditer(text))
        tokens = map(methodcaller("group"), same_matches)
        places = array("q", compress(map(methodcaller("start"), matches), map(ONCE, map(counts.get, tokens))))
        self._index_joined(0, len(text))
        return forms, places

    def _index_joined(self, low: int, high: int) -> None:
        """Where a form written once stands as a part of a token joined by apostrophes, in ``text[low:high]``."""
        counts = self.counts
        for m in JOINED_RE.finditer(self.text, low, high):
            token = m.group()
            for end in (i for i, char in enumerate(token) if char in APOSTROPHES):
                if counts.get(token[:end]) == 1:
                    self._more.setdefault(token[:end], []).append(m.start())


def _position(items: list[str], item: str, hint: int) -> int | None:
    """Where ``item`` is in ``items``, looked for from ``hint`` on first, then from the start; None if absent."""
    for start in (hint, 0):
        try:
            return items.index(item, start)
        except ValueError:
            pass
    return None


class FocusedVocabulary(IndexedVocabulary):
    """A document's words, counted over the whole text, whose occurrences are listed only inside ``focus``.

    Stages that walk the unknown forms and their occurrences (merges, spelling) then look
    only where the previous pass changed something, with the counts of the whole text.
    The unknown forms are judged, and the places of forms searched for and indexed, in the
    focus alone: a later pass that looked at the whole text for them cost as much as the first.
    """

    def __init__(self, text: str, focus: tuple[Span, ...]) -> None:
        super().__init__(text)
        self.focus = focus
        self._unknown_in_focus: list[str] | None = None

    def unknown_forms(self, lexicon: Lexicon) -> list[str]:
        """``Vocabulary.unknown_forms`` that occur inside the focus, in the order of the counts.

        Whether a form is unknown depends on the form alone, so only the forms of the focus
        are judged; one scan of the counts at C speed puts them in order.
        """
        if self._unknown_in_focus is None:
            found: set[str] = set()
            for start, end in self.focus:
                found.update(TOKEN_RE.findall(self.text, start, end))
            forms = list(found)
            lowered = list(map(str.lower, forms))
            spellings = unknown_spellings(lowered, lexicon)
            unknown = set(compress(forms, map(spellings.__contains__, lowered)))
            self._unknown_in_focus = list(compress(self.counts, map(unknown.__contains__, self.counts))) if unknown else []
        return self._unknown_in_focus

    def occurrences(self, form: str) -> Iterator[tuple[int, int]]:
        return (span for span in super().occurrences(form) if within(*span, self.focus))

    def _searched(self, form: str) -> Iterator[tuple[int, int]]:
        """Where ``form`` stands as a whole token inside one focus span: only the focus is searched."""
        return chain.from_iterable(self.occurrences_between(form, start, end) for start, end in self.focus)

    def _index(self) -> tuple[list[str], array[int]]:
        """``IndexedVocabulary._index`` of the focus, each span widened to whole tokens (the forms are
        the tokens' own strings: a focus is short)."""
        text, counts = self.text, self.counts
        forms: list[str] = []
        places: array[int] = array("q")
        for low, high in token_runs(text, self.focus):
            matches = list(TOKEN_RE.finditer(text, low, high))
            written_once = [counts.get(m.group()) == 1 for m in matches]
            forms.extend(m.group() for m in compress(matches, written_once))
            places.extend(m.start() for m in compress(matches, written_once))
            self._index_joined(low, high)
        return forms, places


class Stage(ABC):
    """One step of the pipeline. Subclasses declare their rules and implement ``propose``.

    ``propose`` must not change anything: it returns edits of ``doc.text`` that the
    pipeline filters (selection, protection, confidence), applies and logs.
    """

    name: ClassVar[str]
    rules: ClassVar[tuple[Rule, ...]]
    #: Whether the stage judges words against English (word lists, English word pairs): it then
    #: sees ``Document.english_view()``, and the pipeline drops its edits in non-English blocks.
    english_only: ClassVar[bool] = False
    #: Rules that may edit inside protected tokens (URLs, hashtags, handles; never Markdown syntax or
    #: directives): a repair of what the bytes meant, such as mojibake, is as right there as anywhere.
    repairs_protected_tokens: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def from_config(cls, config: Config) -> Self:
        """The stage as ``config`` wants it; stages without settings ignore it."""
        return cls()

    @abstractmethod
    def propose(self, doc: Document) -> Iterable[Edit]:
        """Edits of ``doc.text``; they may overlap, the pipeline resolves that."""

    @property
    def skipped(self) -> str | None:
        """Why the stage was asked for but could not run (one line that says how to fix it), or None."""
        return None

    def close(self) -> None:  # noqa: B027 (a hook: most stages hold nothing)
        """Release what the stage holds (a server, connections); the default holds nothing."""
