"""Cleaning many inputs at once: folders, lists of files and JSONL corpora.

The runner streams work items (a text file, or one record of a corpus) through
``parallel_map``, so many small files and one huge corpus both keep every core busy
while memory stays bounded. Workers read, clean and write text files themselves and
hand back only what the parent needs: counts, the change-log lines and, for corpora,
the output line. The parent writes corpora, the change log and the run state in input
order, shows progress and keeps the tally that decides the exit code.
"""

from __future__ import annotations

import json
import signal
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO, Literal

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

from cleaner.config import Config
from cleaner.io import (
    DEFAULT_MAX_BYTES,
    AtomicFile,
    InputError,
    atomic_write,
    decode_bytes,
    find_inputs,
    is_jsonl,
    is_markdown,
    open_input,
    read_bytes,
    stale_temporaries,
)
from cleaner.logs import LogFormat, LogWriter, render_one
from cleaner.parallel import default_jobs, parallel_map, worker_cleaner
from cleaner.pipeline import Cleaner
from cleaner.records import clean_record
from cleaner.result import Result
from cleaner.runstate import RUN_FILES, SUMMARY, Block, RunState, config_hash, content_hash, file_hash

Status = Literal["changed", "unchanged", "skipped", "failed", "current"]
#: Problems kept in summary.json (every one is printed; a corpus can have millions).
MAX_PROBLEMS = 1000
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_SKIPPED, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


class UsageError(ValueError):
    """Inputs and options that cannot work together (exit code 2)."""


# --------------------------------------------------------------------------- planning


def markdown_for(config: Config, name: str) -> bool:
    """Whether to clean ``name`` as Markdown: ``format`` says so, or ``auto`` and the suffix does."""
    return config.format == "markdown" or (config.format == "auto" and is_markdown(name))


@dataclass(frozen=True, slots=True)
class Input:
    """One input of a run and where its output goes.

    ``source`` is ``None`` for stdin; ``target`` is ``None`` for stdout (and equals
    ``source`` with ``--in-place``); ``rel`` is the target relative to the output folder.
    """

    name: str
    source: Path | None
    target: Path | None
    corpus: bool = False
    rel: str | None = None


def plan(
    items: list[str],
    output: Path | None = None,
    *,
    in_place: bool = False,
    include: tuple[str, ...] = (),
    exclude: tuple[str, ...] = (),
    output_is_folder: bool = False,
) -> tuple[list[Input], Path | None]:
    """The inputs of a run and its output folder (``None`` unless writing a folder).

    A folder is mirrored under ``output/<folder name>/``; several files go flat into
    ``output``; one file goes to ``output`` itself unless that is an existing folder or
    ``output_is_folder`` (the CLI sets it for ``-o OUT/``).
    """
    if in_place and output is not None:
        raise UsageError("--in-place replaces the inputs; it cannot be combined with -o")
    paths = [None if item == "-" else Path(item) for item in items]
    several = len(items) > 1 or any(p is not None and p.is_dir() for p in paths)
    folder = output if output is not None and (several or output_is_folder or output.is_dir()) else None
    planned: list[Input] = []
    for path in paths:
        if path is None:
            if in_place:
                raise UsageError("stdin cannot be cleaned --in-place")
            if folder is not None and not several:
                raise UsageError("stdin has no name to write into a folder: give -o FILE, or no -o for stdout")
            planned.append(Input("<stdin>", None, None if several else output))
        elif path.is_dir():
            if folder is None and not in_place:
                raise UsageError(f"{path}: cleaning a folder needs -o OUT or --in-place (inputs are never overwritten otherwise)")
            base = path.resolve().name
            inside = _inside(folder, path)
            for file in find_inputs(path, include, exclude):
                relative = file.relative_to(path)
                if inside is not None and relative.parts[: len(inside)] == inside:
                    continue  # the output folder of this very run, inside the input folder
                planned.append(_input(file, folder, f"{base}/{relative.as_posix()}", in_place))
        else:
            planned.append(_input(path, folder, path.name, in_place) if folder or in_place else _single(path, output))
    _check_targets(planned, folder)
    return planned, folder


