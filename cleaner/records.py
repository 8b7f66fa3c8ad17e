"""The one record format: what a cleaned record, row or document carries about its cleaning.

Shared by ``Cleaner.clean_records``, the JSONL batch runner, the table integrations
(pandas, Hugging Face ``datasets``) and the Ray Data and datatrove adapters, so a record
cleaned by any of them looks the same. It is compact by default (the rule codes, not the
edits): a corpus then grows by a few bytes a record, and the full detail of every edit
is kept once, in the change log (``--log``, ``changes.jsonl``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NotRequired, TypedDict

from cleaner.result import CompactEdit, Result

if TYPE_CHECKING:  # the pipeline imports this module
    from cleaner.pipeline import Cleaner

#: The field each cleaned record gets (a column of that name in tables).
RECORD_KEY = "cleaner"


class ChangeRecord(TypedDict):
    """What one record carries about its cleaning (JSON-serialisable).

    ``rules`` holds the code of each applied edit and ``findings`` the code of each
    finding, in text order, so counting them per rule takes a ``Counter``. ``edits``,
    only when asked for, holds the compact edits: enough to replay them on the original.

    >>> from collections import Counter
    >>> from cleaner import clean
    >>> Counter(change_record(clean("Kirby&nbsp;said.It&nbsp;ends."))["rules"])
    Counter({'U102': 2, 'P103': 1})
    """

    changed: bool
    rules: list[str]
    findings: list[str]
    metadata: dict[str, Any]
    edits: NotRequired[list[CompactEdit]]


def change_record(result: Result, *, edits: bool = False) -> ChangeRecord:
    """The record format of ``result``: compact, or with the compact edits when ``edits``.

    >>> from cleaner import clean
    >>> change_record(clean(" date 2022-01-24 Biden spoke.It ended."))
    {'changed': True, 'rules': ['H101', 'P103'], 'findings': [], 'metadata': {'date': '2022-01-24'}}
    >>> [e["after"] for e in change_record(clean("a&amp;b"), edits=True)["edits"]]
    ['&']
    """
    record = ChangeRecord(
        changed=result.changed,
        rules=[edit.rule for edit in result.edits],
        findings=[finding.rule for finding in result.findings],
        metadata=result.metadata,
    )
    if edits:
        record["edits"] = result.compact_edits()
    return record


def cleaned_record(
    record: Mapping[str, Any], text_field: str, result: Result | None, *, log_field: str | None = RECORD_KEY, edits: bool = False
) -> dict[str, Any]:
    """A copy of ``record`` with the clean text in ``text_field`` and its ``ChangeRecord`` in ``log_field``.

    A ``None`` result (the record had no text) keeps the text as it was and gets ``None``
    as its change record; ``log_field=None`` adds no change record at all.

    >>> from cleaner import clean
    >>> cleaned_record({"id": 7, "text": "Hello&nbsp;world."}, "text", clean("Hello&nbsp;world."))
    {'id': 7, 'text': 'Hello world.', 'cleaner': {'changed': True, 'rules': ['U102'], 'findings': [], 'metadata': {}}}
    """
    out = dict(record)
    if result is not None:
        out[text_field] = result.text
    if log_field is not None:
        out[log_field] = None if result is None else change_record(result, edits=edits)
    return out


def clean_record(
    cleaner: Cleaner, record: dict[str, Any], text_field: str = "text", *, markdown: bool = False, edits: bool = False
) -> tuple[dict[str, Any], Result]:
    """``record`` cleaned by ``cleaner``, and the ``Result``; ``record[text_field]`` must be a string.

    >>> from cleaner import Cleaner
    >>> out, _ = clean_record(Cleaner(), {"id": 7, "text": "Hello&nbsp;world.It works."})
    >>> out["id"], out["text"], out["cleaner"]["rules"]
    (7, 'Hello world. It works.', ['U102', 'P103'])
    """
    result = cleaner.clean(record[text_field], markdown=markdown)
    return cleaned_record(record, text_field, result, edits=edits), result
