"""Where people call ``cleaner`` from: spaCy, Hugging Face ``datasets`` and pandas.

Each module imports its library only inside the functions that need it, so
``import cleaner`` stays light; install the library with the matching extra
(``cleaner[spacy]``, ``cleaner[hf]``, ``cleaner[pandas]``). The public names are
exported from ``cleaner``.

Adapters for distributed engines live here too, imported by their module path:
``cleaner.integrations.ray_data`` (``cleaner[ray]``) and
``cleaner.integrations.datatrove`` (``cleaner[datatrove]``).
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import import_module
from types import ModuleType
from typing import Any

from cleaner.result import CompactEdit, Result

#: The columns a table integration adds: the clean text and the compact change log.
TEXT_COLUMN = "clean_text"
EDITS_COLUMN = "clean_edits"


def log_columns(results: Iterable[Result | None]) -> dict[str, list[Any]]:
    """The clean text and compact change log of each result as two columns (``None``: missing text)."""
    texts: list[str | None] = []
    edits: list[list[CompactEdit]] = []
    for result in results:
        texts.append(None if result is None else result.text)
        edits.append([] if result is None else result.compact_edits())
    return {TEXT_COLUMN: texts, EDITS_COLUMN: edits}


def require(module: str, extra: str) -> ModuleType:
    """Import an optional library, or say which extra installs it."""
    try:
        return import_module(module)
    except ImportError as exc:
        raise ImportError(f"this needs {module}: pip install 'cleaner[{extra}]'") from exc