def _inside(folder: Path | None, path: Path) -> tuple[str, ...] | None:
    """The parts of ``folder`` relative to ``path`` when it lies inside it."""
    if folder is None:
        return None
    try:
        return folder.resolve().relative_to(path.resolve()).parts
    except ValueError:
        return None


def _input(path: Path, folder: Path | None, rel: str, in_place: bool) -> Input:
    if in_place:
        return Input(str(path), path, path, is_jsonl(path))
    assert folder is not None
    return Input(str(path), path, folder / rel, is_jsonl(path), rel)


def _single(path: Path, output: Path | None) -> Input:
    if output is not None and output.resolve() == path.resolve():
        raise UsageError(f"{path}: output would overwrite the input (use --in-place to mean it)")
    return Input(str(path), path, output, is_jsonl(path))


def _check_targets(planned: list[Input], folder: Path | None) -> None:
    seen: dict[Path, str] = {}
    for item in planned:
        if item.target is None or item.source == item.target:
            continue
        target = item.target.resolve()
        if item.source is not None and item.source.resolve() == target:
            raise UsageError(f"{item.name}: output would overwrite the input (use --in-place to mean it)")
        if target in seen:
            raise UsageError(f"{item.name} and {seen[target]} would both be written to {item.target}")
        if item.rel in RUN_FILES:
            raise UsageError(f"{item.name}: {folder}/{item.rel} is where the run keeps its own records; rename the input")
        seen[target] = item.name


# --------------------------------------------------------------------------- work items (cross to workers)


@dataclass(frozen=True, slots=True)
class Options:
    """What every work item needs to know besides its input."""

    text_field: str = "text"
    max_bytes: int = DEFAULT_MAX_BYTES
    changes: bool = False
    log_format: LogFormat | None = None
    in_place: bool = False


@dataclass(frozen=True, slots=True)
class FileTask:
    index: int
    name: str
    source: Path | None
    target: Path | None
    markdown: bool
    expect: str | None = None
    data: bytes | None = None


@dataclass(frozen=True, slots=True)
class RecordTask:
    name: str
    line: int
    raw: bytes
    markdown: bool
    position: int


@dataclass(frozen=True, slots=True)
class Mark:
    """Where a corpus starts, ends, fails or turns out to be up to date; passes through workers untouched."""

    index: int
    kind: Literal["start", "end", "failed", "current"]
    message: str | None = None
    sha: str | None = None


@dataclass(slots=True)
class Outcome:
    """What became of one text file or one record."""

    name: str
    status: Status
    message: str | None = None
    note: str | None = None
    words: int = 0
    size: int = 0
    rules: Counter[str] = field(default_factory=Counter)
    findings: Counter[str] = field(default_factory=Counter)
    changes: str = ""
    log: str = ""
    output: str | None = None
    sha: str | None = None
    index: int = -1
    position: int = 0
    #: Stages the worker was asked to run but could not (the grammar stage without a server).
    stages_skipped: dict[str, str] = field(default_factory=dict)


Task = FileTask | RecordTask | Mark


def process(options: Options, task: Task) -> Outcome | Mark:
    """The work of one item, in whichever process runs it; never raises for a bad input."""
    if isinstance(task, Mark):
        return task
    try:
        cleaner = worker_cleaner()
        clean = _clean_line if isinstance(task, RecordTask) else _clean_file
        outcome = clean(cleaner, options, task)  # type: ignore[arg-type]
        outcome.stages_skipped = cleaner.skipped
        return outcome
    except Exception as exc:  # a bug must not stop a run of a million inputs; report it like a bad input
        name = task.name if isinstance(task, FileTask) else f"{task.name}:{task.line}"
        return Outcome(name, "failed", f"{name}: internal error while cleaning: {type(exc).__name__}: {exc}")


