"""Unicode and language benchmarks: ftfy's own test cases, multilingual controls, short-file decoding.

- **ftfy conformance** (``../shared/ftfy-cases/``, read in place): the default pipeline's
  output against ftfy's, compared under cleaner's documented conventions (``CONVENTIONS``),
  applied to both sides alike. Each case that still differs is listed with the rule that
  explains it, and whether that is a documented difference or a fault.
- **multilingual controls** (``bench/unicode/multilingual/``, plus the ftfy cases in
  other languages): clean news paragraphs that the lexical stages must leave alone.
- **decoding** (``bench/unicode/decoding.py``): short files in the encodings news comes in.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ftfy.fixes import uncurl_quotes

from bench.corpus import REPO_ROOT
from cleaner import Cleaner, Result
from cleaner.protect import protected_spans

CASE_FILES = ("in-the-wild.json", "language-names.json", "negative.json", "synthetic.json")
CONTROLS = REPO_ROOT / "bench" / "unicode" / "multilingual"
TARGET_FTFY = 148
#: Stages whose rules judge words against English: the multilingual controls must get none of their edits.
LEXICAL_PREFIXES = ("M", "S", "C", "T", "G")
#: ftfy case labels that name a language other than English: their fixed text joins the controls.
NON_ENGLISH_LABEL = re.compile(
    r"German|Turkish|İstanbul|Rīga|Russian|Malay|French|Vietnamese|Spanish|Czech|Romanian|Slovak|Portuguese|Afrikaans|"
    r"Croatian|Gaelic|Dutch|Italian|Latvian|Lithuanian|Hebrew|Greek|Finnish|Arabic|Serbian|Norwegian|Swedish|Ukrainian|"
    r"Indonesian|language name|Bulgarian|Hindi|Tamil|Thai|Chinese|Japanese|Korean|musical notes|triumphant|smurfs|Nicolás|"
    r"sharp S|'à'|'às'|àquele|Polish"
)

#: cleaner's documented conventions where its output differs from ftfy's by design (README, "Unicode").
CONVENTIONS = {
    "quotes": "curly quotes and apostrophes are kept (ftfy straightens them; U201 does, when selected)",
    "nbsp": "a no-break space becomes a plain space (U105)",
    "spaces": "runs of spaces become one, spaces at a line end go (L101, L102)",
}
#: What explains a remaining difference, by the rule that made it: documented behaviour beyond ftfy.
DOCUMENTED_RULES = {
    "P": "spacing: a space lost after punctuation is restored (ftfy leaves it out)",
    "U109": "fullwidth forms: only between Latin-script text (ftfy turns every fullwidth form into ASCII)",
}
PROTECTED = "protected token: hashtags, handles and URLs are never edited (ftfy repairs them too)"


def conventional(text: str) -> str:
    """``text`` under cleaner's conventions: straight quotes, plain spaces, single spaces, no trailing ones.

    >>> conventional("“It’s”\\u00a0 here  ")
    '"It\\'s" here'
    """
    text = uncurl_quotes(text).replace("\u00a0", " ")
    text = re.sub(r" {2,}", " ", text)
    return re.sub(r" +(?=\n|$)", "", text)


@dataclass(frozen=True, slots=True)
class FtfyCase:
    file: str
    label: str
    original: str
    fixed: str

    @property
    def non_english(self) -> bool:
        return bool(NON_ENGLISH_LABEL.search(self.label))


@dataclass(slots=True)
class Conformance:
    """How the pipeline fares on ftfy's passing cases."""

    total: int = 0
    same: int = 0
    differing: list[tuple[FtfyCase, str, str, bool]] = field(default_factory=list)  # case, output, why, documented

    @property
    def documented(self) -> int:
        return sum(1 for *_, ok in self.differing if ok)


def read_cases(folder: Path) -> list[FtfyCase]:
    """ftfy's cases that ftfy itself passes (``expect == "pass"``)."""
    if not folder.is_dir():
        raise SystemExit(f"ftfy cases not found: {folder} (pass --cases DIR)")
    cases = []
    for name in CASE_FILES:
        for case in json.loads((folder / name).read_text(encoding="utf-8")):
            if case["expect"] == "pass":
                cases.append(FtfyCase(name, case["label"], case["original"], case["fixed"]))
    return cases


