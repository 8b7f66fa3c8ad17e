"""The run itself: feeds work items to the pool and keeps outputs, logs and run state in input order."""

from __future__ import annotations

import json
import sys
from collections import Counter, deque
from collections.abc import Callable, Iterator
from concurrent.futures.process import BrokenProcessPool
from contextlib import closing
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

from cleaner.batch.planning import Input, UsageError, markdown_for
from cleaner.batch.progress import Feedback
from cleaner.batch.signals import Stop, stop_on_signals
from cleaner.batch.tally import Tally
from cleaner.batch.tasks import FileTask, LongLine, Mark, Options, Outcome, RecordTask, Task
from cleaner.batch.worker import process
from cleaner.config import Config
from cleaner.io import (
    COPY_BYTES,
    DEFAULT_MAX_BYTES,
    AtomicFile,
    InputError,
    atomic_output,
    open_input,
    read_stream,
    remove_stale_temporaries,
    restore_interrupted,
    spool_line,
)
from cleaner.logs import LogFormat, LogWriter
from cleaner.parallel import default_jobs, parallel_map
from cleaner.pipeline import Cleaner
from cleaner.runstate import MANIFEST, SUMMARY, Block, FolderBusy, RunState, config_hash, file_hash
from cleaner.terminal import Messages


@dataclass
class _Corpus:
    """The output of the corpus being written, and what its records did."""

    item: Input
    sink: AtomicFile | None
    block: Block | None
    failed: int = 0
    position: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    metadata: Counter[str] = field(default_factory=Counter)


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
        record_edits: bool = False,
        max_bytes: int = DEFAULT_MAX_BYTES,
        quiet: bool = False,
        messages: Messages | None = None,
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
        self.options = Options(text_field, max_bytes, folder is not None, log_format if log else None, in_place, record_edits)
        self.quiet = quiet
        self.messages = messages or Messages()
        self.stdin = stdin
        self.stdout = stdout
        #: Several inputs written to stdout are told apart by a ``==> name <==`` line, as head(1) does.
        self._headed = sum(item.target is None and item.problem is None for item in inputs) > 1
        self._stdout_item: Input | None = None
        self.tally = Tally()
        self.state: RunState | None = None
        self._corpus: _Corpus | None = None
        #: The lines over the record limit read so far and not yet copied to their output, in input order.
        self._spools: deque[BinaryIO] = deque()
        self._stop = Stop()

    def run(self) -> Tally:
        """Clean every input; ``UsageError`` when another run holds the output folder."""
        cleaner = Cleaner(self.config, base_dir=self.base_dir)  # fails early on a bad words-file
        shown = Feedback.shows_progress(self.messages, quiet=self.quiet)
        total = sum(_disk_size(item.source) for item in self.inputs) if shown else 0  # a stat per input: only for the bar
        feedback = Feedback(self.messages, total or None, quiet=self.quiet)
        if self.folder is not None:
            options = self.options
            config = config_hash(
                self.config, cleaner.lexicon.protected, text_field=options.text_field, record_edits=options.record_edits
            )
            try:
                self.state = RunState(self.folder, config)
            except FolderBusy as exc:
                raise UsageError(str(exc)) from exc
            except OSError as exc:
                raise UsageError(f"{self.folder}: cannot write the output folder ({_reason(exc)})") from exc
            if self.state.taken_over:
                feedback.warning(f"{self.folder}: an earlier run ({self.state.taken_over}) stopped without finishing; going on")
        self._remove_stale_temporaries()
        complete = False
        log: LogWriter | None = None
        try:
            log = LogWriter(self.log_path, self.options.log_format or "jsonl") if self.log_path else None
            with stop_on_signals() as self._stop, feedback:
                results = parallel_map(
                    partial(process, self.options),
                    self._tasks(),
                    config=self.config,
                    base_dir=self.base_dir,
                    jobs=self.jobs,
                    chunk_size=self._chunk_size(),
                    stop=lambda: self._stop.requested,
                )
                with closing(results):
                    for result in results:
                        self._handle(result, feedback, log)
            complete = self.tally.inputs == len(self.inputs)  # else a stop signal cut the run short
            self.tally.interrupted = not complete
        except KeyboardInterrupt:
            self.tally.interrupted = True
        except BrokenProcessPool:
            self._fail_run(feedback, "a worker process died (killed, or out of memory); the run stopped")
        except OSError as exc:  # a full disk, a folder that went away: the parent cannot record work any more
            where = exc.filename or self.folder or self.log_path or "an output"
            self._fail_run(feedback, f"{where}: cannot write ({_reason(exc)}); the run stopped")
        finally:
            self._finish(log, complete, feedback)
        return self.tally

    def _remove_stale_temporaries(self) -> None:
        """What earlier runs killed outright left: in the output folder, or beside the files written in place."""
        if self.folder is not None:
            remove_stale_temporaries(self.folder, recursive=True)
            return
        for folder in {item.target.parent for item in self.inputs if item.target is not None}:
            remove_stale_temporaries(folder)

    def _fail_run(self, feedback: Feedback, message: str) -> None:
        self.tally.fail(message)
        feedback.error(message)

    def _chunk_size(self) -> int:
        """Small chunks for a few files (every core gets some), up to 32 for many files or any corpus."""
        if any(item.corpus for item in self.inputs):
            return 32
        return max(1, min(32, len(self.inputs) // (self.jobs * 8)))

    def _resumes(self, item: Input) -> bool:
        """Whether an input a previous run finished may be skipped: its share of ``--log`` can be copied.

        ``--log`` in another format than JSON lines needs what only cleaning gives (the
        texts of a diff, every input of a JSON document), so those inputs are cleaned again.
        """
        return self.state is not None and item.rel is not None and self.options.log_format in (None, "jsonl")

    def _tasks(self) -> Iterator[Task]:
        for index, item in enumerate(self.inputs):
            if self._stop.requested:
                return
            if item.problem is not None:
                yield Mark(index, "skipped" if item.problem.skipped else "failed", str(item.problem))
            elif item.corpus:
                yield from self._corpus_tasks(index, item)
            elif item.source is None:
                yield self._stdin_task(index, item)
            else:
                markdown = markdown_for(self.config, item.name)
                expect = self.state.expected(item.rel) if self.state and item.rel and self._resumes(item) else None
                yield FileTask(index, item.name, item.source, item.target, markdown, expect)

    def _stdin_task(self, index: int, item: Input) -> Task:
        try:
            data = read_stream(self.stdin or sys.stdin.buffer, item.name, self.options.max_bytes)
        except InputError as exc:
            return Mark(index, "failed", str(exc))
        return FileTask(index, item.name, None, item.target, markdown_for(self.config, item.name), data=data)

    def _corpus_tasks(self, index: int, item: Input) -> Iterator[Task]:
        assert item.source is not None
        markdown = self.config.format == "markdown"
        sha = None
        try:
            note = None
            if self.options.in_place and restore_interrupted(item.source):
                note = f"{item.name}: restored from the backup an interrupted --in-place run left"
            if self.state is not None and item.rel is not None and item.source.is_file():
                sha = file_hash(item.source)
                if self._resumes(item) and sha == self.state.expected(item.rel):
                    yield Mark(index, "current")
                    return
            limit = self.options.max_bytes
            folder = item.target.parent if item.target is not None and item.target.parent.is_dir() else None
            with open_input(item.source) as (stream, raw):
                yield Mark(index, "start", note)
                # a line is read whole only up to the limit: a longer one (a record can be 500 MB) goes to disk in pieces
                for number, line in enumerate(iter(partial(stream.readline, limit + 1), b""), 1):
                    if self._stop.requested:
                        return
                    if len(line) > limit and not line.endswith(b"\n"):
                        spool, size = spool_line(stream, line, folder)
                        self._spools.append(spool)
                        yield LongLine(item.name, number, size, raw.tell())
                    elif line.strip():
                        yield RecordTask(item.name, number, line, markdown, raw.tell())
        except Exception as exc:  # the many ways a compressed file can be broken
            yield Mark(index, "failed", f"{item.name}: cannot read ({_reason(exc)})")
            return
        yield Mark(index, "end", sha=sha)

    def _handle(self, result: Outcome | LongLine | Mark, feedback: Feedback, log: LogWriter | None) -> None:
        if isinstance(result, Mark):
            self._mark(result, feedback, log)
            return
        if isinstance(result, LongLine):
            self._long_line(result, feedback, log)
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
        if corpus is not None:
            tally.records += 1
            corpus.counts[result.status] += 1
            corpus.metadata.update(result.metadata.keys())
            corpus.failed += result.status == "failed"
            if log is not None:
                log.write(result.log)
            if corpus.block is not None:
                corpus.block.write(result.changes)
            if result.output is not None and corpus.sink is not None:
                corpus.sink.stream.write(result.output)
            elif result.output is not None:
                self._write_stdout(result.output, corpus.item)
            feedback.advance(max(0, result.position - corpus.position), tally)
            corpus.position = max(corpus.position, result.position)
            return
        tally.inputs += 1
        item = self.inputs[result.index] if result.index >= 0 else None
        if log is not None:
            stored = result.status == "current" and self.state is not None and item is not None and item.rel
            log.write(self.state.stored(item.rel) if stored else result.log)  # type: ignore[union-attr, arg-type]
        if result.output is not None and item is not None:
            self._write_stdout(result.output, item)
        if self.state is not None and item is not None and item.rel and result.status in ("changed", "unchanged"):
            block = self.state.block()
            block.write(result.changes)
            details = {"words": result.words, **({"metadata": result.metadata} if result.metadata else {})}
            self.state.commit(_entry(item, result.sha, result.status, **details), block, result.written)
        feedback.advance(result.size, tally)

    def _long_line(self, line: LongLine, feedback: Feedback, log: LogWriter | None) -> None:
        """A record over the limit: a failure, and its line copied to the output as it is, in pieces."""
        name = f"{line.name}:{line.line}"
        limit = f"the limit is {self.options.max_bytes:,}, see --max-bytes"
        message = f"{name}: record too large ({line.size:,} bytes; {limit}), kept unchanged"
        with self._spools.popleft() as spool:
            self._handle(Outcome(name, "failed", message, position=line.position), feedback, log)
            corpus = self._corpus
            assert corpus is not None
            while piece := spool.read(COPY_BYTES):
                if corpus.sink is not None:
                    corpus.sink.stream.write(piece)
                else:
                    self._write_stdout(piece, corpus.item)

    def _mark(self, mark: Mark, feedback: Feedback, log: LogWriter | None) -> None:
        item = self.inputs[mark.index]
        if mark.kind == "start":
            if mark.message:
                feedback.warning(mark.message)
            sink = AtomicFile(item.target) if item.target is not None else None
            block = self.state.block() if self.state is not None and item.rel else None
            self._corpus = _Corpus(item, sink, block)
            return
        self.tally.inputs += 1
        corpus, self._corpus = self._corpus, None
        if mark.kind == "current":
            self.tally.current += 1
            if log is not None and self.state is not None and item.rel:
                log.write(self.state.stored(item.rel))
            feedback.advance(_disk_size(item.source), self.tally)
            return
        if mark.kind in ("failed", "skipped"):
            message = mark.message or item.name
            if mark.kind == "failed":
                self.tally.fail(message)
                feedback.error(message)
            else:
                self.tally.skip(message)
                feedback.warning(message)
            if corpus is not None and corpus.sink is not None:
                corpus.sink.abort()
            return
        assert corpus is not None
        if corpus.sink is not None:
            if self.options.in_place:
                corpus.sink.commit_in_place()
            else:
                corpus.sink.commit()
        feedback.advance(max(0, _disk_size(item.source) - corpus.position), self.tally)
        if self.state is not None and corpus.block is not None and not corpus.failed:
            metadata = {"metadata": dict(corpus.metadata)} if corpus.metadata else {}
            entry = _entry(item, mark.sha, "done", text_field=self.options.text_field, **corpus.counts, **metadata)
            self.state.commit(entry, corpus.block)

    def _write_stdout(self, data: bytes, item: Input) -> None:
        out = self.stdout or sys.stdout.buffer
        if self._headed and item is not self._stdout_item:
            gap = b"" if self._stdout_item is None else b"\n"
            out.write(gap + f"==> {item.name} <==\n".encode("utf-8", "surrogateescape"))
            self._stdout_item = item
        out.write(data)
        out.flush()

    def _finish(self, log: LogWriter | None, complete: bool, feedback: Feedback) -> None:
        """Put away what the run leaves, whatever stopped it; a step that fails (a full disk) does not stop the others."""
        self.tally.stop()
        while self._spools:  # long lines read before the run stopped
            self._spools.popleft().close()
        if self._corpus is not None and self._corpus.sink is not None:
            self._corpus.sink.abort()
        if not complete:
            self._remove_stale_temporaries()  # a worker that died mid-write
        if log is not None:
            # an --in-place run's log is all that records what it changed: kept even when the run stopped
            keep = complete or self.options.in_place
            self._tidy(feedback, log.commit if keep else log.abort, self.log_path)
        if self.options.in_place and self.log_path is None and self.tally.changed and not self.quiet:
            feedback.warning(f"{self.tally.changed:,} input(s) changed in place; no change log was kept (add --log PATH)")
        if self.state is not None:
            state = self.state
            self._tidy(feedback, lambda: state.close(compact=complete), state.out / MANIFEST)
            summary = {**self.tally.to_dict(), "jobs": self.jobs, "config": state.config}
            self._tidy(feedback, lambda: _write_json(state.out / SUMMARY, summary), state.out / SUMMARY)
            state.release()

    def _tidy(self, feedback: Feedback, step: Callable[[], None], path: Path | None) -> None:
        try:
            step()
        except OSError as exc:
            self._fail_run(feedback, f"{path}: cannot write ({_reason(exc)})")


def _write_json(path: Path, value: dict[str, Any]) -> None:
    with atomic_output(path, compress=False) as handle:
        handle.write(json.dumps(value, ensure_ascii=False, indent=2).encode("utf-8", "backslashreplace") + b"\n")


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
