"""Speed benchmark: where the pipeline's time goes, beside ``ftfy.fix_text`` in the same run.

Four measurements, each against a target of issue 12:

- **throughput**: words per CPU second of the default pipeline and of ``ftfy.fix_text`` on
  the same texts, in alternating rounds (machine noise hits both alike), the fastest round
  of each, on clean articles (target >= 1.0x ftfy) and on noisy ones (>= 0.5x). Before each
  pipeline round the per-word caches are emptied, so every round meets the text as new,
  as a held-out article would be; the English tables stay loaded.
- **stages**: the time each stage's ``propose`` takes inside the pipeline, first pass and
  later passes apart; the rest is the core (applying edits, offsets, the change log).
- **cold start**: the CPU time of ``cleaner clean ARTICLE`` as a whole process, against a ``python -c``
  one-liner that runs ftfy on the same file (target <= 4x); the word tables come from the
  user cache, as on every run after a machine's first.
- **scaling**: one document of 1 MB up to 10 MB; the cost per word must stay within 10%.

Noisy text is the quality benchmark's generator (``bench.quality``) over the same
articles, with its default artifact rates: 80% of documents damaged, about 14 artifacts
per 1,000 words (seed 1), every class of damage the cleaner repairs. That is the density
of ingest damage in real scraped text, or somewhat above: the hand-labelled real passages
of ``../shared/real-dev`` were picked for their artifacts and hold about 36 repairs per
1,000 words.
"""

from __future__ import annotations

import gc
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import ftfy

from bench.corpus import REPO_ROOT, word_count
from cleaner import Cleaner, Config, language, lexicon
from cleaner.stages.base import Document, Stage

#: Targets of issue 12, as ratios to ftfy (throughput) or multiples of its one-liner (cold start).
CLEAN_TARGET = 1.0
NOISY_TARGET = 0.5
COLD_START_TARGET = 4.0
SCALING_TOLERANCE = 0.10
FTFY_ONE_LINER = "import sys, ftfy; sys.stdout.write(ftfy.fix_text(open(sys.argv[1], encoding='utf-8').read()))"


@dataclass(frozen=True, slots=True)
class Throughput:
    """Words per second of the pipeline and of ftfy on one set of texts, timed in the same run."""

    name: str
    docs: int
    words: int
    repeat: int
    pipeline_seconds: float
    ftfy_seconds: float
    target: float

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
        return self.ratio >= self.target

    def summary(self) -> str:
        return (
            f"{self.name}: pipeline {self.pipeline_wps:,.0f} words/s | ftfy.fix_text {self.ftfy_wps:,.0f} words/s"
            f" | ratio {self.ratio:.2f}x (target >= {self.target}x: {_verdict(self.target_met)})"
            f" | docs={self.docs} words={self.words:,} best of {self.repeat}"
        )

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "pipeline_wps": self.pipeline_wps, "ftfy_wps": self.ftfy_wps, "ratio": self.ratio}


@dataclass(frozen=True, slots=True)
class ColdStart:
    """CPU seconds of ``cleaner clean ARTICLE`` and of the ftfy one-liner as whole processes, ``repeat`` runs each."""

    article: str
    cleaner_runs: tuple[float, ...]
    ftfy_runs: tuple[float, ...]

    @property
    def ratio(self) -> float:
        return min(self.cleaner_runs) / min(self.ftfy_runs)

    @property
    def target_met(self) -> bool:
        return self.ratio <= COLD_START_TARGET

    def summary(self) -> str:
        return (
            f"cold start (CPU): cleaner clean ARTICLE {min(self.cleaner_runs):.3f} s"
            f" (median {statistics.median(self.cleaner_runs):.3f}) | python -c ftfy one-liner {min(self.ftfy_runs):.3f} s"
            f" (median {statistics.median(self.ftfy_runs):.3f}) | ratio {self.ratio:.1f}x"
            f" (target <= {COLD_START_TARGET:.0f}x: {_verdict(self.target_met)}) | best of {len(self.ftfy_runs)}"
        )

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "ratio": self.ratio}


