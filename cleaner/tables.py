"""Word tables in a compact form that loads in one read: built once per machine, then reused.

Building the lexicon's tables from their sources (wordfreq's word list, symspellpy's
dictionary and bigram files) imports wordfreq and takes one or two seconds. A
``TableStore`` writes what it built to one file in the user cache folder
(``~/.cache/cleaner/`` on Linux, where ``platformdirs`` says elsewhere;
``CLEANER_CACHE_DIR`` overrides it), and every later process memory-maps that file and
unmarshals each table on first use. Nothing is ever fetched from the network.

The file name carries a key of everything the tables depend on: the source files (path,
size, modification time), the code that builds them, this file format and the Python
that wrote them. An upgrade of any of them is a new key, so a stale file is never read;
files of other keys are removed once the new one is written. A table whose bytes do not
match their checksum, or a file that cannot be parsed, is rebuilt. The file is written
to a temporary name and renamed into place, and builders take a lock, so two processes
that build at once neither corrupt the file nor both build it. When the folder cannot be
written, the tables are built in memory for this process, with one warning.
"""

from __future__ import annotations

import contextlib
import json
import marshal
import mmap
import os
import sys
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from hashlib import sha256
from pathlib import Path
from typing import Any, TextIO

#: The layout of a table file; bump it when the layout changes.
FORMAT = 1
MAGIC = b"cleaner-tables\n"
#: Set this to put the cache elsewhere (tests, read-only homes, shared machines).
CACHE_ENV = "CLEANER_CACHE_DIR"

#: Builds one table; may ask the store for other tables (they are built first).
Builder = Callable[["TableStore"], Any]


