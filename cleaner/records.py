"""One record of a corpus in, the same record out with clean text and its change log.

Shared by the JSONL batch runner and the Ray Data and datatrove adapters, so a record
cleaned on one machine or on a cluster looks the same.
"""

from __future__ import annotations

from typing import Any

from cleaner.pipeline import Cleaner
from cleaner.result import Result

#: The field each cleaned record gets: ``changed``, ``edits``, ``findings``, ``metadata``.
RECORD_KEY = "cleaner"


def change_log(result: Result) -> dict[str, Any]:
    """What a record carries about its cleaning (JSON-serialisable).

    >>> from cleaner import clean
    >>> log = change_log(clean(" date 2022-01-24 Biden spoke."))
    >>> log["changed"], log["metadata"], [e["rule"] for e in log["edits"]]
    (True, {'date': '2022-01-24'}, ['H101'])
    """
    return {"changed": result.changed, **result.to_dict(include_text=False)}


def clean_record(
    cleaner: Cleaner, record: dict[str, Any], text_field: str = "text", *, markdown: bool = False
) -> tuple[dict[str, Any], Result]:
    """A copy of ``record`` with ``text_field`` cleaned and ``RECORD_KEY`` added; other fields kept.

    ``record[text_field]`` must be a string (callers decide what to do otherwise).

    >>> from cleaner import Cleaner
    >>> out, _ = clean_record(Cleaner(), {"id": 7, "text": "Hello&nbsp;world.It works."})
    >>> out["id"], out["text"], out["cleaner"]["changed"]
    (7, 'Hello world. It works.', True)
    """
    result = cleaner.clean(record[text_field], markdown=markdown)
    return {**record, text_field: result.text, RECORD_KEY: change_log(result)}, result
