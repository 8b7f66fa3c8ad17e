"""``cleaner clean`` on folders and corpora, as a user runs it: real subprocesses, real signals."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from batch_support import DIRTY, make_folder, make_records, read_jsonl, run_cli, seed_texts, write_jsonl

from cleaner import clean
from cleaner.runstate import CHANGES, MANIFEST, SUMMARY


@pytest.mark.slow
def test_stdin_single_file_and_output_file(tmp_path: Path) -> None:
    piped = run_cli("clean", "-", cwd=tmp_path, stdin=DIRTY[1].encode())
    assert (piped.returncode, piped.stdout.decode()) == (0, "Hello world. It works.")
    (tmp_path / "a.txt").write_text(DIRTY[0])
    single = run_cli("clean", "a.txt", cwd=tmp_path)
    assert single.stdout.decode() == "Biden met allies,” Kirby said."
    written = run_cli("clean", "a.txt", "-o", "b.txt", "--log", "b.log", "--log-format", "text", cwd=tmp_path)
    assert written.returncode == 0 and (tmp_path / "b.txt").read_text() == "Biden met allies,” Kirby said."
    assert (tmp_path / "b.log").read_text().splitlines()[0].startswith("a.txt:1:1: H101 ")
    summary = "1 input(s): 1 changed, 0 unchanged, 0 skipped, 0 failed; 3 edit(s) applied (H101 1, P101 1, P102 1)"
    assert summary in written.stderr.decode()


@pytest.mark.slow
def test_exit_codes(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text(DIRTY[1])
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01")
    assert run_cli("clean", "ok.txt", "bin.txt", "-o", "out", cwd=tmp_path).returncode == 0, "binary is skipped, not failed"
    failed = run_cli("clean", "ok.txt", "nope.txt", "-o", "out2", cwd=tmp_path)
    assert failed.returncode == 1 and "error: nope.txt: no such file" in failed.stderr.decode()
    for usage in (
        ["clean", "ok.txt", "--select", "Z9"],
        ["clean", "ok.txt", "--log-format", "text"],
        ["clean", "."],
        ["clean", "ok.txt", "-o", "ok.txt"],
        ["clean", "ok.txt", "--in-place", "-o", "x"],
        ["clean"],
    ):
        result = run_cli(*usage, cwd=tmp_path)
        assert result.returncode == 2, (usage, result.stderr)
        assert result.stderr.decode().startswith("error: ")


@pytest.mark.slow
def test_folder_run_with_two_jobs_is_quiet_off_a_terminal(tmp_path: Path) -> None:
    make_folder(tmp_path / "news", copies=2)
    write_jsonl(tmp_path / "news" / "c.jsonl", make_records(6))
    result = run_cli("clean", "news", "-o", "out", "-j", "2", "--include", "*.txt", "--include", "*.jsonl", cwd=tmp_path)
    stderr = result.stderr.decode()
    assert result.returncode == 0, stderr
    assert stderr.count("\n") == 1 and "words/s" in stderr and "\r" not in stderr and "\x1b" not in stderr
    assert "(6 record(s))" in stderr
    assert (tmp_path / "out" / "news" / "c.jsonl").exists() and not list((tmp_path / "out").rglob("*.md"))
    summary = json.loads((tmp_path / "out" / SUMMARY).read_text())
    assert summary["jobs"] == 2 and summary["records"] == 6
    quiet = run_cli("clean", "news", "-o", "out2", "--quiet", cwd=tmp_path)
    assert quiet.returncode == 0 and quiet.stderr == b""


def test_files_from_a_list(tmp_path: Path) -> None:
    files = make_folder(tmp_path / "news")
    (tmp_path / "list.txt").write_text("\n".join(str(p.relative_to(tmp_path)) for p in files[:3]) + "\n")
    result = run_cli("clean", "--files-from", "list.txt", "-o", "out/", cwd=tmp_path)
    assert result.returncode == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if p.suffix == ".txt") == sorted(p.name for p in files[:3])


@pytest.mark.slow
def test_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    """Under a pseudo-terminal the bar shows files, words per second and time left."""
    make_folder(tmp_path / "news", copies=40)
    pid, fd = pty.fork()
    if pid == 0:  # the child: stdout and stderr are the terminal
        os.chdir(tmp_path)
        os.environ.update(COLUMNS="160", TERM="xterm")
        os.execv(sys.executable, [sys.executable, "-m", "cleaner", "clean", "news", "-o", "out", "-j", "1"])
    screen = b""
    while True:
        try:
            ready, _, _ = select.select([fd], [], [], 60)
            chunk = os.read(fd, 65536) if ready else b""
        except OSError:
            break
        if not chunk:
            break
        screen += chunk
    _, status = os.waitpid(pid, 0)
    text = screen.decode(errors="replace")
    assert os.waitstatus_to_exitcode(status) == 0, text
    assert "cleaning" in text and "words/s" in text and "files" in text
    assert "360 input(s)" in text


@pytest.mark.slow
def test_killed_run_leaves_no_half_file_and_the_next_run_finishes_the_work(tmp_path: Path) -> None:
    texts = seed_texts()
    source = tmp_path / "news"
    for i in range(400):
        (source / f"{i // 100}").mkdir(parents=True, exist_ok=True)
        (source / f"{i // 100}" / f"a{i}.txt").write_text(texts[i % 2] + f"\nNumber {i}.It ends here.\n")
    process = subprocess.Popen(
        [sys.executable, "-m", "cleaner", "clean", "news", "-o", "out", "-j", "2"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    manifest = tmp_path / "out" / MANIFEST
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not manifest.exists() or manifest.stat().st_size < 2000):
        time.sleep(0.005)
    workers = [int(pid) for pid in Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()]
    assert len(workers) == 2
    process.kill()  # SIGKILL: no handler runs, nothing is tidied up
    process.wait()
    while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() and _alive(pid) for pid in workers):
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in workers), "workers leave when their parent is killed"
    done = len(manifest.read_text().splitlines())
    assert 0 < done < 400, "the kill must land in the middle of the run"
    for path in (tmp_path / "out" / "news").rglob("*.txt"):
        original = source / path.relative_to(tmp_path / "out" / "news")
        assert path.read_text() == clean(original.read_text()).text, "every output there is whole"
    again = run_cli("clean", "news", "-o", "out", "-j", "2", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    summary = json.loads((tmp_path / "out" / SUMMARY).read_text())
    assert summary["up_to_date"] >= done - 1 and summary["up_to_date"] + summary["changed"] + summary["unchanged"] == 400
    changes = read_jsonl(tmp_path / "out" / CHANGES)
    per_file: dict[str, int] = {}
    for line in changes:
        per_file[line["file"]] = per_file.get(line["file"], 0) + 1
    logged = [clean(texts[i % 2] + f"\nNumber {i}.It ends here.\n") for i in range(400)]
    expected = {f"news/{i // 100}/a{i}.txt": len(r.edits) + len(r.findings) + bool(r.metadata) for i, r in enumerate(logged)}
    assert per_file == {name: count for name, count in expected.items() if count}, "each input's lines exactly once"
    assert len(read_jsonl(manifest)) == 400


def _alive(pid: int) -> bool:
    """Running, not a zombie waiting for a parent that will never reap it."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.slow
