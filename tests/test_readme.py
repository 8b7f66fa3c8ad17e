"""Every command and code example in the README runs as written.

Each fenced block runs in a fresh folder that holds what the examples name: the
seeds, ``article.txt``, ``notes.md``, a folder ``articles/``, JSONL corpora and
shards, ``list.txt``, ``names.txt`` and ``.venv`` (this interpreter's environment).

- ``bash``: each command runs in bash and must exit 0, or the code its comment
  states (``exit 1 if ...``).
- ``console``: each ``$ command`` runs; the lines after it are its exact stdout.
- ``python``: ``>>>`` blocks run as doctests (the output must match); other
  blocks run as a script in a new interpreter.
- ``toml``: written to ``pyproject.toml``, it must load and change what
  ``cleaner clean article.txt`` writes.
- ``yaml``: a pre-commit configuration. A local hook runs through the real
  pre-commit; for this project's repository, ``pre-commit autoupdate`` (with
  this checkout as the repository) must pin a commit. Installing the hook from
  there needs the network: ``tests/test_precommit.py`` does that.
- ``markdown``: protected text; cleaning it must give it back byte for byte.
- ``text``: an illustration of output, not run.

An HTML comment just before a block says what the test cannot see: ``skip
(reason)`` for a block that needs the network, a server or a cluster, ``exit N``
for the exit code of a console block's last command.
"""

from __future__ import annotations

import doctest
import gzip
import io
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest
import typer

from cleaner.cli import app
from cleaner.io import TEXT_SUFFIXES
from tests.conftest import FIXTURES, ROOT, SEEDS

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCK_RE = re.compile(
    r"(?:^<!--\s*readme-test:\s*(?P<marker>.*?)\s*-->\n\n)?^```(?P<lang>\w*)\n(?P<code>.*?)^```$",
    re.DOTALL | re.MULTILINE,
)
#: Libraries that start processes or load models: their examples are part of the slow suite.
SLOW_CODE_RE = re.compile(r"\bimport (?:spacy|ray)\b|from datasets\b|jobs=2|datatrove")
#: Commands of the quick start that install from the network (CI runs them: .ci/run).
INSTALL_RE = re.compile(r"^python3\.11 -m venv |/pip install ")


@dataclass(frozen=True)
class Block:
    """A fenced block of the README: its language, code, first line and the comment before it."""

    lang: str
    code: str
    line: int
    marker: str

    @property
    def skip_reason(self) -> str | None:
        m = re.match(r"skip \((.*)\)$", self.marker, re.DOTALL)
        return " ".join(m[1].split()) if m else None

    @property
    def slow(self) -> bool:
        return (
            self.lang in ("bash", "yaml")
            or (self.lang == "python" and not self.code.startswith(">>>"))
            or bool(SLOW_CODE_RE.search(self.code))
        )


def readme_blocks() -> list[Block]:
    return [
        Block(m["lang"], m["code"], README.count("\n", 0, m.start("code")) + 1, m["marker"] or "")
        for m in BLOCK_RE.finditer(README)
    ]


BLOCKS = readme_blocks()
QUICK_START = BLOCKS[0]


def params(*langs: str) -> list:  # type: ignore[type-arg]
    return [
        pytest.param(
            block,
            id=f"README.md:{block.line}",
            marks=[pytest.mark.slow] * block.slow + [pytest.mark.skip(reason=block.skip_reason)] * bool(block.skip_reason),
        )
        for block in BLOCKS[1:]
        if block.lang in langs
    ]


