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
of the files of other keys the newest few stay (another checkout or version may use them). A table whose bytes do not
match their checksum, or a file that cannot be parsed, is rebuilt. The file is written
to a temporary name and renamed into place, and builders take a lock, so two processes
that build at once neither corrupt the file nor both build it. When the folder cannot be
written, the tables are built in memory for this process, with one warning.

The same folder keeps the compiled form of a module's ``regex`` patterns (``PatternCache``).
"""

from __future__ import annotations

import contextlib
import json
import marshal
import mmap
import os
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from functools import partial
from hashlib import sha256
from pathlib import Path
from typing import Any, TextIO

import regex

#: The layout of a table file; bump it when the layout changes. 2: the index is marshalled, not JSON.
FORMAT = 2
MAGIC = b"cleaner-tables\n"
#: Set this to put the cache elsewhere (tests, read-only homes, shared machines).
CACHE_ENV = "CLEANER_CACHE_DIR"

#: Builds one table; may ask the store for other tables (they are built first).
Builder = Callable[["TableStore"], Any]
#: The first bytes of a file of compiled patterns; bump the digit when its layout changes.
PATTERNS_MAGIC = b"cleaner-patterns 1\n"
#: Files of this many keys stay in the folder: two checkouts or versions in use do not rebuild in turn.
KEEP = 3
#: A sharded table is stored in this many pieces by a stable hash of the key (a power of two).
SHARDS = 1024


def cache_dir() -> Path:
    """The user cache folder for ``cleaner`` (``$CLEANER_CACHE_DIR`` when set)."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override)
    if sys.platform.startswith("linux"):  # the XDG rule platformdirs follows there, without importing it
        return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "cleaner"
    from platformdirs import user_cache_dir

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
    dicts, sets, frozensets, tuples, strings and numbers. A table named in ``sharded`` (a
    dict with string keys, or a frozenset of strings) is stored in ``SHARDS`` pieces and
    handed out as a ``ShardedTable`` or ``ShardedSet`` that loads only the pieces its
    look-ups reach (one article asks a few dozen words of a table of 300,000), and as the
    whole dict or frozenset once a long run has asked enough; a sharded table also named in
    ``in_pieces`` stays in pieces until every piece is in (a table probed with hundreds of
    keys at once, which one query would otherwise make whole).
    """

    def __init__(
        self,
        name: str,
        builders: Mapping[str, Builder],
        key: str,
        folder: Path | None = None,
        stream: TextIO | None = None,
        sharded: Mapping[str, type[dict] | type[frozenset]] | None = None,
        in_pieces: AbstractSet[str] = frozenset(),
        handed_out: dict[str, Any] | None = None,
    ) -> None:
        self.builders = builders
        self.sharded = dict(sharded or {})
        self.in_pieces = in_pieces
        self.key = key
        self.folder = folder if folder is not None else cache_dir()
        self.stem = name
        self.path = self.folder / f"{name}-{key}.tables"
        self.stream = stream
        # What ``table`` hands out; a caller that passes ``handed_out`` reads its tables from it in one
        # dict access (a sharded table is replaced there by the whole dict once joined).
        self._tables: dict[str, Any] = {} if handed_out is None else handed_out
        self._built: dict[str, Any] = {}  # whole tables built in this process
        self._pieces: dict[str, list[dict[str, Any]]] = {}  # sharded tables built here, in pieces
        self._index: dict[str, tuple[int, int, int]] | None = None  # offsets from ``_base``
        self._base = 0
        self._data: bytes | mmap.mmap | None = None
        self._building = False

    def table(self, name: str) -> Any:
        """The table ``name``, loaded from the cache file or built on first use."""
        if self._building:  # a builder asks for a whole table it depends on
            return self._build(name)
        try:
            return self._tables[name]
        except KeyError:
            pass
        if name in self.sharded:
            kind = ShardedTable if self.sharded[name] is dict else ShardedSet
            whole_after = SHARDS - 1 if name in self.in_pieces else SHARDS // 4
            value: Any = kind(partial(self._shard, name), partial(self._tables.__setitem__, name), whole_after)
        elif name in self._built:
            value = self._built[name]
        else:
            value = self._from_file(name)
            if value is None:
                value = self._built[name]
        self._tables[name] = value
        return value

    def _shard(self, name: str, number: int) -> dict[str, Any]:
        """Piece ``number`` of the sharded table ``name``."""
        if name not in self._built:
            piece = self._from_file(f"{name}/{number}")
            if piece is not None:
                return piece
        if name not in self._pieces:
            self._pieces[name] = split(self._built[name])
        return self._pieces[name][number]

    def _from_file(self, payload: str) -> Any | None:
        """``payload`` from the cache file, made whole first if need be; None when the tables now live in memory."""
        value = self._read(payload)
        if value is None:
            self._rebuild()
            if self._built:
                return None
            value = self._read(payload)
            if value is None:  # the file another process wrote is bad too: stop trusting it
                self._built = self._build_all()
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
        offset += self._base
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
        parsed = _parse_index(data, self.key)
        if parsed is None:
            return False
        self._data, (self._index, self._base) = data, parsed
        return True

    def _rebuild(self) -> None:
        """Make the cache file whole again, or, where it cannot be written, build every table in memory.

        When another process has just written a whole file, that file is used; otherwise
        every table is built (and kept in memory) and the file written.
        """
        problem = _unwritable(self.folder)
        if problem is not None:
            self._say(f"cannot write the table cache in {self.folder} ({problem}); building the word tables in memory")
            self._built = self._build_all()
            return
        with _locked(self.folder / f".{self.stem}.lock"):
            # Another process may have built the file while this one waited for the lock.
            self._index = self._data = None
            if self._open() and all(self._read(name) is not None for name in self._payload_names()):
                return
            self._say(f"building the word tables in {self.path} (once per machine and version; a few seconds)")
            self._built = self._build_all()
            try:
                self._write()
            except OSError as exc:
                self._say(f"cannot write the table cache {self.path} ({exc.strerror or exc}); the tables stay in memory")

    def _build_all(self) -> dict[str, Any]:
        """Every table, built from its sources (a table a builder asks for is built first)."""
        self._built, self._building = {}, True
        try:
            for name in self.builders:
                self._build(name)
        finally:
            self._building = False
        return self._built

    def _build(self, name: str) -> Any:
        if name not in self._built:
            self._built[name] = self.builders[name](self)
        return self._built[name]

    def _payload_names(self) -> list[str]:
        return [piece for name in self.builders for piece in _pieces_of(name, name in self.sharded)]

    def _write(self) -> None:
        payloads: dict[str, bytes] = {}
        for name in self.builders:
            if name in self.sharded:
                self._pieces[name] = split(self._built[name])
                payloads.update((f"{name}/{number}", marshal.dumps(piece)) for number, piece in enumerate(self._pieces[name]))
            else:
                payloads[name] = marshal.dumps(self._built[name])
        index: dict[str, tuple[int, int, int]] = {}
        offset = 0
        for name, payload in payloads.items():
            index[name] = (offset, len(payload), zlib.crc32(payload))
            offset += len(payload)
        packed = marshal.dumps(index)
        header = json.dumps({"key": self.key, "index": [len(packed), zlib.crc32(packed)]}).encode() + b"\n"
        _write_whole(self.path, [MAGIC + header + packed, *payloads.values()])
        self._prune()

    def _prune(self) -> None:
        """Remove all but the ``KEEP`` newest files of other keys (other versions, other checkouts)."""
        others = []
        for path in self.folder.glob(f"{self.stem}-*.tables"):
            with contextlib.suppress(OSError):
                if path != self.path:
                    others.append((path.stat().st_mtime, path))
        for _, old in sorted(others, reverse=True)[KEEP - 1 :]:
            with contextlib.suppress(OSError):
                old.unlink()

    def _say(self, message: str) -> None:
        print(f"cleaner: {message}", file=self.stream or sys.stderr, flush=True)


class PatternCache:
    """The ``regex`` patterns of one module, compiled once per machine and handed back by later processes.

    ``regex`` parses and compiles a pattern in Python: the headers stage's few dozen large
    patterns cost a tenth of a second at every start. What a compiled pattern is made of (its
    ``_pickled_data``: text, flags and code, all plain data) goes to a file in the cache
    folder; a later process gives it to ``regex``'s C constructor, as unpickling a pattern
    does, and gets the same pattern without parsing. Entries are found by pattern text and
    flags, so an edited pattern is compiled anew; the file name carries the ``regex`` version,
    its default version flag and the Python, so an upgrade never reads code of another
    version. The file is a cache: when it is missing, damaged or cannot be written, the
    patterns are compiled as usual.
    """

    def __init__(self, name: str, folder: Path | None = None) -> None:
        tag = f"{regex.__version__} {regex.DEFAULT_VERSION} {sys.implementation.cache_tag} {marshal.version}"
        key = sha256(tag.encode()).hexdigest()[:16]
        self.path = (folder if folder is not None else cache_dir()) / f"{name}-{key}.patterns"
        self._stored = _read_patterns(self.path)
        #: The patterns asked for, by text and flags, and what each is made of.
        self.compiled: dict[tuple[str, int], tuple[Any, ...]] = {}
        self._missed = False
        self.loaded = 0  # patterns handed back from the file

    def compile(self, pattern: str, flags: int = 0) -> regex.Pattern[str]:
        """``regex.compile(pattern, flags)``, from the file when it holds that pattern."""
        key = (pattern, int(flags))  # an int: marshal takes no ``RegexFlag``
        data = self._stored.get(key)
        if data is not None:
            with contextlib.suppress(TypeError, ValueError, IndexError, RuntimeError):
                compiled: regex.Pattern[str] = regex._regex.compile(*data)
                self.compiled[key] = data
                self.loaded += 1
                return compiled
        compiled = regex.compile(pattern, flags)
        self.compiled[key] = compiled._pickled_data
        self._missed = True
        return compiled

    def save(self) -> None:
        """Write the patterns compiled so far, when some were not in the file (once per machine)."""
        if not self._missed:
            return
        payload = marshal.dumps(self.compiled)
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            _write_whole(self.path, [PATTERNS_MAGIC + zlib.crc32(payload).to_bytes(4, "big"), payload])
        self._stored, self._missed = dict(self.compiled), False


def _read_patterns(path: Path) -> dict[tuple[str, int], tuple[Any, ...]]:
    """The compiled patterns a ``PatternCache`` file holds; nothing when it is missing or damaged."""
    try:
        data = path.read_bytes()
    except OSError:
        return {}
    start = len(PATTERNS_MAGIC) + 4
    checksum = int.from_bytes(data[start - 4 : start], "big")
    if data[: len(PATTERNS_MAGIC)] != PATTERNS_MAGIC or zlib.crc32(data[start:]) != checksum:
        return {}
    try:
        stored = marshal.loads(data[start:])
    except (EOFError, ValueError, TypeError):
        return {}
    return stored if isinstance(stored, dict) else {}


class _Pieces:
    """A table kept in ``SHARDS`` pieces, each loaded on the first look-up that reaches it.

    Once more than ``whole_after`` pieces are in (a quarter, by default), the rest load too
    and the pieces become one table, handed to ``on_whole`` (the store then gives that out):
    a long run looks words up at C speed, a short one loads only what it asked.
    """

    __slots__ = ("_count", "_load", "_on_whole", "_pieces", "_whole", "_whole_after")

    def __init__(self, load: Callable[[int], Any], on_whole: Callable[[Any], None], whole_after: int = SHARDS // 4) -> None:
        self._load = load
        self._on_whole = on_whole
        self._whole_after = whole_after
        self._pieces: list[Any] = [None] * SHARDS
        self._count = 0
        self._whole: Any = None

    def _piece(self, key: str) -> Any:
        if self._whole is not None:
            return self._whole
        return self._loaded(shard_of(key))

    def _loaded(self, number: int) -> Any:
        piece = self._pieces[number]
        if piece is None:
            piece = self._pieces[number] = self._load(number)
            self._count += 1
            if self._count > self._whole_after:
                self._join()
        return piece

    def _join(self) -> None:
        """Gather every piece into one table, letting go of each piece as it is taken in."""
        whole = self._empty()
        for number in range(SHARDS):
            piece, self._pieces[number] = self._pieces[number], None
            whole.update(self._load(number) if piece is None else piece)
        self._whole = self._frozen(whole)
        self._on_whole(self._whole)

    def _empty(self) -> Any:
        raise NotImplementedError

    def _frozen(self, whole: Any) -> Any:
        return whole

    def _all(self) -> Any:
        if self._whole is None:
            self._join()
        return self._whole

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


class ShardedTable(_Pieces, Mapping[str, Any]):
    """A read-only dict with string keys, loaded piece by piece (see ``_Pieces``)."""

    __slots__ = ()

    def _empty(self) -> dict[str, Any]:
        return {}

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        return self._piece(key).get(key, default)

    def __getitem__(self, key: str) -> Any:
        return self._piece(key)[key]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in self._piece(key)

    def found(self, keys: Iterable[str]) -> list[Any]:
        """The values the table holds under any of ``keys`` that are true, in order of the keys.

        One call for a search that asks hundreds of keys at once: at C speed once the table
        is whole, and without a method call per key for the piece while it is not.
        """
        if self._whole is not None:
            return list(filter(None, map(self._whole.get, keys)))
        pieces, values = self._pieces, []
        for key in keys:
            piece = self._whole
            if piece is None:
                number = shard_of(key)
                piece = pieces[number]
                if piece is None:
                    piece = self._loaded(number)
            value = piece.get(key)
            if value:
                values.append(value)
        return values


class ShardedSet(_Pieces, AbstractSet[str]):
    """A frozen set of strings, loaded piece by piece (see ``_Pieces``)."""

    __slots__ = ()

    def _empty(self) -> set[str]:
        return set()

    def _frozen(self, whole: Any) -> frozenset[str]:
        return frozenset(whole)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in self._piece(key)


def values_under(table: Mapping[str, Any], keys: Iterable[str]) -> list[Any]:
    """The true values ``table`` holds under any of ``keys``: a ``ShardedTable`` hands its pieces
    over whole once joined (the store then gives out the dict), so a caller may hold either."""
    if isinstance(table, ShardedTable):
        return table.found(keys)
    return list(filter(None, map(table.get, keys)))


def shard_of(key: str) -> int:
    """The piece of a sharded table that holds ``key``: a hash that is the same in every process."""
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) & (SHARDS - 1)


def split(table: Mapping[str, Any] | AbstractSet[str]) -> list[Any]:
    """A dict or a set cut into ``SHARDS`` pieces by ``shard_of`` (frozensets for a set)."""
    if isinstance(table, Mapping):
        pieces: list[dict[str, Any]] = [{} for _ in range(SHARDS)]
        for key, value in table.items():
            pieces[shard_of(key)][key] = value
        return pieces
    members: list[list[str]] = [[] for _ in range(SHARDS)]
    for key in table:
        members[shard_of(key)].append(key)
    return [frozenset(part) for part in members]


def _pieces_of(name: str, sharded: bool) -> list[str]:
    return [f"{name}/{number}" for number in range(SHARDS)] if sharded else [name]


def _parse_index(data: bytes | mmap.mmap, key: str) -> tuple[dict[str, tuple[int, int, int]], int] | None:
    """The table index of a cache file and where its tables start, or None when it is not ours or damaged.

    The header line holds the key and the length and checksum of the index after it; the
    index is marshalled (thousands of pieces: JSON took a tenth of a cold start to read).
    """
    if data[: len(MAGIC)] != MAGIC:
        return None
    end = data.find(b"\n", len(MAGIC))
    if end == -1:
        return None
    try:
        header = json.loads(bytes(data[len(MAGIC) : end]))
        if header["key"] != key:
            return None
        length, checksum = (int(number) for number in header["index"])
        packed = data[end + 1 : end + 1 + length]
        if len(packed) != length or zlib.crc32(packed) != checksum:
            return None
        index = marshal.loads(packed)
    except (ValueError, KeyError, TypeError, EOFError):
        return None
    return (index, end + 1 + length) if isinstance(index, dict) else None


def _write_whole(path: Path, chunks: Iterable[bytes]) -> None:
    """Write ``chunks`` through ``io.atomic_output``: a reader finds the old file or the whole new one, and two
    writers at once each put a whole file there. Private, as the temporary files the store wrote before were."""
    from cleaner.io import atomic_output  # only when writing: it imports what reading the tables never needs

    with atomic_output(path, compress=False, mode=0o600) as out:
        for chunk in chunks:
            out.write(chunk)


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
