"""The run itself: feeds work items to the pool and keeps outputs, logs and run state in input order."""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

from rich.console import Console

from cleaner.batch.planning import Input, markdown_for
from cleaner.batch.progress import Feedback
from cleaner.batch.signals import interrupt_on_sigterm
from cleaner.batch.tally import Tally
from cleaner.batch.tasks import FileTask, Mark, Options, Outcome, RecordTask, Task
from cleaner.batch.worker import process
from cleaner.config import Config
from cleaner.io import DEFAULT_MAX_BYTES, AtomicFile, atomic_write, open_input, stale_temporaries
from cleaner.logs import LogFormat, LogWriter
from cleaner.parallel import default_jobs, parallel_map
from cleaner.pipeline import Cleaner
from cleaner.runstate import SUMMARY, Block, RunState, config_hash, file_hash


@dataclass
class _Corpus:
    """The output of the corpus being written, and what its records did."""

    item: Input
    sink: AtomicFile | None
    block: Block | None
    failed: int = 0
    position: int = 0
    counts: Counter[str] = field(default_factory=Counter)


class Runner:
    """One run over planned inputs; ``run()`` returns the tally."""

    def __init__(
        self,
        inputs: list[Input],
        config: Config,
        *,
        base_dir: Path | None = None,
        folder: Path | None = None,
        jobs: int | None = None,
        text_field: str = "text",
        in_place: bool = False,
        log: Path | None = None,
        log_format: LogFormat = "jsonl",
        max_bytes: int = DEFAULT_MAX_BYTES,
        quiet: bool = False,
        console: Console | None = None,
        stdin: BinaryIO | None = None,
        stdout: BinaryIO | None = None,
    ) -> None:
        self.inputs = inputs
        self.config = config
        self.base_dir = base_dir
        self.folder = folder
        self.jobs = jobs or default_jobs()
        if not any(item.corpus for item in inputs):  # one file needs no pool
            self.jobs = min(self.jobs, max(1, len(inputs)))
        self.log_path = log
        self.options = Options(text_field, max_bytes, folder is not None, log_format if log else None, in_place)
        self.quiet = quiet
        self.console = console or Console(stderr=True, highlight=False, soft_wrap=True)
        self.stdin = stdin
        self.stdout = stdout
        self.tally = Tally()
        self.state: RunState | None = None
        self._corpus: _Corpus | None = None

    def run(self) -> Tally:
        cleaner = Cleaner(self.config, base_dir=self.base_dir)  # fails early on a bad words-file
        if self.folder is not None:
            words = cleaner.lexicon.protected
            self.state = RunState(self.folder, config_hash(self.config, words, text_field=self.options.text_field))
        log = LogWriter(self.log_path, self.options.log_format or "jsonl") if self.log_path else None
        total = sum(_disk_size(item.source) for item in self.inputs)
        feedback = Feedback(self.console, total or None, quiet=self.quiet)
        complete = False
        try:
            with interrupt_on_sigterm(), feedback:
                results = parallel_map(
                    partial(process, self.options),
                    self._tasks(),
                    config=self.config,
                    base_dir=self.base_dir,
                    jobs=self.jobs,
                    chunk_size=self._chunk_size(),
                )
                with closing(results):
                    for result in results:
                        self._handle(result, feedback, log)
            complete = True
        except KeyboardInterrupt:
            self.tally.interrupted = True
        finally:
            self._finish(log, complete)
        return self.tally

    def _chunk_size(self) -> int:
        """Small chunks for a few files (every core gets some), up to 32 for many files or any corpus."""
        if any(item.corpus for item in self.inputs):
            return 32
        return max(1, min(32, len(self.inputs) // (self.jobs * 8)))

    def _tasks(self) -> Iterator[Task]:
        for index, item in enumerate(self.inputs):
            if item.corpus:
                yield from self._corpus_tasks(index, item)
                continue
            markdown = markdown_for(self.config, item.name)
            if item.source is None:
                data = (self.stdin or sys.stdin.buffer).read()
                yield FileTask(index, item.name, None, item.target, markdown, data=data)
                continue
            expect = self.state.expected(item.rel) if self.state and item.rel else None
            yield FileTask(index, item.name, item.source, item.target, markdown, expect)

    def _corpus_tasks(self, index: int, item: Input) -> Iterator[Task]:
        assert item.source is not None
        markdown = self.config.format == "markdown"
        sha = None
        try:
            if self.state is not None and item.rel is not None:
                sha = file_hash(item.source)
                if sha == self.state.expected(item.rel):
                    yield Mark(index, "current")
                    return
            with open_input(item.source) as (stream, raw):
                yield Mark(index, "start")
                for number, line in enumerate(stream, 1):
                    if line.strip():
                        yield RecordTask(item.name, number, line, markdown, raw.tell())
        except Exception as exc:  # the many ways a compressed file can be broken
            yield Mark(index, "failed", f"{item.name}: cannot read ({_reason(exc)})")
            return
        yield Mark(index, "end", sha=sha)

    def _handle(self, result: Outcome | Mark, feedback: Feedback, log: LogWriter | None) -> None:
        if isinstance(result, Mark):
            self._mark(result, feedback)
            return
        tally = self.tally
        corpus = self._corpus
        if result.note:
            feedback.warning(result.note)
        if result.status == "failed":
            feedback.error(result.message or result.name)
        elif result.status == "skipped":
            feedback.warning(result.message or result.name)
        tally.count(result)
        if log is not None:
            log.write(result.log)
        if corpus is not None:
            tally.records += 1
            corpus.counts[result.status] += 1
            corpus.failed += result.status == "failed"
            if corpus.block is not None:
                corpus.block.write(result.changes)
            if result.output is not None and corpus.sink is not None:
                corpus.sink.stream.write(result.output.encode("utf-8") + b"\n")
            elif result.output is not None:
                self._write_stdout(result.output + "\n")
            feedback.advance(max(0, result.position - corpus.position), tally)
            corpus.position = max(corpus.position, result.position)
            return
        tally.inputs += 1
        item = self.inputs[result.index] if result.index >= 0 else None
        if result.output is not None:
            self._write_stdout(result.output)
        if self.state is not None and item is not None and item.rel and result.status in ("changed", "unchanged"):
            block = self.state.block()
            block.write(result.changes)
            self.state.commit(_entry(item, result.sha, result.status, words=result.words), block)
        feedback.advance(result.size, tally)

    def _mark(self, mark: Mark, feedback: Feedback) -> None:
        item = self.inputs[mark.index]
        if mark.kind == "start":
            if item.target is not None:
                for stale in stale_temporaries(item.target):
                    stale.unlink(missing_ok=True)
            sink = AtomicFile(item.target) if item.target is not None else None
            block = self.state.block() if self.state is not None and item.rel else None
            self._corpus = _Corpus(item, sink, block)
            return
        self.tally.inputs += 1
        corpus, self._corpus = self._corpus, None
        if mark.kind == "current":
            self.tally.current += 1
            feedback.advance(_disk_size(item.source), self.tally)
            return
        if mark.kind == "failed":
            self.tally.fail(mark.message or item.name)
            feedback.error(mark.message or item.name)
            if corpus is not None and corpus.sink is not None:
                corpus.sink.abort()
            return
        assert corpus is not None
        if corpus.sink is not None:
            corpus.sink.commit()
        feedback.advance(max(0, _disk_size(item.source) - corpus.position), self.tally)
        if self.state is not None and corpus.block is not None and not corpus.failed:
            entry = _entry(item, mark.sha, "done", text_field=self.options.text_field, **corpus.counts)
            self.state.commit(entry, corpus.block)

    def _write_stdout(self, text: str) -> None:
        out = self.stdout or sys.stdout.buffer
        out.write(text.encode("utf-8"))
        out.flush()

    def _finish(self, log: LogWriter | None, complete: bool) -> None:
        self.tally.stop()
        if self._corpus is not None and self._corpus.sink is not None:
            self._corpus.sink.abort()
        if log is not None:
            if complete:
                log.commit()
            else:
                log.abort()
        if self.state is not None:
            self.state.close(compact=complete)
            summary = {**self.tally.to_dict(), "jobs": self.jobs, "config": self.state.config}
            atomic_write(self.state.out / SUMMARY, json.dumps(summary, ensure_ascii=False, indent=2) + "\n")


def _entry(item: Input, sha: str | None, status: str, **details: Any) -> dict[str, Any]:
    return {"output": item.rel, "input": item.name, "sha": sha, "status": status, **details}


def _disk_size(path: Path | None) -> int:
    try:
        return path.stat().st_size if path is not None else 0
    except OSError:
        return 0


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower() if isinstance(exc, FileNotFoundError | PermissionError) else exc.strerror
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
