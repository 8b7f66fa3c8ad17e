"""Batch cleaning benchmark: words per second, scaling, peak memory and per-file overhead.

Builds its inputs in a temporary folder from a folder of source articles, runs the real
``cleaner clean`` command on them (each run a fresh process with a fresh output folder)
and prints one line per figure, with its target:

- 2 jobs reach >= 1.7x the words per second of 1 job on a folder of 10,000 small
  articles, and >= 1.8x on one 50 MB JSONL file;
- peak memory (the whole process tree) is the same within 20% for a 100 MB and a 1 GB
  JSONL file: streaming, not loading;
- 10,000 tiny files run at >= 60% of the words per second of the same texts as the
  records of one JSONL file (per-file overhead).

Words per second are wall-clock, start-up included: what a user waits for; each line
also gives the CPU seconds of the whole process tree and of the parent process alone,
which a busy machine disturbs less. The 1-job and 2-job runs alternate (``--rounds``)
and the median of each is compared, so that a change in the machine's load hits both.
When the machine is busy (load above its cores), the wall-clock ratio says more about
the load than about the cleaner: the line then also gives the ratio the CPU figures
allow, the 1-job CPU time over the larger of the parent's CPU time and half the
workers'. Every output file is a file created on disk, so the per-file figures depend on the
file system: the first line measures what creating one empty file costs in the work
folder (``--workdir /dev/shm`` measures the cleaner without the disk).

Outputs of many files are kept until the end, never deleted between runs: ext4 without a
journal (this machine's disk) does not reuse an inode freed in the last 30 s or so, and
passes over each such inode, one by one, every time it allocates a new one. Deleting one
run's 10,000 outputs just before the next run made each file that run created cost up to
1 ms of CPU more (the cleaner spends about 3 ms on an article) -- always the 2-job run,
which came second. Other processes deleting files on the same disk still do this: see the
create-cost line (25 us on a quiet disk, 200-1,000 us after 10,000 deletions).

    python bench/batch/run.py                      # full sizes (the 1 GB run takes minutes)
    python bench/batch/run.py --quick              # small sizes, to check that it works
    python bench/batch/run.py --source DIR --files 10000 --big-mb 50 --memory-mb 100,1000 --rounds 3
    python bench/batch/run.py --only folder,overhead   # only the figures named (folder, jsonl, memory, overhead)
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PARTS = ("folder", "jsonl", "memory", "overhead")
SOURCES = (ROOT.parent / "shared" / "corpus" / "articles", Path("/work/shared/corpus/articles"), ROOT / "seeds")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", type=Path, default=next((p for p in SOURCES if p.is_dir()), SOURCES[-1]))
    parser.add_argument("--files", type=int, default=10_000, help="small articles in the folder run")
    parser.add_argument("--big-mb", type=float, default=50, help="size of the large JSONL file for the scaling run")
    parser.add_argument("--rounds", type=int, default=1, help="alternating 1-job and 2-job runs per scaling figure")
    parser.add_argument("--memory-mb", default="100,1000", help="two JSONL sizes for the memory run")
    parser.add_argument("--memory-jobs", type=int, default=2)
    parser.add_argument("--tiny-files", type=int, default=10_000, help="one-paragraph files for the per-file overhead run")
    parser.add_argument("--quick", action="store_true", help="small sizes: 2,000 files, 10 MB, 10 and 40 MB")
    parser.add_argument("--workdir", type=Path, default=None, help="where to build inputs (default: a temporary folder)")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    parser.add_argument("--only", default=",".join(PARTS), help=f"the figures to measure, of {','.join(PARTS)}")
    args = parser.parse_args(argv)
    if args.quick:
        args.files, args.big_mb, args.memory_mb, args.tiny_files = 2000, 10, "10,40", 2000
    sizes = [float(size) for size in args.memory_mb.split(",")]
    parts = set(args.only.split(","))
    if parts - set(PARTS):
        parser.error(f"--only: unknown {', '.join(sorted(parts - set(PARTS)))} (known: {', '.join(PARTS)})")
    articles = [p.read_text(encoding="utf-8") for p in sorted(args.source.glob("*.txt")) + sorted(args.source.glob("*.md"))]
    if not articles:
        parser.error(f"{args.source}: no .txt or .md articles")
    work = Path(tempfile.mkdtemp(prefix="cleaner-bench-", dir=args.workdir))
    figures: dict[str, float] = {}
    try:
        print(f"source: {args.source} ({len(articles)} articles); cores: {len(os.sched_getaffinity(0))}; work: {work}")
        cost = create_cost(work)
        figures["create_file_us"] = round(cost)
        print(f"file system: creating one empty file costs {cost:,.0f} us in {work} (every output is one; see --workdir)")
        if "folder" in parts:
            folder = make_folder(work / "articles", articles, args.files)
            scaling("folder", f"{args.files:,} articles", [folder], work, figures, rounds=args.rounds, target=1.7)
        if "jsonl" in parts:
            big = make_jsonl(work / "big.jsonl", articles, args.big_mb)
            scaling("jsonl", f"{args.big_mb:g} MB", [big], work, figures, rounds=args.rounds, target=1.8)
        if "memory" in parts:
            memory(work, articles, sizes, args.memory_jobs, figures)
        if "overhead" in parts:
            overhead(work, articles, args.tiny_files, figures)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


# --------------------------------------------------------------------------- inputs


def make_folder(root: Path, articles: list[str], count: int) -> Path:
    for index in range(count):
        sub = root / f"{index // 1000:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"a{index:06d}.txt").write_text(articles[index % len(articles)], encoding="utf-8")
    return root


def make_jsonl(path: Path, articles: list[str], megabytes: float) -> Path:
    target = int(megabytes * 1_000_000)
    size = 0
    with path.open("w", encoding="utf-8") as handle:
        index = 0
        while size < target:
            record = {"id": index, "text": articles[index % len(articles)], "source": "bench"}
            line = json.dumps(record, ensure_ascii=False) + "\n"
            handle.write(line)
            size += len(line.encode("utf-8"))
            index += 1
    return path


def paragraphs(articles: list[str], count: int) -> list[str]:
    pieces = [p.strip() for article in articles for p in article.split("\n\n") if len(p.split()) >= 5]
    random.Random(5).shuffle(pieces)
    return [pieces[i % len(pieces)] + "\n" for i in range(count)]


# --------------------------------------------------------------------------- runs


_RUNS = itertools.count()


@dataclass
class Run:
    seconds: float  # wall clock, start-up included
    cpu: float  # user + system seconds of the whole process tree: a check that does not depend on a quiet machine
    words: int
    peak_total: int  # bytes, the sum over the process tree
    peak_main: int
    cpu_main: float  # user + system seconds of the parent process alone (its bookkeeping)


def clean(inputs: list[Path], work: Path, jobs: int) -> Run:
    """Run ``cleaner clean`` once, in a fresh process, into a fresh output folder.

    The folder stays until the benchmark ends (see the module's docstring); only corpus
    outputs (a few large files) go at once.
    """
    out = work / "out" / str(next(_RUNS))
    out.parent.mkdir(exist_ok=True)
    command = [sys.executable, "-m", "cleaner", "clean", *map(str, inputs), "-o", f"{out}/", "-j", str(jobs), "--quiet"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=out.parent)
    peaks = MemoryWatch(process)
    code = process.wait()
    seconds = time.perf_counter() - start
    peaks.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if code != 0:
        raise SystemExit(f"{' '.join(command)}: exit {code}")
    words = json.loads((out / "summary.json").read_text())["words"]
    for corpus in out.glob("*.jsonl*"):
        corpus.unlink()
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return Run(seconds, cpu, words, peaks.total, peaks.main, peaks.cpu_main)


def scaling(
    kind: str, label: str, inputs: list[Path], work: Path, figures: dict[str, float], *, rounds: int, target: float
) -> None:
    runs: dict[int, list[Run]] = {1: [], 2: []}
    for _ in range(rounds):
        for jobs in (1, 2):
            run = clean(inputs, work, jobs)
            runs[jobs].append(run)
            print(
                f"{kind} {label}: jobs={jobs} words={run.words:,} seconds={run.seconds:.1f} cpu={run.cpu:.1f}s "
                f"(parent {run.cpu_main:.1f}s) words/s={run.words / run.seconds:,.0f} load={os.getloadavg()[0]:.1f}"
            )
    seconds = {jobs: statistics.median(run.seconds for run in runs[jobs]) for jobs in runs}
    cpu = {jobs: statistics.median(run.cpu for run in runs[jobs]) for jobs in runs}
    parent = statistics.median(run.cpu_main for run in runs[2])
    for jobs in runs:
        figures[f"{kind}_words_per_second_{jobs}_jobs"] = round(runs[jobs][0].words / seconds[jobs])
    speedup = seconds[1] / seconds[2]
    allowed = cpu[1] / max(parent, (cpu[2] - parent) / 2)
    figures[f"{kind}_speedup_2_jobs"] = round(speedup, 2)
    figures[f"{kind}_speedup_2_jobs_from_cpu"] = round(allowed, 2)
    print(
        f"{kind} {label}: 2 jobs vs 1: {speedup:.2f}x (efficiency {speedup / 2:.0%}); target >= {target:.2f}x: "
        f"{verdict(speedup >= target)}; from CPU time {allowed:.2f}x (parent {parent:.1f}s of {cpu[2]:.1f}s)"
    )


def memory(work: Path, articles: list[str], sizes: list[float], jobs: int, figures: dict[str, float]) -> None:
    peaks = []
    for megabytes in sizes:
        corpus = make_jsonl(work / f"memory-{megabytes:g}.jsonl", articles, megabytes)
        run = clean([corpus], work, jobs)
        corpus.unlink()
        peaks.append(run.peak_total)
        figures[f"memory_peak_mb_{megabytes:g}"] = round(run.peak_total / 1e6, 1)
        print(
            f"memory jsonl {megabytes:g} MB: jobs={jobs} peak RSS all processes={run.peak_total / 1e6:.0f} MB "
            f"(main {run.peak_main / 1e6:.0f} MB); seconds={run.seconds:.1f} words/s={run.words / run.seconds:,.0f}"
        )
    growth = peaks[-1] / peaks[0] - 1
    figures["memory_growth"] = round(growth, 3)
    print(f"memory {sizes[-1]:g} MB vs {sizes[0]:g} MB: {growth:+.0%}; target within 20%: {verdict(abs(growth) <= 0.2)}")


def overhead(work: Path, articles: list[str], count: int, figures: dict[str, float]) -> None:
    texts = paragraphs(articles, count)
    folder = work / "tiny"
    for index, text in enumerate(texts):
        sub = folder / f"{index // 1000:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"p{index:06d}.txt").write_text(text, encoding="utf-8")
    corpus = work / "tiny.jsonl"
    corpus.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(texts)), encoding="utf-8")
    for jobs in (1, 2):
        files, one = clean([folder], work, jobs), clean([corpus], work, jobs)
        files_rate, one_rate = files.words / files.seconds, one.words / one.seconds
        ratio = files_rate / one_rate
        figures[f"tiny_files_ratio_{jobs}_jobs"] = round(ratio, 3)
        print(
            f"per-file overhead, jobs={jobs}: {count:,} tiny files {files_rate:,.0f} words/s (cpu {files.cpu:.1f}s); "
            f"the same texts as one JSONL file {one_rate:,.0f} words/s (cpu {one.cpu:.1f}s); "
            f"ratio {ratio:.0%}; target >= 60%: {verdict(ratio >= 0.6)}"
        )


def create_cost(folder: Path, count: int = 500) -> float:
    """Microseconds to create (and close) one empty file: the floor of per-file cost on this disk."""
    probe = folder / "probe"
    probe.mkdir()
    start = time.perf_counter()
    for index in range(count):
        os.close(os.open(probe / f"f{index}", os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o644))
    elapsed = time.perf_counter() - start
    return elapsed / count * 1e6


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


# --------------------------------------------------------------------------- memory


class MemoryWatch:
    """Samples the resident memory of a process and all its descendants until stopped."""

    def __init__(self, process: subprocess.Popen[bytes], every: float = 0.02) -> None:
        self.pid = process.pid
        self.total = 0
        self.main = 0
        self.cpu_main = 0.0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(every,), daemon=True)
        self._thread.start()

    def _run(self, every: float) -> None:
        while not self._done.is_set():
            tree = _tree(self.pid)
            sizes = {pid: _rss(pid) for pid in tree}
            self.total = max(self.total, sum(sizes.values()))
            self.main = max(self.main, sizes.get(self.pid, 0))
            self.cpu_main = max(self.cpu_main, _cpu(self.pid))
            time.sleep(every)

    def stop(self) -> None:
        self._done.set()
        self._thread.join()


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            todo.extend(int(child) for child in Path(f"/proc/{current}/task/{current}/children").read_text().split())
        except OSError:
            continue
    return found


def _cpu(pid: int) -> float:
    """User + system seconds of one process so far (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _rss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
