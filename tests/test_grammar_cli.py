"""``cleaner --languagetool``: real subprocesses against the protocol stand-in (not LanguageTool)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from tests.languagetool_standin import ProtocolStandIn, free_port, local_environment, started, stop_leftovers

TEXT = "The talks ended sicne noon.The envoys left.\n"
FIXED = "The talks ended since noon. The envoys left.\n"
WITHOUT = "The talks ended sicne noon. The envoys left.\n"
#: The lexical stages would fix the typo LanguageTool is fed first; the grammar stage is tested alone.
LEXICAL_OFF = ("--ignore", "M,S,C,T")


def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cleaner", *args, *LEXICAL_OFF],
        input=TEXT,
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


def warnings(proc: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in proc.stderr.splitlines() if line.startswith("warning:")]


@pytest.fixture
def standin() -> Iterator[ProtocolStandIn]:
    with ProtocolStandIn() as server:
        yield server


def test_with_a_server_the_stage_applies_and_says_nothing(standin: ProtocolStandIn) -> None:
    proc = run("clean", "-", "--languagetool", standin.url, "--require-languagetool")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == FIXED
    assert warnings(proc) == []


def test_server_down_one_warning_then_the_run_goes_on() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    proc = run("clean", "-", "--languagetool", url)
    assert proc.returncode == 0
    assert proc.stdout == WITHOUT
    assert warnings(proc) == [
        f"warning: grammar stage skipped: cannot connect to LanguageTool at {url}; start a LanguageTool server there "
        "(see the README, 'Grammar with LanguageTool') or point --languagetool at a running one"
    ]
    strict = run("clean", "-", "--languagetool", url, "--require-languagetool")
    assert strict.returncode == 3 and strict.stdout == WITHOUT and len(warnings(strict)) == 1


def test_rate_limited_and_required_exits_3(standin: ProtocolStandIn) -> None:
    standin.mode = "rate-limit"
    proc = run("clean", "-", "--languagetool", standin.url, "--require-languagetool")
    assert proc.returncode == 3
    assert proc.stdout == WITHOUT
    (line,) = warnings(proc)
    assert "rate-limiting requests (HTTP 426)" in line


def test_required_without_a_server_exits_3() -> None:
    proc = run("clean", "-", "--require-languagetool")
    assert proc.returncode == 3 and proc.stdout == WITHOUT
    assert warnings(proc) == [
        "warning: grammar stage skipped: no LanguageTool server was given; pass --languagetool URL (or local), "
        "or set languagetool in the config"
    ]


def test_local_without_java(tmp_path: Path) -> None:
    proc = run("clean", "-", "--languagetool", "local", env={**local_environment(tmp_path), "PATH": str(tmp_path / "empty")})
    assert proc.returncode == 0 and proc.stdout == WITHOUT
    (line,) = warnings(proc)
    assert line.startswith("warning: grammar stage skipped: no Java found: LanguageTool needs Java 17+ on PATH")


def test_local_without_an_install_when_the_download_fails(tmp_path: Path) -> None:
    env = local_environment(tmp_path)
    del env["LTP_JAR_DIR_PATH"]  # nothing unpacked: language-tool-python downloads, here from a dead local address
    env["LTP_PATH"] = str(tmp_path / "empty-cache")
    env["LTP_DOWNLOAD_HOST_NEW_RELEASES"] = f"http://127.0.0.1:{free_port()}/"
    proc = run("clean", "-", "--languagetool", "local", "--require-languagetool", env=env)
    assert proc.returncode == 3 and proc.stdout == WITHOUT
    (line,) = warnings(proc)
    assert line.startswith("warning: grammar stage skipped: language-tool-python could not download LanguageTool (")
    assert line.endswith(
        "set LTP_JAR_DIR_PATH to an unpacked LanguageTool-<version> folder, or point --languagetool at a running server"
    )


def test_local_server_runs_and_is_gone_after_the_command(tmp_path: Path) -> None:
    env = local_environment(tmp_path)
    pids = Path(env["STANDIN_PID_DIR"])
    try:
        proc = run("clean", "-", "--languagetool", "local", env=env)
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout == FIXED
        assert len(started(pids)) == 1
        assert not any(psutil.pid_exists(pid) for pid in started(pids))
    finally:
        stop_leftovers(pids)


@pytest.mark.slow
def test_config_file_and_explain(standin: ProtocolStandIn, tmp_path: Path) -> None:
    (tmp_path / "cleaner.toml").write_text(f'languagetool = "{standin.url}"\nrequire-languagetool = true\n', encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text(TEXT, encoding="utf-8")
    proc = run("explain", str(article), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "G101 lt-typo" in proc.stdout and "MORFOLOGIK_RULE_EN_US" in proc.stdout
    down = run("explain", str(article), "--languagetool", f"http://127.0.0.1:{free_port()}", cwd=tmp_path)
    assert down.returncode == 3 and len(warnings(down)) == 1


def test_a_bad_languagetool_value_is_a_usage_error() -> None:
    proc = run("clean", "-", "--languagetool", "ftp://example.com")
    assert proc.returncode == 2
    assert "languagetool must be an http(s):// server URL or 'local'" in proc.stderr