def _clean_file(cleaner: Cleaner, options: Options, task: FileTask) -> Outcome:
    try:
        data = task.data if task.source is None else read_bytes(task.source, options.max_bytes)
        assert data is not None
        sha = content_hash(data)
        if task.expect == sha:
            return Outcome(task.name, "current", size=len(data), index=task.index)
        if not data:
            raise InputError(f"{task.name}: empty file, skipped", skipped=True)
        decoded = decode_bytes(data, task.name)
    except InputError as exc:
        return Outcome(task.name, "skipped" if exc.skipped else "failed", str(exc), size=_size(task), index=task.index)
    result = cleaner.clean(decoded.text, markdown=task.markdown)
    outcome = _outcome(task.name, result, options)
    outcome.note, outcome.size, outcome.sha, outcome.index = decoded.note, len(data), sha, task.index
    if task.target is None:
        outcome.output = result.text
    elif result.changed or not options.in_place:
        # no fsync per file: it costs more than cleaning a short article; the manifest's size check covers power loss
        atomic_write(task.target, result.text, sync=options.in_place)
    return outcome


def _size(task: FileTask) -> int:
    try:
        return task.source.stat().st_size if task.source is not None else len(task.data or b"")
    except OSError:
        return 0


def _clean_line(cleaner: Cleaner, options: Options, task: RecordTask) -> Outcome:
    name = f"{task.name}:{task.line}"
    try:
        record = json.loads(task.raw.rstrip(b"\r\n"))
    except UnicodeDecodeError as exc:
        message = f"{name}: not valid UTF-8 (JSON lines must be UTF-8): {exc.reason}"
        return Outcome(name, "failed", message, position=task.position)
    except json.JSONDecodeError as exc:
        return Outcome(name, "failed", f"{name}: malformed JSON ({exc.msg} at column {exc.colno})", position=task.position)
    if not isinstance(record, dict):
        return Outcome(name, "failed", f"{name}: not a JSON object", position=task.position)
    if not isinstance(record.get(options.text_field), str):
        output = json.dumps(record, ensure_ascii=False)
        message = f"{name}: no string {options.text_field!r} field (see --text-field), record kept unchanged"
        return Outcome(name, "skipped", message, output=output, position=task.position)
    cleaned, result = clean_record(cleaner, record, options.text_field, markdown=task.markdown)
    where: dict[str, Any] = {"record": task.line}
    if isinstance(record.get("id"), str | int):
        where["id"] = record["id"]
    outcome = _outcome(task.name, result, options, **where)
    outcome.name, outcome.output, outcome.position = name, json.dumps(cleaned, ensure_ascii=False), task.position
    return outcome


def _outcome(name: str, result: Result, options: Options, **where: Any) -> Outcome:
    changes = render_one(name, result, "jsonl", **where) if options.changes or options.log_format == "jsonl" else ""
    log = ""
    if options.log_format is not None:
        log = changes if options.log_format == "jsonl" else render_one(name, result, options.log_format, **where)
    return Outcome(
        name,
        "changed" if result.changed else "unchanged",
        words=len(result.original.split()),
        rules=Counter(edit.rule for edit in result.edits),
        findings=Counter(finding.rule for finding in result.findings),
        changes=changes if options.changes else "",
        log=log,
    )


# --------------------------------------------------------------------------- tally and feedback


