"""Where text may be sent: a LanguageTool server comes from the user, never from a project file (unless local)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cleaner import Config, ConfigError, load_config
from tests.languagetool_standin import ProtocolStandIn

#: TEST-NET-3 (RFC 5737): no server answers there; a run that tried would warn that it cannot connect.
STRANGER = "http://203.0.113.5:8081"
TEXT = "The talks ended sicne noon.\n"


@pytest.fixture
def user_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty user config folder, and no server in the environment."""
    home = tmp_path / "xdg"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    monkeypatch.delenv("CLEANER_LANGUAGETOOL", raising=False)
    return home / "cleaner" / "cleaner.toml"


def write(path: Path, content: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    return path


def test_a_project_file_may_not_name_a_server_elsewhere(tmp_path: Path, user_home: Path) -> None:
    project = write(tmp_path / "repo" / "cleaner.toml", f'languagetool = "{STRANGER}"\nthreshold = 0.9\n')
    notes: list[str] = []
    config, source = load_config(tmp_path / "repo", notes=notes)
    assert (config.languagetool, config.threshold, source) == (None, 0.9, project)
    assert notes == [
        f"{project}: languagetool = '{STRANGER}' ignored: a project file may only name a LanguageTool on this machine; "
        f"pass --languagetool, set $CLEANER_LANGUAGETOOL or put it in {user_home}"
    ]
    with pytest.warns(UserWarning, match="ignored: a project file may only name a LanguageTool on this machine"):
        load_config(tmp_path / "repo")


@pytest.mark.parametrize("local", ["local", "http://localhost:8081", "http://127.0.0.1:8081", "http://[::1]:8081"])
def test_a_project_file_may_name_a_server_on_this_machine(tmp_path: Path, user_home: Path, local: str) -> None:
    write(tmp_path / "cleaner.toml", f'languagetool = "{local}"\n')
    notes: list[str] = []
    assert load_config(tmp_path, notes=notes)[0].languagetool == local
    assert notes == []


def test_the_user_config_environment_and_explicit_file_are_trusted(
    tmp_path: Path, user_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(user_home, f'languagetool = "{STRANGER}"\nthreshold = 0.7\n')
    assert load_config(tmp_path) == (Config(languagetool=STRANGER, threshold=0.7), user_home)  # no project file
    write(tmp_path / "cleaner.toml", 'languagetool = "https://elsewhere.example"\n')
    config, _ = load_config(tmp_path, notes=[])
    assert (config.languagetool, config.threshold) == (STRANGER, 0.8), "the user's server, the project's other settings"
    explicit = write(tmp_path / "mine.toml", 'languagetool = "https://named.example"\n')
    assert load_config(tmp_path, explicit=explicit)[0].languagetool == "https://named.example"
    monkeypatch.setenv("CLEANER_LANGUAGETOOL", "https://from-env.example")
    assert load_config(tmp_path, notes=[])[0].languagetool == "https://from-env.example"
    monkeypatch.setenv("CLEANER_LANGUAGETOOL", "ftp://nope")
    with pytest.raises(ConfigError, match=r"^\$CLEANER_LANGUAGETOOL: languagetool must be an http\(s\):// server URL"):
        load_config(tmp_path, notes=[])


def run(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cleaner", *args],
        input=TEXT,
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "XDG_CONFIG_HOME": str(cwd / "xdg"), **env},
        timeout=120,
    )


def test_cli_refuses_a_project_server_in_one_line_and_sends_nothing(tmp_path: Path) -> None:
    project = write(tmp_path / "cleaner.toml", f'languagetool = "{STRANGER}"\nlanguagetool-timeout = 3\n')
    proc = run("clean", "-", cwd=tmp_path, env={"CLEANER_LANGUAGETOOL": ""})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "The talks ended since noon.\n"
    assert proc.stderr.splitlines()[0] == (
        f"warning: {project}: languagetool = '{STRANGER}' ignored: a project file may only name a LanguageTool on this "
        f"machine; pass --languagetool, set $CLEANER_LANGUAGETOOL or put it in {tmp_path / 'xdg' / 'cleaner' / 'cleaner.toml'}"
    )
    assert "sent to" not in proc.stderr and "grammar stage skipped" not in proc.stderr


def test_every_run_that_sends_text_says_where(tmp_path: Path) -> None:
    with ProtocolStandIn() as standin:
        for args, env in (
            (("--languagetool", standin.url), {}),
            ((), {"CLEANER_LANGUAGETOOL": standin.url}),
        ):
            proc = run("clean", "-", "--ignore", "S", *args, cwd=tmp_path, env=env)
            assert proc.returncode == 0, proc.stderr
            assert proc.stdout == "The talks ended since noon.\n"
            assert proc.stderr.splitlines()[0] == f"note: text to check is sent to {standin.url}"
        assert standin.checked.count(TEXT) == 2, "each run sent the text where it said"
    quiet = run("clean", "-", cwd=tmp_path, env={"CLEANER_LANGUAGETOOL": ""})
    assert "sent to" not in quiet.stderr
