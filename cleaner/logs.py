"""Renderings of the change log: JSON lines, one JSON document, text lines, unified diff."""

from __future__ import annotations

import difflib
import json
import sys
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from typing import Any, BinaryIO, Literal

from cleaner.io import AtomicFile, writes_through
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


def jsonl_records(name: str, result: Result, **where: Any) -> Iterable[dict[str, Any]]:
    """One record per edit and finding, then one for the metadata taken out of the text, if any.

    ``where`` adds e.g. the record number in a corpus.
    """
    for edit in result.edits:
        yield {"file": name, **where, "kind": "edit", **asdict(edit)}
    for finding in result.findings:
        yield {"file": name, **where, "kind": "finding", **asdict(finding)}
    if result.metadata:
        yield {"file": name, **where, "kind": "metadata", "metadata": result.metadata}


def unified_diff(name: str, result: Result) -> str:
    return "".join(
        difflib.unified_diff(
            result.original.splitlines(keepends=True),
            result.text.splitlines(keepends=True),
            fromfile=f"a/{name}",
            tofile=f"b/{name}",
        )
    )


def render_one(name: str, result: Result, fmt: LogFormat, *, record: int | None = None, **where: Any) -> str:
    """One input's share of the log; the shares of many inputs join into one log (``join``).

    A corpus record is named ``file:record`` in the text and diff formats and gets
    ``record`` (and whatever ``where`` holds, such as its ``id``) in JSON.
    """
    if record is not None:
        where = {"record": record, **where}
    if fmt == "json":
        return json.dumps({"file": name, **where, **result.to_dict(include_text=False)}, ensure_ascii=False, indent=2)
    if fmt == "jsonl":
        return "".join(json.dumps(entry, ensure_ascii=False) + "\n" for entry in jsonl_records(name, result, **where))
    label = name if record is None else f"{name}:{record}"
    if fmt == "diff":
        return unified_diff(label, result)
    entries = sorted([*result.edits, *result.findings], key=lambda e: (e.start, e.end))
    return "".join(edit_line(label, entry) + "\n" for entry in entries)


_JSON_HEAD, _JSON_SEP, _JSON_TAIL = '{"files": [\n', ",\n", "\n]}\n"


def join(chunks: Iterable[str], fmt: LogFormat) -> str:
    """The whole log from the shares ``render_one`` made."""
    if fmt == "json":
        return _JSON_HEAD + _JSON_SEP.join(chunks) + _JSON_TAIL
    return "".join(chunks)


def render(results: Iterable[tuple[str, Result]], fmt: LogFormat) -> str:
    """The whole log of several results in one format."""
    return join((render_one(name, result, fmt) for name, result in results), fmt)


class LogWriter:
    """A log written share by share as inputs finish, put in place atomically at the end.

    Memory stays flat however many inputs there are; an interrupted run leaves the old
    log (or none), never half of a new one.
    """

    def __init__(self, path: Path, fmt: LogFormat) -> None:
        self.fmt = fmt
        self._file: AtomicFile | None = None
        self._stream: BinaryIO
        if str(path) == "-":
            self._stream = sys.stdout.buffer
        elif writes_through(path):
            self._stream = path.open("ab")
        else:
            self._file = AtomicFile(path, compress=False)
            self._stream = self._file.stream
        self._first = True
        if fmt == "json":
            self._stream.write(_JSON_HEAD.encode())

    def write(self, chunk: bytes) -> None:
        """One input's share, encoded (``render_one``'s text in UTF-8)."""
        if not chunk:
            return
        if self.fmt == "json" and not self._first:
            chunk = _JSON_SEP.encode() + chunk
        self._first = False
        self._stream.write(chunk)

    def commit(self) -> None:
        if self.fmt == "json":
            self._stream.write(_JSON_TAIL.encode())
        if self._file is not None:
            self._file.commit()
        else:
            self._stream.flush()

    def abort(self) -> None:
        if self._file is not None:
            self._file.abort()
