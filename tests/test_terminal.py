"""Messages on stderr: plain lines off a terminal, and no rich import for them."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from cleaner.terminal import Messages

#: Runs the CLI in-process and says, at exit, whether any rich module was imported.
PROBE = """
import atexit, runpy, sys
atexit.register(lambda: sys.stderr.write("rich imported: %s\\n" % any(m.split(".")[0] == "rich" for m in sys.modules)))
sys.argv = ["cleaner", *sys.argv[1:]]
runpy.run_module("cleaner", run_name="__main__")
"""


def test_off_a_terminal_lines_are_plain_and_markup_in_them_is_text() -> None:
    buffer = io.StringIO()
    messages = Messages(buffer)
    messages.error("x[/red]y.txt: no such file")
    messages.warning("[bold]a.txt: empty file, skipped")
    messages.line("1 input(s): 1 changed")
    assert not messages.is_terminal
    assert buffer.getvalue().splitlines() == [
        "error: x[/red]y.txt: no such file",
        "warning: [bold]a.txt: empty file, skipped",
        "1 input(s): 1 changed",
    ]


def test_cleaning_a_file_off_a_terminal_does_not_import_rich(tmp_path: Path) -> None:
    """rich is a tenth of a cold start; a hook or a pipe gets the same words without it."""
    (tmp_path / "a.txt").write_text("It ended.The talks went on.\n")
    (tmp_path / "empty.txt").write_text("")
    run = subprocess.run(
        [sys.executable, "-c", PROBE, "clean", "a.txt", "empty.txt", "missing.txt"], cwd=tmp_path, capture_output=True, text=True
    )
    assert run.returncode == 1
    assert "It ended. The talks went on." in run.stdout
    assert "warning: empty.txt: empty file, skipped" in run.stderr and "error: missing.txt: no such file" in run.stderr
    assert "rich imported: False" in run.stderr
