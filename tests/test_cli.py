"""The command line, run as a real subprocess on real files."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
import typer

from tests.conftest import SEEDS

DAMAGED = "Troops moved.The call ended.\n"
CLEANED = "Troops moved. The call ended.\n"


def run(*args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cleaner", *args], input=stdin, capture_output=True, text=True, cwd=cwd, timeout=120
    )


def test_stdin_to_stdout() -> None:
    proc = run("clean", "-", stdin=DAMAGED)
    assert proc.returncode == 0
    assert proc.stdout == "Troops moved. The call ended.\n"
    assert "1 changed" in proc.stderr


def test_folder_mirrors_tree_and_writes_jsonl_log(tmp_path: Path) -> None:
    source = tmp_path / "in"
    (source / "sub").mkdir(parents=True)
    (source / "sub" / "a.txt").write_text(DAMAGED, encoding="utf-8")
    (source / "b.txt").write_text("Already clean.\n", encoding="utf-8")
    (source / "skip.bin").write_bytes(b"\x00\x01")
    proc = run("clean", str(source), "-o", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "out" / "in" / "sub" / "a.txt").read_text(encoding="utf-8") == "Troops moved. The call ended.\n"
    assert (tmp_path / "out" / "in" / "b.txt").read_text(encoding="utf-8") == "Already clean.\n"
    records = [json.loads(line) for line in (tmp_path / "out" / "changes.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(r["file"].endswith("a.txt"), r["rule"], r["line"], r["col"], r["before"], r["after"]) for r in records] == [
        (True, "P103", 1, 14, "", " ")
    ]
    assert (source / "sub" / "a.txt").read_text(encoding="utf-8") == DAMAGED, "input must never change"


@pytest.mark.parametrize("fmt", ["jsonl", "json", "text", "diff"])
def test_log_formats(tmp_path: Path, fmt: str) -> None:
    source = tmp_path / "a.txt"
    source.write_text(DAMAGED, encoding="utf-8")
    log = tmp_path / "log"
    proc = run("clean", str(source), "-o", str(tmp_path / "a.clean.txt"), "--log", str(log), "--log-format", fmt)
    assert proc.returncode == 0, proc.stderr
    content = log.read_text(encoding="utf-8")
    if fmt == "jsonl":
        assert json.loads(content.splitlines()[0])["rule"] == "P103"
    elif fmt == "json":
        assert json.loads(content)["files"][0]["edits"][0]["after"] == " "
    elif fmt == "text":
        assert content == f"{source}:1:14: P103 space after moved. ('' -> ' ') [0.95]\n"
    else:
        assert "-Troops moved.The call ended." in content and "+Troops moved. The call ended." in content


def test_bad_inputs_get_one_line_each_and_the_run_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(DAMAGED, encoding="utf-8")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\x00\x00\x01")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("The caf\xe9 opened.".encode("latin-1"))
    missing = tmp_path / "missing.txt"
    proc = run("clean", str(binary), str(latin), str(missing), str(good), "-o", str(tmp_path / "out"))
    assert proc.returncode == 1, "a missing input fails the run"
    lines = [line for line in proc.stderr.splitlines() if line.startswith(("error:", "warning:"))]
    assert len(lines) == 3, lines
    for path, words in [(binary, "binary"), (latin, "decoded as"), (missing, "no such file")]:
        assert any(str(path) in line and words in line for line in lines), lines
    assert (tmp_path / "out" / "latin.txt").read_text(encoding="utf-8") == "The caf\u00e9 opened."
    assert (tmp_path / "out" / "good.txt").read_text(encoding="utf-8") == "Troops moved. The call ended.\n"
    assert not (tmp_path / "out" / "image.txt").exists()


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run("clean", "-", "--select", "Z999", stdin="x").returncode == 2
    (tmp_path / "d").mkdir()
    proc = run("clean", str(tmp_path / "d"))
    assert proc.returncode == 2 and "needs -o" in proc.stderr


@pytest.mark.slow
def test_select_ignore_and_config_file_with_flags_winning(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.cleaner]\nignore = ["P103"]\n', encoding="utf-8")
    assert run("clean", "-", stdin=DAMAGED, cwd=tmp_path).stdout == DAMAGED
    assert run("clean", "-", "--select", "P", stdin=DAMAGED, cwd=tmp_path).stdout == DAMAGED  # ignore still applies
    (tmp_path / "cleaner.toml").write_text("threshold = 0.99\n", encoding="utf-8")
    assert run("clean", "-", stdin=DAMAGED, cwd=tmp_path).stdout == DAMAGED  # 0.95 < 0.99: reported only
    assert run("clean", "-", "--threshold", "0.5", stdin=DAMAGED, cwd=tmp_path).stdout == "Troops moved. The call ended.\n"


def test_bad_config_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "cleaner.toml").write_text("colour = 'red'\n", encoding="utf-8")
    proc = run("clean", "-", stdin="x", cwd=tmp_path)
    assert proc.returncode == 2
    assert "unknown option 'colour'" in proc.stderr


def test_rules_table_lists_every_rule() -> None:
    proc = run("rules", "--json")
    rules = json.loads(proc.stdout)
    codes = [rule["code"] for rule in rules]
    assert {"U101", "H101", "L103", "P101"} <= set(codes)
    assert len(codes) == len(set(codes))
    assert all(rule["example"] and rule["summary"] for rule in rules)
    assert [r["default"] for r in rules if r["code"] == "U201"] == [False]


def test_explain_shows_rule_context_and_confidence() -> None:
    proc = run("explain", str(SEEDS / "003_57c84ed8da41ee94.txt"))
    assert proc.returncode == 0
    assert "P102 attribution-comma" in proc.stdout
    assert "our NATO allies" in proc.stdout
    assert "0.95" in proc.stdout


@pytest.mark.slow
def test_help_everywhere() -> None:
    for command in ([], ["clean"], ["explain"], ["rules"]):
        proc = run(*command, "--help")
        assert proc.returncode == 0 and "Usage" in proc.stdout


def test_log_to_stdout_writes_no_file(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text(DAMAGED, encoding="utf-8")
    proc = run("clean", str(source), "-o", str(tmp_path / "a.clean.txt"), "--log", "-", "--log-format", "text", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == f"{source}:1:14: P103 space after moved. ('' -> ' ') [0.95]\n"
    assert not (tmp_path / "-").exists()


def test_version() -> None:
    proc = run("--version")
    assert (proc.returncode, proc.stdout) == (0, f"cleaner {version('cleaner')}\n")


@pytest.mark.parametrize(
    ("file", "content", "message"),
    [
        ("cleaner.toml", 'threshold = "high"\n', "threshold must be a number, got 'high'"),
        ("pyproject.toml", '[tool.cleaner]\nwords = "Kirbysaid"\n', "words must be a list of strings, got 'Kirbysaid'"),
        ("cleaner.toml", 'select = ["X9"]\n', "select: unknown rule code or prefix 'X9'"),
        ("cleaner.toml", 'extend_selekt = ["U201"]\n', "unknown option 'extend_selekt' (known: document-seconds, extend-select,"),
    ],
)
def test_config_errors_are_one_line_and_exit_2(tmp_path: Path, file: str, content: str, message: str) -> None:
    (tmp_path / file).write_text(content, encoding="utf-8")
    proc = run("clean", "-", stdin=DAMAGED, cwd=tmp_path)
    assert proc.returncode == 2
    (line,) = proc.stderr.splitlines()
    assert line.startswith(f"error: {tmp_path / file}: ") and message in line, line


def test_a_prefix_never_turns_on_an_off_by_default_rule() -> None:
    quotes = "\u201cIt\u2019s late,\u201d he said.\n"
    assert run("clean", "-", "--select", "U", stdin=quotes).stdout == quotes
    assert run("clean", "-", "--extend-select", "U2", stdin=quotes).stdout == quotes
    assert run("clean", "-", "--extend-select", "U201", stdin=quotes).stdout == '"It\'s late," he said.\n'


def test_piped_input_needs_no_dash_but_an_empty_stdin_is_still_a_usage_error(tmp_path: Path) -> None:
    proc = run("clean", stdin=DAMAGED)
    assert (proc.returncode, proc.stdout) == (0, "Troops moved. The call ended.\n")
    command = [sys.executable, "-m", "cleaner", "clean"]
    devnull = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)
    assert devnull.returncode == 2 and "nothing to clean" in devnull.stderr


def test_several_inputs_to_stdout_are_headed_as_head_does(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(DAMAGED, encoding="utf-8")
    (tmp_path / "b.txt").write_text("Already clean.\n", encoding="utf-8")
    proc = run("clean", "a.txt", "-", "b.txt", stdin=DAMAGED, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ("==> a.txt <==\n" + CLEANED + "\n==> <stdin> <==\n" + CLEANED + "\n==> b.txt <==\nAlready clean.\n")
    assert run("clean", "a.txt", cwd=tmp_path).stdout == "Troops moved. The call ended.\n", "one input: no header"


def test_explain_reads_stdin_and_several_files_and_marks_edits_when_piped(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(DAMAGED, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    proc = run("explain", "a.txt", "-", "empty.txt", stdin="We recieve it.\n", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("a.txt:1:14 P103 space-after-sentence 0.95")
    assert lines[1] == "    …Troops moved.{+ +}The call ended.⏎…"
    assert lines[2] == "a.txt: 1 edit(s), 0 finding(s)"
    assert lines[3].startswith("<stdin>:1:4 S101 non-word")
    assert lines[4] == "    …We [-recieve-]{+receive+} it.⏎…"
    assert lines[5:] == ["<stdin>: 1 edit(s), 0 finding(s)"]
    assert proc.stderr == "warning: empty.txt: empty file, skipped\n", "read as clean reads it"


def help_of(*command: str) -> str:
    env = {**os.environ, "COLUMNS": "80"}
    proc = subprocess.run(
        [sys.executable, "-m", "cleaner", *command, "--help"], capture_output=True, text=True, env=env, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.mark.parametrize("command", [(), ("clean",), ("check",), ("fix",), ("explain",)])
def test_help_reads_cleanly_at_80_columns(command: tuple[str, ...]) -> None:
    from cleaner.cli import app

    text = help_of(*command)
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "<bool>" not in text and "BOOLEAN" not in text and "…" not in text
    assert "..." not in text.partition("Commands:")[2], "a command's summary is cut short"
    click_command = typer.main.get_command(app)
    if command:
        click_command = click_command.commands[command[0]]  # type: ignore[attr-defined]
    names = [name for param in click_command.params for name in param.opts if name.startswith("--")]
    assert len(names) >= (1 if not command else 3)
    for name in names:
        assert re.search(rf"^ +(-\w, )?{re.escape(name)}( |$)", text, re.M), f"{name} is cut off"
    if command == ("clean",):
        for example in EXAMPLES:
            assert f"\n    {example}\n" in text or f"\n    {example}  " in text, example


#: Example lines of `cleaner clean --help`: each must stay whole on its own line.
EXAMPLES = (
    "cleaner clean article.txt",
    "cat article.txt | cleaner clean > clean.txt",
    "cleaner clean articles/ -o clean/",
    "cleaner clean corpus.jsonl.zst -o clean/ -j 8 --text-field body",
    "cleaner clean a.txt -o a.clean.txt --log a.log --log-format text",
    "cleaner clean a.txt --languagetool http://localhost:8081",
)