@dataclass(frozen=True, slots=True)
class Scaling:
    """Seconds to clean one document of each size, and the words it holds."""

    sizes: tuple[tuple[int, int, float], ...]  # (bytes, words, seconds)

    def per_word(self) -> list[float]:
        return [seconds / words for _, words, seconds in self.sizes]

    @property
    def spread(self) -> float:
        """How far the costliest per-word cost lies above the cheapest (0.1 is 10%)."""
        costs = self.per_word()
        return max(costs) / min(costs) - 1

    @property
    def target_met(self) -> bool:
        return self.spread <= SCALING_TOLERANCE

    def summary(self) -> str:
        parts = [
            f"{size / 1e6:.3g} MB {1e6 * cost:.2f} µs/word"
            for (size, _, _), cost in zip(self.sizes, self.per_word(), strict=True)
        ]
        return (
            f"scaling: {' | '.join(parts)} | spread {100 * self.spread:.0f}%"
            f" (target <= {100 * SCALING_TOLERANCE:.0f}%: {_verdict(self.target_met)})"
        )

    def to_dict(self) -> dict[str, Any]:
        return {"sizes": self.sizes, "per_word_seconds": self.per_word(), "spread": self.spread}


@dataclass(slots=True)
class StageTimes:
    """Seconds inside each stage's ``propose``, split by pass, and the whole ``clean`` calls."""

    words: int
    total: float = 0.0
    first: dict[str, float] = field(default_factory=dict)
    later: dict[str, float] = field(default_factory=dict)
    calls: dict[str, int] = field(default_factory=dict)  # per stage, within the text being cleaned

    @property
    def core(self) -> float:
        return self.total - sum(self.first.values()) - sum(self.later.values())

    def rows(self) -> Iterator[tuple[str, float, float]]:
        for name in self.first:
            yield name, self.first[name], self.later.get(name, 0.0)


def _verdict(met: bool) -> str:
    return "met" if met else "NOT MET"


def timed(work: Callable[[], object]) -> float:
    """CPU seconds one run of ``work`` takes (after a garbage collection, so it starts even).

    CPU time, not the wall clock: on a shared machine the time spent waiting for a core
    is noise, and the work is single-threaded.
    """
    gc.collect()
    began = time.process_time()
    work()
    return time.process_time() - began


def forget_words() -> None:
    """Empty the per-word and per-paragraph caches, so the next text is met as new (the tables stay loaded).

    Every cache a held-out article would miss: the typo search and the language of each block.
    """
    lexicon._corrections.cache_clear()
    language.block_language.cache_clear()


def measure(texts: Sequence[str], name: str, target: float, repeat: int = 5, cleaner: Cleaner | None = None) -> Throughput:
    """Time the pipeline (built once, tables loaded before timing) and ftfy on ``texts``, alternating."""
    cleaner = cleaner or Cleaner(Config())
    for text in texts:  # loads the tables and compiles lazily built patterns
        cleaner.clean(text)
    ftfy.fix_text(texts[0])
    ftfy_best = pipeline_best = float("inf")
    for _ in range(repeat):
        ftfy_best = min(ftfy_best, timed(lambda: [ftfy.fix_text(t) for t in texts]))
        forget_words()
        pipeline_best = min(pipeline_best, timed(lambda: [cleaner.clean(t) for t in texts]))
    words = sum(word_count(t) for t in texts)
    return Throughput(name, len(texts), words, repeat, pipeline_best, ftfy_best, target)


