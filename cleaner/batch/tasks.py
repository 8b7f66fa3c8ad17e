"""The work items that cross to worker processes, and what comes back for each."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Literal

from cleaner.io import DEFAULT_MAX_BYTES
from cleaner.logs import LogFormat

Status = Literal["changed", "unchanged", "skipped", "failed", "current"]


@dataclass(frozen=True, slots=True)
class Options:
    """What every work item needs to know besides its input."""

    text_field: str = "text"
    max_bytes: int = DEFAULT_MAX_BYTES
    changes: bool = False
    log_format: LogFormat | None = None
    in_place: bool = False
    #: Whether corpus records keep their compact edits (else only rule codes; the detail is in the log).
    record_edits: bool = False


@dataclass(frozen=True, slots=True)
class FileTask:
    index: int
    name: str
    source: Path | None
    target: Path | None
    markdown: bool
    expect: str | None = None
    data: bytes | None = None


@dataclass(frozen=True, slots=True)
class RecordTask:
    name: str
    line: int
    raw: bytes
    markdown: bool
    position: int


@dataclass(frozen=True, slots=True)
class LongLine:
    """A corpus line longer than the per-record limit (``--max-bytes``), never held in memory whole.

    The parent reads it in pieces into a temporary file as it meets it (``spool_line``)
    and, when this item comes back in input order, copies that file into the output as
    it is; workers pass it through untouched.
    """

    name: str
    line: int
    size: int
    position: int


@dataclass(frozen=True, slots=True)
class Mark:
    """Where a corpus starts, ends, fails or turns out to be up to date, or an input that is only a problem.

    Marks pass through workers untouched, so they reach the parent in input order.
    """

    index: int
    kind: Literal["start", "end", "failed", "skipped", "current"]
    message: str | None = None
    sha: str | None = None


@dataclass(slots=True)
class Outcome:
    """What became of one text file or one record.

    ``changes`` and ``log`` are this input's share of ``changes.jsonl`` and of ``--log``,
    ``output`` the bytes to write for it (a corpus line, or clean text for stdout), all
    encoded by the worker so that the parent only copies bytes.
    """

    name: str
    status: Status
    message: str | None = None
    note: str | None = None
    words: int = 0
    size: int = 0
    rules: Counter[str] = field(default_factory=Counter)
    findings: Counter[str] = field(default_factory=Counter)
    metadata: dict[str, Any] = field(default_factory=dict)
    changes: bytes = b""
    log: bytes = b""
    output: bytes | None = None
    #: Bytes written to the target (the run state records it to notice a file a power loss emptied).
    written: int | None = None
    sha: str | None = None
    index: int = -1
    position: int = 0
    #: Stages the worker was asked to run but could not (the grammar stage without a server).
    stages_skipped: dict[str, str] = field(default_factory=dict)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickled as its values in field order: the parent unpickles one per file, and the default is 3x slower."""
        return Outcome, tuple(getattr(self, name) for name in _OUTCOME_FIELDS)


_OUTCOME_FIELDS = tuple(item.name for item in fields(Outcome))
Task = FileTask | RecordTask | LongLine | Mark
