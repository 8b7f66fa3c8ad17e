"""Both hooks through the real pre-commit framework, on a git repository of articles.

``pre-commit try-repo`` clones this project (tracked files, with their uncommitted
changes; not untracked files) and pip-installs it into a fresh environment, as it
does for every user of the hooks. That install reads the package index (or pip's
cache) and is the slow part, so the runs share one pre-commit home: on a clean checkout
(CI) try-repo names this project by its HEAD commit and pre-commit installs it once, under
its own lock, for the parallel check and fix runs and the last run after them. (With
uncommitted changes each run clones them into a commit of its own, and installs again.)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT, SEEDS

ARTICLES = ["front-matter-yaml", "code", "links", "tables", "structure", "html", "cleaner-off"]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        shutil.which("git") is None
        or subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--show-toplevel"], capture_output=True).returncode != 0,
        reason="needs git and this project as a git checkout",
    ),
]


def test_manifest_is_valid() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def make_articles(repo: Path) -> dict[str, bytes]:
    """A git repository of Markdown articles and the seed articles as text; returns its files."""
    (repo / "seeds").mkdir(parents=True)
    for name in ARTICLES:
        shutil.copy(FIXTURES / "markdown" / f"{name}.md", repo / f"{name}.md")
    for seed in SEEDS.glob("*.txt"):
        shutil.copy(seed, repo / "seeds" / seed.name)
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    return snapshot(repo)


def snapshot(repo: Path) -> dict[str, bytes]:
    return {str(p.relative_to(repo)): p.read_bytes() for p in sorted(repo.rglob("*")) if p.is_file() and ".git" not in p.parts}


def try_repo(repo: Path, home: Path, *hooks: str) -> subprocess.Popen[str]:
    """Start ``pre-commit try-repo THIS_PROJECT [HOOK] --all-files`` in ``repo``."""
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), *hooks, "--all-files", "--color", "never"]
    return subprocess.Popen(command, cwd=repo, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def finish(proc: subprocess.Popen[str]) -> tuple[int, str]:
    output, _ = proc.communicate(timeout=600)
    return proc.returncode, output


def test_check_and_fix_hooks_through_pre_commit(tmp_path: Path) -> None:
    checked, fixed = tmp_path / "checked", tmp_path / "fixed"
    before = make_articles(checked)
    make_articles(fixed)
    home = tmp_path / "pre-commit-home"
    check_run = try_repo(checked, home, "cleaner-check")
    fix_run = try_repo(fixed, home, "cleaner-fix")
    (check_code, check_out), (fix_code, fix_out) = finish(check_run), finish(fix_run)

    # check: fails, lists the seed artifacts, writes nothing
    assert check_code == 1, check_out
    assert "cleaner (check)" in check_out and "Failed" in check_out
    for artifact in [
        "seeds/000_2e55a25b1075aa99.txt:1:1: H101 move date 2022-01-24 to metadata",
        "seeds/003_57c84ed8da41ee94.txt:5:42: P102 comma before the attribution",
        "seeds/003_57c84ed8da41ee94.txt:11:250: P102 comma, not period, before the attribution",
        "links.md:1:30: P102",
    ]:
        assert artifact in check_out, check_out
    assert "cleaner-off.md" not in check_out
    assert "files were modified by this hook" not in check_out
    assert snapshot(checked) == before

    # fix: rewrites the articles and fails once ...
    assert fix_code == 1, fix_out
    assert "Fixing seeds/003_57c84ed8da41ee94.txt" in fix_out and "files were modified by this hook" in fix_out
    for name in ARTICLES:
        expected = (FIXTURES / "markdown" / f"{name}.expected.md").read_bytes()
        assert (fixed / f"{name}.md").read_bytes() == expected, name
    assert (fixed / "cleaner-off.md").read_bytes() == before["cleaner-off.md"]
    seed_000 = (fixed / "seeds" / "000_2e55a25b1075aa99.txt").read_text(encoding="utf-8")
    seed_003 = (fixed / "seeds" / "003_57c84ed8da41ee94.txt").read_text(encoding="utf-8")
    assert seed_000.startswith("President Joe Biden on Monday")
    assert "our NATO allies,” Kirby said" in seed_003 and "for several weeks now,” said the White House" in seed_003

    # ... and then both hooks pass on the fixed repository, which stays as it is.
    after_fix = snapshot(fixed)
    code, out = finish(try_repo(fixed, home))
    assert code == 0, out
    assert "cleaner (check)" in out and "cleaner (fix)" in out and "Failed" not in out
    assert snapshot(fixed) == after_fix
