"""Hugging Face ``datasets``: a function for ``Dataset.map(..., batched=True, num_proc=N)``.

It adds ``clean_text`` and ``clean_edits`` (the compact change log, a list of
``{rule, start, end, before, after, confidence}`` per row) and leaves every other
column alone. Pass ``features=`` as below: a batch whose texts needed no edit holds
only empty logs, from which Arrow cannot guess the column's type.

>>> from datasets import Dataset
>>> from cleaner import DatasetCleaner
>>> ds = Dataset.from_dict({"id": [1, 2], "text": ["Kirby&nbsp;said.", "Ukraine.The end."]})
>>> clean_batch = DatasetCleaner("text")
>>> ds = ds.map(clean_batch, batched=True, features=clean_batch.features(ds.features))
>>> list(ds["clean_text"])
['Kirby said.', 'Ukraine. The end.']
>>> [[(e["rule"], e["before"], e["after"]) for e in edits] for edits in list(ds["clean_edits"])]
[[('U102', '&nbsp;', ' ')], [('P103', '', ' ')]]
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, get_type_hints

from cleaner.config import Config
from cleaner.integrations import EDITS_COLUMN, TEXT_COLUMN, log_columns, require
from cleaner.pipeline import _shared_cleaner
from cleaner.result import CompactEdit

if TYPE_CHECKING:
    from datasets import Features


@dataclass(frozen=True)
class DatasetCleaner:
    """A picklable batch function: each ``datasets`` worker builds its ``Cleaner`` once.

    It holds only settings, so ``datasets`` can fingerprint it (and cache results)
    and ship it to ``num_proc`` workers. ``None`` texts stay ``None`` with an empty log.
    """

    text_column: str = "text"
    config: Config = field(default_factory=Config)
    markdown: bool = False

    def __call__(self, batch: Mapping[str, list[Any]]) -> dict[str, list[Any]]:
        cleaner = _shared_cleaner(self.config)
        return log_columns(cleaner.clean_optional(batch[self.text_column], markdown=self.markdown))

    def features(self, features: Features) -> Features:
        """``features`` plus the two columns this function adds, for ``Dataset.map(features=...)``."""
        pa = require("pyarrow", "hf")
        features_type = require("datasets", "hf").Features
        arrow_types = {str: pa.string(), int: pa.int64(), float: pa.float64()}
        edit = pa.struct([(name, arrow_types[kind]) for name, kind in get_type_hints(CompactEdit).items()])
        added = features_type.from_arrow_schema(pa.schema([(TEXT_COLUMN, pa.string()), (EDITS_COLUMN, pa.list_(edit))]))
        return features_type({**features, **added})
