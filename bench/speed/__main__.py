"""``python -m bench.speed``: throughput beside ftfy, time per stage, cold start and scaling.

python -m bench.speed [--corpus DIR] [--docs N] [--repeat N] [--cold-runs N] [--scaling MB,...]
                      [--skip cold,scaling,stages,memory] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bench.corpus import default_corpus, read_articles, word_count
from bench.speed import CLEAN_TARGET, NOISY_TARGET, StageTimes, cold_start, measure, scaling, stage_times
from bench.speed.memory import peak_memory
from cleaner import Cleaner, Config

SECTIONS = ("cold", "scaling", "stages", "memory")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.speed", description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=None, help="folder of .txt articles (default: ../shared/corpus/articles)")
    parser.add_argument("--docs", type=int, default=None, help="a seeded sample of N articles (default: all)")
    parser.add_argument(
        "--repeat", type=int, default=5, help="timed rounds of the throughput runs; the fastest counts (default 5)"
    )
    parser.add_argument("--cold-runs", type=int, default=7, help="whole-process runs of each command (default 7)")
    parser.add_argument("--scaling", default="1,2,5,10", help="document sizes in MB (default 1,2,5,10)")
    parser.add_argument("--skip", default="", help=f"comma-separated sections to leave out: {', '.join(SECTIONS)}")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    skip = {part.strip() for part in args.skip.split(",") if part.strip()}
    if skip - set(SECTIONS):
        parser.error(f"--skip takes {', '.join(SECTIONS)}")

    corpus = args.corpus or default_corpus()
    articles = read_articles(corpus, args.docs)
    clean_texts = [article.text for article in articles]
    noisy_texts = _noisy(corpus, args.docs)
    cleaner = Cleaner(Config())
    results: dict = {"corpus": str(corpus)}
    results["clean"] = measure(clean_texts, "clean news", CLEAN_TARGET, args.repeat, cleaner)
    results["noisy"] = measure(noisy_texts, "noisy news", NOISY_TARGET, args.repeat, cleaner)
    if "stages" not in skip:
        results["stages"] = {"clean": stage_times(clean_texts, cleaner), "noisy": stage_times(noisy_texts, cleaner)}
    if "cold" not in skip:
        median = sorted(articles, key=lambda a: word_count(a.text))[len(articles) // 2]
        results["cold"] = cold_start(corpus / median.name, args.cold_runs)
    if "scaling" not in skip:
        results["scaling"] = scaling(noisy_texts, [float(size) for size in args.scaling.split(",")], cleaner)
    if "memory" not in skip:
        results["memory"] = peak_memory(clean_texts)

    if args.json:
        print(json.dumps({key: _plain(value) for key, value in results.items()}, indent=2, ensure_ascii=False))
        return 0
    print(f"speed benchmark: corpus {corpus}; noisy = the quality generator's damage (seed 1); CPU time, one core")
    if "stages" in results:
        print()
        print(_stage_table(results["stages"]["clean"], results["stages"]["noisy"]))
    if "memory" in results:
        memory = results["memory"]
        print(
            f"\npeak memory (fresh process, clean corpus): tracemalloc {memory['tracemalloc_peak_bytes'] / 2**20:.1f} MiB,"
            f" maxrss {memory['maxrss_bytes'] / 2**20:.0f} MiB"
        )
    print()
    for key in ("clean", "noisy", "cold", "scaling"):
        if key in results:
            print(results[key].summary())
    return 0


def _noisy(corpus: Path, docs: int | None) -> list[str]:
    from bench.quality.__main__ import build_cases  # needs the bench extra (codespell's misspellings)

    return [case.text for case in build_cases(corpus, 1, docs, with_seeds=False)]


def _stage_table(clean: StageTimes, noisy: StageTimes) -> str:
    """Microseconds per 1,000 words in each stage, clean and noisy (first pass, later passes)."""

    def per_kword(seconds: float, times: StageTimes) -> str:
        return f"{1e6 * seconds / times.words * 1000:>9,.0f}"

    def share(seconds: float, times: StageTimes) -> str:
        return f"{100 * seconds / times.total:>5.1f}%"

    lines = [
        "time per 1,000 words (µs)        clean  share |  noisy: pass 1  later  share",
    ]
    for name, first, later in noisy.rows():
        clean_first = clean.first.get(name, 0.0) + clean.later.get(name, 0.0)
        lines.append(
            f"  {name:<28}{per_kword(clean_first, clean)} {share(clean_first, clean)} |"
            f"  {per_kword(first, noisy)}{per_kword(later, noisy)[2:]} {share(first + later, noisy)}"
        )
    lines.append(
        f"  {'core (apply, offsets, log)':<28}{per_kword(clean.core, clean)} {share(clean.core, clean)} |"
        f"  {per_kword(noisy.core, noisy)}{'':>7} {share(noisy.core, noisy)}"
    )
    lines.append(
        f"  {'total':<28}{per_kword(clean.total, clean)} {share(clean.total, clean)} |"
        f"  {per_kword(noisy.total, noisy)}{'':>7} {share(noisy.total, noisy)}"
    )
    later_share = sum(noisy.later.values()) / noisy.total
    lines.append(f"  noisy text: later passes take {100 * later_share:.0f}% of the time")
    return "\n".join(lines)


def _plain(value: object) -> object:
    if hasattr(value, "to_dict"):
        return value.to_dict()  # type: ignore[union-attr]
    if isinstance(value, StageTimes):
        return {"words": value.words, "total": value.total, "first": value.first, "later": value.later, "core": value.core}
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


if __name__ == "__main__":
    sys.exit(main())
