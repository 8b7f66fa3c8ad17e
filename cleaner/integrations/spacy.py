"""spaCy: run a pipeline on the clean text and put what it finds back on the original.

>>> import spacy
>>> from cleaner import original_spans, spacy_pipe
>>> nlp = spacy.blank("en")
>>> ruler = nlp.add_pipe("entity_ruler")
>>> ruler.add_patterns([{"label": "PERSON", "pattern": [{"LOWER": "john"}, {"LOWER": "kirby"}]}])
>>> raw = " date 2022-01-24 John&nbsp;Kirby said.The Pentagon agreed."
>>> [(result, doc)] = spacy_pipe(nlp, [raw])
>>> doc.text
'John Kirby said. The Pentagon agreed.'
>>> original_spans(result, doc.ents)
[OriginalSpan(label='PERSON', start=17, end=32, text='John&nbsp;Kirby')]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, NamedTuple, Protocol

from cleaner.config import Config
from cleaner.pipeline import Cleaner, _shared_cleaner
from cleaner.result import Result

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


class CharSpan(Protocol):
    """What ``original_spans`` reads: a spaCy ``Span`` (entity, sentence, span group member)."""

    @property
    def start_char(self) -> int: ...
    @property
    def end_char(self) -> int: ...
    @property
    def label_(self) -> str: ...


class OriginalSpan(NamedTuple):
    """A span found in the clean text, placed on the original: ``text == original[start:end]``.

    >>> OriginalSpan("PERSON", 17, 32, "John&nbsp;Kirby").text
    'John&nbsp;Kirby'
    """

    label: str
    start: int
    end: int
    text: str


def original_spans(result: Result, spans: Iterable[CharSpan]) -> list[OriginalSpan]:
    """Map spaCy spans of ``result.text`` (``doc.ents``, ``doc.sents``, a span group) to the original.

    One sweep over the offset map for all of them (``Result.map_spans``). A span that
    starts or ends in text an edit wrote widens to the whole original region, so
    ``John Kirby`` found in the clean text comes back as ``John&nbsp;Kirby``.
    """
    spans = list(spans)
    mapped = result.map_spans((span.start_char, span.end_char) for span in spans)
    return [
        OriginalSpan(span.label_, start, end, result.original[start:end])
        for span, (start, end) in zip(spans, mapped, strict=True)
    ]


def spacy_pipe(
    nlp: Language, texts: Iterable[str], *, cleaner: Cleaner | None = None, jobs: int | None = 1, batch_size: int = 64
) -> Iterator[tuple[Result, Doc]]:
    """Clean ``texts`` and run ``nlp`` over the clean text; yields ``(result, doc)`` in order.

    Streams like ``Cleaner.clean_many`` (``jobs`` cleaning processes) into
    ``nlp.pipe``, so both stages run over a corpus in bounded memory.
    """
    results = (cleaner or _shared_cleaner(Config())).clean_many(texts, jobs=jobs)
    for doc, result in nlp.pipe(((result.text, result) for result in results), as_tuples=True, batch_size=batch_size):
        yield result, doc
