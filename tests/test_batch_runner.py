"""The batch runner as a library: planning, outputs, corpora, bad input, run state, resuming."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
import zstandard
from batch_support import CLEAN, DIRTY, make_folder, make_records, read_jsonl, write_jsonl

from cleaner import Cleaner, Config, clean
from cleaner.batch import Runner, Tally, UsageError, plan
from cleaner.io import decode_bytes, is_jsonl, walk_inputs
from cleaner.parallel import parallel_map, worker_cleaner
from cleaner.records import change_record
from cleaner.runstate import CHANGES, MANIFEST, SUMMARY
from cleaner.terminal import Messages


def run(items: list[str | Path], output: Path | None = None, **options: object) -> tuple[Tally, str]:
    """A run in this process; returns the tally and what it printed."""
    in_place = bool(options.pop("in_place", False))
    include = tuple(options.pop("include", ()))  # type: ignore[arg-type]
    exclude = tuple(options.pop("exclude", ()))  # type: ignore[arg-type]
    planned, folder = plan([str(i) for i in items], output, in_place=in_place, include=include, exclude=exclude)
    buffer = io.StringIO()
    messages = Messages(buffer)
    config = options.pop("config", Config())
    runner = Runner(planned, config, folder=folder, in_place=in_place, messages=messages, **options)  # type: ignore[arg-type]
    return runner.run(), buffer.getvalue()


def test_folder_is_mirrored_with_clean_text_change_log_and_summary(tmp_path: Path) -> None:
    files = make_folder(tmp_path / "news")
    tally, _ = run([tmp_path / "news"], tmp_path / "out", jobs=1)
    assert tally.exit_code == 0 and tally.inputs == len(files) and tally.failed == 0
    for path in files:
        mirrored = tmp_path / "out" / "news" / path.relative_to(tmp_path / "news")
        assert mirrored.read_text(encoding="utf-8") == clean(path.read_text(encoding="utf-8"), markdown=path.suffix == ".md").text
    changes = read_jsonl(tmp_path / "out" / CHANGES)
    assert {line["file"] for line in changes} >= {str(p) for p in files if clean(p.read_text()).changed}
    for line in (line for line in changes if line["kind"] == "edit"):
        original = Path(line["file"]).read_text(encoding="utf-8")
        assert original[line["start"] : line["end"]] == line["before"]
    summary = json.loads((tmp_path / "out" / SUMMARY).read_text())
    assert summary["inputs"] == len(files)
    assert summary["changed"] + summary["unchanged"] == len(files)
    assert summary["edits"] == sum(1 for line in changes if line["kind"] == "edit") == sum(summary["edits_per_rule"].values())


def test_two_jobs_give_the_same_outputs_and_log_as_one(tmp_path: Path) -> None:
    make_folder(tmp_path / "news", copies=6)
    run([tmp_path / "news"], tmp_path / "one", jobs=1)
    run([tmp_path / "news"], tmp_path / "two", jobs=2)
    one = sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*") if p.is_file())
    two = sorted(p.relative_to(tmp_path / "two") for p in (tmp_path / "two").rglob("*") if p.is_file())
    assert one == two
    for rel in one:
        if rel.name != SUMMARY:
            assert (tmp_path / "one" / rel).read_bytes() == (tmp_path / "two" / rel).read_bytes(), rel


def test_include_and_exclude_globs(tmp_path: Path) -> None:
    (tmp_path / "a" / "drafts").mkdir(parents=True)
    (tmp_path / "a" / ".git").mkdir()
    for rel in ("x.txt", "y.md", "z.html", "NOTES.TXT", "drafts/d.txt", ".git/h.txt", "c.jsonl"):
        (tmp_path / "a" / rel).write_text("text")
    names = lambda found: sorted(relative for _path, relative in found)  # noqa: E731
    assert names(walk_inputs(tmp_path / "a")) == ["NOTES.TXT", "drafts/d.txt", "x.txt", "y.md"]
    assert names(walk_inputs(tmp_path / "a", exclude=("drafts",))) == ["NOTES.TXT", "x.txt", "y.md"]
    assert names(walk_inputs(tmp_path / "a", include=("*.jsonl", "drafts/*"))) == ["c.jsonl", "drafts/d.txt"]
    assert names(walk_inputs(tmp_path / "a", exclude=("*.md", "notes.txt"))) == ["drafts/d.txt", "x.txt"]


def test_an_output_folder_inside_the_input_folder_is_not_cleaned_again(tmp_path: Path) -> None:
    files = make_folder(tmp_path)
    run([tmp_path], tmp_path / "out", jobs=1)
    planned, _ = plan([str(tmp_path)], tmp_path / "out")
    assert sorted(item.source for item in planned) == sorted(files)


def test_plan_refuses_what_cannot_work(tmp_path: Path) -> None:
    (tmp_path / "d1" / "x").mkdir(parents=True)
    (tmp_path / "d2" / "x").mkdir(parents=True)
    (tmp_path / "a.txt").write_text("a")
    with pytest.raises(UsageError, match="needs -o"):
        plan([str(tmp_path / "d1")])
    with pytest.raises(UsageError, match="overwrite the input"):
        plan([str(tmp_path / "a.txt")], tmp_path / "a.txt")
    with pytest.raises(UsageError, match="stdin has no name"):
        plan(["-"], tmp_path / "out", output_is_folder=True)
    with pytest.raises(UsageError, match="cannot be combined"):
        plan([str(tmp_path / "a.txt")], tmp_path / "out", in_place=True)
    (tmp_path / "d1" / "x" / "same.txt").write_text("1")
    (tmp_path / "d2" / "x" / "same.txt").write_text("2")
    with pytest.raises(UsageError, match="both be written"):
        plan([str(tmp_path / "d1" / "x" / "same.txt"), str(tmp_path / "d2" / "x" / "same.txt")], tmp_path / "out")
    (tmp_path / "changes.jsonl").write_text("{}")
    with pytest.raises(UsageError, match="keeps its own records"):
        plan([str(tmp_path / "changes.jsonl"), str(tmp_path / "a.txt")], tmp_path / "out")


def test_bad_inputs_are_reported_one_line_each_and_the_run_goes_on(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text(DIRTY[1])
    (src / "binary.txt").write_bytes(b"PK\x03\x04\x00\x00binary")
    (src / "empty.txt").write_bytes(b"")
    (src / "legacy.txt").write_bytes("The café’s naïve menu — déjà vu.It works.".encode("cp1252"))
    (src / "big.txt").write_text("x" * 500)
    tally, printed = run([src, tmp_path / "missing.txt"], tmp_path / "out", jobs=1, max_bytes=400)
    lines = printed.splitlines()
    assert any(line.startswith("warning:") and "binary.txt: binary file" in line for line in lines)
    assert any(line.startswith("warning:") and "empty.txt: empty file" in line for line in lines)
    guessed = "legacy.txt: not valid UTF-8 (byte 0xe9 at offset 7); decoded as cp1252"
    assert any(line.startswith("warning:") and guessed in line for line in lines)
    assert any(line.startswith("error:") and "big.txt: too large" in line for line in lines)
    assert any(line.startswith("error:") and "missing.txt: no such file" in line for line in lines)
    assert (tally.skipped, tally.failed, tally.changed) == (2, 2, 2)
    assert tally.exit_code == 1
    assert (tmp_path / "out" / "in" / "legacy.txt").read_text(encoding="utf-8") == "The café’s naïve menu — déjà vu. It works."
    assert not (tmp_path / "out" / "in" / "binary.txt").exists()
    summary = json.loads((tmp_path / "out" / SUMMARY).read_text())
    assert len(summary["problems"]) == 4 and summary["failed"] == 2


def test_undecodable_bytes_name_the_input() -> None:
    data = bytes(range(0x80, 0x100)) * 3
    with pytest.raises(Exception, match=r"x.txt: not valid UTF-8 \(byte 0x80 at offset 0\) and no text encoding explains it"):
        decode_bytes(data, "x.txt")


def test_corpus_records_keep_their_fields_and_carry_text_edits_and_metadata(tmp_path: Path) -> None:
    records = make_records(9)
    write_jsonl(tmp_path / "c.jsonl", records)
    tally, _ = run([tmp_path / "c.jsonl"], tmp_path / "out.jsonl", jobs=2)
    out = read_jsonl(tmp_path / "out.jsonl")
    assert tally.exit_code == 0 and tally.records == 9 and len(out) == 9
    for before, after in zip(records, out, strict=True):
        result = clean(before["text"])
        assert after["text"] == result.text
        assert {k: after[k] for k in ("id", "source", "n")} == {k: before[k] for k in ("id", "source", "n")}
        assert after["cleaner"] == change_record(result)  # compact: the detail is in the log
    assert out[0]["cleaner"]["metadata"] == {"date": "2022-01-24"}
    run([tmp_path / "c.jsonl"], tmp_path / "full.jsonl", jobs=2, record_edits=True)
    full = read_jsonl(tmp_path / "full.jsonl")
    assert [r["cleaner"]["edits"] for r in full] == [clean(r["text"]).compact_edits() for r in records]


@pytest.mark.parametrize("suffix", [".jsonl.gz", ".jsonl.zst"])
def test_compressed_corpora_are_read_and_written_by_suffix(tmp_path: Path, suffix: str) -> None:
    body = "".join(json.dumps(r) + "\n" for r in make_records(20)).encode()
    source = tmp_path / f"c{suffix}"
    source.write_bytes(gzip.compress(body) if suffix.endswith("gz") else zstandard.ZstdCompressor().compress(body))
    assert is_jsonl(source)
    tally, _ = run([source], tmp_path / f"out{suffix}", jobs=2)
    assert tally.exit_code == 0 and tally.records == 20
    written = (tmp_path / f"out{suffix}").read_bytes()
    if suffix.endswith("gz"):
        assert written[:2] == b"\x1f\x8b"
        text = gzip.decompress(written)
    else:
        assert written[:4] == b"\x28\xb5\x2f\xfd"
        text = zstandard.ZstdDecompressor().stream_reader(io.BytesIO(written), read_across_frames=True).read()
    out = [json.loads(line) for line in text.decode().splitlines()]
    assert [r["text"] for r in out] == [clean(r["text"]).text for r in make_records(20)]


def test_a_truncated_compressed_corpus_fails_without_leaving_an_output(tmp_path: Path) -> None:
    data = gzip.compress("".join(json.dumps(r) + "\n" for r in make_records(400)).encode())
    (tmp_path / "cut.jsonl.gz").write_bytes(data[: len(data) // 2])
    (tmp_path / "ok.txt").write_text(DIRTY[1])
    tally, printed = run([tmp_path / "cut.jsonl.gz", tmp_path / "ok.txt"], tmp_path / "out", jobs=2)
    assert f"error: {tmp_path / 'cut.jsonl.gz'}: cannot read (EOFError: Compressed file ended" in printed
    assert tally.failed == 1 and tally.changed >= 1 and tally.exit_code == 1
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        ".cleaner.lock",
        "changes.jsonl",
        "manifest.jsonl",
        "ok.txt",
        "summary.json",
    ]


def test_malformed_lines_and_missing_text_field(tmp_path: Path) -> None:
    lines: list[str | dict] = [
        {"id": 1, "text": DIRTY[1]},
        '{"id": 2, "text": ',
        {"id": 3, "body": "no text field"},
        "",
        "[1, 2]",
        {"id": 6, "text": None},
        {"id": 7, "text": CLEAN[0]},
    ]
    write_jsonl(tmp_path / "c.jsonl", lines)
    (tmp_path / "out").mkdir()
    tally, printed = run([tmp_path / "c.jsonl"], tmp_path / "out", jobs=1)
    assert f"{tmp_path / 'c.jsonl'}:2: malformed JSON (Expecting value at column 19)" in printed
    assert f"{tmp_path / 'c.jsonl'}:3: no string 'text' field (see --text-field), record kept unchanged" in printed
    assert f"{tmp_path / 'c.jsonl'}:5: not a JSON object" in printed
    assert (tally.records, tally.changed, tally.unchanged, tally.skipped, tally.failed) == (6, 1, 1, 2, 2)
    assert tally.exit_code == 1
    out = read_jsonl(tmp_path / "out" / "c.jsonl")
    assert [r["id"] for r in out] == [1, 3, 6, 7]
    assert out[1] == {"id": 3, "body": "no text field"}
    assert not (tmp_path / "out" / MANIFEST).read_text(), "a corpus with failed lines is not recorded as done"


def test_text_field_option(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "c.jsonl", [{"body": DIRTY[1], "text": "untouched.It stays"}])
    tally, _ = run([tmp_path / "c.jsonl"], tmp_path / "o.jsonl", jobs=1, text_field="body")
    (record,) = read_jsonl(tmp_path / "o.jsonl")
    assert record["body"] == "Hello world. It works." and record["text"] == "untouched.It stays" and tally.exit_code == 0


def test_corpus_on_stdout(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "c.jsonl", make_records(3))
    planned, folder = plan([str(tmp_path / "c.jsonl")])
    out = io.BytesIO()
    Runner(planned, Config(), folder=folder, jobs=1, stdout=out, messages=Messages(io.StringIO())).run()
    written = [json.loads(line)["text"] for line in out.getvalue().decode().splitlines()]
    assert written == [clean(r["text"]).text for r in make_records(3)]


def test_in_place_replaces_changed_files_only(tmp_path: Path) -> None:
    dirty, tidy = tmp_path / "d" / "dirty.txt", tmp_path / "d" / "clean.txt"
    dirty.parent.mkdir()
    dirty.write_text(DIRTY[1])
    tidy.write_text(CLEAN[0])
    dirty.chmod(0o640)
    before = tidy.stat().st_mtime_ns
    tally, _ = run([tmp_path / "d"], in_place=True, jobs=1)
    assert tally.exit_code == 0
    assert dirty.read_text() == "Hello world. It works." and dirty.stat().st_mode & 0o777 == 0o640
    assert tidy.stat().st_mtime_ns == before
    assert sorted(p.name for p in dirty.parent.iterdir()) == ["clean.txt", "dirty.txt"], "no temporary files left"


def test_in_place_corpus(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "c.jsonl", make_records(4))
    run([source], in_place=True, jobs=1)
    assert [r["text"] for r in read_jsonl(source)] == [clean(r["text"]).text for r in make_records(4)]


def test_rerun_skips_finished_inputs_and_redoes_changed_ones(tmp_path: Path) -> None:
    files = make_folder(tmp_path / "news")
    write_jsonl(tmp_path / "news" / "c.jsonl", make_records(5))
    items = [tmp_path / "news", tmp_path / "news" / "c.jsonl"]
    run(items, tmp_path / "out", jobs=2)
    log = read_jsonl(tmp_path / "out" / CHANGES)
    again, _ = run(items, tmp_path / "out", jobs=2)
    assert again.current == len(files) + 1 and again.changed == again.unchanged == 0
    assert read_jsonl(tmp_path / "out" / CHANGES) == log
    files[0].write_text(DIRTY[1] + "\nMore.It changed.")
    third, _ = run(items, tmp_path / "out", jobs=2)
    assert third.current == len(files) and third.changed == 1
    mirrored = tmp_path / "out" / "news" / files[0].relative_to(tmp_path / "news")
    assert mirrored.read_text() == "Hello world. It works.\nMore. It changed."
    changes = read_jsonl(tmp_path / "out" / CHANGES)
    mine = [line for line in changes if line["file"] == str(files[0])]
    assert [line["after"] for line in mine] == [" ", " ", " "], "the old lines of a re-cleaned input are gone"
    assert len(changes) == len([line for line in log if line["file"] != str(files[0])]) + 3
    fourth, _ = run(items, tmp_path / "out", jobs=2, config=Config(ignore=("P101",)))
    assert fourth.current == 0, "another configuration re-cleans everything"


def test_a_deleted_or_truncated_output_is_written_again(tmp_path: Path) -> None:
    make_folder(tmp_path / "news")
    run([tmp_path / "news"], tmp_path / "out", jobs=1)
    deleted, truncated = sorted((tmp_path / "out" / "news").rglob("*.txt"))[:2]
    expected = truncated.read_text()
    deleted.unlink()
    truncated.write_text("")  # what a power failure can leave of a file that was never fsynced
    tally, _ = run([tmp_path / "news"], tmp_path / "out", jobs=1)
    assert deleted.exists() and truncated.read_text() == expected and tally.changed + tally.unchanged == 2


def test_interrupted_run_keeps_finished_work_and_the_next_run_completes_it(tmp_path: Path) -> None:
    """Simulate a kill: the first run dies after some inputs, in the middle of writing a corpus."""
    make_folder(tmp_path / "news", copies=3)
    write_jsonl(tmp_path / "news" / "c.jsonl", make_records(50))
    items = [tmp_path / "news", tmp_path / "news" / "c.jsonl"]
    run(items, tmp_path / "fresh", jobs=1)

    calls = 0
    original = Runner._handle

    def dying(self: Runner, result: object, feedback: object, log: object) -> None:
        nonlocal calls
        calls += 1
        if calls == 60:  # inside the corpus, after the text files
            raise KeyboardInterrupt
        original(self, result, feedback, log)  # type: ignore[arg-type]

    Runner._handle = dying  # type: ignore[method-assign]
    try:
        interrupted, _ = run(items, tmp_path / "out", jobs=2)
    finally:
        Runner._handle = original  # type: ignore[method-assign]
    assert interrupted.interrupted and interrupted.exit_code == 130
    assert not (tmp_path / "out" / "c.jsonl").exists(), "no half-written corpus"
    assert not list((tmp_path / "out").glob(".*.tmp"))
    assert json.loads((tmp_path / "out" / SUMMARY).read_text())["interrupted"] is True
    done = len(read_jsonl(tmp_path / "out" / MANIFEST))
    assert 0 < done < 33

    resumed, _ = run(items, tmp_path / "out", jobs=2)
    assert resumed.current == done and resumed.exit_code == 0
    fresh = sorted(p.relative_to(tmp_path / "fresh") for p in (tmp_path / "fresh").rglob("*") if p.is_file())
    for rel in fresh:
        if rel.name not in (SUMMARY, MANIFEST):
            assert (tmp_path / "out" / rel).read_bytes() == (tmp_path / "fresh" / rel).read_bytes(), rel


def test_log_in_every_format(tmp_path: Path) -> None:
    make_folder(tmp_path / "news")
    for fmt in ("jsonl", "json", "text", "diff"):
        run([tmp_path / "news"], tmp_path / f"out-{fmt}", jobs=2, log=tmp_path / f"log.{fmt}", log_format=fmt)
    changes = read_jsonl(tmp_path / "out-jsonl" / CHANGES)
    assert read_jsonl(tmp_path / "log.jsonl") == changes
    document = json.loads((tmp_path / "log.json").read_text())
    edits = [line for line in changes if line["kind"] in ("edit", "finding")]
    assert sum(len(f["edits"]) + len(f["findings"]) for f in document["files"]) == len(edits)
    metadata = {line["file"]: line["metadata"] for line in changes if line["kind"] == "metadata"}
    assert metadata == {f["file"]: f["metadata"] for f in document["files"] if f["metadata"]} != {}
    text = (tmp_path / "log.text").read_text().splitlines()
    assert len(text) == len(edits) and all(line.split(":")[0].startswith(str(tmp_path)) for line in text)
    assert (tmp_path / "log.diff").read_text().count("+++ b/") == len({line["file"] for line in changes})


def test_parallel_map_keeps_order_and_stops_cleanly_when_closed() -> None:
    texts = [f"Item {i}.It works." for i in range(300)]
    results = parallel_map(_clean_text, texts, config=Config(), jobs=2, chunk_size=4)
    first = [next(results) for _ in range(10)]
    results.close()  # cancels chunks not started; must not hang or raise
    assert first == [clean(t).text for t in texts[:10]]
    assert list(parallel_map(_clean_text, texts, config=Config(), jobs=2, chunk_size=7)) == [clean(t).text for t in texts]


def _clean_text(text: str) -> str:
    return worker_cleaner().clean(text).text


def test_a_stage_bug_fails_one_input_not_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_text("boom here")
    (tmp_path / "b.txt").write_text(DIRTY[1])
    real = Cleaner.clean

    def flaky(self: Cleaner, text: str, *, markdown: bool = False) -> object:
        if "boom" in text:
            raise RuntimeError("stage exploded")
        return real(self, text, markdown=markdown)

    monkeypatch.setattr(Cleaner, "clean", flaky)
    tally, printed = run([tmp_path / "a.txt", tmp_path / "b.txt"], tmp_path / "out", jobs=1)
    assert "a.txt: internal error while cleaning: RuntimeError: stage exploded" in printed
    assert tally.failed == 1 and tally.changed == 1


def test_the_summary_counts_documents_per_language(tmp_path: Path) -> None:
    spanish = "El gobierno anunció el lunes nuevas medidas para combatir la inflación en todo el país."
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "en.txt").write_text("Troops moved.The call ended after an hour.\n", encoding="utf-8")
    (tmp_path / "news" / "es.txt").write_text(spanish + "\n", encoding="utf-8")
    write_jsonl(tmp_path / "corpus.jsonl", [{"text": spanish}, {"text": "The talks ended on Friday."}])
    run([tmp_path / "news", tmp_path / "corpus.jsonl"], tmp_path / "out", jobs=1)
    summary = json.loads((tmp_path / "out" / SUMMARY).read_text())
    assert summary["documents_per_language"] == {"en": 2, "es": 2}
