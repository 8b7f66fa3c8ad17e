"""Bad inputs and hostile conditions for batch runs: no traceback, no lost or corrupted record or file, no temp file left.

Every bad input gives exit 0, 1 or 2 as the README documents. Most cases run the runner
in this process (fast); those that need a real process (signals, exit codes) are slow.
"""

from __future__ import annotations

import errno
import io
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import zstandard
from batch_support import CLEAN, DIRTY, make_records, read_jsonl, run_cli, seed_texts, write_jsonl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import Config, clean
from cleaner.batch import Runner, Tally, UsageError, plan
from cleaner.io import AtomicFile, backup_path, decode_bytes, read_bytes, rewrite_in_place, walk_inputs
from cleaner.runstate import CHANGES, LOCK, MANIFEST, SUMMARY, RunState
from cleaner.terminal import Messages


def run(items: list[str | Path], output: Path | None = None, **options: object) -> tuple[Tally, str]:
    """A run in this process; returns the tally and what it printed."""
    in_place = bool(options.pop("in_place", False))
    planned, folder = plan([os.fsdecode(i) for i in items], output, in_place=in_place)
    buffer = io.StringIO()
    messages = Messages(buffer)
    runner = Runner(planned, Config(), folder=folder, in_place=in_place, messages=messages, jobs=1, **options)  # type: ignore[arg-type]
    return runner.run(), buffer.getvalue()


def stop_after(monkeypatch: pytest.MonkeyPatch, count: int, stop: Callable[[], None]) -> None:
    """Make the runner call ``stop`` as it is about to take in its ``count``-th result."""
    calls = 0
    original = Runner._handle

    def handle(self: Runner, result: object, feedback: object, log: object) -> None:
        nonlocal calls
        calls += 1
        if calls == count:
            stop()
        original(self, result, feedback, log)  # type: ignore[arg-type]

    monkeypatch.setattr(Runner, "_handle", handle)


def _hard_stop() -> None:
    """A second Ctrl-C, or a crash of the parent: no more results are taken in."""
    raise KeyboardInterrupt


def leftovers(folder: Path) -> list[Path]:
    """Temporary and backup files anywhere under ``folder``."""
    return [p for p in folder.rglob("*") if p.name.endswith((".tmp", ".cleaner-backup"))]


# --------------------------------------------------------------------------- crashes


def test_rich_markup_in_paths_is_printed_as_it_is(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "x[").mkdir(parents=True)
    (src / "x[" / "red]y.txt").write_bytes(b"\x00binary")  # the path says x[/red]y.txt
    (src / "[bold]ok.txt").write_text(DIRTY[1])
    tally, printed = run([src, tmp_path / "[red]missing.txt"], tmp_path / "out")
    assert f"warning: {src}/x[/red]y.txt: binary file" in printed
    assert f"error: {tmp_path}/[red]missing.txt: no such file" in printed
    assert tally.changed == 1 and tally.exit_code == 1
    assert json.loads((tmp_path / "out" / SUMMARY).read_text())["interrupted"] is False


def test_a_lone_surrogate_in_a_record_is_kept_as_its_escape(tmp_path: Path) -> None:
    lines = ['{"id": 1, "text": "Hello&nbsp;world.\\ud800 It works."}', '{"id": 2, "text": "ok", "\\udcff": "\\ud800"}']
    write_jsonl(tmp_path / "c.jsonl", lines)  # type: ignore[arg-type]
    (tmp_path / "out").mkdir()
    tally, printed = run([tmp_path / "c.jsonl"], tmp_path / "out")
    assert tally.exit_code == 0 and tally.records == 2, printed
    first, second = read_jsonl(tmp_path / "out" / "c.jsonl")
    assert first["text"] == "Hello world.\ud800 It works." and second["\udcff"] == "\ud800"
    assert [entry["output"] for entry in read_jsonl(tmp_path / "out" / MANIFEST)] == ["c.jsonl"]
    assert {line["record"] for line in read_jsonl(tmp_path / "out" / CHANGES)} == {1}