def stage_times(texts: Sequence[str], cleaner: Cleaner | None = None, repeat: int = 3) -> StageTimes:
    """Instrumented runs over ``texts`` (after a warm-up run): time inside each stage, by pass.

    Each figure is its smallest over ``repeat`` rounds, so one noisy round does not count.
    """
    cleaner = cleaner or Cleaner(Config())
    for text in texts:
        cleaner.clean(text)
    best = StageTimes(sum(word_count(t) for t in texts), total=float("inf"))
    for _ in range(repeat):
        times = StageTimes(best.words)
        originals = [(stage, stage.propose) for stage in cleaner.stages]
        for stage, propose in originals:
            times.first[stage.name] = 0.0
            stage.propose = _timing(stage, propose, times)  # type: ignore[method-assign]
        try:
            forget_words()
            times.total = timed(lambda times=times: [_clean_counting(cleaner, t, times) for t in texts])
        finally:
            for stage, propose in originals:
                stage.propose = propose  # type: ignore[method-assign]
        best.total = min(best.total, times.total)
        for mine, theirs in ((best.first, times.first), (best.later, times.later)):
            for name, seconds in theirs.items():
                mine[name] = min(mine.get(name, seconds), seconds)
    return best


def _clean_counting(cleaner: Cleaner, text: str, times: StageTimes) -> None:
    times.calls.clear()  # a stage's first call for a text is its first pass
    cleaner.clean(text)


def _timing(stage: Stage, propose: Callable[[Document], Any], times: StageTimes) -> Callable[[Document], list[Any]]:
    def timed_propose(doc: Document) -> list[Any]:
        began = time.process_time()
        edits = list(propose(doc))
        times.calls[stage.name] = times.calls.get(stage.name, 0) + 1
        by_pass = times.first if times.calls[stage.name] == 1 else times.later
        by_pass[stage.name] = by_pass.get(stage.name, 0.0) + time.process_time() - began
        return edits

    return timed_propose


def cleaner_command() -> list[str]:
    """The installed ``cleaner`` script beside this Python, or ``python -m cleaner``."""
    script = Path(sys.executable).with_name("cleaner")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "cleaner"]


def cold_start(article: Path, repeat: int = 7) -> ColdStart:
    """Run ``cleaner clean ARTICLE`` and the ftfy one-liner as whole processes, alternating; their CPU time counts.

    One untimed run of each first: it builds the table cache if this machine has none,
    writes the bytecode of the modules (``PYTHONDONTWRITEBYTECODE`` is dropped: an installed
    package has it) and brings the files into the page cache, as any run after the first
    finds them.
    """
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    commands = {
        "cleaner": [*cleaner_command(), "clean", str(article)],
        "ftfy": [sys.executable, "-c", FTFY_ONE_LINER, str(article)],
    }
    runs: dict[str, list[float]] = {"cleaner": [], "ftfy": []}
    for round_ in range(repeat + 1):
        for name, command in commands.items():
            began = _children_cpu()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=REPO_ROOT, env=env)
            if round_:
                runs[name].append(_children_cpu() - began)
    return ColdStart(article.name, tuple(runs["cleaner"]), tuple(runs["ftfy"]))


def _children_cpu() -> float:
    """CPU seconds (user and system) of every child process that has ended so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def one_document(texts: Sequence[str], size: int) -> str:
    """``texts`` as paragraphs of one document, repeated until it holds ``size`` bytes of UTF-8."""
    parts: list[str] = []
    total = -1  # the bytes of the document so far: parts, a blank line between two, a final newline
    while total < size:
        for text in texts:
            parts.append(text.strip("\n"))
            total += len(parts[-1].encode("utf-8")) + 2
            if total >= size:
                break
    return "\n\n".join(parts) + "\n"


def scaling(texts: Sequence[str], sizes_mb: Sequence[float], cleaner: Cleaner | None = None) -> Scaling:
    """Clean one document of each size once (the smallest twice, the first run warming up)."""
    cleaner = cleaner or Cleaner(Config())
    cleaner.clean(one_document(texts, int(sizes_mb[0] * 1e6)))
    rows = []
    for size_mb in sizes_mb:
        document = one_document(texts, int(size_mb * 1e6))
        forget_words()
        rows.append((len(document.encode("utf-8")), word_count(document), timed(lambda d=document: cleaner.clean(d))))
    return Scaling(tuple(rows))
