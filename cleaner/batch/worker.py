"""What a worker process does with one work item: read, clean, write, and report back."""

from __future__ import annotations

import io
import json
from collections import Counter
from typing import Any

from cleaner.batch.tasks import FileTask, LongLine, Mark, Options, Outcome, RecordTask, Task
from cleaner.io import InputError, atomic_write, decode_input, json_line, read_bytes, restore_interrupted, rewrite_in_place
from cleaner.logs import render_one
from cleaner.parallel import worker_cleaner
from cleaner.pipeline import Cleaner
from cleaner.records import RECORD_KEY, clean_record
from cleaner.result import Result
from cleaner.runstate import content_hash


def process(options: Options, task: Task) -> Outcome | LongLine | Mark:
    """The work of one item, in whichever process runs it; never raises for a bad input."""
    if isinstance(task, Mark | LongLine):
        return task
    try:
        cleaner = worker_cleaner()
        clean = _clean_line if isinstance(task, RecordTask) else _clean_file
        outcome = clean(cleaner, options, task)  # type: ignore[arg-type]
        outcome.stages_skipped = cleaner.skipped
        return outcome
    except Exception as exc:  # a bug must not stop a run of a million inputs; report it like a bad input
        if isinstance(task, FileTask):
            return Outcome(task.name, "failed", f"{task.name}: {_internal(exc)}", index=task.index)
        name = f"{task.name}:{task.line}"
        return _unparsed(task, options, f"{name}: {_internal(exc)}")


def _internal(exc: Exception) -> str:
    return f"internal error while cleaning: {type(exc).__name__}: {exc}"


def _clean_file(cleaner: Cleaner, options: Options, task: FileTask) -> Outcome:
    restored = options.in_place and task.source is not None and restore_interrupted(task.source)
    try:
        data = task.data if task.source is None else read_bytes(task.source, options.max_bytes)
        assert data is not None
        sha = content_hash(data)
        if task.expect == sha:
            return Outcome(task.name, "current", size=len(data), index=task.index)
        decoded = decode_input(data, task.name)
    except InputError as exc:
        return Outcome(task.name, "skipped" if exc.skipped else "failed", str(exc), size=_size(task), index=task.index)
    result = cleaner.clean(decoded.text, markdown=task.markdown)
    outcome = _outcome(task.name, result, options)
    outcome.note, outcome.size, outcome.sha, outcome.index = decoded.note, len(data), sha, task.index
    if restored:
        outcome.note = f"{task.name}: restored from the backup an interrupted --in-place run left" + (
            f"; {decoded.note}" if decoded.note else ""
        )
    written = result.text.encode("utf-8")
    if task.target is None:
        outcome.output = written
        return outcome
    try:
        if options.in_place:
            if result.changed:
                rewrite_in_place(task.target, io.BytesIO(written))
        else:
            # no fsync per file: it costs more than cleaning a short article; the manifest's size check covers power loss
            atomic_write(task.target, written, sync=False)
            outcome.written = len(written)
    except InputError as exc:
        outcome.status, outcome.message = "failed", str(exc)
    except OSError as exc:
        outcome.status, outcome.message = "failed", f"{task.name}: cannot write {task.target} ({exc.strerror or exc})"
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
        return _unparsed(task, options, f"{name}: not valid UTF-8 (JSON lines must be UTF-8): {exc.reason}")
    except json.JSONDecodeError as exc:
        return _unparsed(task, options, f"{name}: malformed JSON ({exc.msg} at column {exc.colno})")
    except (ValueError, RecursionError) as exc:  # valid JSON that Python refuses: a 5,000-digit number, deep nesting
        return _unparsed(task, options, f"{name}: cannot be read ({type(exc).__name__}: {str(exc)[:200]})")
    if not isinstance(record, dict):
        return _unparsed(task, options, f"{name}: not a JSON object")
    if not isinstance(record.get(options.text_field), str):
        message = f"{name}: no string {options.text_field!r} field (see --text-field), record kept unchanged"
        return Outcome(name, "skipped", message, output=_as_is(task.raw), position=task.position)
    own = record.get(RECORD_KEY)
    cleaned, result = clean_record(cleaner, record, options.text_field, markdown=task.markdown, edits=options.record_edits)
    where: dict[str, Any] = {"record": task.line}
    if isinstance(record.get("id"), str | int):
        where["id"] = record["id"]
    outcome = _outcome(task.name, result, options, **where)
    if own is not None and not _is_change_log(own):
        cleaned[RECORD_KEY] = own
        outcome.note = f"{name}: the record has a field {RECORD_KEY!r} of its own, kept; its change log is not added to it"
    outcome.name, outcome.output, outcome.position = name, json_line(cleaned), task.position
    return outcome


def _is_change_log(value: object) -> bool:
    """Whether a record's ``cleaner`` field is one a previous run wrote (replaced), not the user's own (kept)."""
    return isinstance(value, dict) and isinstance(value.get("changed"), bool)


def _unparsed(task: RecordTask, options: Options, message: str) -> Outcome:
    """A record that could not be cleaned: reported; ``--in-place`` keeps it byte for byte (it is the only copy)."""
    name = f"{task.name}:{task.line}"
    return Outcome(name, "failed", message, output=_as_is(task.raw) if options.in_place else None, position=task.position)


def _as_is(raw: bytes) -> bytes:
    return raw if raw.endswith(b"\n") else raw + b"\n"


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
        metadata=result.metadata,
        changes=_encode(changes) if options.changes else b"",
        log=_encode(log),
    )


def _encode(text: str) -> bytes:
    return text.encode("utf-8", "backslashreplace")
