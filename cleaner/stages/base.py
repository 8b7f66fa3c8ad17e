"""The stage contract: a pure function of the current text that proposes edits."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import ClassVar

from cleaner.config import Config
from cleaner.edits import Edit, Rule
from cleaner.lexicon import Lexicon, Vocabulary


@dataclass(slots=True)
class Document:
    """What a stage sees: the current text, whether it is Markdown, and shared knowledge."""

    text: str
    markdown: bool
    config: Config
    lexicon: Lexicon
    enabled: frozenset[str]
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


class Stage(ABC):
    """One step of the pipeline. Subclasses declare their rules and implement ``propose``.

    ``propose`` must not change anything: it returns edits of ``doc.text`` that the
    pipeline filters (selection, protection, confidence), applies and logs.
    """

    name: ClassVar[str]
    rules: ClassVar[tuple[Rule, ...]]

    @abstractmethod
    def propose(self, doc: Document) -> Iterable[Edit]:
        """Edits of ``doc.text``; they may overlap, the pipeline resolves that."""
