"""``python -m bench.quality``: inject artifacts into the corpus, clean, score, print the table.

python -m bench.quality [--corpus DIR] [--seed N] [--docs N] [--json]
                        [--show N] [--class NAME ...] [--dump FILE.jsonl] [--write-cases DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

from bench.corpus import default_corpus, read_articles
from bench.quality.generate import Generator
from bench.quality.gold import CLASS_NAMES, OTHER, Case
from bench.quality.misspellings import codespell_dictionary, load_misspellings
from bench.quality.report import as_json, in_scope, show_mismatch, summary, table, targets
from bench.quality.score import Outcome, Score
from bench.quality.seeds import seed_cases
from cleaner import Cleaner, Config


def build_cases(corpus: Path, seed: int, docs: int | None, with_seeds: bool) -> list[Case]:
    """The labelled cases: the corpus sample, corrupted by the seeded generator, then the seeds."""
    generator = Generator(load_misspellings(), seed=seed)
    cases = generator.corrupt_all([(article.name, article.text) for article in read_articles(corpus, docs, seed)])
    return cases + (seed_cases() if with_seeds else [])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.quality", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--corpus", type=Path, default=None, help="folder of clean .txt articles (default: ../shared/corpus/articles)"
    )
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    parser.add_argument("--docs", type=int, default=None, help="score a seeded sample of N corpus articles (default: all)")
    parser.add_argument("--no-seeds", action="store_true", help="leave out the two hand-labelled seed articles")
    parser.add_argument("--json", action="store_true", help="print the results as JSON instead of the table")
    parser.add_argument("--show", type=int, default=0, metavar="N", help="print up to N mismatches per class")
    parser.add_argument(
        "--class", dest="classes", action="append", choices=[*CLASS_NAMES, OTHER], help="only these classes in --show/--dump"
    )
    parser.add_argument(
        "--kind", dest="kinds", action="append", choices=["miss", "wrong", "fp"], help="only these mismatches in --show/--dump"
    )
    parser.add_argument(
        "--dump",
        type=Path,
        default=None,
        metavar="FILE",
        help="write every mismatch (misses, wrong repairs, false positives) as JSONL",
    )
    parser.add_argument(
        "--write-cases", type=Path, default=None, metavar="DIR", help="write each corrupted text and its gold labels"
    )
    args = parser.parse_args(argv)

    corpus = args.corpus or default_corpus()
    began = time.perf_counter()
    cases = build_cases(corpus, args.seed, args.docs, not args.no_seeds)
    generated = time.perf_counter()
    cleaner = Cleaner(Config())
    score = Score()
    for case in cases:
        score.add(case, Outcome.from_result(cleaner.clean(case.text)))
    cleaned = time.perf_counter()

    if args.write_cases:
        _write_cases(args.write_cases, cases)
    wanted = set(args.classes or [*CLASS_NAMES, OTHER])
    kinds = set(args.kinds or ["miss", "wrong", "fp"])
    mismatches = [m for m in score.mismatches if wanted & set(m["classes"]) and m["kind"] in kinds]
    if args.dump:
        args.dump.parent.mkdir(parents=True, exist_ok=True)
        args.dump.write_text("".join(json.dumps(m, ensure_ascii=False) + "\n" for m in mismatches), encoding="utf-8")

    scope = in_scope(cleaner.enabled)
    if args.json:
        meta = {"corpus": str(corpus), "seed": args.seed, "codespell": str(codespell_dictionary())}
        print(json.dumps(as_json(score, scope, meta), indent=2, ensure_ascii=False))
        return 0
    if args.show:
        shown: Counter[str] = Counter()
        for record in mismatches:
            cls = next(c for c in record["classes"] if c in wanted)
            if shown[cls] < args.show:
                shown[cls] += 1
                print(show_mismatch(record), end="\n\n")
    artifacts = f"{score.total().gold} artifacts ({sum(len(case.gold) for case in cases)} labelled spans)"
    print(f"quality benchmark: corpus {corpus}, seed {args.seed}, {len(cases)} docs ({score.controls} controls), {artifacts}")
    print(f"generated in {generated - began:.1f}s, cleaned in {cleaned - generated:.1f}s", file=sys.stderr)
    print()
    print(table(score, scope))
    print()
    print("targets (issue 3):")
    for target in targets(score, scope):
        print(target.line())
    print()
    print(summary(score))
    return 0


def _write_cases(folder: Path, cases: list[Case]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for case in cases:
        stem = case.name.replace("/", "_").removesuffix(".txt")
        (folder / f"{stem}.txt").write_text(case.text, encoding="utf-8")
        (folder / f"{stem}.gold.json").write_text(json.dumps(case.to_dict(), ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
