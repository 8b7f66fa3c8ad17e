"""The Ray Data and datatrove adapters, end to end in local mode with the real engines."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from batch_support import make_records, write_jsonl

from cleaner import Config, clean
from cleaner.records import change_record

#: Ray and datatrove start real engines: seconds each.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def ray_local():  # type: ignore[no-untyped-def]
    ray = pytest.importorskip("ray")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    yield ray
    ray.shutdown()


def test_ray_data_map_batches_cleans_every_record(ray_local, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from cleaner.integrations.ray_data import clean_dataset

    records = make_records(40)
    records[5] = {"id": "r5", "text": None, "source": "test", "n": 5}
    write_jsonl(tmp_path / "in.jsonl", records)
    dataset = ray_local.data.read_json(str(tmp_path / "in.jsonl"))
    # one actor: with num_cpus=2 a second one would hold the CPU the read tasks need
    clean_dataset(dataset, Config(ignore=("L102",)), concurrency=1, batch_size=8).write_json(str(tmp_path / "out"))
    written = [json.loads(line) for path in sorted((tmp_path / "out").glob("*.json*")) for line in path.open()]
    rows = sorted(written, key=lambda row: row["n"])
    assert len(rows) == 40
    for before, row in zip(records, rows, strict=True):
        assert row["id"] == before["id"] and row["source"] == "test"
        if before["text"] is None:
            assert row["text"] is None and row["cleaner"] is None
            continue
        result = clean(before["text"], Config(ignore=("L102",)))
        assert row["text"] == result.text
        assert json.loads(row["cleaner"]) == change_record(result)
    assert not any("L102" in json.loads(row["cleaner"])["rules"] for row in rows if row["cleaner"])


def test_datatrove_pipeline_with_the_cleaner_step(tmp_path: Path) -> None:
    pytest.importorskip("datatrove")
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    from cleaner.integrations.datatrove import CleanerStep

    records = make_records(30)
    (tmp_path / "in").mkdir()
    for shard in range(2):
        write_jsonl(tmp_path / "in" / f"part{shard}.jsonl", records[shard * 15 : (shard + 1) * 15])
    executor = LocalPipelineExecutor(
        pipeline=[
            JsonlReader(str(tmp_path / "in")),
            CleanerStep(),
            JsonlWriter(str(tmp_path / "out"), output_filename="${rank}.jsonl.gz"),
        ],
        tasks=2,
        workers=2,
        logging_dir=str(tmp_path / "logs"),
    )
    executor.run()
    out = [
        json.loads(line)
        for path in sorted((tmp_path / "out").glob("*.jsonl.gz"))
        for line in gzip.decompress(path.read_bytes()).splitlines()
    ]
    assert len(out) == 30
    by_id = {doc["id"]: doc for doc in out}
    for record in records:
        doc = by_id[record["id"]]
        result = clean(record["text"])
        assert doc["text"] == result.text
        assert doc["metadata"]["cleaner"] == change_record(result)
        assert doc["metadata"]["source"] == "test"
    stats = json.loads((tmp_path / "logs" / "stats.json").read_text())
    step = next(s for s in stats if "cleaner" in s["name"])
    assert step["stats"]["changed"] == sum(clean(r["text"]).changed for r in records)
