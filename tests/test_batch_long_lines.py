"""A corpus line longer than the record limit: reported with its file and line, kept byte for byte, never read whole."""

from __future__ import annotations

import gzip
import io
import json
import tracemalloc
from pathlib import Path

import pytest
from batch_support import DIRTY, run_cli

from cleaner import Config, clean
from cleaner.batch import Runner, Tally, plan
from cleaner.io import spool_line
from cleaner.runstate import MANIFEST
from cleaner.terminal import Messages

LIMIT = 10_000


def huge(size: int) -> bytes:
    """One JSON record of about ``size`` bytes, dirty text the cleaner would change if it read it."""
    text = (DIRTY[1] + " ") * (size // (len(DIRTY[1]) + 1))
    return json.dumps({"id": "big", "text": text}).encode()


def corpus(path: Path, big: bytes, *, last_newline: bool = True) -> list[bytes]:
    """Records 1 and 3 ordinary, 2 and 4 over the limit (4 without a final newline unless ``last_newline``)."""
    lines = [json.dumps({"id": 1, "text": DIRTY[1]}).encode(), big, json.dumps({"id": 3, "text": DIRTY[2]}).encode(), big]
    path.write_bytes(b"\n".join(lines) + (b"\n" if last_newline else b""))
    return lines


def run(path: Path, output: Path | None, *, jobs: int = 1, in_place: bool = False) -> tuple[Tally, str, bytes]:
    planned, folder = plan([str(path)], output, in_place=in_place)
    printed, stdout = io.StringIO(), io.BytesIO()
    runner = Runner(
        planned, Config(), folder=folder, jobs=jobs, in_place=in_place, max_bytes=LIMIT, messages=Messages(printed), stdout=stdout
    )
    return runner.run(), printed.getvalue(), stdout.getvalue()


@pytest.mark.parametrize("last_newline", [True, False])
def test_a_line_over_the_limit_is_reported_kept_byte_for_byte_and_the_run_goes_on(tmp_path: Path, last_newline: bool) -> None:
    source = tmp_path / "c.jsonl"
    lines = corpus(source, huge(300_000), last_newline=last_newline)
    tally, printed, _ = run(source, tmp_path / "out.jsonl")
    for number in (2, 4):
        assert (
            f"{source}:{number}: record too large ({len(lines[1]):,} bytes; the limit is {LIMIT:,}, see --max-bytes)" in printed
        )
    assert (tally.records, tally.changed, tally.failed, tally.exit_code) == (4, 2, 2, 1)
    out = (tmp_path / "out.jsonl").read_bytes().split(b"\n")
    assert out[1] == lines[1] and out[3] == lines[1] and out[4] == b"", "kept as it is, each line ending with a newline"
    assert [json.loads(line)["text"] for line in (out[0], out[2])] == [clean(DIRTY[1]).text, clean(DIRTY[2]).text]


def test_a_line_exactly_at_the_limit_is_cleaned(tmp_path: Path) -> None:
    record = json.dumps({"text": DIRTY[1] + " " * LIMIT})[:LIMIT]
    record = record[: LIMIT - 2] + '"}'
    source = tmp_path / "c.jsonl"
    source.write_text(record + "\n" + record + "x\n")  # the second is one byte over (and malformed, unread)
    tally, printed, _ = run(source, tmp_path / "out.jsonl")
    assert len(record.encode()) == LIMIT
    assert (tally.changed + tally.unchanged, tally.failed) == (1, 1) and f"{source}:2: record too large" in printed


def test_long_lines_with_two_jobs_in_place_on_stdout_and_compressed(tmp_path: Path) -> None:
    big = huge(200_000)
    source = tmp_path / "c.jsonl"
    lines = corpus(source, big)
    tally, _, _ = run(source, None, jobs=2, in_place=True)
    kept = source.read_bytes().split(b"\n")
    assert kept[1] == big and kept[3] == big and tally.failed == 2 and json.loads(kept[0])["text"] == clean(DIRTY[1]).text
    corpus(source, big)
    _, _, written = run(source, None)
    assert written.split(b"\n")[1] == big
    packed = tmp_path / "c.jsonl.gz"
    packed.write_bytes(gzip.compress(b"\n".join(lines) + b"\n"))
    (tmp_path / "out").mkdir()
    tally, _, _ = run(packed, tmp_path / "out", jobs=2)
    assert gzip.decompress((tmp_path / "out" / "c.jsonl.gz").read_bytes()).split(b"\n")[3] == big and tally.failed == 2
    assert not (tmp_path / "out" / MANIFEST).read_text(), "a corpus with a failed line is not recorded as done"


def test_spool_line_holds_a_long_line_in_pieces() -> None:
    line = b"x" * 20_000_000
    stream = io.BufferedReader(io.BytesIO(line[100:] + b"\nnext\n"))  # type: ignore[arg-type]
    tracemalloc.start()
    try:
        spool, size = spool_line(stream, line[:100])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    with spool:
        assert size == len(line) and spool.read() == line + b"\n"
    assert stream.readline() == b"next\n"
    assert peak < 4_000_000, "copied in pieces of a megabyte, not read whole"


@pytest.mark.slow
def test_a_record_of_60_mb_on_the_command_line(tmp_path: Path) -> None:
    """The real file through the CLI's default limit: reported in one line, kept, the next record cleaned."""
    source = tmp_path / "c.jsonl"
    big = huge(60_000_000)
    source.write_bytes(big + b"\n" + json.dumps({"id": 2, "text": DIRTY[1]}).encode() + b"\n")
    done = run_cli("clean", source, "-o", tmp_path / "o.jsonl", "-j", "2", cwd=tmp_path)
    assert done.returncode == 1
    assert f"{source}:1: record too large ({len(big):,} bytes; the limit is 10,000,000, see --max-bytes), kept unchanged" in (
        done.stderr.decode()
    )
    with (tmp_path / "o.jsonl").open("rb") as out:
        assert out.readline() == big + b"\n"
        assert json.loads(out.readline())["text"] == clean(DIRTY[1]).text
