"""Inputs and a CLI runner shared by the batch, report and adapter tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

#: Short texts with artifacts the core stages repair, and clean ones they must leave alone.
DIRTY = [
    " date 2022-01-24 Biden met allies”Kirby said.",
    "Hello&nbsp;world.It works.",
    "Prices rose   sharply.   \nThe end.",
    "He said it was over.”said the spokesman.",
]
CLEAN = [
    "The committee met on Monday.",
    "NATO and the U.S. sent 8,500 troops; see https://example.com/a.b for more.",
    "Nothing to fix here.\n",
]


def seed_texts() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]


def make_folder(root: Path, copies: int = 1) -> list[Path]:
    """A folder tree of text and Markdown files, some dirty and some clean."""
    files = []
    texts = [*seed_texts(), *DIRTY, *CLEAN]
    for copy in range(copies):
        for index, text in enumerate(texts):
            sub = root / f"part{copy}" / ("deep" if index % 2 else "")
            sub.mkdir(parents=True, exist_ok=True)
            path = sub / f"doc{index}.{'md' if index == 3 else 'txt'}"
            path.write_text(text, encoding="utf-8")
            files.append(path)
    return files


def make_records(count: int = 12) -> list[dict]:
    texts = [*DIRTY, *CLEAN]
    return [{"id": f"r{i}", "text": texts[i % len(texts)], "source": "test", "n": i} for i in range(count)]


def write_jsonl(path: Path, lines: list[str | dict]) -> Path:
    body = "".join((line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)) + "\n" for line in lines)
    path.write_text(body, encoding="utf-8")
    return path


def run_cli(*args: str | Path, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """``cleaner ...`` in a real subprocess (no config file above ``cwd``, no terminal)."""
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "cleaner", *map(str, args)], cwd=cwd, input=stdin, capture_output=True, env=env, timeout=120
    )


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
