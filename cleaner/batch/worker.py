"""What a worker process does with one work item: read, clean, write, and report back."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from cleaner.batch.tasks import FileTask, Mark, Options, Outcome, RecordTask, Task
from cleaner.io import InputError, atomic_write, decode_bytes, read_bytes
from cleaner.logs import render_one
from cleaner.parallel import worker_cleaner
from cleaner.pipeline import Cleaner
from cleaner.records import clean_record
from cleaner.result import Result
from cleaner.runstate import content_hash


def process(options: Options, task: Task) -> Outcome | Mark:
    """The work of one item, in whichever process runs it; never raises for a bad input."""
    if isinstance(task, Mark):
        return task
    try:
        cleaner = worker_cleaner()
        clean = _clean_line if isinstance(task, RecordTask) else _clean_file
        outcome = clean(cleaner, options, task)  # type: ignore[arg-type]
        outcome.stages_skipped = cleaner.skipped
        return outcome
    except Exception as exc:  # a bug must not stop a run of a million inputs; report it like a bad input
        name = task.name if isinstance(task, FileTask) else f"{task.name}:{task.line}"
        return Outcome(name, "failed", f"{name}: internal error while cleaning: {type(exc).__name__}: {exc}")


def _clean_file(cleaner: Cleaner, options: Options, task: FileTask) -> Outcome:
    try:
        data = task.data if task.source is None else read_bytes(task.source, options.max_bytes)
        assert data is not None
        sha = content_hash(data)
        if task.expect == sha:
            return Outcome(task.name, "current", size=len(data), index=task.index)
        if not data:
            raise InputError(f"{task.name}: empty file, skipped", skipped=True)
        decoded = decode_bytes(data, task.name)
    except InputError as exc:
        return Outcome(task.name, "skipped" if exc.skipped else "failed", str(exc), size=_size(task), index=task.index)
    result = cleaner.clean(decoded.text, markdown=task.markdown)
    outcome = _outcome(task.name, result, options)
    outcome.note, outcome.size, outcome.sha, outcome.index = decoded.note, len(data), sha, task.index
    if task.target is None:
        outcome.output = result.text
    elif result.changed or not options.in_place:
        # no fsync per file: it costs more than cleaning a short article; the manifest's size check covers power loss
        atomic_write(task.target, result.text, sync=options.in_place)
    return outcome


def _size(task: FileTask) -> int:
    try:
        return task.source.stat().st_size if task.source is not None else len(task.data or b"")
    except OSError:
        return 0


def _clean_line(cleaner: Cleaner, options: Options, task: RecordTask) -> Outcome:
    name = f"{task.name}:{task.line}"
    try:
        record = json.loads(task.raw.rstrip(b"\r\n"))
    except UnicodeDecodeError as exc:
        message = f"{name}: not valid UTF-8 (JSON lines must be UTF-8): {exc.reason}"
        return Outcome(name, "failed", message, position=task.position)
    except json.JSONDecodeError as exc:
        return Outcome(name, "failed", f"{name}: malformed JSON ({exc.msg} at column {exc.colno})", position=task.position)
    if not isinstance(record, dict):
        return Outcome(name, "failed", f"{name}: not a JSON object", position=task.position)
    if not isinstance(record.get(options.text_field), str):
        output = json.dumps(record, ensure_ascii=False)
        message = f"{name}: no string {options.text_field!r} field (see --text-field), record kept unchanged"
        return Outcome(name, "skipped", message, output=output, position=task.position)
    cleaned, result = clean_record(cleaner, record, options.text_field, markdown=task.markdown)
    where: dict[str, Any] = {"record": task.line}
    if isinstance(record.get("id"), str | int):
        where["id"] = record["id"]
    outcome = _outcome(task.name, result, options, **where)
    outcome.name, outcome.output, outcome.position = name, json.dumps(cleaned, ensure_ascii=False), task.position
    return outcome


def _outcome(name: str, result: Result, options: Options, **where: Any) -> Outcome:
    changes = render_one(name, result, "jsonl", **where) if options.changes or options.log_format == "jsonl" else ""
    log = ""
    if options.log_format is not None:
        log = changes if options.log_format == "jsonl" else render_one(name, result, options.log_format, **where)
    return Outcome(
        name,
        "changed" if result.changed else "unchanged",
        words=len(result.original.split()),
        rules=Counter(edit.rule for edit in result.edits),
        findings=Counter(finding.rule for finding in result.findings),
        changes=changes if options.changes else "",
        log=log,
    )
