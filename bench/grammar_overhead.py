"""Rough cost of the grammar stage's plumbing, against the LanguageTool protocol stand-in.

The stand-in answers at once, so this measures what cleaner adds per document (chunking,
the HTTP round trip through language-tool-python, offset mapping, the safety checks),
not LanguageTool's own speed, which dominates with a real server. Each text gets a unique
last line so the stage's answer cache does not hide the requests.

    .venv/bin/python bench/grammar_overhead.py [ROUNDS]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner import Cleaner, Config  # noqa: E402
from tests.languagetool_standin import ProtocolStandIn  # noqa: E402


def rate(cleaner: Cleaner, texts: list[str]) -> float:
    start = time.perf_counter()
    for text in texts:
        cleaner.clean(text)
    return len(texts) / (time.perf_counter() - start)


def main(rounds: int) -> None:
    seeds = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "seeds").glob("*.txt"))]
    texts = [f"{seed}\nRun {i} ended sicne noon.\n" for i in range(rounds) for seed in seeds]
    without = Cleaner()
    rate(without, texts[:2])  # load the word list before timing
    base = rate(without, texts)
    with ProtocolStandIn() as standin, Cleaner(Config(languagetool=standin.url)) as cleaner:
        rate(cleaner, texts[:2])
        with_stage = rate(cleaner, [text.replace("Run", "Pass") for text in texts])
        requests = len(standin.checked)
    chars = sum(map(len, texts)) / len(texts)
    print(f"documents: {len(texts)} (mean {chars:.0f} chars), check requests: {requests}")
    print(f"without grammar stage: {base:.1f} docs/s")
    print(f"with grammar stage (protocol stand-in, not LanguageTool): {with_stage:.1f} docs/s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
