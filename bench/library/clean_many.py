"""Throughput of ``Cleaner.clean_many`` with 1 and more worker processes.

The text is the corpus's articles repeated to ``--mb`` megabytes, one article per
item, the way a library caller streams a corpus. Each job count runs ``--runs``
times and the best run counts. A run with several jobs includes starting the pool
and the workers' set-up. The CPU time of all processes is printed too: on a busy
machine the wall clock is noise, while the extra CPU the pool spends bounds the
speed-up it can reach on idle cores.

    python -m bench.library.clean_many [--corpus DIR] [--mb 4] [--jobs 1,2] [--runs 3]
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from bench.corpus import default_corpus, read_articles, word_count
from cleaner import Cleaner

TARGET_SPEEDUP = 1.7


def load_texts(corpus: Path, megabytes: float) -> list[str]:
    """The corpus's articles, repeated in order until they reach ``megabytes``."""
    articles = [article.text for article in read_articles(corpus)]
    if not articles:
        raise SystemExit(f"no .txt articles in {corpus}")
    texts: list[str] = []
    size = 0
    while size < megabytes * 1_000_000:
        for article in articles:
            texts.append(article)
            size += len(article.encode("utf-8"))
    return texts


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the pool's workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def best_run(cleaner: Cleaner, texts: list[str], jobs: int, runs: int) -> tuple[float, float]:
    """The best wall time of ``runs`` runs, and the CPU time that run used in all processes."""
    best = (float("inf"), 0.0)
    for _ in range(runs):
        start, cpu = time.perf_counter(), cpu_seconds()
        count = sum(1 for _ in cleaner.clean_many(iter(texts), jobs=jobs))
        best = min(best, (time.perf_counter() - start, cpu_seconds() - cpu))
        assert count == len(texts)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=None, help="folder of .txt articles (default: ../shared/corpus/articles)")
    parser.add_argument("--mb", type=float, default=4.0, help="size of the benchmark text in megabytes")
    parser.add_argument("--jobs", default="1,2", help="comma-separated job counts; the first is the baseline")
    parser.add_argument("--runs", type=int, default=3, help="runs per job count; the best counts")
    args = parser.parse_args()

    corpus = args.corpus or default_corpus()
    texts = load_texts(corpus, args.mb)
    megabytes = sum(len(text.encode("utf-8")) for text in texts) / 1_000_000
    words = sum(word_count(text) for text in texts)
    print(f"benchmark text: {len(texts)} texts, {megabytes:.2f} MB, {words:,} words from {corpus}")
    cleaner = Cleaner()
    cleaner.clean(texts[0])  # first-call costs (lazy imports, caches) stay out of the timing
    baseline: tuple[float, float] | None = None
    for jobs in (int(value) for value in args.jobs.split(",")):
        seconds, cpu = best_run(cleaner, texts, jobs, args.runs)
        line = (
            f"clean_many jobs={jobs}: {seconds:.2f} s, {megabytes / seconds:.2f} MB/s, "
            f"{words / seconds:,.0f} words/s, {cpu:.2f} s CPU"
        )
        if baseline is None:
            baseline = (seconds, cpu)
        else:
            speedup = baseline[0] / seconds
            verdict = "meets" if speedup >= TARGET_SPEEDUP else "misses"
            # On a busy machine the wall clock says little; the CPU the pool spends beyond the
            # baseline's (start-up, pickling, the parent's share) bounds the speed-up on idle cores.
            bound = jobs * baseline[1] / cpu
            line += f"; {speedup:.2f}x the baseline ({verdict} the {TARGET_SPEEDUP}x target)"
            line += f", at most {bound:.2f}x on {jobs} idle cores"
        print(line, flush=True)


if __name__ == "__main__":
    main()
