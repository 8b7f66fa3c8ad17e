"""The speed benchmark's bookkeeping (no timing assertions: speed lives in bench/)."""

from __future__ import annotations

import pytest

from bench.speed import TARGET_RATIO, Speed, measure
from bench.speed.memory import peak_memory

TEXTS = [
    "President Biden met allies”Kirby said on Monday.\n",
    "Officials in Kyiv welcomed the news&nbsp;today. It showed resolve.\n",
    "The troops were put on heightened alert for a possible deployment to Europe.\n",
]


@pytest.mark.slow
def test_measure_counts_words_and_reports_the_ratio_and_memory() -> None:
    speed = measure(TEXTS, repeat=1)
    assert (speed.docs, speed.words) == (3, 7 + 9 + 13)
    assert speed.pipeline_seconds > 0 and speed.ftfy_seconds > 0
    assert speed.ratio == pytest.approx(speed.pipeline_wps / speed.ftfy_wps)
    assert speed.tracemalloc_peak_bytes > 0 and speed.maxrss_bytes > speed.tracemalloc_peak_bytes
    assert f"ratio {speed.ratio:.2f}x" in speed.summary()


def test_the_target_is_half_of_ftfys_words_per_second() -> None:
    slow = Speed(docs=1, words=1000, repeat=1, pipeline_seconds=2.0, ftfy_seconds=1.0, tracemalloc_peak_bytes=1, maxrss_bytes=1)
    fast = Speed(docs=1, words=1000, repeat=1, pipeline_seconds=1.5, ftfy_seconds=1.0, tracemalloc_peak_bytes=1, maxrss_bytes=1)
    too_slow = Speed(
        docs=1, words=1000, repeat=1, pipeline_seconds=2.5, ftfy_seconds=1.0, tracemalloc_peak_bytes=1, maxrss_bytes=1
    )
    assert slow.ratio == pytest.approx(TARGET_RATIO) and slow.target_met
    assert fast.ratio == pytest.approx(1 / 1.5) and fast.target_met
    assert not too_slow.target_met and "NOT MET" in too_slow.summary() and "NOT MET" not in fast.summary()


def test_peak_memory_is_measured_in_a_fresh_process_that_loads_the_word_list() -> None:
    figures = peak_memory(["The deploy-\nment was approved.\n"])  # a hyphenated break asks the word list
    assert figures["tracemalloc_peak_bytes"] > 2**20  # the word-frequency table alone is megabytes
    assert figures["maxrss_bytes"] > figures["tracemalloc_peak_bytes"]