def conformance(cleaner: Cleaner, cases: list[FtfyCase]) -> Conformance:
    report = Conformance()
    for case in cases:
        report.total += 1
        result = cleaner.clean(case.original)
        if conventional(result.text) == conventional(case.fixed):
            report.same += 1
            continue
        why, documented = explain(result, case.fixed)
        report.differing.append((case, result.text, why, documented))
    return report


def explain(result: Result, fixed: str) -> tuple[str, bool]:
    """Which rule's edits make the difference, and whether that is documented behaviour.

    The edits of one rule at a time are left out; the rule whose absence gives ftfy's
    text (under the conventions) is the explanation.
    """
    target = conventional(fixed)
    for rule in dict.fromkeys(edit.rule for edit in result.edits):
        if conventional(_replay(result, skip=rule)) == target:
            for prefix, reason in DOCUMENTED_RULES.items():
                if rule.startswith(prefix):
                    return f"{rule}: {reason}", True
            return f"{rule} makes the difference (not a documented convention)", False
    if _inside_protected(result.text, target):
        return PROTECTED, True
    return "not explained", False


def _replay(result: Result, skip: str) -> str:
    """The original with every applied edit except those of rule ``skip``."""
    parts, pos = [], 0
    for edit in sorted(result.edits, key=lambda e: e.start):
        if edit.rule == skip:
            continue
        parts += [result.original[pos : edit.start], edit.after]
        pos = edit.end
    parts.append(result.original[pos:])
    return "".join(parts)


def _inside_protected(text: str, target: str) -> bool:
    """Whether ``text`` differs from ``target`` only in whole tokens that cleaner protects (``#hashtag``, URLs)."""
    ours, theirs = conventional(text).split(), target.split()
    if len(ours) != len(theirs):
        return False
    differing = [word for word, other in zip(ours, theirs, strict=True) if word != other]
    return bool(differing) and all(protected_spans(word) == [(0, len(word))] for word in differing)


@dataclass(slots=True)
class ControlRun:
    """Edits the default pipeline makes on clean text in other languages."""

    paragraphs: int = 0
    languages: set[str] = field(default_factory=set)
    edits: Counter[str] = field(default_factory=Counter)  # rule -> count
    lexical: list[tuple[str, str, str, str]] = field(default_factory=list)  # language, rule, before, after
    unchanged: int = 0

    @property
    def lexical_edits(self) -> int:
        return len(self.lexical)


def control_texts(folder: Path, cases: list[FtfyCase]) -> Iterator[tuple[str, str]]:
    """(language, paragraph) for each line of ``folder/<lang>.txt``, then ftfy's fixed non-English texts."""
    for path in sorted(folder.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                yield path.stem, line
    for case in cases:
        if case.non_english:
            yield "ftfy", case.fixed


def run_controls(cleaner: Cleaner, texts: Iterator[tuple[str, str]]) -> ControlRun:
    run = ControlRun()
    for language, text in texts:
        run.paragraphs += 1
        run.languages.add(language)
        result = cleaner.clean(text)
        run.unchanged += not result.edits
        for edit in result.edits:
            run.edits[edit.rule] += 1
            if edit.rule.startswith(LEXICAL_PREFIXES):
                run.lexical.append((language, edit.rule, edit.before, edit.after))
    run.languages.discard("ftfy")
    return run


TARGET_GATE_SHARE = 0.05


def gate_share(texts: list[str], repeat: int = 5) -> tuple[float, float]:
    """CPU seconds of the language gate's detection and of the whole pipeline (``language = "en"``) on ``texts``.

    Both best of ``repeat``, interleaved in one process, on CPU time (a loaded machine's
    wall clock is noise); the gate's block cache is emptied before each round, so every
    block is judged afresh.
    """
    import time

    from cleaner import Config, language

    cleaner = Cleaner(Config(language="en"))
    for text in texts:
        cleaner.clean(text)
        language.detect(text)
    best_gate = best_pipeline = float("inf")
    for _ in range(repeat):
        language.block_language.cache_clear()
        start = time.process_time()
        for text in texts:
            language.detect(text)
        best_gate = min(best_gate, time.process_time() - start)
        start = time.process_time()
        for text in texts:
            cleaner.clean(text)
        best_pipeline = min(best_pipeline, time.process_time() - start)
    return best_gate, best_pipeline
