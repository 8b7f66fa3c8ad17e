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

from cleaner.records import RECORD_KEY, change_record
from cleaner.result import Result

#: The columns a table integration adds: the clean text, and the change record of ``cleaner.records``.
TEXT_COLUMN = "clean_text"
LOG_COLUMN = RECORD_KEY


def log_columns(results: Iterable[Result | None], *, edits: bool = False) -> dict[str, list[Any]]:
    """The clean text and change record of each result as two columns (``None`` for a missing text)."""
    texts: list[str | None] = []
    logs: list[dict[str, Any] | None] = []
    for result in results:
        texts.append(None if result is None else result.text)
        logs.append(None if result is None else dict(change_record(result, edits=edits)))
    return {TEXT_COLUMN: texts, LOG_COLUMN: logs}


def require(module: str, extra: str) -> ModuleType:
    """Import an optional library, or say which extra installs it."""
    try:
        return import_module(module)
    except ImportError as exc:
        raise ImportError(f"this needs {module}: pip install 'cleaner[{extra}]'") from exc
