"""One stress case in a fresh process: ``python -m bench.stress.child CASE BYTES MEMORY_LIMIT_MB``.

Generates the input, cleans it once with the default configuration and prints one JSON
line: the input's size, the CPU seconds of the clean call, the process's peak resident
size (imports and word tables included), the CPU seconds inside each stage and the
stages the budget cut short. A fresh
process per case keeps one case's memory peak out of the next one's figure.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections.abc import Callable, Iterable, Iterator

from bench.speed.memory import maxrss_bytes
from bench.stress.inputs import generate
from cleaner import Cleaner, Config, Result
from cleaner.budget import OVER_BUDGET
from cleaner.edits import Edit
from cleaner.stages.base import Document

#: A text that makes every stage load what it loads once per process, so no case pays for it.
WARM_UP = "The word tables of the stages load on first use, next to the officals.\n\nSicne then it went to Paris.\n"


def time_stages(cleaner: Cleaner) -> dict[str, float]:
    """Make each stage's ``propose`` add the CPU seconds spent inside it to the returned figures."""
    times = dict.fromkeys((stage.name for stage in cleaner.stages), 0.0)
    for stage in cleaner.stages:
        stage.propose = _timed(stage.name, stage.propose, times)  # type: ignore[method-assign]
    return times


def _timed(
    name: str, propose: Callable[[Document], Iterable[Edit]], times: dict[str, float]
) -> Callable[[Document], Iterator[Edit]]:
    def timed_propose(doc: Document) -> Iterator[Edit]:
        edits = iter(propose(doc))
        while True:
            began = time.process_time()
            try:
                edit = next(edits, None)
            finally:
                times[name] += time.process_time() - began
            if edit is None:
                return
            yield edit

    return timed_propose


def over_budget(result: Result) -> list[str]:
    """The stages the budget stopped, from the pipeline's findings (``stage skipped on this text: …``)."""
    return sorted({f.message.split(" ", 1)[0] for f in result.findings if f.rule == OVER_BUDGET.code})


def main(argv: list[str]) -> int:
    case, size, memory_limit_mb = argv[0], int(argv[1]), int(argv[2])
    # A run that explodes fails with MemoryError instead of taking a shared machine's memory.
    resource.setrlimit(resource.RLIMIT_AS, (memory_limit_mb * 1_000_000, resource.RLIM_INFINITY))
    text = generate(case, size)
    cleaner = Cleaner(Config())
    cleaner.clean(WARM_UP)
    stage_seconds = time_stages(cleaner)
    start = time.process_time()
    result = cleaner.clean(text)
    seconds = time.process_time() - start
    print(
        json.dumps(
            {
                "case": case,
                "bytes": len(text.encode("utf-8")),
                "cpu_seconds": seconds,
                "maxrss_bytes": maxrss_bytes(),
                "over_budget": over_budget(result),
                "stage_seconds": stage_seconds,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
