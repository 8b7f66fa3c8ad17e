"""Reading inputs safely, decoding legacy encodings, and writing outputs atomically.

Compressed corpora (``.gz``, ``.zst``) are read and written transparently by suffix.
"""

from __future__ import annotations

import fnmatch
import gzip
import io
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import BinaryIO

from cleaner.encoding import EncodingError, decode_legacy, decode_unicode

#: Inputs larger than this are refused unless the caller raises the limit.
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
TEXT_SUFFIXES = (".txt", ".md", ".markdown")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
COMPRESSION_SUFFIXES = {".gz": "gzip", ".zst": "zstd", ".zstd": "zstd"}


class InputError(Exception):
    """An input that cannot be cleaned; the message is one line that names it.

    ``skipped`` marks inputs that are not text to clean (binary, empty) rather than
    broken ones: they are reported but do not fail the run.
    """

    def __init__(self, message: str, *, skipped: bool = False) -> None:
        super().__init__(message)
        self.skipped = skipped


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from bytes, and how: ``note`` says so when the encoding was guessed."""

    text: str
    encoding: str
    note: str | None = None


def decode_bytes(data: bytes, name: str) -> Decoded:
    """The text of a file's bytes, decoded as news files are really encoded, never on a whim.

    In order: a byte-order mark (UTF-8, UTF-16, UTF-32); UTF-16 without one when every
    other byte is NUL; binary data (NUL bytes) is refused; UTF-8; then one legacy encoding
    that explains the bytes clearly better than the others, Windows-1252 first
    (``cleaner.encoding``). Bytes that no encoding explains, or that several explain
    about as well, raise ``InputError`` naming the input and the candidates.

    >>> decode_bytes("Café".encode(), "a.txt").encoding
    'utf-8'
    >>> d = decode_bytes("The café’s naïve menu — déjà vu, again.".encode("cp1252"), "a.txt")
    >>> d.text, d.encoding, d.note
    ('The café’s naïve menu — déjà vu, again.', 'cp1252', 'a.txt: not valid UTF-8 (byte 0xe9 at offset 7); decoded as cp1252')
    """
    unicode = decode_unicode(data)
    if unicode is not None:
        text, encoding, guessed = unicode
        note = f"{name}: no byte-order mark, but a NUL in every other byte; decoded as {encoding}" if guessed else None
        return Decoded(text, encoding, note)
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: binary file (contains NUL bytes), skipped", skipped=True)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        where = f"byte 0x{data[exc.start]:02x} at offset {exc.start}"
    try:
        encoding = decode_legacy(data)
    except EncodingError as exc:
        raise InputError(f"{name}: not valid UTF-8 ({where}) and {exc}") from None
    return Decoded(data.decode(encoding), encoding, f"{name}: not valid UTF-8 ({where}); decoded as {encoding}")


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of ``path``, or an ``InputError`` that names it and says why not."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(f"{path}: too large ({size:,} bytes; the limit is {max_bytes:,}, see --max-bytes)")
        return path.read_bytes()
    except IsADirectoryError as exc:
        raise InputError(f"{path}: is a directory") from exc
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such file") from exc
    except PermissionError as exc:
        raise InputError(f"{path}: permission denied") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from exc


def read_text(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Decoded:
    """The text of ``path`` and how it was decoded; the caller shows ``note`` when there is one."""
    return decode_bytes(read_bytes(path, max_bytes), str(path))


def compression_of(path: Path | str) -> str | None:
    """``gzip``, ``zstd`` or ``None``, by the last suffix."""
    return COMPRESSION_SUFFIXES.get(Path(path).suffix.lower())


def is_jsonl(path: Path | str) -> bool:
    """Whether a name is a JSONL corpus, compressed or not (``a.jsonl``, ``a.jsonl.zst``)."""
    name = Path(path).name.lower()
    for suffix in COMPRESSION_SUFFIXES:
        name = name.removesuffix(suffix)
    return name.endswith(JSONL_SUFFIXES)


@contextmanager
def open_input(path: Path) -> Iterator[tuple[BinaryIO, BinaryIO]]:
    """(decompressed stream, raw file): the raw file's ``tell()`` measures progress."""
    with path.open("rb") as raw:
        kind = compression_of(path)
        if kind == "gzip":
            stream: BinaryIO = gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[assignment]
        elif kind == "zstd":
            import zstandard

            reader = zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True, closefd=False)
            stream = io.BufferedReader(reader, buffer_size=1 << 20)  # type: ignore[arg-type]
        else:
            stream = raw
        with stream:
            yield stream, raw


