"""Reading inputs safely, decoding legacy encodings, and writing outputs atomically.

Compressed corpora (``.gz``, ``.zst``) are read and written transparently by suffix.
"""

from __future__ import annotations

import errno
import fnmatch
import gzip
import io
import json
import os
import re
import shutil
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO

from cleaner.encoding import EncodingError, decode_legacy, decode_unicode

#: Inputs larger than this are refused unless the caller raises the limit: 10 MB, the largest size
#: ``bench.stress`` checks, where every hostile input it knows finishes within the stage budgets.
DEFAULT_MAX_BYTES = 10_000_000
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
    """The bytes of ``path``, or an ``InputError`` that names it and says why not.

    At most ``max_bytes`` are read whatever the file is: a device such as ``/dev/zero``
    reports size 0 and never ends. A FIFO without a writer reads as empty instead of
    waiting for one for ever.
    """
    try:
        with open_bounded(path) as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > max_bytes:
                raise too_large(path, f"{size:,} bytes", max_bytes)
            # read(n) allocates n bytes first: ask for the size the file says it has, one more to see it grow
            data = handle.read(size + 1 if size else max_bytes + 1)
            if size and len(data) > size:
                data += handle.read(max_bytes + 1 - len(data))
            if len(data) > max_bytes:
                raise too_large(path, f"more than {max_bytes:,} bytes", max_bytes)
            return data
    except IsADirectoryError as exc:
        raise InputError(f"{path}: is a directory") from exc
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such file") from exc
    except PermissionError as exc:
        raise InputError(f"{path}: permission denied") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from exc


def too_large(path: Path | str, size: str, max_bytes: int) -> InputError:
    """The error for an input over ``--max-bytes``."""
    return InputError(f"{path}: too large ({size}; the limit is {max_bytes:,}, see --max-bytes)")


def open_bounded(path: Path) -> BinaryIO:
    """``path`` opened for reading without waiting: a FIFO with no writer yet reads as empty.

    ``open()`` on a FIFO blocks until some process opens it for writing; opened
    non-blocking it returns at once, and reads block again as usual once a writer is there.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        kind = os.fstat(fd).st_mode
        if stat.S_ISDIR(kind):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if not stat.S_ISREG(kind):  # reads of a regular file never wait anyway
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_text(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Decoded:
    """The text of ``path`` and how it was decoded; the caller shows ``note`` when there is one."""
    return decode_bytes(read_bytes(path, max_bytes), str(path))


def read_stream(stream: BinaryIO, name: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """All of a stream such as stdin, or an ``InputError`` once it holds more than ``max_bytes``."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise too_large(name, f"more than {max_bytes:,} bytes", max_bytes)
    return data


def decode_input(data: bytes, name: str) -> Decoded:
    """The text of one input to clean: an empty one is skipped (nothing to clean), the rest ``decode_bytes``."""
    if not data:
        raise InputError(f"{name}: empty file, skipped", skipped=True)
    return decode_bytes(data, name)


def compression_of(path: Path | str) -> str | None:
    """``gzip``, ``zstd`` or ``None``, by the last suffix."""
    return COMPRESSION_SUFFIXES.get(Path(path).suffix.lower())


def is_jsonl(path: Path | str) -> bool:
    """Whether a name is a JSONL corpus, compressed or not (``a.jsonl``, ``a.jsonl.zst``)."""
    name = os.path.basename(os.fspath(path)).lower()
    for suffix in COMPRESSION_SUFFIXES:
        name = name.removesuffix(suffix)
    return name.endswith(JSONL_SUFFIXES)


@contextmanager
def open_input(path: Path) -> Iterator[tuple[BinaryIO, BinaryIO]]:
    """(decompressed stream, raw file): the raw file's ``tell()`` measures progress.

    A compressed stream that stops before its end raises ``EOFError``, for zstd as for gzip.
    """
    with open_bounded(path) as raw:
        kind = compression_of(path)
        if kind == "gzip":
            stream: BinaryIO = gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[assignment]
        elif kind == "zstd":
            stream = io.BufferedReader(ZstdFrames(raw), buffer_size=1 << 20)  # type: ignore[assignment]
        else:
            stream = raw
        with stream:
            yield stream, raw


