"""Renderings of the change log: JSON lines, one JSON document, text lines, unified diff."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from dataclasses import asdict
from typing import Any, Literal

from cleaner.result import AppliedEdit, Finding, Result

LogFormat = Literal["jsonl", "json", "text", "diff"]


def edit_line(name: str, edit: AppliedEdit | Finding) -> str:
    """``path:line:col: CODE message (before -> after)``, the format linters use."""
    if isinstance(edit, AppliedEdit):
        change = f"{edit.before!r} -> {edit.after!r}"
    else:
        change = f"{edit.text!r} -> {edit.suggestion!r}" if edit.suggestion is not None else repr(edit.text)
    kind = "" if isinstance(edit, AppliedEdit) else "[report] "
    return f"{name}:{edit.line}:{edit.col}: {edit.rule} {kind}{edit.message} ({change}) [{edit.confidence:.2f}]"


def jsonl_records(name: str, result: Result) -> Iterable[dict[str, Any]]:
    for edit in result.edits:
        yield {"file": name, "kind": "edit", **asdict(edit)}
    for finding in result.findings:
        yield {"file": name, "kind": "finding", **asdict(finding)}


def unified_diff(name: str, result: Result) -> str:
    return "".join(
        difflib.unified_diff(
            result.original.splitlines(keepends=True),
            result.text.splitlines(keepends=True),
            fromfile=f"a/{name}",
            tofile=f"b/{name}",
        )
    )


def render(results: Iterable[tuple[str, Result]], fmt: LogFormat) -> str:
    """The whole log of several results in one format."""
    results = list(results)
    if fmt == "json":
        files = [{"file": name, **result.to_dict(include_text=False)} for name, result in results]
        return json.dumps({"files": files}, ensure_ascii=False, indent=2) + "\n"
    if fmt == "diff":
        return "".join(unified_diff(name, result) for name, result in results)
    lines: list[str] = []
    for name, result in results:
        if fmt == "jsonl":
            lines.extend(json.dumps(record, ensure_ascii=False) for record in jsonl_records(name, result))
        else:
            entries = sorted([*result.edits, *result.findings], key=lambda e: (e.start, e.end))
            lines.extend(edit_line(name, entry) for entry in entries)
    return "".join(line + "\n" for line in lines)
