"""An ordered, streaming, memory-bounded process pool shared by the CLI and the library.

Every worker builds its ``Cleaner`` once (the lexicon load is the expensive part) and
then handles chunks of work items; results come back in input order while at most a
few chunks per worker are in flight, so a generator of millions of texts streams
through in bounded memory.
"""

from __future__ import annotations

import multiprocessing.util
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from pathlib import Path
from typing import TypeVar

from cleaner.config import Config
from cleaner.io import deferred, writing
from cleaner.pipeline import Cleaner
from cleaner.result import Result
from cleaner.stages.base import Stage

T = TypeVar("T")
R = TypeVar("R")

#: How often a worker checks that its parent still lives.
ORPHAN_CHECK_SECONDS = 1.0
#: Chunks in flight per worker: enough to keep every core busy, few enough to bound memory.
CHUNKS_PER_WORKER = 4

_worker_cleaner: Cleaner | None = None


def default_jobs() -> int:
    """All cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def init_worker(config: Config, base_dir: Path | None = None, stages: Sequence[Stage] | None = None) -> None:
    """Build this process's ``Cleaner``; runs once per worker."""
    global _worker_cleaner
    _worker_cleaner = Cleaner(config, stages=stages, base_dir=base_dir)
    # A pool worker ends with os._exit, which skips atexit: multiprocessing's own exit
    # hook closes the Cleaner, and with it any LanguageTool server the worker started.
    multiprocessing.util.Finalize(_worker_cleaner, _worker_cleaner.close, exitpriority=10)


def _init_pool_worker(config: Config, base_dir: Path | None, stages: Sequence[Stage] | None) -> None:
    """Stop signals are the parent's to handle: it lets the work in flight finish, then stops the pool.

    A worker has a process group of its own, so that Ctrl-C on a terminal and the SIGTERM
    that ``timeout`` sends to a process group reach the parent only. A SIGTERM sent to the
    worker itself (by the pool when another worker died, or by systemd to a whole cgroup)
    ends it once the file it is writing is complete (``deferred``). A parent killed
    outright (SIGKILL, OOM) cannot shut the pool down, and its workers would wait for work
    forever, so each one leaves when its parent is gone, once no file is half-written.
    """
    os.setpgid(0, 0)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop_worker)
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    init_worker(config, base_dir, stages)


def _stop_worker(signum: int, frame: object) -> None:
    if not deferred(signum):
        os._exit(128 + signum)


def _exit_with_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(ORPHAN_CHECK_SECONDS)
    while writing():
        time.sleep(0.01)
    os._exit(1)


def worker_cleaner() -> Cleaner:
    """The ``Cleaner`` of the current worker (``init_worker`` must have run)."""
    if _worker_cleaner is None:
        raise RuntimeError("init_worker() has not run in this process")
    return _worker_cleaner


def clean_in_worker(text: str, *, markdown: bool = False) -> Result:
    """Clean one text with the worker's ``Cleaner``: the function ``Cleaner.clean_many`` maps."""
    return worker_cleaner().clean(text, markdown=markdown)


def _run_chunk(fn: Callable[[T], R], chunk: list[T]) -> list[R]:
    return [fn(item) for item in chunk]


def parallel_map(
    fn: Callable[[T], R],
    items: Iterable[T],
    *,
    config: Config,
    base_dir: Path | None = None,
    stages: Sequence[Stage] | None = None,
    jobs: int | None = None,
    chunk_size: int = 32,
    stop: Callable[[], bool] | None = None,
) -> Iterator[R]:
    """``map(fn, items)`` over ``jobs`` processes, in order, streaming.

    ``fn`` must be a module-level function (or a ``functools.partial`` of one); inside
    it ``worker_cleaner()`` gives the worker's ``Cleaner``, built from ``config``,
    ``base_dir`` and ``stages`` (``None``: the default stages for ``config``). With
    ``jobs=1`` everything runs in this process.
    When the caller stops early (an exception, Ctrl-C, closing the generator), chunks
    not yet started are cancelled and the pool shuts down after the running ones.
    A gentler stop: once ``stop()`` is true (the caller's items should end too), chunks
    not started are cancelled and the results of those already running still come, in
    order, up to the first that did not run.
    """
    jobs = jobs or default_jobs()
    if jobs <= 1:
        init_worker(config, base_dir, stages)
        yield from map(fn, items)
        return
    iterator = iter(items)
    pool = ProcessPoolExecutor(jobs, initializer=_init_pool_worker, initargs=(config, base_dir, stages))
    window: deque[Future[list[R]]] = deque()
    try:
        while chunk := list(islice(iterator, chunk_size)):
            window.append(pool.submit(_run_chunk, fn, chunk))
            if len(window) >= jobs * CHUNKS_PER_WORKER:
                yield from window.popleft().result()
        if stop is not None and stop():
            for future in window:
                future.cancel()
        while window and not window[0].cancelled():
            yield from window.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
