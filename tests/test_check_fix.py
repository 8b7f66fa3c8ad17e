"""`cleaner check` and `cleaner fix`, the commands behind the pre-commit hooks, as real subprocesses."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.test_cli import run

DAMAGED = "Troops moved.The call ended.\n"
CLEAN = "Troops moved. The call ended.\n"


@pytest.mark.slow
def test_check_reads_only_and_fails_when_an_edit_would_be_made(tmp_path: Path) -> None:
    dirty = tmp_path / "dirty.txt"
    dirty.write_text(DAMAGED, encoding="utf-8")
    (tmp_path / "clean.txt").write_text(CLEAN, encoding="utf-8")
    proc = run("check", "dirty.txt", "clean.txt", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout == "dirty.txt:1:14: P103 space after moved. ('' -> ' ') [0.95]\n"
    assert dirty.read_text(encoding="utf-8") == DAMAGED
    assert "1 file(s) would be changed" in proc.stderr
    proc = run("check", "clean.txt", cwd=tmp_path)
    assert (proc.returncode, proc.stdout) == (0, "")


def test_check_diff(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(DAMAGED, encoding="utf-8")
    proc = run("check", "--diff", "a.txt", cwd=tmp_path)
    assert proc.returncode == 1
    assert "--- a/a.txt\n+++ b/a.txt\n" in proc.stdout
    assert "-Troops moved.The call ended.\n+Troops moved. The call ended.\n" in proc.stdout


@pytest.mark.slow
def test_fix_rewrites_fails_once_then_passes(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(DAMAGED, encoding="utf-8")
    article.chmod(0o640)
    proc = run("fix", "a.txt", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == ["Fixing a.txt", "a.txt:1:14: P103 space after moved. ('' -> ' ') [0.95]"]
    assert article.read_text(encoding="utf-8") == CLEAN
    assert article.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"], "no temporary file left behind"
    proc = run("fix", "a.txt", cwd=tmp_path)
    assert (proc.returncode, proc.stdout) == (0, "")


@pytest.mark.slow
def test_select_ignore_and_config_apply_as_in_clean(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(DAMAGED, encoding="utf-8")
    assert run("check", "--ignore", "P103", "a.txt", cwd=tmp_path).returncode == 0
    assert run("fix", "--select", "L", "a.txt", cwd=tmp_path).returncode == 0
    (tmp_path / "pyproject.toml").write_text('[tool.cleaner]\nignore = ["P"]\n', encoding="utf-8")
    assert run("check", "a.txt", cwd=tmp_path).returncode == 0
    assert run("fix", "a.txt", cwd=tmp_path).returncode == 0
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == DAMAGED
    assert run("check", "--select", "Z9", "a.txt", cwd=tmp_path).returncode == 2


def test_markdown_by_suffix_and_folders(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "markdown" / "code.md", tmp_path / "code.md")
    (tmp_path / "sub").mkdir()
    shutil.copy(FIXTURES / "markdown" / "cleaner-off.md", tmp_path / "sub" / "off.md")
    proc = run("fix", ".", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout.startswith("Fixing code.md\n")
    assert "off.md" not in proc.stdout
    assert (tmp_path / "code.md").read_text(encoding="utf-8") == (FIXTURES / "markdown" / "code.expected.md").read_text(
        encoding="utf-8"
    )
    assert (tmp_path / "sub" / "off.md").read_bytes() == (FIXTURES / "markdown" / "cleaner-off.md").read_bytes()


@pytest.mark.slow
def test_front_matter_metadata_is_reported_or_written_on_request(tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    article.write_text("---\ntitle: T\n---\nBy Jane Doe\n\nText.\n", encoding="utf-8")
    proc = run("check", "a.md", cwd=tmp_path)
    assert 'a.md: metadata: {"byline": "Jane Doe"}' in proc.stdout.splitlines()
    proc = run("fix", "--metadata-to-front-matter", "a.md", cwd=tmp_path)
    assert proc.returncode == 1
    assert article.read_text(encoding="utf-8") == '---\ntitle: T\nbyline: "Jane Doe"\n---\nText.\n'


@pytest.mark.slow
def test_unreadable_file_fails_the_hook_binary_is_skipped_as_in_clean_and_the_rest_is_checked(tmp_path: Path) -> None:
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\x00\x00")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "good.txt").write_text(CLEAN, encoding="utf-8")
    for command in ("check", "fix"):
        proc = run(command, "image.txt", "empty.txt", "good.txt", cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        assert proc.stderr.splitlines() == [
            "warning: image.txt: binary file (contains NUL bytes), skipped",
            "warning: empty.txt: empty file, skipped",
        ]
        proc = run(command, "missing.txt", "good.txt", cwd=tmp_path)
        assert proc.returncode == 1
        assert proc.stderr.splitlines() == ["error: missing.txt: no such file"]
    assert (tmp_path / "image.txt").read_bytes() == b"\x89PNG\x00\x00"


def test_help() -> None:
    for command in ("check", "fix"):
        proc = run(command, "--help")
        assert proc.returncode == 0 and "--select" in proc.stdout and "front matter" in proc.stdout


def test_fix_says_which_encoding_it_guessed_for_non_utf8_bytes(tmp_path: Path) -> None:
    article = tmp_path / "latin.txt"
    article.write_bytes("The caf\xe9 opened.The doors shut.\n".encode("cp1252"))
    proc = run("fix", str(article))
    assert proc.returncode == 1
    assert f"warning: {article}: not valid UTF-8" in proc.stderr and "decoded as cp1252" in proc.stderr
    assert article.read_text(encoding="utf-8") == "The caf\u00e9 opened. The doors shut.\n"


def test_a_jsonl_corpus_is_left_to_clean_not_damaged_as_text(tmp_path: Path) -> None:
    corpus = tmp_path / "news.jsonl"
    corpus.write_text('{"text": "Troops moved.The call ended."}\n', encoding="utf-8")
    proc = run("fix", "news.jsonl", cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.stderr == "warning: news.jsonl: a JSONL corpus, skipped; clean it with `cleaner clean`\n"
    assert corpus.read_text(encoding="utf-8") == '{"text": "Troops moved.The call ended."}\n'


def test_fix_on_stdin_is_a_usage_error_that_points_to_clean(tmp_path: Path) -> None:
    proc = run("fix", "-", stdin=DAMAGED, cwd=tmp_path)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr == "error: stdin has no file to rewrite in place (--in-place, fix): use `cleaner clean -`\n"
