"""Peak memory of the default pipeline, measured in a fresh process.

Run as ``python -m bench.speed.memory`` with a JSON list of texts on stdin; prints
``{"tracemalloc_peak_bytes": …, "maxrss_bytes": …}``. A fresh process makes the figure
independent of what the caller already loaded (wordfreq caches its table per process):
``tracemalloc`` starts after the imports and covers building the ``Cleaner``, loading the
word-frequency table when a stage first asks, and cleaning every text; ``ru_maxrss`` is
the child's peak resident size, imports included.
"""

from __future__ import annotations

import gc
import json
import resource
import subprocess
import sys
import tracemalloc
from collections.abc import Sequence

from bench.corpus import REPO_ROOT
from cleaner import Cleaner, Config


def peak_memory(texts: Sequence[str]) -> dict[str, int]:
    """Run this module on ``texts`` in a child process and return its two figures."""
    proc = subprocess.run(
        [sys.executable, "-m", "bench.speed.memory"],
        input=json.dumps(list(texts)),
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        check=True,
    )
    return json.loads(proc.stdout)


def maxrss_bytes() -> int:
    """Peak resident set size of this process image.

    On Linux ``VmHWM`` (``ru_maxrss`` survives ``exec``, so a child started by a big
    benchmark process would report the parent's peak); elsewhere ``ru_maxrss`` (macOS
    reports bytes, the rest KiB).
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def main() -> int:
    texts = json.load(sys.stdin)
    gc.collect()
    tracemalloc.start()
    cleaner = Cleaner(Config())
    for text in texts:
        cleaner.clean(text)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(json.dumps({"tracemalloc_peak_bytes": peak, "maxrss_bytes": maxrss_bytes()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
