"""Hugging Face ``datasets``: a function for ``Dataset.map(..., batched=True, num_proc=N)``.

It adds ``clean_text`` and ``cleaner``, the change record every integration shares
(``cleaner.records``: ``changed``, the rule code of each edit and finding, and the
metadata; the compact edits too with ``edits=True``), and leaves every other column
alone. Arrow needs one schema for every batch, so the metadata, whose keys vary from
text to text, is a JSON string here. Pass ``features=`` as below: a batch whose texts
needed no edit holds only empty lists, from which Arrow cannot guess the column's type.

>>> from datasets import Dataset
>>> from cleaner import DatasetCleaner
>>> ds = Dataset.from_dict({"id": [1, 2], "text": [" date 2022-01-24 Kirby&nbsp;said.", "Ukraine.The end."]})
>>> clean_batch = DatasetCleaner("text")
>>> ds = ds.map(clean_batch, batched=True, features=clean_batch.features(ds.features))
>>> list(ds["clean_text"])
['Kirby said.', 'Ukraine. The end.']
>>> [(log["rules"], log["metadata"]) for log in ds["cleaner"]]
[(['H101', 'U102'], '{"date": "2022-01-24"}'), (['P103'], '{}')]
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, get_type_hints

from cleaner.config import Config
from cleaner.integrations import LOG_COLUMN, TEXT_COLUMN, log_columns, require
from cleaner.pipeline import _shared_cleaner
from cleaner.result import CompactEdit

if TYPE_CHECKING:
    from datasets import Features


@dataclass(frozen=True)
class DatasetCleaner:
    """A picklable batch function: each ``datasets`` worker builds its ``Cleaner`` once.

    It holds only settings, so ``datasets`` can fingerprint it (and cache results)
    and ship it to ``num_proc`` workers. ``None`` texts stay ``None``, and so does their
    change record.
    """

    text_column: str = "text"
    config: Config = field(default_factory=Config)
    markdown: bool = False
    edits: bool = False

    def __call__(self, batch: Mapping[str, list[Any]]) -> dict[str, list[Any]]:
        cleaner = _shared_cleaner(self.config)
        columns = log_columns(cleaner.clean_optional(batch[self.text_column], markdown=self.markdown), edits=self.edits)
        for log in columns[LOG_COLUMN]:
            if log is not None:
                log["metadata"] = json.dumps(log["metadata"], ensure_ascii=False)
        return columns

    def features(self, features: Features) -> Features:
        """``features`` plus the two columns this function adds, for ``Dataset.map(features=...)``."""
        pa = require("pyarrow", "hf")
        features_type = require("datasets", "hf").Features
        arrow_types = {str: pa.string(), int: pa.int64(), float: pa.float64()}
        edit = pa.struct([(name, arrow_types[kind]) for name, kind in get_type_hints(CompactEdit).items()])
        log = [
            ("changed", pa.bool_()),
            ("rules", pa.list_(pa.string())),
            ("findings", pa.list_(pa.string())),
            ("metadata", pa.string()),
            *([("edits", pa.list_(edit))] if self.edits else []),
        ]
        added = features_type.from_arrow_schema(pa.schema([(TEXT_COLUMN, pa.string()), (LOG_COLUMN, pa.struct(log))]))
        return features_type({**features, **added})
