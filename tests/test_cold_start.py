"""What a cold start of ``cleaner clean`` skips, so it stays fast (the time itself is ``bench.speed``'s goal).

The compiled patterns a ``PatternCache`` hands back match as ``regex.compile`` would, and the
modules made lazy stay out of ``import cleaner.cli`` and of a whole ``cleaner clean`` run.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import regex

from cleaner import markdown
from cleaner.stages import headers, spacing, unicode
from cleaner.tables import PatternCache
from tests.conftest import ROOT

#: The patterns of every module that keeps them in a ``PatternCache``, as it asks for them: text and flags.
PATTERNS = [key for module in (headers, spacing, unicode, markdown) for key in module._PATTERNS.compiled]
#: Pieces of page furniture, prose and markup that the patterns look for, or nearly.
PIECES = (
    [word for pattern, _ in PATTERNS for word in regex.findall(r"[A-Za-z]{2,}", pattern)]
    + ["2022-01-24", "Jan. 5, 2021", "12:30 p.m. EST", "©", "(c)", "|", "—", "–", ":", "•", "›", "(", ")", "[", "]"]
    + ["By", "John", "Smith", "Reuters", "/", "Photo:", "said.", "talks", "”", "“", "'s", "-30-", "###", "3", "12", "."]
    + ["\\", "&lt;p&gt;", "ﬁ", "Ｈｅｌｌｏ", "東京", "ｶﾀｶﾅ", "e\u0301", "\u00e9", "---", "+++", "> ", "- ", "1. ", "\t", "\r\n"]
)


def _texts(count: int, seed: int = 0) -> list[str]:
    """Generated lines and paragraphs of those pieces, with the spacing and line breaks the patterns care about."""
    rng = random.Random(seed)
    joints = [" ", " ", " ", "\n", "\n\n", "", ", ", " \t"]
    texts = []
    for _ in range(count):
        pieces = [rng.choice(PIECES) for _ in range(rng.randint(1, 14))]
        text = "".join(piece + rng.choice(joints) for piece in pieces)
        texts.append(text.upper() if rng.random() < 0.1 else text)
    return texts


def _matches(pattern: regex.Pattern[str], text: str) -> list[tuple]:
    return [(m.span(), m.groups(), m.groupdict()) for m in pattern.finditer(text)]


def test_patterns_from_the_cache_match_as_compiled(tmp_path: Path) -> None:
    first = PatternCache("all", tmp_path)
    for pattern, flags in PATTERNS:
        first.compile(pattern, flags)
    first.save()
    cache = PatternCache("all", tmp_path)
    loaded = [cache.compile(pattern, flags) for pattern, flags in PATTERNS]
    assert cache.loaded == len(PATTERNS), "every pattern came from the file"
    plain = [regex.compile(pattern, flags) for pattern, flags in PATTERNS]
    for text in _texts(1500):
        for ours, theirs in zip(loaded, plain, strict=True):
            assert _matches(ours, text) == _matches(theirs, text), (theirs.pattern, text)


def test_an_edited_or_damaged_pattern_file_is_compiled_anew(tmp_path: Path) -> None:
    cache = PatternCache("demo", tmp_path)
    cache.compile(r"\p{Lu}\w+", regex.IGNORECASE)
    cache.save()
    edited = PatternCache("demo", tmp_path)
    assert edited.compile(r"\p{Lu}\w+", regex.IGNORECASE).search("hi There").group() == "hi"
    assert edited.compile(r"\p{Lu}\w+").search("hi There").group() == "There"  # other flags: compiled anew
    assert edited.loaded == 1
    edited.save()
    assert PatternCache("demo", tmp_path).compile(r"\p{Lu}\w+").pattern == r"\p{Lu}\w+"
    data = bytearray(cache.path.read_bytes())
    data[-3] ^= 0xFF
    cache.path.write_bytes(bytes(data))
    damaged = PatternCache("demo", tmp_path)
    assert damaged.compile(r"\p{Lu}\w+").search("hi There").group() == "There"
    assert damaged.loaded == 0


def test_an_unwritable_cache_folder_only_costs_the_compiling(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    cache = PatternCache("demo", blocker / "cache")
    assert cache.compile("a+").search("baa").span() == (1, 3)
    cache.save()  # nothing written, nothing raised
    assert not (blocker / "cache").exists()


#: Modules a cold start of ``cleaner clean`` on English text must not load: each would cost every start.
LAZY = ("cleaner.integrations", "cleaner.report", "markdown_it", "wordfreq", "symspellpy", "fasttext", "rich", "platformdirs")
CLEAN_IN_CHILD = """
import json, runpy, sys
sys.argv = ["cleaner", "clean", sys.argv[1], "-o", sys.argv[2]]
try:
    runpy.run_module("cleaner", run_name="__main__")
except SystemExit as exc:
    assert not exc.code, exc.code
from cleaner import markdown
from cleaner.stages import headers, spacing, unicode
loaded = {m.__name__: [m._PATTERNS.loaded, len(m._PATTERNS.compiled)] for m in (headers, spacing, unicode, markdown)}
print(json.dumps({"modules": sorted(sys.modules), "loaded": loaded}))
"""


def _child(*args: str) -> dict:
    proc = subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=ROOT, check=True)
    return json.loads(proc.stdout.splitlines()[-1])


def test_importing_the_command_loads_no_lazy_module() -> None:
    found = _child("-c", "import json, sys, cleaner.cli; print(json.dumps({'modules': sorted(sys.modules)}))")
    assert [name for name in found["modules"] if name.startswith(LAZY)] == []


def test_a_cold_clean_loads_no_lazy_module_and_compiles_no_cached_pattern(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text("The minister said that the talks would go on.\n\nHe met the allies, and they agreed.\n")
    _child("-c", CLEAN_IN_CHILD, str(article), str(tmp_path / "first.txt"))  # writes the pattern files if missing
    found = _child("-c", CLEAN_IN_CHILD, str(article), str(tmp_path / "clean.txt"))
    assert (tmp_path / "clean.txt").read_text() == article.read_text()
    assert [name for name in found["modules"] if name.startswith(LAZY)] == []
    assert all(loaded == total > 0 for loaded, total in found["loaded"].values()), found["loaded"]
