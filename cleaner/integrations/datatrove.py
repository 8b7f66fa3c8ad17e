"""A datatrove pipeline step, so ``cleaner`` slots into datatrove pipelines.

Runs wherever the pipeline runs: ``LocalPipelineExecutor``, ``SlurmPipelineExecutor``
or ``RayPipelineExecutor``. Needs ``pip install 'cleaner[datatrove]'``.
"""

from __future__ import annotations

from datatrove.data import DocumentsPipeline
from datatrove.pipeline.base import PipelineStep
from datatrove.utils.typeshelper import StatHints

from cleaner.config import Config
from cleaner.pipeline import Cleaner
from cleaner.records import RECORD_KEY, change_record


class CleanerStep(PipelineStep):
    """Cleans ``Document.text``; its change record (``cleaner.records``) goes to ``Document.metadata["cleaner"]``.

    The ``Cleaner`` is built once per task (the lexicon load is the expensive part). Stats
    count changed and unchanged documents and the edits of every rule, the way every
    datatrove step reports.
    """

    name = "🧹 cleaner"
    type = "✂️ - FORMAT"

    def __init__(
        self, config: Config | None = None, *, markdown: bool = False, metadata_key: str = RECORD_KEY, edits: bool = False
    ) -> None:
        super().__init__()
        self.config = config or Config()
        self.markdown = markdown
        self.metadata_key = metadata_key
        self.edits = edits

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        cleaner = Cleaner(self.config)
        for document in data:
            self.stat_update(StatHints.total)
            with self.track_time():
                result = cleaner.clean(document.text, markdown=self.markdown)
            document.text = result.text
            document.metadata[self.metadata_key] = change_record(result, edits=self.edits)
            self.stat_update("changed" if result.changed else "unchanged")
            for edit in result.edits:
                self.stat_update(f"edits_{edit.rule}")
            self.update_doc_stats(document)
            yield document
