"""cleaner: staged, auditable cleaning of scraped and machine-translated news text.

>>> from cleaner import clean
>>> r = clean(" date 2022-01-24 Biden met allies”Kirby said.")
>>> r.text
'Biden met allies,” Kirby said.'
>>> r.metadata
{'date': '2022-01-24'}
>>> [(e.rule, e.line, e.col, e.before, e.after) for e in r.edits]
[('H101', 1, 1, ' date 2022-01-24 ', ''), ('P102', 1, 34, '', ','), ('P101', 1, 35, '', ' ')]
"""

from cleaner.config import Config, ConfigError, load_config
from cleaner.edits import Edit, Rule
from cleaner.integrations.hf import DatasetCleaner
from cleaner.integrations.pandas import clean_series
from cleaner.integrations.spacy import OriginalSpan, original_spans, spacy_pipe
from cleaner.pipeline import Cleaner, clean, clean_records
from cleaner.records import ChangeRecord, change_record
from cleaner.result import AppliedEdit, CompactEdit, Finding, Result, Step
from cleaner.stages import all_rules

__all__ = [
    "AppliedEdit",
    "ChangeRecord",
    "Cleaner",
    "CompactEdit",
    "Config",
    "ConfigError",
    "DatasetCleaner",
    "Edit",
    "Finding",
    "OriginalSpan",
    "Result",
    "Rule",
    "Step",
    "all_rules",
    "change_record",
    "clean",
    "clean_records",
    "clean_series",
    "load_config",
    "original_spans",
    "spacy_pipe",
]
