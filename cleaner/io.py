"""Reading inputs safely and writing outputs atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

#: Inputs larger than this are refused unless the caller raises the limit.
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
TEXT_SUFFIXES = (".txt", ".md", ".markdown")


class InputError(Exception):
    """An input that cannot be cleaned; the message is one line that names it."""


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 text from bytes, or an ``InputError`` that says why not."""
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: binary file (contains NUL bytes), skipped")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})") from exc


def read_text(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(f"{path}: too large ({size:,} bytes; the limit is {max_bytes:,}, see --max-bytes)")
        data = path.read_bytes()
    except IsADirectoryError as exc:
        raise InputError(f"{path}: is a directory") from exc
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such file") from exc
    except PermissionError as exc:
        raise InputError(f"{path}: permission denied") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from exc
    return decode_text(data, str(path))


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` so that ``path`` holds either the old or the new content, never half.

    Devices and pipes (``/dev/stdout``) are written through, never replaced, and a
    symlink keeps pointing at the file it names.
    """
    if (path.exists() and not path.is_file()) or str(path.resolve()).startswith(("/dev/", "/proc/")):
        with path.open("a", encoding="utf-8", newline="") as handle:
            handle.write(text)
        return
    path = path.resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def is_markdown(path: Path | str) -> bool:
    return str(path).lower().endswith((".md", ".markdown"))


def find_inputs(folder: Path) -> list[Path]:
    """Text and Markdown files under ``folder``, sorted, hidden folders skipped."""
    found = []
    for path in folder.rglob("*"):
        parts = path.relative_to(folder).parts
        if any(part.startswith(".") for part in parts):
            continue
        if path.is_file() and path.suffix.lower() in TEXT_SUFFIXES:
            found.append(path)
    return sorted(found)
