"""The stage contract: a pure function of the current text that proposes edits."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import ClassVar, Self

from cleaner.config import Config
from cleaner.edits import Edit, Rule
from cleaner.lexicon import Lexicon, Vocabulary


@dataclass(slots=True)
class Document:
    """What a stage sees: the current text, whether it is Markdown, and shared knowledge.

    ``edited`` lists the sorted spans of ``text`` that earlier stages wrote (empty
    spans where they deleted), so a stage can keep its hands off repaired text.
    """

    text: str
    markdown: bool
    config: Config
    lexicon: Lexicon
    enabled: frozenset[str]
    edited: tuple[tuple[int, int], ...] = ()
    _vocabulary: Vocabulary | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def vocabulary(self) -> Vocabulary:
        """The document's own words, counted on first use and shared by every stage that sees this text."""
        if self._vocabulary is None:
            self._vocabulary = Vocabulary(self.text)
        return self._vocabulary

    def wants(self, code: str) -> bool:
        """Whether rule ``code`` runs; stages skip work for rules nobody selected."""
        return code in self.enabled

    def touches_edit(self, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` shares characters with an earlier edit or spans a deletion.

        >>> doc = Document("It ended. Then", False, Config(), Lexicon(), frozenset(), edited=((9, 10),))
        >>> doc.touches_edit(8, 11), doc.touches_edit(3, 8), doc.touches_edit(10, 14)
        (True, False, False)
        """
        # An empty span (a deletion) at p counts exactly when start < p < end.
        return any(edit_end > start and edit_start < end for edit_start, edit_end in self.edited)


class Stage(ABC):
    """One step of the pipeline. Subclasses declare their rules and implement ``propose``.

    ``propose`` must not change anything: it returns edits of ``doc.text`` that the
    pipeline filters (selection, protection, confidence), applies and logs.
    """

    name: ClassVar[str]
    rules: ClassVar[tuple[Rule, ...]]

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