def spool_line(stream: BinaryIO, start: bytes, folder: Path | None = None) -> tuple[BinaryIO, int]:
    """The line that begins with ``start`` and goes on in ``stream``, copied piece by piece to a temporary file.

    For a corpus line too long to hold in memory (one JSON record can be 500 MB): the
    returned file, rewound, holds the whole line and ends with a newline (one is added to
    a last line without); the number is the line's length in bytes, its newline aside.
    The file has no name (it goes when closed, or when the process dies) and lives in
    ``folder`` when given: beside the output, not in a ``/tmp`` that may be memory.
    """
    spool: BinaryIO = tempfile.TemporaryFile(dir=folder)  # type: ignore[assignment]  # noqa: SIM115 (the caller closes it)
    try:
        spool.write(start)
        piece = start
        while not piece.endswith(b"\n"):
            piece = stream.readline(COPY_BYTES) or b"\n"  # the end of the file: the line gets its newline
            spool.write(piece)
        size = spool.tell() - 1
        spool.seek(0)
    except BaseException:
        spool.close()
        raise
    return spool, size


class ZstdFrames(io.RawIOBase):
    """The decompressed bytes of every zstd frame in ``raw``; a frame cut short raises ``EOFError``.

    zstandard's own stream reader returns what it has and stops quietly when the file
    ends inside a frame, so a truncated corpus would look complete.
    """

    def __init__(self, raw: BinaryIO) -> None:
        import zstandard

        self._raw = raw
        self._new = zstandard.ZstdDecompressor().decompressobj
        self._frame = self._new()
        self._started = False  # the current frame has had input
        self._pending = b""
        self._offset = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while self._offset == len(self._pending):
            piece = self._raw.read(1 << 18)
            if not piece:
                if self._started:
                    raise EOFError("zstd stream ended before the end of a frame (the file is truncated)")
                return 0
            self._pending, self._offset = self._decompress(piece), 0
        size = min(len(buffer), len(self._pending) - self._offset)
        buffer[:size] = self._pending[self._offset : self._offset + size]
        self._offset += size
        return size

    def _decompress(self, data: bytes) -> bytes:
        out = []
        while data:
            self._started = True
            out.append(self._frame.decompress(data))
            if not self._frame.eof:
                break
            data = self._frame.unused_data
            self._frame, self._started = self._new(), False
        return b"".join(out)


#: How a temporary output file is named: ``.NAME.PID-RANDOM.cleaner.tmp``, PID the writer's.
_TEMPORARY = re.compile(r"^\..*\.(\d+)-[a-z0-9_]{8}\.cleaner\.tmp$")
#: How much of a file or long line is copied at a time.
COPY_BYTES = 1 << 20


class AtomicFile:
    """A file that appears at ``path`` only on ``commit()``; ``abort()`` leaves no trace.

    Writes go to a hidden temporary file in the same folder (so the final rename is
    atomic on POSIX), compressed by ``path``'s suffix when ``compress``. ``path`` never
    holds half a file, whenever the process stops. A new file gets the usual
    permissions (umask applied); a replaced one keeps its own. The temporary file's name
    carries the writer's process id, so that ``remove_stale_temporaries`` can tell the
    files of a process killed outright from those of one still writing.
    """

    def __init__(self, path: Path, *, compress: bool = True, sync: bool = True, mode: int | None = None) -> None:
        self.path = path
        self.sync = sync
        self.mode = mode  # the permissions to give, when the caller knows them (saves asking the file system)
        prefix = f".{path.name[:120]}.{os.getpid()}-"
        try:
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=".cleaner.tmp")
        except FileNotFoundError:  # the folder is not there yet
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=".cleaner.tmp")
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
            os.fchmod(self._raw.fileno(), self._mode())
            self._close(sync=self.sync)
            os.replace(self._tmp, self.path)
        except BaseException:
            self.abort()
            raise

    def commit_in_place(self) -> None:
        """Copy the content into the file at ``path`` itself (``rewrite_in_place``) instead of renaming over it."""
        try:
            self._close(sync=False)
            with self._tmp.open("rb") as content:
                rewrite_in_place(self.path, content)
        finally:
            self.abort()

    def _mode(self) -> int:
        """A replaced file's own permissions; a new file gets the usual ones (umask applied)."""
        if self.mode is not None:
            return self.mode
        try:
            return self.path.stat().st_mode & 0o7777
        except FileNotFoundError:
            return new_file_mode()

    def _close(self, *, sync: bool) -> None:
        if self._compressor is not None:
            self._compressor.close()
        self._raw.flush()
        if sync:
            os.fsync(self._raw.fileno())
        self._raw.close()

    def abort(self) -> None:
        """Delete the temporary file; never raises before it is gone (on a full disk, closing fails too)."""
        try:
            with suppress(OSError, ValueError):
                self._raw.close()
        finally:
            self._tmp.unlink(missing_ok=True)


