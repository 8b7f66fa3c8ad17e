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

# Imported under private names: ``vars(cleaner)`` holds the public names only.
import typing as _typing
from importlib import import_module as _import_module

#: Where each public name lives. It is imported on first use, so ``import cleaner.cli`` (the
#: command) and the batch workers load what they use, never the integrations.
_HOMES = {
    "AppliedEdit": "cleaner.result",
    "ChangeRecord": "cleaner.records",
    "Cleaner": "cleaner.pipeline",
    "CompactEdit": "cleaner.result",
    "Config": "cleaner.config",
    "ConfigError": "cleaner.config",
    "DatasetCleaner": "cleaner.integrations.hf",
    "Edit": "cleaner.edits",
    "Finding": "cleaner.result",
    "OriginalSpan": "cleaner.integrations.spacy",
    "Result": "cleaner.result",
    "Rule": "cleaner.edits",
    "Step": "cleaner.result",
    "all_rules": "cleaner.stages",
    "change_record": "cleaner.records",
    "clean": "cleaner.pipeline",
    "clean_records": "cleaner.pipeline",
    "clean_series": "cleaner.integrations.pandas",
    "load_config": "cleaner.config",
    "original_spans": "cleaner.integrations.spacy",
    "spacy_pipe": "cleaner.integrations.spacy",
}

if _typing.TYPE_CHECKING:
    from cleaner.config import Config, ConfigError, load_config
    from cleaner.edits import Edit, Rule
    from cleaner.integrations.hf import DatasetCleaner
    from cleaner.integrations.pandas import clean_series
    from cleaner.integrations.spacy import OriginalSpan, original_spans, spacy_pipe
    from cleaner.pipeline import Cleaner, clean, clean_records
    from cleaner.records import ChangeRecord, change_record
    from cleaner.result import AppliedEdit, CompactEdit, Finding, Result, Step
    from cleaner.stages import all_rules


def __getattr__(name: str) -> object:
    """A public name, imported from its module on first use (PEP 562)."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'cleaner' has no attribute {name!r}")
    value = getattr(_import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})


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