def test_sigterm_stops_like_ctrl_c(tmp_path: Path) -> None:
    texts = seed_texts()
    (tmp_path / "news").mkdir()
    for i in range(1500):
        (tmp_path / "news" / f"a{i}.txt").write_text(texts[i % 2])
    process = subprocess.Popen(
        [sys.executable, "-m", "cleaner", "clean", "news", "-o", "out", "-j", "2"], cwd=tmp_path, stderr=subprocess.PIPE
    )
    manifest = tmp_path / "out" / MANIFEST
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not manifest.exists() or manifest.stat().st_size == 0):
        time.sleep(0.005)
    process.terminate()
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert b"stopped: finished inputs are kept" in stderr
    summary = json.loads((tmp_path / "out" / SUMMARY).read_text())
    assert summary["interrupted"] is True and 0 < summary["changed"] + summary["unchanged"] < 1500
    assert not list((tmp_path / "out").rglob(".*.tmp"))


@pytest.mark.slow
def test_corpus_records_stay_compact_and_the_edits_are_kept_once_in_the_log(tmp_path: Path) -> None:
    """Each record grows by its rule codes only; ``--record-edits`` puts the edits back into the records."""
    texts = [text * 3 for text in seed_texts()]
    write_jsonl(tmp_path / "c.jsonl", [{"id": i, "text": text} for i, text in enumerate(texts)])
    assert run_cli("clean", "c.jsonl", "-o", "out/", cwd=tmp_path).returncode == 0
    corpus = tmp_path / "out" / "c.jsonl"
    log = [line for line in read_jsonl(tmp_path / "out" / CHANGES) if line["kind"] == "edit"]
    records = read_jsonl(corpus)
    assert sum(len(r["cleaner"]["rules"]) for r in records) == len(log) > 10
    assert all(set(r["cleaner"]) == {"changed", "rules", "findings", "metadata"} for r in records)
    assert corpus.stat().st_size < 1.1 * (tmp_path / "c.jsonl").stat().st_size
    assert run_cli("clean", "c.jsonl", "-o", "full/", "--record-edits", cwd=tmp_path).returncode == 0
    full = read_jsonl(tmp_path / "full" / "c.jsonl")
    assert [r["cleaner"]["edits"] for r in full] == [clean(text).compact_edits() for text in texts]
