"""What a batch run keeps in its output folder so that the next run can resume.

``manifest.jsonl`` has one line per finished input: its output path, the content hash
of the input, the hash of everything that decides the output (configuration, protected
words, the cleaner's own code) and where its lines sit in ``changes.jsonl``. Lines are
appended once an input's output is in place and written out in batches at least every
``FLUSH_SECONDS``, so a killed run loses at most its last batch (those inputs are
cleaned again); its next run skips every input whose content and configuration
hashes still match. One run at a time writes a folder: it holds ``.cleaner.lock``.
The change-log lines of an input are written before its manifest line, and each
manifest line records the byte range and hash of its block: blocks nobody committed
(a run killed half-way) or that a later run superseded are dropped when a complete
run compacts both files at its end.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import socket
import time
from contextlib import suppress
from dataclasses import asdict
from importlib import resources
from pathlib import Path
from typing import Any, BinaryIO

from cleaner.config import Config
from cleaner.io import COPY_BYTES, atomic_output, json_line

MANIFEST, CHANGES, SUMMARY, REPORT = "manifest.jsonl", "changes.jsonl", "summary.json", "report.html"
#: Held (``lockf``) by the run writing the folder; says which process that is.
LOCK = ".cleaner.lock"
#: Files of the run itself; no input may be written over them.
RUN_FILES = frozenset({MANIFEST, CHANGES, SUMMARY, REPORT, LOCK})
#: Manifest lines are written out at least this often (and at the end): a killed run redoes at most this much work.
FLUSH_SECONDS = 0.5


class FolderBusy(Exception):
    """Another run is writing the same output folder."""


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def file_hash(path: Path) -> str:
    """``content_hash`` of a file of any size, read in pieces."""
    digest = hashlib.blake2b(digest_size=16)
    with path.open("rb") as handle:
        while piece := handle.read(COPY_BYTES):
            digest.update(piece)
    return digest.hexdigest()


def config_hash(config: Config, protected_words: frozenset[str], **options: Any) -> str:
    """A hash of everything that decides an output besides the input itself.

    The source of the ``cleaner`` package is part of it, so a new version (or a local
    change to a rule) re-cleans everything instead of trusting stale outputs.
    """
    digest = hashlib.blake2b(digest_size=16)
    settings = {"config": asdict(config), "words": sorted(protected_words), "options": options}
    digest.update(json.dumps(settings, sort_keys=True, default=list).encode())
    package = resources.files("cleaner")
    for source in sorted(Path(str(package)).rglob("*.py")):
        digest.update(source.read_bytes())
    return digest.hexdigest()


class Block:
    """One input's lines in ``changes.jsonl``, written as the input is cleaned."""

    def __init__(self, handle: BinaryIO, offset: int) -> None:
        self._handle = handle
        self.offset = offset
        self.length = 0
        self._digest = hashlib.blake2b(digest_size=16)

    def write(self, data: bytes) -> None:
        self._handle.write(data)
        self._digest.update(data)
        self.length += len(data)

    def span(self) -> list[Any]:
        return [self.offset, self.length, self._digest.hexdigest()]


