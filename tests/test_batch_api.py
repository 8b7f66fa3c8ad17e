"""The batch API: ``clean_many`` (in order, streaming, across processes) and ``clean_records``."""

from __future__ import annotations

import itertools
import pickle
from collections.abc import Iterator

import pytest

from cleaner import Cleaner, Config, clean_records
from cleaner.edits import Edit, Rule
from cleaner.integrations import log_columns
from cleaner.parallel import CHUNKS_PER_WORKER
from cleaner.records import change_record, clean_record
from cleaner.stages.base import Document, Stage
from tests.conftest import SEEDS

TEXTS = [
    " date 2022-01-24 Biden met allies”Kirby said.",
    "Already clean text.",
    "Hello&nbsp;world.It works.",
    "",
    *(path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))),
]


@pytest.mark.parametrize("jobs", [1, 2])
def test_clean_many_matches_clean_in_input_order(cleaner: Cleaner, jobs: int) -> None:
    texts = TEXTS * 20  # several chunks per worker
    results = list(cleaner.clean_many(iter(texts), jobs=jobs))
    assert results == [cleaner.clean(text) for text in texts]
    assert [r.original for r in results] == texts


def test_clean_many_streams_a_endless_generator_in_bounded_memory(cleaner: Cleaner) -> None:
    pulled = 0

    def endless() -> Iterator[str]:
        nonlocal pulled
        for number in itertools.count():
            pulled += 1
            yield f"Text {number} ends.It goes on."

    results = cleaner.clean_many(endless(), jobs=2)
    first = list(itertools.islice(results, 100))
    assert [r.text for r in first[:2]] == ["Text 0 ends. It goes on.", "Text 1 ends. It goes on."]
    chunk = 32
    assert pulled <= 100 + (2 * CHUNKS_PER_WORKER + 1) * chunk  # read only a bounded window ahead
    results.close()  # type: ignore[attr-defined]


def test_worker_results_map_spans_like_local_ones(cleaner: Cleaner) -> None:
    [remote] = cleaner.clean_many([TEXTS[0]], jobs=2)
    local = cleaner.clean(TEXTS[0])
    spans = [(0, 5), (10, 20), (15, 17), (0, len(local.text))]
    assert remote.map_spans(spans) == local.map_spans(spans)
    assert remote.to_clean(17, 22) == local.to_clean(17, 22) == (0, 5)


def test_results_pickle_lean(cleaner: Cleaner) -> None:
    result = cleaner.clean(TEXTS[2] * 100)  # 200 edits: a map of 400 pieces if it were shipped
    size = len(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    fields = (result.original, result.text, result.edits, result.findings, result.metadata)
    assert size <= len(pickle.dumps(fields, protocol=pickle.HIGHEST_PROTOCOL)) + 100  # the texts and the log, nothing more
    assert b"OffsetMap" not in pickle.dumps(result)


class ShoutStage(Stage):
    """A user's own stage: it must reach the worker processes too."""

    name = "shout"
    rules = (Rule("X901", "shout", "shout", "Upper-case 'quiet'.", "quiet → QUIET"),)

    def propose(self, doc: Document) -> Iterator[Edit]:
        start = doc.text.find("quiet")
        if start >= 0:
            yield Edit(start, start + 5, "QUIET", "X901", 1.0, "shout")


def test_workers_use_the_cleaners_own_stages_and_config() -> None:
    custom = Cleaner(stages=[ShoutStage()])
    assert [r.text for r in custom.clean_many(["be quiet&amp;"] * 3, jobs=2)] == ["be QUIET&amp;"] * 3
    ignoring = Cleaner(Config(ignore=("P",)))
    assert [r.text for r in ignoring.clean_many(["It works.Really."] * 3, jobs=2)] == ["It works.Really."] * 3


def test_a_worker_error_reaches_the_caller(cleaner: Cleaner) -> None:
    with pytest.raises(TypeError):
        list(cleaner.clean_many(["fine", None, "fine"], jobs=2))  # type: ignore[list-item]


def test_clean_records_keeps_other_fields_and_order(cleaner: Cleaner) -> None:
    records = [{"id": i, "body": text, "lang": "en"} for i, text in enumerate(TEXTS)]
    out = list(cleaner.clean_records(iter(records), "body", log_field="log", edits=True, jobs=2))
    assert [r["id"] for r in out] == list(range(len(TEXTS)))
    for record, before in zip(out, records, strict=True):
        result = cleaner.clean(before["body"])
        assert record["body"] == result.text
        assert record["log"] == change_record(result, edits=True)
        assert record["log"]["edits"] == result.compact_edits()
        assert record["lang"] == "en"
    assert out[0]["log"]["metadata"] == {"date": "2022-01-24"}
    assert records[0]["body"] == TEXTS[0]  # inputs are not modified
    [plain] = cleaner.clean_records([records[0]], "body", log_field=None)
    assert set(plain) == {"id", "body", "lang"}


def test_every_integration_writes_the_one_compact_record_format(cleaner: Cleaner) -> None:
    """The library, a JSONL corpus and the tables carry the same change record: rule codes, not edits."""
    text = TEXTS[0]
    result = cleaner.clean(text)
    compact = change_record(result)
    assert compact == {
        "changed": True,
        "rules": [e.rule for e in result.edits],
        "findings": [f.rule for f in result.findings],
        "metadata": {"date": "2022-01-24"},
    }
    [record] = cleaner.clean_records([{"text": text}])
    assert record["cleaner"] == compact
    [row] = log_columns([result])["cleaner"]
    assert row == compact
    cleaned, _ = clean_record(cleaner, {"text": text})
    assert cleaned["cleaner"] == compact


def test_clean_records_passes_missing_texts_through(cleaner: Cleaner) -> None:
    records = [{"text": None}, {"text": "a&amp;b"}, {"text": None}, {"text": None}]
    for jobs in (1, 2):
        out = list(clean_records(records, jobs=jobs))
        assert [r["text"] for r in out] == [None, "a&b", None, None]
        assert [r["cleaner"] and r["cleaner"]["rules"] for r in out] == [None, ["U102"], None, None]
    with pytest.raises(KeyError):
        list(cleaner.clean_records([{"body": "x"}]))
    with pytest.raises(TypeError, match="item 1"):
        list(cleaner.clean_records([{"text": "x"}, {"text": 3}]))