def commands(code: str) -> list[str]:
    """The shell commands of a block: continuations joined, comment lines left out, trailing comments kept."""
    joined = code.replace("\\\n", "")
    return [line.strip() for line in joined.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def split_comment(command: str) -> tuple[str, str]:
    m = re.search(r"\s+#\s", command)
    return (command[: m.start()], command[m.end() :]) if m else (command, "")


@pytest.fixture
def sandbox(tmp_path: Path) -> Path:
    """A folder with every file the README's examples name."""
    shutil.copytree(SEEDS, tmp_path / "seeds")
    seeds = sorted(SEEDS.glob("*.txt"))
    texts = [seed.read_text(encoding="utf-8") for seed in seeds]
    shutil.copy(seeds[-1], tmp_path / "article.txt")
    shutil.copy(FIXTURES / "markdown" / "links.md", tmp_path / "notes.md")
    (tmp_path / "articles" / "drafts").mkdir(parents=True)
    for seed in seeds:
        shutil.copy(seed, tmp_path / "articles" / seed.name)
    shutil.copy(seeds[0], tmp_path / "articles" / "drafts" / "draft.txt")
    shutil.copy(FIXTURES / "markdown" / "links.md", tmp_path / "articles" / "links.md")
    records = "".join(json.dumps({"id": i, "text": text}) + "\n" for i, text in enumerate(texts))
    (tmp_path / "corpus.jsonl").write_text(records, encoding="utf-8")
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "part-0.jsonl").write_text(records, encoding="utf-8")
    for shard in range(2):
        (tmp_path / f"part-0000{shard}.jsonl.gz").write_bytes(gzip.compress(records.encode()))
    (tmp_path / "list.txt").write_text("article.txt\n", encoding="utf-8")
    (tmp_path / "names.txt").write_text("Kirbysaid\n", encoding="utf-8")
    (tmp_path / ".venv").symlink_to(sys.prefix, target_is_directory=True)
    return tmp_path