def test_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    name = os.fsdecode(b"bad\xff\xfe.txt")
    (src / name).write_text(DIRTY[1])
    tally, printed = run([src], tmp_path / "out")
    assert tally.changed == 1 and tally.exit_code == 0, printed
    assert (tmp_path / "out" / "in" / name).read_text() == "Hello world. It works."
    (entry,) = read_jsonl(tmp_path / "out" / MANIFEST)
    assert entry["output"] == f"in/{name}"
    assert json.loads((tmp_path / "out" / SUMMARY).read_text())["changed"] == 1
    again, _ = run([src], tmp_path / "out")
    assert again.current == 1, "the name reads back from the manifest as it was written"


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Path:
    """A real full file system: a 256 KB tmpfs (needs root and mount); else the test is skipped."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)], capture_output=True)
    if done.returncode:
        pytest.skip(f"cannot mount a small tmpfs here ({done.stderr.decode().strip()}); see the ENOSPC injection test")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_disk_full_stops_with_an_error_and_leaves_no_temporary_file(tmp_path: Path, tiny_disk: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    text = "\n\n".join(seed_texts())
    for index in range(60):
        (src / f"a{index:02d}.txt").write_text(text + f"\nNumber {index}.It ends.\n")
    write_jsonl(src / "c.jsonl", make_records(400))
    planned, folder = plan([str(src), str(src / "c.jsonl")], tiny_disk / "out")
    buffer = io.StringIO()
    runner = Runner(planned, Config(), folder=folder, jobs=1, messages=Messages(buffer), log=tiny_disk / "log.txt")
    tally = runner.run()
    printed = buffer.getvalue()
    assert tally.exit_code == 1 and "No space left on device" in printed, printed
    assert "Traceback" not in printed
    assert not leftovers(tiny_disk)
    for path in (tiny_disk / "out" / "in").rglob("*.txt"):
        assert path.read_text() == clean(text + f"\nNumber {int(path.stem[1:])}.It ends.\n").text, "outputs are whole"


def test_abort_deletes_the_temporary_file_when_closing_fails(tmp_path: Path) -> None:
    """What a full disk does: the buffered bytes cannot be written when the file is closed."""
    sink = AtomicFile(tmp_path / "out.jsonl")
    sink.stream.write(b"x" * 100)

    class Full(io.RawIOBase):
        def writable(self) -> bool:
            return True

        def write(self, data: object) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    sink._raw = io.BufferedWriter(Full())  # type: ignore[assignment]
    sink._raw.write(b"pending")
    sink.abort()
    assert list(tmp_path.iterdir()) == []


def test_the_parent_stops_cleanly_when_it_cannot_write_its_records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ENOSPC injected where the parent writes the manifest (the tmpfs test above does it for real)."""
    src = tmp_path / "in"
    src.mkdir()
    for index in range(5):
        (src / f"a{index}.txt").write_text(DIRTY[index % len(DIRTY)])

    def full(self: RunState, entry: dict, block: object, size: int | None = None) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(RunState, "commit", full)
    tally, printed = run([src], tmp_path / "out")
    assert tally.exit_code == 1 and "cannot write (No space left on device); the run stopped" in printed
    assert json.loads((tmp_path / "out" / SUMMARY).read_text())["failed"] == 1
    assert not leftovers(tmp_path)


def test_a_folder_that_cannot_be_listed_is_reported_and_the_rest_is_cleaned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "in"
    (src / "locked").mkdir(parents=True)
    (src / "locked" / "a.txt").write_text(DIRTY[1])
    (src / "b.txt").write_text(DIRTY[1])
    if os.geteuid() == 0:  # root reads any folder: refuse the listing the way the kernel would
        real = os.scandir

        def scandir(path: object = ".") -> object:
            if os.fspath(path).endswith("locked"):  # type: ignore[arg-type]
                raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))  # type: ignore[arg-type]
            return real(path)  # type: ignore[arg-type]

        monkeypatch.setattr(os, "scandir", scandir)
    else:
        (src / "locked").chmod(0o300)  # searchable, not listable
    try:
        tally, printed = run([src], tmp_path / "out")
    finally:
        (src / "locked").chmod(0o755)
    assert f"error: {src / 'locked'}: cannot list this folder (permission denied)" in printed
    assert tally.changed == 1 and tally.failed == 1 and tally.exit_code == 1