class AtomicFile:
    """A file that appears at ``path`` only on ``commit()``; ``abort()`` leaves no trace.

    Writes go to a hidden temporary file in the same folder (so the final rename is
    atomic on POSIX), compressed by ``path``'s suffix when ``compress``. ``path`` never
    holds half a file, whenever the process stops. A new file gets the usual
    permissions (umask applied); a replaced one keeps its own.
    """

    def __init__(self, path: Path, *, compress: bool = True, sync: bool = True) -> None:
        self.path = path
        self.sync = sync
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        self._tmp = Path(tmp)
        self._raw = os.fdopen(fd, "wb")
        kind = compression_of(path) if compress else None
        self._compressor: BinaryIO | None = None
        if kind == "gzip":
            self._compressor = gzip.GzipFile(fileobj=self._raw, mode="wb", compresslevel=6, mtime=0)  # type: ignore[assignment]
        elif kind == "zstd":
            import zstandard

            self._compressor = zstandard.ZstdCompressor(level=3).stream_writer(self._raw, closefd=False)  # type: ignore[assignment]
        self.stream: BinaryIO = self._compressor or self._raw

    def commit(self) -> None:
        try:
            if self._compressor is not None:
                self._compressor.close()
            self._raw.flush()
            if self.sync:
                os.fsync(self._raw.fileno())
            self._raw.close()
            mode = self.path.stat().st_mode & 0o7777 if self.path.exists() else 0o666 & ~_umask()
            os.chmod(self._tmp, mode)
            os.replace(self._tmp, self.path)
        except BaseException:
            self.abort()
            raise

    def abort(self) -> None:
        self._raw.close()
        self._tmp.unlink(missing_ok=True)


@cache
def _umask() -> int:
    """The process umask (read once: reading it means setting it)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextmanager
def atomic_output(path: Path, *, compress: bool = True, sync: bool = True) -> Iterator[BinaryIO]:
    """``AtomicFile`` as a block: committed when the block succeeds, aborted otherwise."""
    file = AtomicFile(path, compress=compress, sync=sync)
    try:
        yield file.stream
    except BaseException:
        file.abort()
        raise
    file.commit()


def atomic_write(path: Path, text: str, *, sync: bool = True) -> None:
    """Write ``text`` so that ``path`` holds either the old or the new content, never half.

    ``sync=False`` skips the fsync: still atomic for any crash of the process, but after
    a power failure the file may be empty (batch runs check sizes instead; see runstate).
    Devices and pipes (``/dev/stdout``) are written through, never replaced, and a
    symlink keeps pointing at the file it names.
    """
    if writes_through(path):
        with path.open("a", encoding="utf-8", newline="") as handle:
            handle.write(text)
        return
    with atomic_output(path.resolve(), compress=False, sync=sync) as stream:
        stream.write(text.encode("utf-8"))


#: Paths that name an open stream of this process rather than a file.
STREAM_ALIASES = ("/dev/stdout", "/dev/stderr", "/dev/fd/", "/proc/self/fd/")


def writes_through(path: Path) -> bool:
    """Whether ``path`` is stdout (``-``), a device, a pipe or a stream alias (``/dev/stdout``).

    Such a path is written to as it is, never replaced: renaming over ``/dev/stdout`` would
    swap the file a shell redirected the stream to.
    """
    if str(path) == "-" or str(path.absolute()).startswith(STREAM_ALIASES):
        return True
    return path.exists() and not path.is_file()


def stale_temporaries(path: Path) -> list[Path]:
    """Temporary files ``atomic_output`` left for ``path`` when a process was killed."""
    return sorted(path.parent.glob(f".{path.name}.*.tmp")) if path.parent.is_dir() else []


def is_markdown(path: Path | str) -> bool:
    return str(path).lower().endswith((".md", ".markdown"))


def find_inputs(folder: Path, include: tuple[str, ...] = (), exclude: tuple[str, ...] = ()) -> list[Path]:
    """Files under ``folder`` to clean, sorted; hidden files and folders skipped.

    ``include`` defaults to text and Markdown files. A pattern without ``/`` matches a
    name (for ``exclude``, any folder name on the way too); one with ``/`` matches the
    path relative to ``folder``, as in ``drafts/*.txt``.
    """
    include = include or tuple(f"*{suffix}" for suffix in TEXT_SUFFIXES)
    found = []
    for path in folder.rglob("*"):
        relative = path.relative_to(folder)
        parts = relative.parts
        if any(part.startswith(".") for part in parts) or not path.is_file():
            continue
        rel = relative.as_posix()
        if _matches_any(rel, parts[-1:], include) and not _matches_any(rel, parts, exclude):
            found.append(path)
    return sorted(found)


def _matches_any(rel: str, names: tuple[str, ...], patterns: tuple[str, ...]) -> bool:
    """Case-insensitive, so ``*.txt`` also finds ``NOTES.TXT``."""
    for pattern in (p.lower() for p in patterns):
        if "/" in pattern:
            if fnmatch.fnmatchcase(rel.lower(), pattern.strip("/")):
                return True
        elif any(fnmatch.fnmatchcase(name.lower(), pattern) for name in names):
            return True
    return False