def run(command: str, cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{Path(sys.prefix) / 'bin'}{os.pathsep}{os.environ['PATH']}", "COLUMNS": "80"}
    return subprocess.run(["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


# --- the README itself ---


def test_quick_start_comes_first_and_ci_runs_its_test_command() -> None:
    assert re.findall(r"^## (.*)", README, re.MULTILINE)[0] == "Quick start"
    assert QUICK_START.lang == "bash" and QUICK_START.line < README.index("## How it works")
    install_and_clean, install_and_test = commands(QUICK_START.code)
    assert "cleaner clean seeds/*.txt" in install_and_clean and install_and_test.endswith("python -m pytest")
    as_written = QUICK_START.code.split("\n# 2.")[1].split("\n", 1)[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.endswith(as_written), "`.ci/run` must end with the README's test command, byte for byte"


def display_width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def test_readme_reads_at_80_columns() -> None:
    wide = [(n, line) for n, line in enumerate(README.splitlines(), 1) if display_width(line) > 80]
    assert not wide, wide


def test_readme_names_no_internal_issue() -> None:
    assert not re.findall(r"\bissues? #?\d+", README, re.IGNORECASE)


def test_include_default_is_the_same_in_help_and_readme() -> None:
    clean = next(c for c in typer.main.get_command(app).commands.values() if c.name == "clean")  # type: ignore[attr-defined]
    help_text = next(p.help for p in clean.params if p.name == "include")
    globs = [f"*{suffix}" for suffix in TEXT_SUFFIXES]
    assert re.findall(r"\*\.\w+", help_text[help_text.index("default") :]) == globs
    readme_default = re.search(r"`--include` \(default ([^)]*)\)", README)
    assert readme_default and re.findall(r"\*\.\w+", readme_default[1]) == globs


def test_every_block_is_run_or_skipped_for_a_stated_reason() -> None:
    assert {block.lang for block in BLOCKS} <= {"bash", "console", "python", "toml", "yaml", "markdown", "text"}
    for block in BLOCKS:
        assert block.marker == "" or block.skip_reason or re.fullmatch(r"exit \d+", block.marker), block


# --- the examples ---


@pytest.mark.slow
def test_quick_start_cleans_the_seeds(sandbox: Path) -> None:
    install_and_clean, _ = commands(QUICK_START.code)
    job = " && ".join(part for part in install_and_clean.split(" && ") if not INSTALL_RE.search(part))
    proc = run(job, sandbox)
    assert proc.returncode == 0, proc.stderr
    for seed in SEEDS.glob("*.txt"):
        expected = (FIXTURES / "seeds" / seed.name.replace(".txt", ".expected.txt")).read_text(encoding="utf-8")
        assert (sandbox / "out" / "seeds" / seed.name).read_text(encoding="utf-8") == expected
    log = [json.loads(line) for line in (sandbox / "out" / "changes.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {"H101", "S101", "M102", "P102"} <= {entry.get("rule") for entry in log}


@pytest.mark.parametrize("block", params("bash"))
def test_shell_commands_run(block: Block, sandbox: Path) -> None:
    for line in commands(block.code):
        command, comment = split_comment(line)
        expected = re.search(r"\bexit (\d+)", comment)
        proc = run(command, sandbox)
        assert proc.returncode == int(expected[1] if expected else 0), f"{command}\n{proc.stderr}"


@pytest.mark.parametrize("block", params("console"))
def test_console_sessions_print_what_they_show(block: Block, sandbox: Path) -> None:
    sessions = re.findall(r"^\$ (.*)\n((?:(?!\$ ).*\n)*)", block.code, re.MULTILINE)
    assert sessions
    for n, (command, shown) in enumerate(sessions, 1):
        exit_code = re.fullmatch(r"exit (\d+)", block.marker) if n == len(sessions) else None
        proc = run(command, sandbox)
        assert proc.returncode == int(exit_code[1] if exit_code else 0), f"{command}\n{proc.stderr}"
        assert proc.stdout == shown, command


@pytest.mark.parametrize("block", params("python"))
def test_python_examples_run(block: Block, sandbox: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not block.code.startswith(">>>"):
        proc = subprocess.run([sys.executable, "-c", block.code], cwd=sandbox, capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, proc.stderr[-3000:]
        return
    monkeypatch.chdir(sandbox)
    test = doctest.DocTestParser().get_doctest(block.code, {"__name__": "__main__"}, "README", "README.md", block.line - 1)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    report = io.StringIO()
    runner.run(test, out=report.write)
    assert runner.failures == 0, report.getvalue()


@pytest.mark.parametrize("block", params("toml"))
def test_configuration_examples_load_and_take_effect(block: Block, sandbox: Path) -> None:
    default = run("cleaner clean article.txt -q", sandbox)
    (sandbox / "pyproject.toml").write_text(block.code, encoding="utf-8")
    configured = run("cleaner clean article.txt -q", sandbox)
    assert configured.returncode == 0, configured.stderr
    assert configured.stdout != default.stdout


@pytest.mark.parametrize("block", params("markdown"))
def test_protected_markdown_comes_back_unchanged(block: Block, sandbox: Path) -> None:
    (sandbox / "protected.md").write_text(block.code, encoding="utf-8")
    proc = run("cleaner clean protected.md", sandbox)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == block.code


@pytest.mark.skipif(
    shutil.which("git") is None or run("git rev-parse HEAD", ROOT).returncode != 0,
    reason="needs git and this project as a git checkout",
)
@pytest.mark.parametrize("block", params("yaml"))
def test_pre_commit_configuration_works(block: Block, sandbox: Path) -> None:
    config = sandbox / ".pre-commit-config.yaml"
    config.write_text(re.sub(r"https://github\.com/OWNER/cleaner", str(ROOT), block.code), encoding="utf-8")
    assert run("git init -q && git add articles .pre-commit-config.yaml", sandbox).returncode == 0
    pre_commit = f"PRE_COMMIT_HOME={sandbox / '.pre-commit-home'} {sys.executable} -m pre_commit"
    if "repo: local" not in block.code:
        rev = re.search(r"rev: (\S+)", block.code)[1]  # type: ignore[index]
        placeholder = rev.isupper()
        assert placeholder or run(f"git rev-parse --verify -q '{rev}^{{commit}}'", ROOT).returncode == 0, rev
        proc = run(f"{pre_commit} autoupdate", sandbox)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        head = run("git rev-parse HEAD", ROOT).stdout.strip()
        assert re.search(rf"^\s+rev: {head}\b", config.read_text(encoding="utf-8"), re.MULTILINE)
        return
    proc = run(f"{pre_commit} run --files articles/*.txt --color never", sandbox)
    assert proc.returncode == 1, proc.stdout + proc.stderr  # the seeds have artifacts
    assert "cleaner (check)" in proc.stdout and "Failed" in proc.stdout
    assert "articles/000_2e55a25b1075aa99.txt:1:1: H101" in proc.stdout
