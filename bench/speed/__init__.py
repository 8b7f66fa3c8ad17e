"""Speed benchmark: words per second of the default pipeline against ``ftfy.fix_text`` alone.

Both run in one process on one core over the same texts, in the same run, alternating
rounds so that machine noise hits both alike; each keeps its fastest round. Peak memory
is measured apart, untimed, in a fresh process (see ``bench.speed.memory``).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import ftfy

from bench.corpus import word_count
from bench.speed.memory import peak_memory
from cleaner import Cleaner, Config

#: Target of issue 3: the default pipeline at >= 0.5x the words per second of ftfy.fix_text.
TARGET_RATIO = 0.5


@dataclass(frozen=True, slots=True)
class Speed:
    docs: int
    words: int
    repeat: int
    pipeline_seconds: float
    ftfy_seconds: float
    tracemalloc_peak_bytes: int
    maxrss_bytes: int

    @property
    def pipeline_wps(self) -> float:
        return self.words / self.pipeline_seconds

    @property
    def ftfy_wps(self) -> float:
        return self.words / self.ftfy_seconds

    @property
    def ratio(self) -> float:
        return self.pipeline_wps / self.ftfy_wps

    @property
    def target_met(self) -> bool:
        return self.ratio >= TARGET_RATIO

    def summary(self) -> str:
        return (
            f"pipeline {self.pipeline_wps:,.0f} words/s | ftfy.fix_text {self.ftfy_wps:,.0f} words/s"
            f" | ratio {self.ratio:.2f}x (target >= {TARGET_RATIO}x: {'met' if self.target_met else 'NOT MET'})"
            f" | peak memory: tracemalloc {self.tracemalloc_peak_bytes / 2**20:.2f} MiB,"
            f" maxrss {self.maxrss_bytes / 2**20:.0f} MiB"
            f" | docs={self.docs} words={self.words:,} best of {self.repeat}"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            **asdict(self),
            "pipeline_words_per_second": self.pipeline_wps,
            "ftfy_words_per_second": self.ftfy_wps,
            "ratio": self.ratio,
            "target_ratio": TARGET_RATIO,
            "target_met": self.target_met,
            "summary": self.summary(),
        }


def timed(work: Callable[[], object]) -> float:
    """Seconds one run of ``work`` takes (after a garbage collection, so it starts even)."""
    gc.collect()
    began = time.perf_counter()
    work()
    return time.perf_counter() - began


def measure(texts: Sequence[str], repeat: int = 5, config: Config | None = None) -> Speed:
    """Time the pipeline (built once, lexicon loaded before timing) and ftfy on ``texts``.

    Peak memory comes from a fresh child process running the default pipeline.
    """
    cleaner = Cleaner(config or Config())
    cleaner.clean(texts[0])  # loads the lexicon and compiles lazily built patterns
    ftfy.fix_text(texts[0])
    ftfy_best = pipeline_best = float("inf")
    for _ in range(repeat):  # alternate, so that noise from other processes hits both
        ftfy_best = min(ftfy_best, timed(lambda: [ftfy.fix_text(t) for t in texts]))
        pipeline_best = min(pipeline_best, timed(lambda: [cleaner.clean(t) for t in texts]))
    return Speed(
        docs=len(texts),
        words=sum(word_count(t) for t in texts),
        repeat=repeat,
        pipeline_seconds=pipeline_best,
        ftfy_seconds=ftfy_best,
        **peak_memory(texts),
    )