def test_an_output_that_is_a_file_with_several_inputs_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(DIRTY[1])
    (tmp_path / "b.txt").write_text(DIRTY[1])
    (tmp_path / "out").write_text("a file")
    with pytest.raises(UsageError, match="is a file"):
        plan([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")], tmp_path / "out")
    with pytest.raises(UsageError, match="is a file"):
        plan([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")], tmp_path / "out" / "deeper")
    assert (tmp_path / "out").read_text() == "a file"


# --------------------------------------------------------------------------- data lost or silently wrong

UNPARSABLE = [
    b'{"id": 2, "n": ' + b"7" * 5000 + b', "text": "big"}',  # valid JSON; Python refuses integers this long
    b"[" * 100_000 + b"]" * 100_000,  # valid JSON, deeper than Python's recursion limit
    b'{"id": 4, "text": "caf\xe9"}',  # not UTF-8
    b'{"id": 5, "text": ',  # malformed
    b'"just a string"',  # not an object
]


def test_in_place_corpus_keeps_every_record_it_cannot_clean_byte_for_byte(tmp_path: Path) -> None:
    good = [json.dumps({"id": 1, "text": DIRTY[1]}).encode(), json.dumps({"id": 6, "text": CLEAN[0]}).encode()]
    duplicate = b'{"id": 7, "body": "no text", "body": "twice", "x": 1.50}'  # kept as written, not re-serialised
    lines = [good[0], *UNPARSABLE, good[1], duplicate]
    corpus = tmp_path / "c.jsonl"
    corpus.write_bytes(b"\n".join(lines) + b"\n")
    tally, printed = run([corpus], in_place=True)
    after = corpus.read_bytes().split(b"\n")[:-1]
    assert len(after) == len(lines)
    assert after[1:6] == UNPARSABLE and after[7] == duplicate
    assert json.loads(after[0])["text"] == "Hello world. It works."
    assert tally.failed == 5 and tally.exit_code == 1
    assert f"{corpus}:2: cannot be read (ValueError" in printed and f"{corpus}:3: cannot be read (RecursionError" in printed
    assert not leftovers(tmp_path)


def test_a_user_field_named_cleaner_is_kept(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "c.jsonl", [{"id": 1, "text": DIRTY[1], "cleaner": "mine"}, {"id": 2, "text": DIRTY[1]}])
    tally, printed = run([tmp_path / "c.jsonl"], tmp_path / "o.jsonl")
    mine, ours = read_jsonl(tmp_path / "o.jsonl")
    assert mine["cleaner"] == "mine" and mine["text"] == "Hello world. It works."
    assert "c.jsonl:1: the record has a field 'cleaner' of its own, kept" in printed
    assert ours["cleaner"]["changed"] is True and tally.exit_code == 0
    _again, _ = run([tmp_path / "o.jsonl"], tmp_path / "o2.jsonl")  # a change log of an earlier run is replaced
    assert [r["cleaner"] for r in read_jsonl(tmp_path / "o2.jsonl")][1]["changed"] is False


@pytest.mark.parametrize("cut", ["half", "one frame"])
def test_a_truncated_zstd_corpus_is_reported_like_gzip(tmp_path: Path, cut: str) -> None:
    body = "".join(json.dumps(r) + "\n" for r in make_records(2000)).encode()
    if cut == "half":
        half = len(body) // 2
        data = zstandard.ZstdCompressor().compress(body[:half]) + zstandard.ZstdCompressor().compress(body[half:])
        data = data[: len(data) * 3 // 4]
    else:
        data = zstandard.ZstdCompressor().compress(body)[:-20]
    (tmp_path / "c.jsonl.zst").write_bytes(data)
    (tmp_path / "out").mkdir()
    tally, printed = run([tmp_path / "c.jsonl.zst"], tmp_path / "out")
    assert "c.jsonl.zst: cannot read (EOFError: zstd stream ended before the end of a frame" in printed
    assert tally.failed == 1 and tally.exit_code == 1
    assert not (tmp_path / "out" / "c.jsonl.zst").exists() and not read_jsonl(tmp_path / "out" / MANIFEST)


def test_a_second_run_on_the_same_output_folder_is_refused_and_a_dead_runs_lock_is_taken(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(DIRTY[1])
    (tmp_path / "out").mkdir()
    hold = (
        f"from pathlib import Path; from cleaner.runstate import RunState; r = RunState(Path({str(tmp_path / 'out')!r}), 'c'); "
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", hold + "print(flush=True); input()"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == b"\n"
        with pytest.raises(UsageError, match=rf"out is being written by another cleaner run \(pid {holder.pid} on"):
            run([tmp_path / "a.txt"], tmp_path / "out")
        assert not (tmp_path / "out" / "a.txt").exists()
    finally:
        holder.kill()  # SIGKILL: the lock file still names it
        holder.wait()
    tally, printed = run([tmp_path / "a.txt"], tmp_path / "out")
    assert tally.changed == 1 and f"an earlier run (pid {holder.pid} on" in printed
    assert (tmp_path / "out" / LOCK).read_text() == "", "a finished run lets go"


def _interrupted_then_resumed(tmp_path: Path, log_format: str) -> tuple[Path, Path]:
    """A fresh run's log, and the log of a run interrupted after 25 inputs then resumed."""
    src = tmp_path / "in"
    src.mkdir()
    for index in range(40):
        (src / f"a{index:02d}.txt").write_text(DIRTY[index % len(DIRTY)] + f" Number {index}.It ends.")
    write_jsonl(src / "c.jsonl", make_records(6))
    items = [src, src / "c.jsonl"]
    fresh = tmp_path / f"fresh.{log_format}"
    run(items, tmp_path / "fresh", log=fresh, log_format=log_format)
    resumed = tmp_path / f"resumed.{log_format}"
    with pytest.MonkeyPatch.context() as patch:
        stop_after(patch, 25, _hard_stop)
        run(items, tmp_path / "out", log=resumed, log_format=log_format)
    tally, _ = run(items, tmp_path / "out", log=resumed, log_format=log_format)
    assert tally.current > 0 or log_format != "jsonl"
    return fresh, resumed


@pytest.mark.parametrize("log_format", ["jsonl", "text"])
def test_log_after_a_resume_is_complete_and_a_rerun_does_not_empty_it(tmp_path: Path, log_format: str) -> None:
    fresh, resumed = _interrupted_then_resumed(tmp_path, log_format)
    assert resumed.read_bytes() == fresh.read_bytes()
    items = [tmp_path / "in", tmp_path / "in" / "c.jsonl"]
    tally, _ = run(items, tmp_path / "out", log=resumed, log_format=log_format)
    assert tally.current == 41 or log_format != "jsonl"
    assert resumed.read_bytes() == fresh.read_bytes()


def test_changes_manifest_and_summary_carry_the_metadata(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(DIRTY[0])
    write_jsonl(tmp_path / "c.jsonl", [{"id": 1, "text": DIRTY[0]}])
    run([tmp_path / "a.txt", tmp_path / "c.jsonl"], tmp_path / "out")
    metadata = [line for line in read_jsonl(tmp_path / "out" / CHANGES) if line["kind"] == "metadata"]
    assert [(m["file"], m.get("record"), m["metadata"]) for m in metadata] == [
        (str(tmp_path / "a.txt"), None, {"date": "2022-01-24"}),
        (str(tmp_path / "c.jsonl"), 1, {"date": "2022-01-24"}),
    ]
    entries = {entry["output"]: entry for entry in read_jsonl(tmp_path / "out" / MANIFEST)}
    assert entries["a.txt"]["metadata"] == {"date": "2022-01-24"} and entries["c.jsonl"]["metadata"] == {"date": 1}
    assert json.loads((tmp_path / "out" / SUMMARY).read_text())["metadata_per_key"] == {"date": 2}


def test_in_place_keeps_owner_mode_extended_attributes_and_hard_links(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    path = folder / "a.txt"
    path.write_text(DIRTY[1])
    path.chmod(0o640)
    (tmp_path / "link.txt").hardlink_to(path)
    try:
        os.setxattr(path, "user.origin", b"wire")
    except OSError:
        pytest.skip("no user extended attributes on this file system")
    if os.geteuid() == 0:
        os.chown(path, 1234, 4321)
    before = path.stat()
    tally, printed = run([folder], in_place=True)
    after = path.stat()
    assert tally.changed == 1 and path.read_text() == "Hello world. It works."
    assert (tmp_path / "link.txt").read_text() == "Hello world. It works.", "the other hard link sees the new text"
    assert (after.st_ino, after.st_mode, after.st_uid, after.st_gid) == (
        before.st_ino,
        before.st_mode,
        before.st_uid,
        before.st_gid,
    )
    assert os.getxattr(path, "user.origin") == b"wire"
    assert "no change log was kept (add --log PATH)" in printed
    assert sorted(p.name for p in folder.iterdir()) == ["a.txt"]


def test_an_in_place_rewrite_cut_short_is_restored_by_the_next_run(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(DIRTY[1])
    backup_path(path).write_text(DIRTY[1])  # what a kill between backup and rewrite leaves ...
    path.write_text("Hello wor")  # ... with half of the new text
    tally, printed = run([path], in_place=True)
    assert path.read_text() == "Hello world. It works." and not backup_path(path).exists()
    assert "restored from the backup an interrupted --in-place run left" in printed and tally.changed == 1
    with pytest.raises(Exception, match="holds its content from an interrupted run"):
        backup_path(path).write_text("old")
        rewrite_in_place(path, io.BytesIO(b"new"))
    assert path.read_text() == "Hello world. It works."


def test_in_place_never_follows_a_symlink_out_of_the_folder(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text(DIRTY[1])
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "inside.txt").write_text(DIRTY[1])
    (folder / "out.txt").symlink_to(outside)
    (folder / "again.txt").symlink_to(folder / "inside.txt")
    tally, printed = run([folder], in_place=True)
    assert outside.read_text() == DIRTY[1] and (folder / "inside.txt").read_text() == "Hello world. It works."
    assert f"warning: {folder / 'out.txt'}: symlink to a file outside {folder}, not followed" in printed
    assert tally.changed == 1 and tally.skipped == 1
    assert [p.name for p, _relative in walk_inputs(folder, follow_links=True)] == ["again.txt", "inside.txt", "out.txt"]


def test_the_root_folder_and_an_output_folder_equal_to_the_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "self").mkdir()
    (tmp_path / "self" / "a.txt").write_text(DIRTY[1])
    with pytest.raises(UsageError, match="the output folder is the input folder"):
        plan([str(tmp_path / "self")], tmp_path / "self")
    with pytest.raises(UsageError, match="the output folder is the input folder"):
        plan([str(tmp_path / "self")], tmp_path / "self" / ".." / "self")
    assert sorted(p.name for p in (tmp_path / "self").iterdir()) == ["a.txt"]
    found = [(Path("/etc/x.txt"), "etc/x.txt"), (Path("/srv/news/y.md"), "srv/news/y.md")]
    monkeypatch.setattr("cleaner.batch.planning.walk_inputs", lambda *args, **kwargs: found)
    planned, folder = plan(["/"], tmp_path / "out")
    assert [item.target for item in planned] == [tmp_path / "out" / "etc/x.txt", tmp_path / "out" / "srv/news/y.md"]
    assert folder == tmp_path / "out"


def test_fifos_and_endless_devices_are_bounded(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    signal.alarm(20)  # a hang fails the test instead of the suite
    try:
        assert read_bytes(fifo) == b"", "a FIFO nobody writes reads as empty"
        for device in ("/dev/zero", "/dev/urandom"):
            with pytest.raises(Exception, match=r"too large \(more than 1,000 bytes; the limit is 1,000"):
                read_bytes(Path(device), max_bytes=1000)
        tally, printed = run([fifo, Path("/dev/zero")], tmp_path / "out", max_bytes=1000)
    finally:
        signal.alarm(0)
    assert "pipe.txt: empty file, skipped" in printed and "/dev/zero: too large" in printed and tally.exit_code == 1


def test_the_next_run_removes_what_a_killed_one_left(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(DIRTY[1])
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(dead.stdout)
    stale = [tmp_path / "out" / "deep" / f".x.txt.{pid}-abcdefgh.cleaner.tmp", tmp_path / f".a.txt.{pid}-abcdefgh.cleaner.tmp"]
    alive = tmp_path / "out" / f".y.txt.{os.getppid()}-abcdefgh.cleaner.tmp"
    mine = tmp_path / "out" / ".notes.1.tmp"
    for path in [*stale, alive, mine]:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("half")
    run([tmp_path / "a.txt"], tmp_path / "out/")
    assert not stale[0].exists() and stale[1].exists() and alive.exists() and mine.exists()
    run([tmp_path / "a.txt"], in_place=True)
    assert not stale[1].exists()


# --------------------------------------------------------------------------- properties

LINE = st.one_of(
    st.binary(max_size=60),
    st.builds(
        lambda text, extra: json.dumps({"text": text, **extra}, ensure_ascii=bool(len(text) % 2)),
        st.text(max_size=80),
        st.dictionaries(st.sampled_from(["id", "cleaner", "meta"]), st.one_of(st.integers(), st.text(max_size=5)), max_size=2),
    ).map(str.encode),
    st.sampled_from([*UNPARSABLE[2:], b"{}", b"null", b'{"text": null}', b'{"text": "\\ud800\\udfff\\udc00"}']),
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(LINE.filter(lambda line: b"\n" not in line and b"\r" not in line), min_size=1, max_size=8))
def test_any_corpus_cleaned_in_place_loses_no_record(tmp_path: Path, lines: list[bytes]) -> None:
    corpus = tmp_path / "prop" / "c.jsonl"
    corpus.parent.mkdir(exist_ok=True)
    corpus.write_bytes(b"\n".join(lines) + b"\n")
    tally, printed = run([corpus], in_place=True)
    assert tally.exit_code in (0, 1) and "Traceback" not in printed
    after = corpus.read_bytes().split(b"\n")[:-1]
    assert len(after) == sum(1 for line in lines if line.strip()), "one line out for every line in"
    for before, now in zip([line for line in lines if line.strip()], after, strict=True):
        try:
            record = json.loads(before)
        except (ValueError, RecursionError):
            assert now == before
            continue
        if isinstance(record, dict) and isinstance(record.get("text"), str):
            assert json.loads(now)["text"] == clean(record["text"]).text
        else:
            assert now == before
    assert not leftovers(tmp_path / "prop")


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    names=st.lists(
        st.binary(min_size=1, max_size=12).filter(lambda n: b"/" not in n and b"\0" not in n and n not in (b".", b"..")),
        min_size=1,
        max_size=5,
        unique=True,
    ),
    data=st.lists(st.binary(max_size=200), min_size=5, max_size=5),
)
def test_any_file_names_and_bytes_give_a_documented_outcome(tmp_path: Path, names: list[bytes], data: list[bytes]) -> None:
    src = tmp_path / "prop-in"
    if src.exists():
        for old in src.iterdir():
            old.unlink()
    src.mkdir(exist_ok=True)
    for name, content in zip(names, data, strict=False):
        (src / os.fsdecode(name + b".txt")).write_bytes(content)
    out = tmp_path / f"prop-out-{time.monotonic_ns()}"
    tally, printed = run([src], out)
    assert tally.exit_code in (0, 1) and "Traceback" not in printed
    visible = [n for n in names if not n.startswith(b".")]
    assert tally.inputs == len(visible)
    assert tally.changed + tally.unchanged + tally.skipped + tally.failed == len(visible)
    assert not leftovers(out)
    read_jsonl(out / MANIFEST)  # readable whatever the names


# --------------------------------------------------------------------------- real processes


@pytest.mark.slow
def test_usage_errors_exit_2_without_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(DIRTY[1])
    (tmp_path / "b.txt").write_text(DIRTY[1])
    (tmp_path / "file").write_text("x")
    (tmp_path / "x[/red]y").mkdir(parents=True)
    for args in (["a.txt", "b.txt", "-o", "file"], ["x[/red]y"], ["x[/red]y", "-o", "x[/red]y"]):
        result = run_cli("clean", *args, cwd=tmp_path)
        stderr = result.stderr.decode()
        assert result.returncode == 2 and stderr.startswith("error: ") and "Traceback" not in stderr, (args, stderr)
    assert "x[/red]y" in stderr


@pytest.mark.slow
def test_a_second_concurrent_run_exits_2(tmp_path: Path) -> None:
    texts = seed_texts()
    (tmp_path / "news").mkdir()
    for i in range(300):
        (tmp_path / "news" / f"a{i}.txt").write_text(texts[i % 2])
    first = subprocess.Popen([sys.executable, "-m", "cleaner", "clean", "news", "-o", "out", "-j", "1"], cwd=tmp_path)
    lock, deadline = tmp_path / "out" / LOCK, time.monotonic() + 60
    while time.monotonic() < deadline and not (lock.exists() and lock.stat().st_size):
        time.sleep(0.01)
    second = run_cli("clean", "news", "-o", "out", cwd=tmp_path)
    first.terminate()
    first.wait(timeout=60)
    assert second.returncode == 2 and "is being written by another cleaner run" in second.stderr.decode()


@pytest.mark.slow
def test_sigterm_to_the_process_group_leaves_no_temporary_or_half_file(tmp_path: Path) -> None:
    """What ``timeout`` and systemd do: every process of the run gets SIGTERM, the workers too."""
    texts = seed_texts()
    source = tmp_path / "news"
    source.mkdir()
    originals = {}
    for i in range(600):
        originals[f"a{i}.txt"] = texts[i % 2] + f"\nNumber {i}.It ends here.\n"
        (source / f"a{i}.txt").write_text(originals[f"a{i}.txt"])
    for args in (["-o", "out"], ["--in-place"]):
        process = subprocess.Popen(
            [sys.executable, "-m", "cleaner", "clean", "news", *args, "-j", "2"], cwd=tmp_path, start_new_session=True
        )
        written = tmp_path / "out" / "news" if args[0] == "-o" else source
        # Signal once the run is writing (a fixed delay on a loaded machine may come before it has begun).
        deadline = time.monotonic() + 120
        while (
            process.poll() is None
            and time.monotonic() < deadline
            and not any(path.read_text() != originals[path.name] for path in written.glob("*.txt"))
        ):
            time.sleep(0.2)
        os.killpg(process.pid, signal.SIGTERM)
        assert process.wait(timeout=60) in (130, 0)
        assert not leftovers(tmp_path), args
        for path in written.glob("*.txt"):
            assert path.read_text() in (originals[path.name], clean(originals[path.name]).text), "whole, old or new"


def test_a_stopped_in_place_run_logs_every_file_it_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    for index in range(10):
        (folder / f"a{index}.txt").write_text(DIRTY[1])
    stop_after(monkeypatch, 3, lambda: signal.raise_signal(signal.SIGINT))  # Ctrl-C: what is in flight finishes
    tally, _ = run([folder], in_place=True, log=tmp_path / "log.jsonl")
    changed = [p for p in folder.iterdir() if p.read_text() != DIRTY[1]]
    assert tally.interrupted and tally.exit_code == 130 and 3 <= len(changed) < 10
    assert {line["file"] for line in read_jsonl(tmp_path / "log.jsonl")} == {str(p) for p in changed}, "every change logged"


@pytest.mark.slow
def test_a_worker_killed_outright_stops_the_run_with_one_error(tmp_path: Path) -> None:
    """What the OOM killer does to one worker."""
    texts = seed_texts()
    (tmp_path / "news").mkdir()
    for i in range(1500):
        (tmp_path / "news" / f"a{i}.txt").write_text(texts[i % 2] + f"\nNumber {i}.It ends.\n")
    process = subprocess.Popen(
        [sys.executable, "-m", "cleaner", "clean", "news", "-o", "out", "-j", "2"], cwd=tmp_path, stderr=subprocess.PIPE
    )
    manifest, deadline = tmp_path / "out" / MANIFEST, time.monotonic() + 60
    while time.monotonic() < deadline and not (manifest.exists() and manifest.stat().st_size):
        time.sleep(0.01)
    worker = int(Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()[0])
    os.kill(worker, signal.SIGKILL)
    _, stderr = process.communicate(timeout=120)
    text = stderr.decode()
    assert process.returncode == 1 and "a worker process died (killed, or out of memory); the run stopped" in text, text
    assert "Traceback" not in text and not leftovers(tmp_path)
    assert json.loads((tmp_path / "out" / SUMMARY).read_text())["failed"] >= 1


@pytest.mark.slow
def test_in_place_runs_killed_outright_again_and_again_corrupt_nothing(tmp_path: Path) -> None:
    """kill -9 at random moments, then a run to the end: every file is its clean text, nothing is left beside it."""
    texts = seed_texts()
    source = tmp_path / "news"
    source.mkdir()
    originals = {f"a{i}.txt": texts[i % 2] + f"\nNumber {i}.It ends here.\n" for i in range(400)}
    for name, text in originals.items():
        (source / name).write_text(text)
    write_jsonl(source / "c.jsonl", make_records(300))
    command = [sys.executable, "-m", "cleaner", "clean", "news", "news/c.jsonl", "--in-place", "-j", "2"]
    for delay in (0.0, 0.3, 0.1):
        process = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        sizes = {path: path.stat().st_size for path in source.glob("*.txt")}
        while time.monotonic() < deadline and all(path.stat().st_size == size for path, size in sizes.items()):
            time.sleep(0.02)  # until the run has started writing
        time.sleep(delay)
        process.kill()
        process.wait()
        time.sleep(1.5)  # the orphaned workers leave
        for path in source.glob("*.txt"):
            assert path.read_text() in (originals[path.name], clean(originals[path.name]).text) or backup_path(path).exists()
    assert any((source / name).read_text() != text for name, text in originals.items()), "the kills landed mid-run"
    final = run_cli(*command[3:], cwd=tmp_path)
    assert final.returncode == 0, final.stderr
    for name, text in originals.items():
        assert (source / name).read_text() == clean(text).text, name
    assert [r["text"] for r in read_jsonl(source / "c.jsonl")] == [clean(r["text"]).text for r in make_records(300)]
    assert not leftovers(tmp_path)


def _decodes_utf16() -> bool:
    try:
        return decode_bytes("\ufeffhi".encode("utf-16-le"), "probe").text == "hi"
    except Exception:
        return False


@pytest.mark.skipif(not _decodes_utf16(), reason="needs the UTF-16 decoder of the Unicode work (cleaner.io.decode_bytes)")
def test_utf16_and_latin1_files_are_cleaned_through_the_one_decoder(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    text = "Hello&nbsp;world.It works très bien.\n"
    (src / "le-bom.txt").write_bytes(text.encode("utf-16"))  # with a byte-order mark
    (src / "be-bom.txt").write_bytes(b"\xfe\xff" + text.encode("utf-16-be"))
    (src / "le.txt").write_bytes(text.encode("utf-16-le"))  # no mark: a NUL in every other byte
    (src / "latin1.txt").write_bytes("Il est très content.It works.\n".encode("latin-1"))
    tally, printed = run([src], tmp_path / "out")
    assert tally.exit_code == 0 and tally.skipped == 0 and tally.changed == 4, printed
    for name in ("le-bom.txt", "be-bom.txt", "le.txt"):
        assert (tmp_path / "out" / "in" / name).read_text(encoding="utf-8") == "Hello world. It works très bien.\n", name
    assert (tmp_path / "out" / "in" / "latin1.txt").read_text(encoding="utf-8") == "Il est très content. It works.\n"
    assert "latin1.txt: not valid UTF-8" in printed and "le.txt: no byte-order mark" in printed


@pytest.mark.slow
def test_fix_on_a_folder_never_follows_a_symlink_out_of_it(tmp_path: Path) -> None:
    (tmp_path / "outside.txt").write_text(DIRTY[1])
    (tmp_path / "repo").mkdir()
    (tmp_path / "repo" / "a.txt").write_text(DIRTY[1])
    (tmp_path / "repo" / "link.txt").symlink_to(tmp_path / "outside.txt")
    result = run_cli("fix", "repo", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr.decode()
    assert (tmp_path / "outside.txt").read_text() == DIRTY[1]
    assert (tmp_path / "repo" / "a.txt").read_text() == "Hello world. It works."
    assert "link.txt: symlink to a file outside repo, not followed" in result.stderr.decode()
