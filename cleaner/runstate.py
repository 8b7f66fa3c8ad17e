"""What a batch run keeps in its output folder so that the next run can resume.

``manifest.jsonl`` has one line per finished input: its output path, the content hash
of the input, the hash of everything that decides the output (configuration, protected
words, the cleaner's own code) and where its lines sit in ``changes.jsonl``. Lines are
appended and flushed the moment an input's output is in place, so a killed run loses
no finished input; its next run skips every input whose content and configuration
hashes still match. The change-log lines of an input are written before its manifest
line, and each manifest line records the byte range and hash of its block: blocks
nobody committed (a run killed half-way) or that a later run superseded are dropped
when a complete run compacts both files at its end.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from importlib import resources
from pathlib import Path
from typing import Any, BinaryIO

from cleaner.config import Config
from cleaner.io import atomic_output

MANIFEST, CHANGES, SUMMARY, REPORT = "manifest.jsonl", "changes.jsonl", "summary.json", "report.html"
#: Files of the run itself; no input may be written over them.
RUN_FILES = frozenset({MANIFEST, CHANGES, SUMMARY, REPORT})
_COPY_BYTES = 1 << 20


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def file_hash(path: Path) -> str:
    """``content_hash`` of a file of any size, read in pieces."""
    digest = hashlib.blake2b(digest_size=16)
    with path.open("rb") as handle:
        while piece := handle.read(_COPY_BYTES):
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

    def write(self, text: str) -> None:
        data = text.encode("utf-8")
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
        self._load()
        out.mkdir(parents=True, exist_ok=True)
        self._changes = self.changes_path.open("ab")
        self._end = self._changes.tell()
        if self._end > max((sum(e["changes"][:2]) for e in self.entries.values()), default=0):
            self.dirty = True  # lines of an input that never finished
        self._manifest = self.manifest_path.open("a", encoding="utf-8")

    def _load(self) -> None:
        try:
            lines = self.manifest_path.read_text(encoding="utf-8").splitlines()
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

    def commit(self, entry: dict[str, Any], block: Block) -> None:
        """Record one finished input: its change-log lines first, then its manifest line."""
        self._changes.flush()
        self._end += block.length
        key = entry["output"]
        if key in self.entries:
            self.dirty = True
            del self.entries[key]
        entry = {**entry, "size": _size(self.out / key), "config": self.config, "changes": block.span()}
        self.entries[key] = entry
        self._valid[key] = True
        self._manifest.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self._manifest.flush()

    def close(self, *, compact: bool) -> None:
        """Close both files; ``compact`` (after a complete run) drops dead lines and entries."""
        self._changes.close()
        self._manifest.close()
        if compact and self.dirty:
            self._compact()

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
        manifest = "".join(json.dumps(entry, ensure_ascii=False) + "\n" for entry in entries)
        with atomic_output(self.manifest_path, compress=False) as handle:
            handle.write(manifest.encode("utf-8"))


def _size(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except OSError:
        return None


def _hash_range(handle: BinaryIO, length: int) -> str:
    digest = hashlib.blake2b(digest_size=16)
    while length > 0 and (piece := handle.read(min(length, _COPY_BYTES))):
        digest.update(piece)
        length -= len(piece)
    return digest.hexdigest() if length == 0 else ""


def _copy(source: BinaryIO, target: BinaryIO, length: int) -> None:
    while length > 0 and (piece := source.read(min(length, _COPY_BYTES))):
        target.write(piece)
        length -= len(piece)
