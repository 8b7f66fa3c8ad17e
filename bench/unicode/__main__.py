"""``python -m bench.unicode``: ftfy conformance, multilingual controls and short-file decoding.

python -m bench.unicode [--cases DIR] [--controls DIR] [--json]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from bench.corpus import REPO_ROOT, default_corpus, read_articles
from bench.unicode import (
    CONTROLS,
    CONVENTIONS,
    TARGET_FTFY,
    TARGET_GATE_SHARE,
    conformance,
    control_texts,
    gate_share,
    read_cases,
    run_controls,
)
from bench.unicode.decoding import SAMPLES, encode, outcome
from cleaner import Cleaner, Config

DEFAULT_CASES = REPO_ROOT.parent / "shared" / "ftfy-cases"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.unicode", description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, default=DEFAULT_CASES, help="ftfy's test cases (../shared/ftfy-cases)")
    parser.add_argument("--controls", type=Path, default=CONTROLS, help="folder of <language>.txt control paragraphs")
    parser.add_argument("--language", default="auto", help="language setting (default auto; en: no gate)")
    parser.add_argument("--corpus", type=Path, default=None, help="English articles to time the gate on")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)

    cleaner = Cleaner(Config(language=args.language))
    cases = read_cases(args.cases)
    ftfy = conformance(cleaner, cases)
    controls = run_controls(cleaner, control_texts(args.controls, cases))
    decoding = Counter()
    wrong_decodes = []
    for sample in SAMPLES:
        verdict, what = outcome(sample)
        decoding[("western" if sample.western else "other", verdict)] += 1
        if verdict != "right" and (sample.western or verdict == "wrong"):
            wrong_decodes.append(f"{sample.encoding} {len(encode(sample))} bytes {sample.text!r}: {verdict}, {what}")
    western = decoding["western", "right"], sum(n for (kind, _), n in decoding.items() if kind == "western")
    gate, pipeline = gate_share([article.text for article in read_articles(args.corpus or default_corpus())])
    share = gate / pipeline
    if args.json:
        figures = {
            "ftfy": {"same": ftfy.same, "total": ftfy.total, "documented": ftfy.documented},
            "controls": {
                "paragraphs": controls.paragraphs,
                "languages": len(controls.languages),
                "lexical_edits": controls.lexical_edits,
                "edits": dict(controls.edits),
                "unchanged": controls.unchanged,
            },
            "decoding": {f"{kind} {verdict}": n for (kind, verdict), n in sorted(decoding.items())},
            "gate": {"seconds": gate, "pipeline_seconds": pipeline, "share": share},
        }
        print(json.dumps(figures, indent=2))
        return 0

    print(f"ftfy conformance: {args.cases}, compared under cleaner's conventions:")
    for name, text in CONVENTIONS.items():
        print(f"  {name}: {text}")
    for case, output, why, documented in ftfy.differing:
        print(f"  differs [{'documented' if documented else 'FAULT'}] {case.file} {case.label!r}")
        print(f"    input  {case.original!r}\n    ftfy   {case.fixed!r}\n    cleaner {output!r}\n    why    {why}")
    print(f"  {ftfy.same}/{ftfy.total} the same (target >= {TARGET_FTFY}), {ftfy.documented} more differ by documented behaviour")
    print(f"\nmultilingual controls: {controls.paragraphs} paragraphs in {len(controls.languages)} languages (+ ftfy's others)")
    for language, rule, before, after in controls.lexical:
        print(f"  lexical edit [{language}] {rule}: {before!r} -> {after!r}")
    other = {rule: n for rule, n in controls.edits.items() if not rule.startswith(("M", "S", "C", "T", "G"))}
    print(f"  {controls.lexical_edits} lexical edits (target 0); other edits {other or 'none'}; {controls.unchanged} unchanged")
    print(f"\nshort-file decoding: {len(SAMPLES)} samples of 4-90 bytes")
    for line in wrong_decodes:
        print(f"  {line}")
    others = {verdict: n for (kind, verdict), n in decoding.items() if kind == "other"}
    print(f"  Western {western[0]}/{western[1]} right; other encodings {others}")
    print(f"\nlanguage gate on English news: {gate * 1000:.1f} ms of {pipeline * 1000:.0f} ms CPU (best of 5)")
    met = ftfy.same >= TARGET_FTFY and controls.lexical_edits == 0 and western[0] == western[1] and not others.get("wrong")
    met = met and share <= TARGET_GATE_SHARE
    print(
        f"\nftfy {ftfy.same}/{ftfy.total} (+{ftfy.documented} documented) | controls {controls.paragraphs} paragraphs "
        f"{len(controls.languages)} languages, lexical edits {controls.lexical_edits} | decoding Western "
        f"{western[0]}/{western[1]}, other wrong {others.get('wrong', 0)} refused {others.get('refused', 0)} | "
        f"gate {share:.1%} of pipeline CPU | "
        f"targets {'met' if met else 'NOT met'}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