def cache_dir() -> Path:
    """The user cache folder for ``cleaner`` (``$CLEANER_CACHE_DIR`` when set)."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override)
    from platformdirs import user_cache_dir  # only when the environment does not say

    return Path(user_cache_dir("cleaner", appauthor=False))


def table_key(sources: Sequence[Path], code: Sequence[Path]) -> str:
    """A short hash of what the tables depend on; cheap enough for every process start.

    Source files count by path, size and modification time (a new package version ships
    new files); code files by content, so an edit to how a table is built builds it anew.
    """
    digest = sha256(f"{FORMAT} {sys.implementation.cache_tag} {marshal.version}".encode())
    for path in sources:
        stat = path.stat()
        digest.update(f"\0{path}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
    for path in code:
        digest.update(b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


class TableStore:
    """Named tables, each built by its ``Builder``, cached in one file per key.

    ``table(name)`` returns the table, from memory, from the cache file, or built (all
    tables at once, announced on ``stream`` in one line). Tables must be marshal-able:
    dicts, sets, frozensets, tuples, strings and numbers.
    """

    def __init__(
        self,
        name: str,
        builders: Mapping[str, Builder],
        key: str,
        folder: Path | None = None,
        stream: TextIO | None = None,
    ) -> None:
        self.builders = builders
        self.key = key
        self.folder = folder if folder is not None else cache_dir()
        self.stem = name
        self.path = self.folder / f"{name}-{key}.tables"
        self.stream = stream
        self._tables: dict[str, Any] = {}
        self._index: dict[str, tuple[int, int, int]] | None = None
        self._data: bytes | mmap.mmap | None = None
        self._building = False

    def table(self, name: str) -> Any:
        """The table ``name``, loaded from the cache file or built on first use."""
        try:
            return self._tables[name]
        except KeyError:
            pass
        if self._building:  # a builder asks for a table it depends on
            self._tables[name] = self.builders[name](self)
            return self._tables[name]
        value = self._read(name)
        if value is None:
            self._rebuild()
            value = self._tables[name]
        self._tables[name] = value
        return value

    def _read(self, name: str) -> Any | None:
        """``name`` from the cache file, or None when the file is missing, stale or damaged."""
        if self._index is None and not self._open():
            return None
        assert self._index is not None and self._data is not None
        entry = self._index.get(name)
        if entry is None:
            return None
        offset, length, checksum = entry
        view = memoryview(self._data)[offset : offset + length]
        try:
            if len(view) != length or zlib.crc32(view) != checksum:
                return None
            return marshal.loads(view)
        except (EOFError, ValueError, TypeError):
            return None
        finally:
            view.release()

    def _open(self) -> bool:
        """Map the cache file and read its index; False (and nothing kept) when it is unusable."""
        try:
            with self.path.open("rb") as handle:
                try:
                    data: bytes | mmap.mmap = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
                except (OSError, ValueError):  # an empty file, or a system without mmap for it
                    data = handle.read()
        except OSError:
            return False
        index = _parse_index(data, self.key)
        if index is None:
            return False
        self._data, self._index = data, index
        return True

    def _rebuild(self) -> None:
        """Build every table, write the cache file when the folder allows it, keep them all in memory."""
        problem = _unwritable(self.folder)
        if problem is not None:
            self._say(f"cannot write the table cache in {self.folder} ({problem}); building the word tables in memory")
            self._tables = self._build_all()
            return
        with _locked(self.folder / f".{self.stem}.lock"):
            # Another process may have built the file while this one waited for the lock.
            self._index = self._data = None
            if self._open():
                found = {name: self._read(name) for name in self.builders}
                if all(value is not None for value in found.values()):
                    self._tables = found
                    return
            self._say(f"building the word tables in {self.path} (once per machine and version; a few seconds)")
            self._tables = self._build_all()
            try:
                self._write()
            except OSError as exc:
                self._say(f"cannot write the table cache {self.path} ({exc.strerror or exc}); the tables stay in memory")

    def _build_all(self) -> dict[str, Any]:
        """Every table, built from its sources (a table a builder asks for is built first)."""
        self._tables, self._building = {}, True
        try:
            for name in self.builders:
                self.table(name)
        finally:
            self._building = False
        return self._tables

    def _write(self) -> None:
        payloads = {name: marshal.dumps(self._tables[name]) for name in self.builders}
        index: dict[str, tuple[int, int, int]] = {}
        offset = 0
        for name, payload in payloads.items():
            index[name] = (offset, len(payload), zlib.crc32(payload))
            offset += len(payload)
        header = json.dumps({"key": self.key, "tables": index}).encode() + b"\n"
        import tempfile  # only when writing: it imports random and shutil

        handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=f".{self.stem}-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(MAGIC + header)
                for payload in payloads.values():
                    out.write(payload)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        for old in self.folder.glob(f"{self.stem}-*.tables"):
            if old != self.path:
                with contextlib.suppress(OSError):
                    old.unlink()

    def _say(self, message: str) -> None:
        print(f"cleaner: {message}", file=self.stream or sys.stderr, flush=True)


def _parse_index(data: bytes | mmap.mmap, key: str) -> dict[str, tuple[int, int, int]] | None:
    """The table index of a cache file with offsets made absolute, or None when it is not ours."""
    if data[: len(MAGIC)] != MAGIC:
        return None
    end = data.find(b"\n", len(MAGIC))
    if end == -1:
        return None
    try:
        header = json.loads(bytes(data[len(MAGIC) : end]))
        if header["key"] != key:
            return None
        base = end + 1
        return {name: (base + int(offset), int(length), int(crc)) for name, (offset, length, crc) in header["tables"].items()}
    except (ValueError, KeyError, TypeError):
        return None


def _unwritable(folder: Path) -> str | None:
    """Why files cannot be created in ``folder`` (made if missing), or None when they can."""
    import tempfile

    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        return exc.strerror or str(exc)
    return None


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` where the system has ``flock``; otherwise go on unlocked.

    Without the lock two builders only both build: each renames a complete file into place.
    """
    try:
        import fcntl
    except ImportError:  # Windows
        yield
        return
    try:
        handle = path.open("a")
    except OSError:
        yield
        return
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
