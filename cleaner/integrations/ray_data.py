"""Clean a Ray Data dataset of records: ``map_batches`` with one ``Cleaner`` per actor.

Cleaning is a pure function per document, so Ray schedules it like any other map:
locally on all cores, or on every node of a cluster (``ray.init(address="auto")``).
Needs ``pip install 'cleaner[ray]'``.

Each output row keeps its fields, gets the clean text in ``text_field`` and, in
``cleaner``, the change record every integration shares (``cleaner.records``) as a JSON
string: a string column keeps the Arrow schema the same for every batch, where metadata
with varying keys would not.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import numpy as np

from cleaner.config import Config
from cleaner.pipeline import Cleaner
from cleaner.records import RECORD_KEY, change_record

if TYPE_CHECKING:
    from ray.data import Dataset


class RayCleaner:
    """A callable class for ``Dataset.map_batches``: built once per actor, then cleans batch after batch."""

    def __init__(
        self, config: Config | None = None, text_field: str = "text", markdown: bool = False, edits: bool = False
    ) -> None:
        self.cleaner = Cleaner(config)
        self.text_field = text_field
        self.markdown = markdown
        self.edits = edits

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        texts: list[Any] = []
        logs: list[str | None] = []
        for text in batch[self.text_field]:
            if not isinstance(text, str):  # a missing text passes through, as in a JSONL run
                texts.append(text)
                logs.append(None)
                continue
            result = self.cleaner.clean(text, markdown=self.markdown)
            texts.append(result.text)
            logs.append(json.dumps(change_record(result, edits=self.edits), ensure_ascii=False))
        return {**batch, self.text_field: _objects(texts), RECORD_KEY: _objects(logs)}


def _objects(values: list[Any]) -> np.ndarray:
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array


def clean_dataset(
    dataset: Dataset,
    config: Config | None = None,
    *,
    text_field: str = "text",
    markdown: bool = False,
    edits: bool = False,
    concurrency: int | tuple[int, int] = 1,
    batch_size: int = 256,
) -> Dataset:
    """``dataset`` with every record cleaned by ``concurrency`` actors (lazy, like any Ray Data map).

    ``edits=True`` keeps the compact edits in each change record.

    ``concurrency=(2, 64)`` lets Ray scale between 2 and 64 actors across a cluster.
    """
    return dataset.map_batches(
        RayCleaner,
        fn_constructor_kwargs={"config": config, "text_field": text_field, "markdown": markdown, "edits": edits},
        batch_format="numpy",
        batch_size=batch_size,
        concurrency=concurrency,
    )