@dataclass
class Tally:
    """What happened to the inputs of one run; decides the exit code.

    Documents are text files and corpus records: each is changed, unchanged, skipped or
    failed. ``current`` counts inputs skipped because a previous run already did them.
    """

    inputs: int = 0
    records: int = 0
    changed: int = 0
    unchanged: int = 0
    skipped: int = 0
    failed: int = 0
    current: int = 0
    words: int = 0
    rules: Counter[str] = field(default_factory=Counter)
    findings: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)
    seconds: float = 0.0
    interrupted: bool = False
    #: Stages asked for but not run, with why; ``required_stage_skipped`` when the user required them.
    stages_skipped: dict[str, str] = field(default_factory=dict)
    required_stage_skipped: bool = False

    def fail(self, message: str) -> None:
        self.failed += 1
        self._problem(message)

    def skip(self, message: str) -> None:
        self.skipped += 1
        self._problem(message)

    def _problem(self, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(message)

    def count(self, outcome: Outcome) -> None:
        if outcome.status == "current":
            self.current += 1
        elif outcome.status == "failed":
            self.fail(outcome.message or outcome.name)
        elif outcome.status == "skipped":
            self.skip(outcome.message or outcome.name)
        else:
            self.changed += outcome.status == "changed"
            self.unchanged += outcome.status == "unchanged"
            self.words += outcome.words
            self.rules.update(outcome.rules)
            self.findings.update(outcome.findings)
        self.stages_skipped.update(outcome.stages_skipped)

    def stop(self) -> None:
        self.seconds = time.monotonic() - self.started

    @property
    def words_per_second(self) -> float:
        seconds = self.seconds or time.monotonic() - self.started
        return self.words / seconds if seconds > 0 else 0.0

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return EXIT_INTERRUPTED
        if self.failed:
            return EXIT_FAILED
        return EXIT_SKIPPED if self.required_stage_skipped else EXIT_OK

    def summary(self) -> str:
        """One line: inputs, changed, unchanged, skipped, failed, edits per rule, words per second."""
        inputs = f"{self.inputs:,} input(s)" + (f" ({self.records:,} record(s))" if self.records else "")
        skipped = f"{self.skipped + self.current:,} skipped" + (f" ({self.current:,} up to date)" if self.current else "")
        edits = sum(self.rules.values())
        per_rule = ", ".join(f"{rule} {count:,}" for rule, count in sorted(self.rules.items()))
        line = (
            f"{inputs}: {self.changed:,} changed, {self.unchanged:,} unchanged, {skipped}, {self.failed:,} failed; "
            f"{edits:,} edit(s) applied{f' ({per_rule})' if per_rule else ''}, "
            f"{sum(self.findings.values()):,} finding(s) reported; {self.words_per_second:,.0f} words/s"
        )
        return ("interrupted: " if self.interrupted else "") + line

    def to_dict(self) -> dict[str, Any]:
        return {
            "inputs": self.inputs,
            "records": self.records,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "up_to_date": self.current,
            "failed": self.failed,
            "edits": sum(self.rules.values()),
            "edits_per_rule": dict(sorted(self.rules.items())),
            "findings": sum(self.findings.values()),
            "findings_per_rule": dict(sorted(self.findings.items())),
            "words": self.words,
            "seconds": round(self.seconds, 3),
            "words_per_second": round(self.words_per_second, 1),
            "interrupted": self.interrupted,
            "problems": self.problems,
            "problems_not_listed": max(0, self.failed + self.skipped - len(self.problems)),
        }


class Feedback:
    """The progress bar (on a terminal only) and one line per bad input or guessed encoding."""

    def __init__(self, console: Console, total: int | None, *, quiet: bool) -> None:
        self.console = console
        self.quiet = quiet
        self._progress: Progress | None = None
        self._last = 0.0
        if console.is_terminal and not quiet:
            self._progress = Progress(
                TextColumn("cleaning"),
                BarColumn(),
                TaskProgressColumn(),
                TextColumn("{task.fields[done]}"),
                TextColumn("{task.fields[speed]}"),
                TimeRemainingColumn(),
                console=console,
                transient=True,
            )
            self._task = self._progress.add_task("clean", total=total, done="", speed="")

    def __enter__(self) -> Feedback:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def advance(self, nbytes: int, tally: Tally) -> None:
        if self._progress is None:
            return
        self._progress.advance(self._task, nbytes)
        now = time.monotonic()
        if now - self._last >= 0.1:
            self._last = now
            done = tally.changed + tally.unchanged + tally.skipped + tally.failed + tally.current
            unit = "records" if tally.records else "files"
            self._progress.update(self._task, done=f"{done:,} {unit}", speed=f"{tally.words_per_second:,.0f} words/s")

    def error(self, message: str) -> None:
        self.console.print(f"[red]error:[/red] {message}", markup=True, highlight=False, soft_wrap=True)

    def warning(self, message: str) -> None:
        if not self.quiet:
            self.console.print(f"[yellow]warning:[/yellow] {message}", markup=True, highlight=False, soft_wrap=True)


# --------------------------------------------------------------------------- the run


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
            with _interrupt_on_sigterm(), feedback:
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


@contextmanager
def _interrupt_on_sigterm() -> Iterator[None]:
    """``kill`` stops a run like Ctrl-C does: finished work is kept, nothing is half-written."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