def remove_stale_temporaries(folder: Path, *, recursive: bool = False) -> None:
    """Delete the temporary files of writers that no longer run (killed outright, power loss).

    Only files named as ``AtomicFile`` names them are touched, and only when the process
    named in them is gone; symlinked folders are not entered.
    """
    for root, _dirs, files in os.walk(folder) if recursive else [(str(folder), [], _names(folder))]:
        for name in files:
            match = _TEMPORARY.match(name)
            if match and not _running(int(match.group(1))):
                with suppress(FileNotFoundError):
                    os.unlink(os.path.join(root, name))


def _names(folder: Path) -> list[str]:
    try:
        return os.listdir(folder)
    except OSError:
        return []


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


@cache
def new_file_mode() -> int:
    """The permissions a new file gets in this process: 0o666 less the umask (read once: reading it means setting it)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


@contextmanager
def atomic_output(path: Path, *, compress: bool = True, sync: bool = True, mode: int | None = None) -> Iterator[BinaryIO]:
    """``AtomicFile`` as a block: committed when the block succeeds, aborted otherwise."""
    file = AtomicFile(path, compress=compress, sync=sync, mode=mode)
    try:
        yield file.stream
    except BaseException:
        file.abort()
        raise
    file.commit()


def atomic_write(path: Path, text: str | bytes, *, sync: bool = True) -> None:
    """Write ``text`` (as UTF-8, or bytes as they are) so that ``path`` holds either the old or the new content, never half.

    ``sync=False`` skips the fsync: still atomic for any crash of the process, but after
    a power failure the file may be empty (batch runs check sizes instead; see runstate).
    Devices and pipes (``/dev/stdout``) are written through, never replaced, and a
    symlink keeps pointing at the file it names.
    """
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        info: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        info = None
    if _writes_through(path, info):
        with path.open("ab") as handle:
            handle.write(data)
        return
    if info is None and _write_new(path, data, sync=sync):
        return
    if info is not None and os.path.islink(path):
        path = path.resolve()
    mode = new_file_mode() if info is None else info.st_mode & 0o7777
    with uninterrupted(), atomic_output(path, compress=False, sync=sync, mode=mode) as stream:
        stream.write(data)


#: Linux's flag for a file without a name until it is linked (0 elsewhere).
_TMPFILE = getattr(os, "O_TMPFILE", 0)


def _write_new(path: Path, data: bytes, *, sync: bool) -> bool:
    """Write a file that does not exist yet as an unnamed file (``O_TMPFILE``) and name it once complete.

    Half the directory work of a temporary file renamed into place (it was a quarter of
    the cost of a short article), and a process killed meanwhile leaves nothing behind.
    The permissions are those of any new file (0o666 less the umask). False, with nothing
    written, where this cannot be done (no ``O_TMPFILE`` on this file system, no
    ``/proc``, a folder not made yet, the name taken meanwhile): the caller then writes a
    temporary file and renames it.
    """
    if not _TMPFILE:
        return False
    folder, name = os.path.split(os.fspath(path))
    try:
        directory = os.open(folder or ".", os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        fd = os.open(".", _TMPFILE | os.O_WRONLY | os.O_CLOEXEC, 0o666, dir_fd=directory)
    except OSError:
        os.close(directory)
        return False
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        if sync:
            os.fsync(fd)
        # linkat(AT_SYMLINK_FOLLOW) through /proc names an unnamed file; a folder fd makes os.link use linkat
        os.link(f"/proc/self/fd/{fd}", name, dst_dir_fd=directory, follow_symlinks=True)
    except OSError:
        return False
    finally:
        os.close(fd)
        os.close(directory)
    return True


class _Writes:
    """Writes under way in the main thread, and a stop signal that came meanwhile."""

    depth = 0
    pending: int | None = None


@contextmanager
def uninterrupted() -> Iterator[None]:
    """Mark a write that a stop signal must not cut short (see ``deferred``).

    The handlers a batch run installs for SIGINT and SIGTERM, in its own process and in
    its workers, wait for the block to end: a run stopped by ``kill``, Ctrl-C or a
    SIGTERM to the whole process group (what ``timeout`` and systemd send) never leaves
    half a file or a temporary one. Costs a counter, not a system call.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _Writes.depth += 1
    try:
        yield
    finally:
        _Writes.depth -= 1
        if not _Writes.depth and _Writes.pending is not None:
            number, _Writes.pending = _Writes.pending, None
            signal.raise_signal(number)


