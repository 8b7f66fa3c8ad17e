"""The speed benchmark's bookkeeping (no timing assertions: speed lives in bench/)."""

from __future__ import annotations

import pytest

from bench.corpus import word_count
from bench.speed import (
    CLEAN_TARGET,
    NOISY_TARGET,
    ColdStart,
    Scaling,
    Throughput,
    measure,
    one_document,
    stage_times,
)
from bench.speed.memory import peak_memory

TEXTS = [
    "President Biden met allies”Kirby said on Monday.\n",
    "Officials in Kyiv welcomed the news&nbsp;today. It showed resolve.\n",
    "The troops were put on heightened alert for a possible deployment to Europe.\n",
]


def test_measure_counts_words_and_reports_the_ratio_against_its_target() -> None:
    speed = measure(TEXTS, "noisy news", NOISY_TARGET, repeat=1)
    assert (speed.docs, speed.words) == (3, 7 + 9 + 13)
    assert speed.pipeline_seconds > 0 and speed.ftfy_seconds > 0
    assert speed.ratio == pytest.approx(speed.pipeline_wps / speed.ftfy_wps)
    assert speed.summary().startswith("noisy news: pipeline") and f"ratio {speed.ratio:.2f}x" in speed.summary()


def test_each_throughput_is_judged_by_its_own_target() -> None:
    def run(seconds: float, target: float) -> Throughput:
        return Throughput("x", 1, 1000, 1, seconds, 1.0, target)

    assert run(1.0, CLEAN_TARGET).target_met and not run(1.01, CLEAN_TARGET).target_met
    assert run(2.0, NOISY_TARGET).target_met and not run(2.5, NOISY_TARGET).target_met
    assert "NOT MET" in run(2.5, NOISY_TARGET).summary() and "NOT MET" not in run(1.5, NOISY_TARGET).summary()


def test_cold_start_compares_the_fastest_runs_of_each_command() -> None:
    quick = ColdStart("a.txt", cleaner_runs=(0.30, 0.25, 0.40), ftfy_runs=(0.07, 0.0625, 0.08))
    assert quick.ratio == pytest.approx(4.0) and quick.target_met
    slow = ColdStart("a.txt", cleaner_runs=(0.9,), ftfy_runs=(0.1,))
    assert not slow.target_met and "ratio 9.0x" in slow.summary() and "NOT MET" in slow.summary()


def test_scaling_measures_the_spread_of_the_cost_per_word() -> None:
    even = Scaling(((1_000_000, 100_000, 1.0), (10_000_000, 1_000_000, 10.5)))
    assert even.spread == pytest.approx(0.05) and even.target_met
    uneven = Scaling(((1_000_000, 100_000, 1.0), (10_000_000, 1_000_000, 12.0)))
    assert not uneven.target_met and "spread 20%" in uneven.summary() and "1 MB 10.00 µs/word" in uneven.summary()


def test_one_document_repeats_the_texts_as_paragraphs_up_to_the_size() -> None:
    document = one_document(TEXTS, 1000)
    assert 1000 <= len(document.encode("utf-8")) < 1000 + max(len(t) for t in TEXTS) + 2
    assert document.startswith(TEXTS[0].strip() + "\n\n" + TEXTS[1].strip()) and "\n\n\n" not in document
    assert word_count(document) > 3 * sum(word_count(t) for t in TEXTS)


def test_stage_times_split_each_stage_by_pass_and_leave_the_rest_to_the_core() -> None:
    times = stage_times(TEXTS, repeat=1)
    assert {"unicode", "spacing", "merges"} <= times.first.keys()
    assert times.later  # "allies”Kirby said" takes two repairs: a second pass runs
    assert sum(times.first.values()) + sum(times.later.values()) <= times.total
    assert times.core == pytest.approx(times.total - sum(times.first.values()) - sum(times.later.values()))


def test_peak_memory_is_measured_in_a_fresh_process_that_loads_the_word_list() -> None:
    figures = peak_memory(["The deploy-\nment was approved.\n"])  # a hyphenated break asks the word list
    assert figures["tracemalloc_peak_bytes"] > 2**20  # the word-frequency table alone is megabytes
    assert figures["maxrss_bytes"] > figures["tracemalloc_peak_bytes"]
