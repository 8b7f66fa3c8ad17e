"""Throughput of ``Cleaner.clean_many`` with 1 and more worker processes.

The text is the corpus's articles repeated to ``--mb`` megabytes, one article per
item, the way a library caller streams a corpus. Each job count runs ``--runs``
times and the best run counts (the machine is shared, timings are noisy). A run
with several jobs includes starting the pool and each worker's lexicon load.

    python bench/library/clean_many.py --corpus ../shared/corpus/articles --mb 4
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from cleaner import Cleaner

TARGET_SPEEDUP = 1.7


def load_texts(corpus: Path, megabytes: float) -> list[str]:
    articles = [path.read_text(encoding="utf-8") for path in sorted(corpus.glob("*.txt"))]
    if not articles:
        raise SystemExit(f"no .txt articles in {corpus}")
    texts: list[str] = []
    size = 0
    while size < megabytes * 1_000_000:
        for article in articles:
            texts.append(article)
            size += len(article.encode("utf-8"))
    return texts


def best_time(cleaner: Cleaner, texts: list[str], jobs: int, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        count = sum(1 for _ in cleaner.clean_many(iter(texts), jobs=jobs))
        best = min(best, time.perf_counter() - start)
        assert count == len(texts)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=Path("../shared/corpus/articles"), help="folder of .txt articles")
    parser.add_argument("--mb", type=float, default=4.0, help="size of the benchmark text in megabytes")
    parser.add_argument("--jobs", default="1,2", help="comma-separated job counts; the first is the baseline")
    parser.add_argument("--runs", type=int, default=3, help="runs per job count; the best counts")
    args = parser.parse_args()

    texts = load_texts(args.corpus, args.mb)
    megabytes = sum(len(text.encode("utf-8")) for text in texts) / 1_000_000
    print(f"benchmark text: {len(texts)} texts, {megabytes:.2f} MB from {args.corpus}")
    cleaner = Cleaner()
    cleaner.clean(texts[0])  # load the lexicon before timing the in-process run
    baseline: float | None = None
    for jobs in (int(value) for value in args.jobs.split(",")):
        seconds = best_time(cleaner, texts, jobs, args.runs)
        line = f"clean_many jobs={jobs}: {seconds:.2f} s, {megabytes / seconds:.2f} MB/s"
        if baseline is None:
            baseline = seconds
        else:
            speedup = baseline / seconds
            verdict = "meets" if speedup >= TARGET_SPEEDUP else "misses"
            line += f", {speedup:.2f}x the baseline ({verdict} the {TARGET_SPEEDUP}x target)"
        print(line, flush=True)


if __name__ == "__main__":
    main()