class RunState:
    """The manifest and change log of one output folder."""

    def __init__(self, out: Path, config: str) -> None:
        self.out = out
        self.config = config
        self.manifest_path = out / MANIFEST
        self.changes_path = out / CHANGES
        self.entries: dict[str, dict[str, Any]] = {}
        self.dirty = False
        self._valid: dict[str, bool] = {}
        out.mkdir(parents=True, exist_ok=True)
        self._lock, self.taken_over = _lock(out)
        self._load()
        self._changes = self.changes_path.open("ab")
        self._end = self._changes.tell()
        if self._end > max((sum(e["changes"][:2]) for e in self.entries.values()), default=0):
            self.dirty = True  # lines of an input that never finished
        self._manifest = self.manifest_path.open("ab")
        if self._manifest.tell() and not _ends_a_line(self.manifest_path):
            self._manifest.write(b"\n")  # a killed run (or a full disk) cut its last line short
        self._flushed = time.monotonic()

    def _load(self) -> None:
        try:
            lines = self.manifest_path.read_bytes().splitlines()
        except FileNotFoundError:
            return
        for line in lines:
            try:
                entry = json.loads(line)
                key = entry["output"]
                _offset, _length, _digest = entry["changes"]
            except (ValueError, KeyError, TypeError):
                self.dirty = True  # the line a killed run was writing
                continue
            if key in self.entries:
                self.dirty = True
                del self.entries[key]
            self.entries[key] = entry

    def expected(self, output: str) -> str | None:
        """The input hash that makes ``output`` up to date, if a previous run finished it.

        The output must still be there with the size it was written with: outputs are
        not fsynced one by one, and after a power failure a renamed file can be empty.
        """
        entry = self.entries.get(output)
        if entry is None or entry.get("config") != self.config or _size(self.out / output) != entry.get("size"):
            return None
        return entry["sha"] if self._block_valid(output) else None

    def _block_valid(self, output: str) -> bool:
        if output not in self._valid:
            offset, length, digest = self.entries[output]["changes"]
            self._changes.flush()
            with self.changes_path.open("rb") as handle:
                handle.seek(offset)
                self._valid[output] = _hash_range(handle, length) == digest
        return self._valid[output]

    def block(self) -> Block:
        return Block(self._changes, self._end)

    def stored(self, output: str) -> bytes:
        """The change-log lines a previous run recorded for ``output`` (valid: ``expected`` said so)."""
        offset, length, _digest = self.entries[output]["changes"]
        self._changes.flush()
        with self.changes_path.open("rb") as handle:
            handle.seek(offset)
            return handle.read(length)

    def commit(self, entry: dict[str, Any], block: Block, size: int | None = None) -> None:
        """Record one finished input: its change-log lines first, then its manifest line.

        Lines are written out in batches (``FLUSH_SECONDS``), change-log lines before the
        manifest lines that point at them, so that the parent never waits on the disk for
        each small file; a killed run only redoes the inputs of its last batch. ``size`` is
        the output's size when the caller knows it (else the file is asked).
        """
        self._end += block.length
        key = entry["output"]
        if key in self.entries:
            self.dirty = True
            del self.entries[key]
        entry = {**entry, "size": _size(self.out / key) if size is None else size, "config": self.config, "changes": block.span()}
        self.entries[key] = entry
        self._valid[key] = True
        self._manifest.write(json_line(entry))
        if time.monotonic() - self._flushed >= FLUSH_SECONDS:
            self.flush()

    def flush(self) -> None:
        self._changes.flush()
        self._manifest.flush()
        self._flushed = time.monotonic()

    def close(self, *, compact: bool) -> None:
        """Close both files; ``compact`` (after a complete run) drops dead lines and entries."""
        try:
            self._changes.close()
        finally:
            self._manifest.close()
        if compact and self.dirty:
            self._compact()

    def release(self) -> None:
        """Let another run use the folder: the lock file is emptied (a full one means a run stopped without this)."""
        with suppress(OSError):
            self._lock.truncate(0)
        self._lock.close()

    def _compact(self) -> None:
        live = [key for key in self.entries if (self.out / key).is_file() and self._block_valid(key)]
        entries = []
        with atomic_output(self.changes_path, compress=False) as new, self.changes_path.open("rb") as old:
            offset = 0
            for key in live:
                entry = self.entries[key]
                start, length, digest = entry["changes"]
                old.seek(start)
                _copy(old, new, length)
                entries.append({**entry, "changes": [offset, length, digest]})
                offset += length
        with atomic_output(self.manifest_path, compress=False) as handle:
            handle.writelines(json_line(entry) for entry in entries)


def _lock(out: Path) -> tuple[BinaryIO, str | None]:
    """Hold ``out``'s lock file, and say who held it last if that run stopped without letting go.

    ``lockf`` locks belong to the process: the kernel drops them when it dies, however it
    dies, so a lock left by a killed run is simply taken; worker processes do not inherit it.
    """
    handle = os.fdopen(os.open(out / LOCK, os.O_RDWR | os.O_CREAT, 0o644), "r+b")
    try:
        fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        holder = handle.read().decode("utf-8", "replace").strip() or "a process that has not said which"
        handle.close()
        raise FolderBusy(
            f"{out} is being written by another cleaner run ({holder}); wait for it to end, or give another -o folder"
        ) from exc
    previous = handle.read().decode("utf-8", "replace").strip() or None
    handle.seek(0)
    handle.truncate()
    handle.write(f"pid {os.getpid()} on {socket.gethostname()}, started {time.strftime('%Y-%m-%d %H:%M:%S')}\n".encode())
    handle.flush()
    return handle, previous


def _ends_a_line(path: Path) -> bool:
    with path.open("rb") as handle:
        handle.seek(-1, os.SEEK_END)
        return handle.read(1) == b"\n"


def _size(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except OSError:
        return None


def _hash_range(handle: BinaryIO, length: int) -> str:
    digest = hashlib.blake2b(digest_size=16)
    while length > 0 and (piece := handle.read(min(length, COPY_BYTES))):
        digest.update(piece)
        length -= len(piece)
    return digest.hexdigest() if length == 0 else ""


def _copy(source: BinaryIO, target: BinaryIO, length: int) -> None:
    while length > 0 and (piece := source.read(min(length, COPY_BYTES))):
        target.write(piece)
        length -= len(piece)
