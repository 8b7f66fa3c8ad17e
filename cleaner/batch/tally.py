"""The counts of one run: what happened to each input, and the exit code that follows."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from cleaner.batch.tasks import Outcome
from cleaner.language import recorded_language

#: Problems kept in summary.json (every one is printed; a corpus can have millions).
MAX_PROBLEMS = 1000
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_SKIPPED, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


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
    #: Documents per metadata key taken out of their text (``date``, ``byline``...).
    metadata: Counter[str] = field(default_factory=Counter)
    #: Documents per main language (the language gate's verdict; English unless it found another).
    languages: Counter[str] = field(default_factory=Counter)
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
            self.metadata.update(outcome.metadata.keys())
            self.languages[recorded_language(outcome.metadata)] += 1
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
            "metadata_per_key": dict(sorted(self.metadata.items())),
            "documents_per_language": dict(self.languages.most_common()),
            "words": self.words,
            "seconds": round(self.seconds, 3),
            "words_per_second": round(self.words_per_second, 1),
            "interrupted": self.interrupted,
            "problems": self.problems,
            "problems_not_listed": max(0, self.failed + self.skipped - len(self.problems)),
        }
