"""Errors found in the development corpus itself, labelled like injected ones.

The corpus was screened for doubled words but not for doubled phrases, and nobody proofread
all of it; a real error left in a "clean" article would make its correct repair count as a
false positive. Each one found is labelled here (located like the seed labels), so that
the repair counts as a repair; documents with errata are never used as controls.
"""

from __future__ import annotations

from bench.quality.seeds import Label

ERRATA: dict[str, tuple[Label, ...]] = {
    "whitehouse_2022-06-30_statement-from-nsc-spokesperson-adrienne-watson-on-hong-kong.txt": (
        Label("the 25th anniversary of the of the handover", "of the of the", "of the", "stutter"),
    ),
}