def writing() -> bool:
    """Whether a write (``uninterrupted``) is under way in the main thread."""
    return _Writes.depth > 0


def deferred(number: int) -> bool:
    """For a signal handler: True when a write is under way; the signal comes again when it ends."""
    if _Writes.depth:
        _Writes.pending = number
        return True
    return False


def json_line(value: Any) -> bytes:
    """One line of JSON in UTF-8, for the run's logs and corpora.

    A lone surrogate (from a ``"\\ud800"`` escape in a record, or a file name that is not
    UTF-8) cannot be encoded as UTF-8; it is written as the same ``\\uXXXX`` escape, which
    reads back as the same string.

    >>> json_line({"text": "caf\\u00e9 \\ud800"})
    b'{"text": "caf\\xc3\\xa9 \\\\ud800"}\\n'
    """
    return (json.dumps(value, ensure_ascii=False) + "\n").encode("utf-8", "backslashreplace")


def backup_path(path: Path) -> Path:
    """Where ``rewrite_in_place`` keeps the old content of ``path`` while it writes the new."""
    return path.parent / f".{path.name}.cleaner-backup"


def rewrite_in_place(path: Path, content: BinaryIO) -> None:
    """Give the file at ``path`` new content, in the file itself and without risk of losing the old.

    The file keeps its inode, so its owner, group, mode, extended attributes (ACLs,
    SELinux labels) and hard links stay as they were, as pre-commit-hooks' fixers keep
    them (a symlink is followed to its file). Unlike them, a crash cannot leave half a
    file: a complete, fsynced copy of the old content is put beside it first
    (``.NAME.cleaner-backup``, see ``backup_path``) and removed once the new content is on
    disk. A process killed in between leaves the backup, and ``restore_interrupted``
    (which the next ``--in-place`` run calls before reading) puts the old content back.
    """
    path = path.resolve()
    backup = backup_path(path)
    if backup.exists():
        raise InputError(f"{path}: {backup.name} holds its content from an interrupted run; restore it first")
    with uninterrupted():
        with path.open("rb") as old, atomic_output(backup, compress=False) as copy:
            shutil.copyfileobj(old, copy, COPY_BYTES)
        _sync_folder(path.parent)
        try:
            _overwrite(path, content)
        except BaseException:
            with suppress(OSError):
                restore_interrupted(path)
            raise
        backup.unlink()


def restore_interrupted(path: Path) -> bool:
    """Put back the content an interrupted ``rewrite_in_place`` saved; True when there was a backup."""
    path = path.resolve()
    backup = backup_path(path)
    try:
        source = backup.open("rb")
    except FileNotFoundError:
        return False
    with uninterrupted(), source:
        _overwrite(path, source)
        backup.unlink()
    return True


def _overwrite(path: Path, content: BinaryIO) -> None:
    with os.fdopen(os.open(path, os.O_RDWR | os.O_CREAT, 0o666), "r+b") as target:
        shutil.copyfileobj(content, target, COPY_BYTES)
        target.truncate()
        target.flush()
        os.fsync(target.fileno())


def _sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable before anything relies on it."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


