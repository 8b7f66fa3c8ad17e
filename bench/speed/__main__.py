"""``python -m bench.speed``: words per second of the default pipeline and of ftfy.fix_text, and peak memory.

python -m bench.speed [--corpus DIR] [--docs N] [--repeat N] [--corrupted] [--by-stage] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bench.corpus import default_corpus, read_articles, word_count
from bench.speed import measure, timed
from cleaner import Cleaner, Config


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.speed", description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=None, help="folder of .txt articles (default: ../shared/corpus/articles)")
    parser.add_argument("--docs", type=int, default=None, help="a seeded sample of N articles (default: all)")
    parser.add_argument("--repeat", type=int, default=5, help="timed rounds; the fastest counts (default 5)")
    parser.add_argument("--corrupted", action="store_true", help="time the quality benchmark's corrupted texts (seed 1) instead")
    parser.add_argument(
        "--by-stage", action="store_true", help="also time each stage alone (the pipeline with one stage selected)"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)

    corpus = args.corpus or default_corpus()
    if args.corrupted:
        from bench.quality.__main__ import build_cases

        texts = [case.text for case in build_cases(corpus, 1, args.docs, with_seeds=False)]
    else:
        texts = [article.text for article in read_articles(corpus, args.docs)]
    speed = measure(texts, args.repeat)
    stages = _by_stage(texts, args.repeat) if args.by_stage else {}
    if args.json:
        print(json.dumps({"corpus": str(corpus), "corrupted": args.corrupted, **speed.to_dict(), "by_stage": stages}, indent=2))
        return 0
    print(
        f"speed benchmark: corpus {corpus}{' (corrupted, seed 1)' if args.corrupted else ''},"
        " timed in one process, memory in a fresh one"
    )
    for stage, wps in stages.items():
        print(f"  stage {stage} alone: {wps:,.0f} words/s")
    print(speed.summary())
    return 0


def _by_stage(texts: list[str], repeat: int) -> dict[str, float]:
    """Words per second of the pipeline with only one stage's default rules selected, per stage letter."""
    words = sum(word_count(t) for t in texts)
    enabled = Cleaner(Config()).enabled
    result = {}
    for letter in sorted({code[0] for code in enabled}):
        cleaner = Cleaner(Config(select=tuple(code for code in enabled if code.startswith(letter))))
        cleaner.clean(texts[0])
        result[letter] = words / min(timed(lambda cleaner=cleaner: [cleaner.clean(t) for t in texts]) for _ in range(repeat))
    return result


if __name__ == "__main__":
    sys.exit(main())
