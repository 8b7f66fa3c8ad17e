"""Writing never leaves half a file and never replaces what a path points at."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from cleaner.io import InputError, atomic_write, read_text


def test_atomic_write_replaces_content_and_keeps_mode(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    atomic_write(target, "new")
    assert target.read_text(encoding="utf-8") == "new"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"], "no temporary file left behind"


def test_atomic_write_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    atomic_write(link, "new")
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == "new"


def test_atomic_write_to_a_pipe_writes_through(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        atomic_write(fifo, "hello")
        assert os.read(reader, 100) == b"hello"
    finally:
        os.close(reader)
    assert fifo.exists() and not fifo.is_file()


def test_read_errors_name_the_file(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("x" * 100, encoding="utf-8")
    with pytest.raises(InputError, match=r"big\.txt: too large"):
        read_text(big, max_bytes=10)
    with pytest.raises(InputError, match="is a directory"):
        read_text(tmp_path)


def test_atomic_write_creates_files_anywhere_under_dev_shm_like_paths(tmp_path: Path) -> None:
    """Only stream aliases are written through; an ordinary new file gets its folders and a rename."""
    from cleaner.io import writes_through

    assert writes_through(Path("-")) and writes_through(Path("/dev/stdout")) and writes_through(Path("/dev/null"))
    target = Path("/dev/shm") / tmp_path.name / "deep" / "a.txt" if Path("/dev/shm").is_dir() else tmp_path / "a.txt"
    try:
        assert not writes_through(target)
        atomic_write(target, "text")
        assert target.read_text(encoding="utf-8") == "text"
    finally:
        shutil.rmtree(Path("/dev/shm") / tmp_path.name, ignore_errors=True)


def test_atomic_write_of_a_new_file_gets_the_usual_mode_and_leaves_nothing_else(tmp_path: Path) -> None:
    """New files are written unnamed and linked (Linux) or through a temporary file: the result is the same."""
    from cleaner.io import new_file_mode

    atomic_write(tmp_path / "new.txt", "café " * 10_000, sync=False)
    atomic_write(tmp_path / "deep" / "er" / "b.txt", b"bytes")  # folders made on the way
    assert (tmp_path / "new.txt").read_text(encoding="utf-8") == "café " * 10_000
    assert (tmp_path / "deep" / "er" / "b.txt").read_bytes() == b"bytes"
    assert (tmp_path / "new.txt").stat().st_mode & 0o7777 == new_file_mode()
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["b.txt", "deep", "er", "new.txt"]


def test_read_bytes_reads_exactly_the_file(tmp_path: Path) -> None:
    from cleaner.io import read_bytes

    for size in (0, 1, 4096, 100_000):
        path = tmp_path / f"{size}.txt"
        path.write_bytes(b"x" * size)
        assert read_bytes(path, max_bytes=100_000) == b"x" * size
    with pytest.raises(InputError, match="too large"):
        read_bytes(tmp_path / "100000.txt", max_bytes=99_999)
