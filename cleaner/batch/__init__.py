"""Cleaning many inputs at once: folders, lists of files and JSONL corpora.

The runner streams work items (a text file, or one record of a corpus) through
``parallel_map``, so many small files and one huge corpus both keep every core busy
while memory stays bounded. Workers read, clean and write text files themselves and
hand back only what the parent needs: counts, the change-log lines and, for corpora,
the output line. The parent writes corpora, the change log and the run state in input
order, shows progress and keeps the tally that decides the exit code.

Modules, by role: ``planning`` (inputs and targets), ``tasks`` (work items and their
outcomes), ``worker`` (what a worker process does), ``tally`` (counts and exit codes),
``progress`` (the progress bar and messages), ``runner`` (the run), ``signals``
(SIGTERM as Ctrl-C).
"""

from cleaner.batch.planning import Input, UsageError, markdown_for, plan
from cleaner.batch.runner import Runner
from cleaner.batch.tally import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, EXIT_SKIPPED, EXIT_USAGE, Tally

__all__ = [
    "EXIT_FAILED",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_SKIPPED",
    "EXIT_USAGE",
    "Input",
    "Runner",
    "Tally",
    "UsageError",
    "markdown_for",
    "plan",
]
