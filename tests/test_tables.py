"""The word-table cache: built once, loaded after, rebuilt when stale or damaged, in memory when unwritable."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from cleaner import lexicon
from cleaner.tables import CACHE_ENV, KEEP, SHARDS, ShardedSet, ShardedTable, TableStore, cache_dir, table_key, values_under
from tests.conftest import ROOT


class Counting:
    """Builders of three small tables (one built from another) that count how often each runs."""

    def __init__(self, scale: int = 1) -> None:
        self.calls: dict[str, int] = {}
        self.scale = scale

    def builders(self) -> dict:
        return {"words": self.words, "counts": self.counts, "pairs": self.pairs}

    def _count(self, name: str) -> None:
        self.calls[name] = self.calls.get(name, 0) + 1

    def words(self, store: TableStore) -> frozenset[str]:
        self._count("words")
        return frozenset(store.table("counts"))

    def counts(self, store: TableStore) -> dict[str, float]:
        self._count("counts")
        return {"since": 1e-4 * self.scale, "the": 5e-2, "Kyiv’s": 3.5e-7}

    def pairs(self, store: TableStore) -> dict[str, int]:
        self._count("pairs")
        return {"of the": 900, "of": 1200}


def store(folder: Path, builders: Counting, key: str = "k1") -> tuple[TableStore, io.StringIO]:
    said = io.StringIO()
    return TableStore("test", builders.builders(), key, folder, stream=said), said


def test_a_cold_cache_builds_once_and_says_so_and_a_warm_one_loads_the_same_tables(tmp_path: Path) -> None:
    first = Counting()
    cold, said = store(tmp_path, first)
    built = {name: cold.table(name) for name in ("pairs", "words", "counts")}
    assert first.calls == {"words": 1, "counts": 1, "pairs": 1}  # all at once, a dependency only once
    assert said.getvalue().count("\n") == 1 and "building the word tables" in said.getvalue()
    assert cold.path.is_file() and [p.name for p in tmp_path.glob("*.tables")] == [cold.path.name]

    second = Counting()
    warm, quiet = store(tmp_path, second)
    loaded = {name: warm.table(name) for name in ("pairs", "words", "counts")}
    assert loaded == built and second.calls == {} and quiet.getvalue() == ""
    assert isinstance(loaded["words"], frozenset) and list(loaded["counts"]) == list(built["counts"])


def test_each_table_loads_only_when_asked(tmp_path: Path) -> None:
    store(tmp_path, Counting())[0].table("pairs")
    warm, _ = store(tmp_path, Counting())
    warm.table("pairs")
    assert set(warm._tables) == {"pairs"}


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage", "empty"])
def test_a_damaged_cache_file_is_rebuilt(tmp_path: Path, damage: str) -> None:
    built = store(tmp_path, Counting())[0]
    built.table("counts")
    data = bytearray(built.path.read_bytes())
    if damage == "truncate":
        data = data[: len(data) - 5]
    elif damage == "flip":
        data[-3] ^= 0xFF  # inside the last table's bytes: only its checksum can tell
    elif damage == "garbage":
        data = bytearray(b"not a table file\n" + bytes(data[40:]))
    else:
        data = bytearray()
    built.path.write_bytes(bytes(data))

    again = Counting()
    repaired, said = store(tmp_path, again)
    assert {name: repaired.table(name) for name in again.builders()} == {name: built.table(name) for name in again.builders()}
    assert again.calls and "building" in said.getvalue()
    fresh, quiet = store(tmp_path, Counting())
    assert fresh.table("pairs") == built.table("pairs") and quiet.getvalue() == ""  # the rebuilt file is whole


def test_a_stale_cache_is_never_read_and_only_the_newest_few_stay(tmp_path: Path) -> None:
    old, _ = store(tmp_path, Counting(scale=1), key="old")
    assert old.table("counts")["since"] == 1e-4
    new, said = store(tmp_path, Counting(scale=2), key="new")
    assert new.table("counts")["since"] == 2e-4 and "building" in said.getvalue()
    again, quiet = store(tmp_path, Counting(scale=1), key="old")  # another checkout still on the old version
    assert again.table("counts")["since"] == 1e-4 and quiet.getvalue() == ""
    for version in range(KEEP + 2):
        store(tmp_path, Counting(scale=version + 3), key=f"v{version}")[0].table("counts")
    assert len(list(tmp_path.glob("*.tables"))) == KEEP


def test_the_key_follows_the_sources_and_the_code(tmp_path: Path) -> None:
    source, code = tmp_path / "list.txt", tmp_path / "build.py"
    source.write_text("since 10\n")
    code.write_text("x = 1\n")
    key = table_key([source], [code])
    assert table_key([source], [code]) == key
    source.write_text("since 100\n")
    assert table_key([source], [code]) != key
    code.write_text("x = 2\n")
    assert len({key, table_key([source], [code])}) == 2


def test_an_unwritable_cache_folder_still_works_in_memory_with_one_warning(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder should be")  # even root cannot create a folder under a file
    builders = Counting()
    memory, said = store(blocker / "cache", builders)
    assert memory.table("words") == frozenset({"since", "the", "Kyiv’s"})
    assert memory.table("pairs")["of the"] == 900
    lines = said.getvalue().splitlines()
    assert len(lines) == 1 and "cannot write the table cache" in lines[0] and "in memory" in lines[0]
    assert builders.calls == {"words": 1, "counts": 1, "pairs": 1}


def test_the_cache_folder_is_the_users_unless_the_environment_says(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    assert cache_dir() == tmp_path
    monkeypatch.delenv(CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    from platformdirs import user_cache_dir

    assert cache_dir() == Path(user_cache_dir("cleaner", appauthor=False))  # the folder platformdirs names


BUILD_IN_CHILD = """
import sys
from cleaner import lexicon
from cleaner.tables import TableStore
store = TableStore("english", lexicon.ENGLISH_BUILDERS, sys.argv[1])
print(len(store.table("words")), len(store.table("frequencies")), len(store.table("deletions")))
"""


@pytest.mark.slow
def test_two_processes_building_at_once_get_one_whole_file_and_the_real_tables(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", CACHE_ENV: str(tmp_path)}
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", BUILD_IN_CHILD, "k"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert all(run.returncode == 0 for run in runs), outputs
    assert outputs[0][0] == outputs[1][0]
    assert sum("building" in err for _, err in outputs) == 1  # the second waited for the first, then loaded
    assert [p.name for p in tmp_path.glob("*.tables")] == ["english-k.tables"]
    warm = TableStore("english", lexicon.ENGLISH_BUILDERS, "k", tmp_path, stream=io.StringIO())
    assert warm.table("words") == lexicon.english_words()
    assert warm.table("frequencies") == lexicon.english_frequencies()
    assert warm.table("bigrams") == lexicon.english_bigrams()
    assert warm.table("deletions").keys() == lexicon._deletion_index().keys()


def sharded_store(folder: Path, builders: Counting, in_pieces: frozenset[str] = frozenset()) -> tuple[TableStore, io.StringIO]:
    said = io.StringIO()
    sharded: dict[str, type[dict] | type[frozenset]] = {"counts": dict, "pairs": dict, "words": frozenset}
    return TableStore("test", builders.builders(), "k1", folder, stream=said, sharded=sharded, in_pieces=in_pieces), said


def test_a_sharded_table_loads_only_the_pieces_its_look_ups_reach(tmp_path: Path) -> None:
    cold, _ = sharded_store(tmp_path, Counting())
    assert dict(cold.table("counts")) == Counting().counts(cold)  # built here: every piece from memory
    warm, quiet = sharded_store(tmp_path, Counting())
    counts = warm.table("counts")
    assert isinstance(counts, ShardedTable) and not isinstance(counts, dict)
    assert counts.get("since") == 1e-4 and counts["the"] == 5e-2 and "Kyiv’s" in counts
    assert counts.get("unseen", 0.0) == 0.0 and "unseen" not in counts and 7 not in counts
    loaded = sum(piece is not None for piece in counts._pieces)
    assert 1 <= loaded <= 5 < SHARDS  # the pieces of five keys at most
    assert len(counts) == 3 and sorted(counts) == sorted(["since", "the", "Kyiv’s"]) and quiet.getvalue() == ""
    words = warm.table("words")
    assert isinstance(words, ShardedSet) and "since" in words and "sicne" not in words
    assert words == frozenset(counts)  # the builder saw the whole table


def test_a_damaged_piece_is_rebuilt_and_an_unwritable_folder_serves_pieces_from_memory(tmp_path: Path) -> None:
    built, _ = sharded_store(tmp_path, Counting())
    built.table("pairs").get("of")
    data = bytearray(built.path.read_bytes())
    data[-2] ^= 0xFF  # in the last piece of the last table
    built.path.write_bytes(bytes(data))
    again = Counting()
    repaired, said = sharded_store(tmp_path, again)
    assert dict(repaired.table("pairs")) == {"of the": 900, "of": 1200} and "building" in said.getvalue()
    blocker = tmp_path / "file"
    blocker.write_text("")
    memory, warned = sharded_store(blocker / "cache", Counting())
    assert memory.table("pairs")["of the"] == 900 and len(warned.getvalue().splitlines()) == 1


def test_a_sharded_table_becomes_one_dict_once_a_quarter_of_it_is_loaded(tmp_path: Path) -> None:
    sharded_store(tmp_path, Counting())[0].table("counts").get("the")
    warm, _ = sharded_store(tmp_path, Counting())
    counts = warm.table("counts")
    for number in range(SHARDS // 4):
        counts._loaded(number)
    assert warm.table("counts") is counts  # still in pieces
    counts._loaded(SHARDS - 1)
    whole = warm.table("counts")
    assert type(whole) is dict and whole == {"since": 1e-4, "the": 5e-2, "Kyiv’s": 3.5e-7}
    assert counts.get("since") == 1e-4 and counts == whole  # the pieces serve from the whole table too


def test_a_table_kept_in_pieces_becomes_one_dict_only_when_every_piece_is_in(tmp_path: Path) -> None:
    sharded_store(tmp_path, Counting())[0].table("pairs").get("of")
    warm, _ = sharded_store(tmp_path, Counting(), in_pieces=frozenset({"pairs"}))
    pairs = warm.table("pairs")
    for number in range(SHARDS - 1):
        pairs._loaded(number)
    assert warm.table("pairs") is pairs and pairs.get("of the") == 900  # a query of hundreds of keys: still in pieces
    pairs._loaded(SHARDS - 1)
    assert type(warm.table("pairs")) is dict and warm.table("pairs") == {"of the": 900, "of": 1200}


def test_values_under_many_keys_are_the_same_in_pieces_whole_and_from_a_dict(tmp_path: Path) -> None:
    sharded_store(tmp_path, Counting())[0].table("pairs").get("of")
    handed_out: dict = {}
    said = io.StringIO()
    sharded: dict[str, type[dict] | type[frozenset]] = {"pairs": dict}
    warm = TableStore("test", Counting().builders(), "k1", tmp_path, stream=said, sharded=sharded, handed_out=handed_out)
    pairs = warm.table("pairs")
    keys = ["of", "nope", "of the", "of"]
    assert values_under(pairs, keys) == [1200, 900, 1200] and handed_out["pairs"] is pairs
    assert sum(piece is not None for piece in pairs._pieces) <= 3  # only the pieces the keys reach
    for number in range(SHARDS // 4 + 1):
        pairs._loaded(number)
    whole = handed_out["pairs"]  # the store's dict of tables handed out now holds the joined table
    assert type(whole) is dict and warm.table("pairs") is whole
    assert values_under(pairs, keys) == values_under(whole, keys) == [1200, 900, 1200]


def test_the_lexicons_look_ups_load_only_the_pieces_they_reach() -> None:
    """A fresh process that asks a few words and pairs keeps the big tables in pieces (a cold start's budget)."""
    probe = (
        "from cleaner.lexicon import Lexicon, _TABLES\n"
        "lexicon = Lexicon()\n"
        "for word in ('the', 'of'):  # the second look-up finds each table handed out\n"
        "    assert lexicon.is_word(word) and lexicon.zipf(word) > 7 and lexicon.bigram(word, 'the') >= 0\n"
        "print(*(type(_TABLES[name]).__name__ for name in ('frequencies', 'dictionary', 'bigrams')))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["ShardedTable", "ShardedSet", "ShardedTable"], done.stderr
