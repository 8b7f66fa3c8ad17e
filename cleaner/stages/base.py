"""The stage contract: a pure function of the current text that proposes edits."""

from __future__ import annotations

from abc import ABC, abstractmethod
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from cleaner.config import Config
from cleaner.edits import Edit, Rule
from cleaner.lexicon import Lexicon


@dataclass(slots=True)
class Document:
    """What a stage sees: the current text, whether it is Markdown, and shared knowledge.

    ``masked`` are the sorted spans of ``text`` that are not prose (code, front matter,
    Markdown syntax, text under a ``cleaner: off`` directive): the pipeline drops edits
    that touch them, and stages that read whole lines skip the lines inside them.
    ``metadata`` is what earlier stages have extracted so far.
    """

    text: str
    markdown: bool
    config: Config
    lexicon: Lexicon
    enabled: frozenset[str]
    masked: tuple[tuple[int, int], ...] = ()
    metadata: Mapping[str, Any] = field(default_factory=dict)

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
