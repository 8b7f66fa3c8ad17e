"""The places people call ``cleaner`` from, each against the real library.

spaCy (blank English pipeline with an entity ruler: no model download), Hugging Face
``datasets`` (a Dataset built in memory, mapped by worker processes, no hub) and pandas.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
import spacy
from datasets import Dataset

from cleaner import Cleaner, DatasetCleaner, clean_series, original_spans, spacy_pipe
from cleaner.records import change_record
from tests.conftest import SEEDS

RAW = [
    " date 2022-01-24 President Joe&nbsp;Biden met NATO allies”John Kirby said.The Pentagon agreed.",
    "By Jane Doe\nAdvertisement\nThe   Pentagon said\u200b Joe Biden and John Kirby spoke.",
    "Nothing to see here.",
    *(path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))),
]
NAMES = ["Joe Biden", "John Kirby", "Pentagon", "NATO", "Biden", "Russia", "Ukraine", "Kyiv"]


def lands_on_words(original: str, words: list[str]) -> bool:
    """``original`` starts with the first word, ends with the last, and holds them all in order."""
    pos = 0
    for word in words:
        pos = original.find(word, pos)
        if pos < 0:
            return False
        pos += len(word)
    return original.startswith(words[0]) and original.endswith(words[-1])


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "NAME", "pattern": [{"LOWER": word.lower()} for word in name.split()]} for name in NAMES])
    return nlp


@pytest.mark.parametrize("jobs", [1, 2])
def test_spacy_entities_land_on_the_same_words_in_the_original(nlp: spacy.language.Language, cleaner: Cleaner, jobs: int) -> None:
    found = 0
    for result, doc in spacy_pipe(nlp, RAW, cleaner=cleaner, jobs=jobs):
        assert doc.text == result.text
        for ent, span in zip(doc.ents, original_spans(result, doc.ents), strict=True):
            assert span.label == "NAME"
            assert span.text == result.original[span.start : span.end]
            assert lands_on_words(span.text, ent.text.split())
            found += 1
    assert found >= 8


def test_spacy_entity_across_an_edit_widens_to_the_whole_replaced_text(nlp: spacy.language.Language, cleaner: Cleaner) -> None:
    [(result, doc)] = spacy_pipe(nlp, [RAW[0]], cleaner=cleaner)
    spans = {span.text for span in original_spans(result, doc.ents)}
    assert {"Joe&nbsp;Biden", "John Kirby", "NATO", "Pentagon"} <= spans
    [whole] = original_spans(result, [doc[:]])  # any spaCy span maps back, not only entities
    assert whole.text == result.original[len(" date 2022-01-24 ") :]


def test_hf_dataset_map_with_worker_processes_adds_text_and_log(cleaner: Cleaner) -> None:
    texts = ["Clean text.", "Also clean.", *RAW, None]  # the first batch needs no edit at all
    ds = Dataset.from_dict({"id": list(range(len(texts))), "text": texts})
    clean_batch = DatasetCleaner("text")
    out = ds.map(clean_batch, batched=True, batch_size=2, num_proc=2, features=clean_batch.features(ds.features))
    assert list(out["id"]) == list(range(len(texts)))
    assert list(out["text"]) == texts  # the input column stays
    expected = [None if t is None else cleaner.clean(t) for t in texts]
    assert list(out["clean_text"]) == [None if r is None else r.text for r in expected]
    logs = list(out["cleaner"])
    assert [log and log["rules"] for log in logs] == [r and [e.rule for e in r.edits] for r in expected]
    assert [log and json.loads(log["metadata"]) for log in logs] == [r and r.metadata for r in expected]
    assert any(log and log["rules"] for log in logs) and "edits" not in logs[0]
    with_edits = DatasetCleaner("text", edits=True)
    detailed = ds.map(with_edits, batched=True, batch_size=2, features=with_edits.features(ds.features))
    assert [log and log["edits"] for log in detailed["cleaner"]] == [r and r.compact_edits() for r in expected]


def test_pandas_series_cleaned_in_one_call(cleaner: Cleaner) -> None:
    series = pd.Series([*RAW, None, float("nan")], index=[f"doc{i}" for i in range(len(RAW) + 2)], name="body")
    frame = clean_series(series, jobs=2)
    assert list(frame.index) == list(series.index)
    assert list(frame.columns) == ["clean_text", "cleaner"]
    assert frame["clean_text"].tolist()[: len(RAW)] == [cleaner.clean(t).text for t in RAW]
    assert frame["clean_text"].iloc[len(RAW) :].isna().all()
    assert frame["cleaner"].tolist()[: len(RAW)] == [change_record(cleaner.clean(t)) for t in RAW]
    assert frame["cleaner"].iloc[len(RAW) :].isna().all()
    detailed = clean_series(series[:1], edits=True)
    assert detailed["cleaner"].iloc[0]["edits"] == cleaner.clean(RAW[0]).compact_edits()
    with pytest.raises(TypeError):
        clean_series(pd.Series(["ok", 42]))