#: Paths that name an open stream of this process rather than a file.
STREAM_ALIASES = ("/dev/stdout", "/dev/stderr", "/dev/fd/", "/proc/self/fd/")


def writes_through(path: Path) -> bool:
    """Whether ``path`` is stdout (``-``), a device, a pipe or a stream alias (``/dev/stdout``).

    Such a path is written to as it is, never replaced: renaming over ``/dev/stdout`` would
    swap the file a shell redirected the stream to.
    """
    try:
        info: os.stat_result | None = os.stat(path)
    except OSError:
        info = None
    return _writes_through(path, info)


def _writes_through(path: Path, info: os.stat_result | None) -> bool:
    """``writes_through`` for a path whose ``os.stat`` the caller has (``None``: nothing there)."""
    if str(path) == "-" or str(path.absolute()).startswith(STREAM_ALIASES):
        return True
    return info is not None and not stat.S_ISREG(info.st_mode)


def is_markdown(path: Path | str) -> bool:
    return str(path).lower().endswith((".md", ".markdown"))


def walk_inputs(
    folder: Path,
    include: tuple[str, ...] = (),
    exclude: tuple[str, ...] = (),
    *,
    follow_links: bool = False,
    problems: list[InputError] | None = None,
) -> list[tuple[Path, str]]:
    """Files under ``folder`` to clean, each with its path relative to ``folder`` (``/``-separated), sorted;
    hidden files and folders skipped.

    ``include`` defaults to text and Markdown files. A pattern without ``/`` matches a
    name (for ``exclude``, any folder name on the way too); one with ``/`` matches the
    path relative to ``folder``, as in ``drafts/*.txt``.

    Symlinked folders are never entered. Symlinked files are taken with ``follow_links``
    (reading them is harmless); otherwise (a run that writes into its inputs) they are
    left out, with a problem for those whose file lies outside ``folder``, which would
    not be cleaned at all. A folder that cannot be listed is a problem too; ``problems``
    collects them (without it, the first one is raised).

    Names are matched and checked as strings, a ``Path`` made only for the files taken:
    a folder of 10,000 small files is planned before any is cleaned.
    """
    include = include or tuple(f"*{suffix}" for suffix in TEXT_SUFFIXES)
    found: list[tuple[Path, str]] = []
    collected: list[InputError] = [] if problems is None else problems
    root = folder.resolve()

    def unlistable(exc: OSError) -> None:
        reason = "permission denied" if isinstance(exc, PermissionError) else exc.strerror or str(exc)
        collected.append(InputError(f"{exc.filename}: cannot list this folder ({reason}); its files were not cleaned"))

    for current, dirs, files in os.walk(folder, onerror=unlistable):
        base = Path(current)
        parents = base.relative_to(folder).parts
        dirs[:] = sorted(name for name in dirs if not name.startswith("."))
        for name in files:
            if name.startswith("."):
                continue
            parts = (*parents, name)
            relative = "/".join(parts)
            full = os.path.join(current, name)
            if not _matches(relative, parts, include, exclude) or not os.path.isfile(full):
                continue
            path = base / name
            if not follow_links and os.path.islink(full):
                if not path.resolve().is_relative_to(root):
                    collected.append(InputError(f"{path}: symlink to a file outside {folder}, not followed", skipped=True))
                continue
            found.append((path, relative))
    if problems is None and collected:
        raise collected[0]
    # the order of the paths themselves: part by part (a name's "-" sorts before the "/" of a folder's files)
    return sorted(found, key=lambda pair: pair[1].split("/"))


def _matches(relative: str, parts: tuple[str, ...], include: tuple[str, ...], exclude: tuple[str, ...]) -> bool:
    return _matches_any(relative, parts[-1:], include) and not _matches_any(relative, parts, exclude)


def _matches_any(rel: str, names: tuple[str, ...], patterns: tuple[str, ...]) -> bool:
    """Case-insensitive, so ``*.txt`` also finds ``NOTES.TXT``."""
    for pattern in (p.lower() for p in patterns):
        if "/" in pattern:
            if fnmatch.fnmatchcase(rel.lower(), pattern.strip("/")):
                return True
        elif any(fnmatch.fnmatchcase(name.lower(), pattern) for name in names):
            return True
    return False
