"""The quality benchmark's generator and scorer, on text written here (never the corpus)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import wordfreq

from bench.quality.confusions import CONFUSIONS_FILE, load_confusions, parse_confusion_sets
from bench.quality.generate import KNOWN_ZIPF, LEGIT_REPEATS, Generator, Plan, build_case
from bench.quality.gold import CLASS_NAMES, Case, Gold, restore
from bench.quality.misspellings import load_misspellings
from bench.quality.score import Change, Outcome, Report, Score, Tally, clusters, edit_class
from bench.quality.seeds import LABELS, Label, seed_cases
from cleaner import Cleaner, Config

URL = "https://www.defense.gov/News/Releases/"
TEXT = (
    "The Pentagon press secretary John Kirby said Monday that the troops would only deploy if NATO allies "
    "decided to act. The decision came from the president, which surprised their partners in eastern Europe.\n\n"
    "“This is about reassuring our NATO allies,” Kirby said, adding that the deployment was not planned. "
    f"Officials in Kyiv welcomed the news since it showed resolve. More details are at {URL} today.\n\n"
    "Secretary of Defense Lloyd Austin met allied leaders President Duda and Chancellor Scholz — a meeting "
    "that lasted several hours. NATO’s presence in the region grew, and the allies agreed to meet again.\n"
)
MISSPELLINGS = {"since": ("sicne",), "troops": ("trops",), "which": ("whcih", "wich"), "deployment": ("deploymnet",)}
CONFUSIONS = {"from": ("form",), "their": ("there", "they're"), "since": ("sense",), "a": ("an",), "it's": ("its",)}


def generator(seed: int = 0) -> Generator:
    return Generator(MISSPELLINGS, CONFUSIONS, seed=seed)


def assert_well_formed(case: Case, clean: str) -> None:
    """Gold spans are sorted, apart, really damaged, and undo the damage exactly."""
    assert case.clean == clean
    previous: Gold | None = None
    for g in case.gold:
        if previous is not None:
            touching_ok = "break-space" in (g.kind, previous.kind)
            assert g.start > previous.end or (touching_ok and g.start == previous.end), "gold regions overlap or touch"
        assert case.text[g.start : g.end] != g.correct
        previous = g


@pytest.mark.parametrize("cls", [*generator().injectors, "hard-wrap"])
def test_each_class_is_injected_and_its_gold_restores_the_text(cls: str) -> None:
    for seed in range(5):
        gen, rng, plan = generator(seed), random.Random(seed), Plan(TEXT)
        if cls == "hard-wrap":
            case = gen.hard_wrap(Case("t", TEXT, ()), rng)
        else:
            gen.place(plan, cls, rng, 3)
            case = build_case("t", TEXT, plan.ops)
        assert case.gold, f"no {cls} artifact could be placed"
        assert {g.cls for g in case.gold} == {cls}
        assert_well_formed(case, TEXT)


def test_a_hard_wrap_goes_over_earlier_damage_and_keeps_its_gold() -> None:
    gen = generator(2)
    damaged = gen.corrupt("doc.txt", TEXT, control=False)
    wrapped = gen.hard_wrap(damaged, random.Random(0))
    assert_well_formed(wrapped, TEXT)
    assert {g.cls for g in wrapped.gold} == {g.cls for g in damaged.gold} | {"hard-wrap"}
    assert all(len(line) <= 80 for line in wrapped.text.splitlines())


def test_whole_documents_restore_and_leave_urls_alone() -> None:
    seen: set[str] = set()
    for seed in range(40):
        case = generator(seed).corrupt("doc.txt", TEXT, control=False)
        assert case.gold
        assert_well_formed(case, TEXT)
        assert URL in case.text
        url_start = case.text.index(URL)
        assert not any(g.start < url_start + len(URL) and url_start < g.end for g in case.gold)
        seen |= {g.cls for g in case.gold}
    assert seen == set(CLASS_NAMES) - {"mt-slip"}


def test_same_seed_same_case_and_other_seeds_differ() -> None:
    first = generator(7).corrupt("doc.txt", TEXT)
    assert generator(7).corrupt("doc.txt", TEXT) == first
    assert len({generator(seed).corrupt("doc.txt", TEXT, control=False).text for seed in range(5)}) > 1


def test_damaged_tokens_are_not_words() -> None:
    for seed in range(40):
        case = generator(seed).corrupt("doc.txt", TEXT, control=False)
        for g in case.gold:
            if g.cls in ("typo", "merged-name", "merged-case") and g.kind != "sentence":
                token = "".join(c for c in case.text[g.start : g.end] if c.isalpha())
                assert wordfreq.zipf_frequency(token, "en") < KNOWN_ZIPF, token
            if g.cls == "typo":
                assert case.text[g.start : g.end].strip(".,").lower() in {w for ws in MISSPELLINGS.values() for w in ws}


def test_a_fifth_of_documents_are_untouched_controls() -> None:
    cases = generator(3).corrupt_all([(f"doc{i}.txt", TEXT) for i in range(10)])
    controls = [c for c in cases if c.control]
    assert len(controls) == 2
    assert all(c.text == TEXT and not c.gold for c in controls)
    assert all(c.gold for c in cases if not c.control)


def test_errata_of_the_corpus_are_labelled_and_never_controls() -> None:
    text = "We mark the anniversary of the of the handover. It was a day of hope.\n"
    fixed = "We mark the anniversary of the handover. It was a day of hope.\n"
    errata = {"doc.txt": (Label("anniversary of the of the handover", "of the of the", "of the", "stutter"),)}
    gen = Generator(MISSPELLINGS, CONFUSIONS, seed=0, errata=errata)
    assert gen.corrupt("doc.txt", text, control=True) == Case(
        "doc.txt", text, (Gold("stutter", 24, 37, "of the", kind="erratum"),)
    )
    for seed in range(10):
        case = Generator(MISSPELLINGS, CONFUSIONS, seed=seed, errata=errata).corrupt("doc.txt", text, control=False)
        assert_well_formed(case, fixed)
        assert "erratum" in {g.kind for g in case.gold}
    cases = gen.corrupt_all([("doc.txt", text), *((f"other{i}.txt", TEXT) for i in range(9))])
    assert [c.name for c in cases if c.control] and not any(c.control for c in cases if c.name == "doc.txt")


def test_legitimate_repetitions_are_never_injected_as_stutters() -> None:
    text = "They said that had had no effect and that that is so, and we do very much agree."
    ops = generator().stutters(text, random.Random(0))
    doubled = {op.replacement.split()[0] for op in ops if op.kind == "word"}
    assert doubled and not doubled & LEGIT_REPEATS


def test_real_word_damage_comes_from_the_external_lists_and_keeps_case_and_apostrophes() -> None:
    text = "Their plan came from the council. It’s late, and a decision is due."
    ops = generator().real_words(text, random.Random(0))
    damaged = {text[op.start : op.end]: op.replacement for op in ops}
    assert damaged["Their"] in ("There", "They’re")  # capital kept, the article's curly apostrophe
    assert damaged["from"] == "form" and damaged["It’s"] == "Its" and damaged["a"] == "an"
    assert all(op.cls == "real-word" for op in ops)


def test_confusion_sets_come_from_the_data_file_and_codespell_rare_words() -> None:
    confusions = load_confusions()
    written = parse_confusion_sets(CONFUSIONS_FILE.read_text(encoding="utf-8").splitlines())
    assert written["rein"] == ("reign",) and set(written["their"]) == {"there", "they're"}
    assert "trough" in confusions["through"]  # codespell's dictionary_rare.txt
    assert not any(len(wrong) < 4 for right in ("and", "with", "you") for wrong in confusions.get(right, ()))
    for line in CONFUSIONS_FILE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            words, sources = line.split("\t")
            assert sources.split(), f"{words}: no source"


def test_codespell_dictionary_loads_from_the_installed_package() -> None:
    misspellings = load_misspellings()
    assert "sicne" in misspellings["since"]
    assert len(misspellings) > 10_000


def test_seed_labels_locate_their_artifacts() -> None:
    cases = {case.name: case for case in seed_cases()}
    for name, labels in LABELS.items():
        case = cases[f"seeds/{name}"]
        assert [case.text[g.start : g.end] for g in case.gold] == sorted(
            (label.target for label in labels), key=lambda target: case.text.index(target)
        )
    assert "John Kirby said Monday" in cases["seeds/003_57c84ed8da41ee94.txt"].clean


# --- scorer ----------------------------------------------------------------------------

SCORED = "Kirbysaid the the plan.Then they left sicne noon."
GOLD = (
    Gold("merged-name", 0, 9, "Kirby said"),
    Gold("stutter", 10, 17, "the"),
    Gold("merged-punct", 18, 27, "plan. Then", ("plan Then",)),
    Gold("typo", 38, 43, "since"),
)


def test_scorer_counts_a_hand_made_case() -> None:
    assert SCORED[38:43] == "sicne"
    outcome = Outcome(
        "Kirby said tho plan. Then them left sicne noon.",
        (
            Change(5, 5, " ", "M101"),  # right
            Change(10, 17, "tho", "T101"),  # wrong repair of the stutter
            Change(23, 23, " ", "P103"),  # right
            Change(28, 32, "them", "S101"),  # false positive: no gold there
        ),
    )
    score = Score()
    score.add(Case("t", SCORED, GOLD), outcome)
    t = score.tallies
    assert (t["merged-name"].repaired, t["merged-name"].edits, t["merged-name"].correct) == (1, 1, 1)
    assert (t["stutter"].repaired, t["stutter"].edits, t["stutter"].correct) == (0, 1, 0)
    assert (t["merged-punct"].repaired, t["merged-punct"].correct) == (1, 1)
    assert (t["typo"].gold, t["typo"].repaired, t["typo"].edits, t["typo"].correct) == (1, 0, 1, 0)
    total = score.total()
    assert (total.gold, total.repaired, total.edits, total.correct) == (4, 2, 4, 2)
    assert total.precision == total.recall == pytest.approx(0.5)
    assert total.f05 == pytest.approx(0.5)
    assert sorted(m["kind"] for m in score.mismatches) == ["fp", "miss", "wrong"]


def test_f05_weights_precision_over_recall() -> None:
    assert Tally(gold=4, repaired=1, edits=2, correct=2).f05 == pytest.approx(1.25 * 1 * 0.25 / (0.25 * 1 + 0.25))
    assert Tally(gold=4, repaired=4, edits=8, correct=4).f05 == pytest.approx(1.25 * 0.5 * 1 / (0.25 * 0.5 + 1))
    assert Tally(gold=3).f05 == 0.0
    assert Tally(gold=2, repaired=2).f05 == pytest.approx(1.0)  # repaired by reported findings alone
    assert Tally(edits=2).f05 is None and Tally(edits=2).precision == 0.0


def test_accepted_repairs_and_reported_findings_count() -> None:
    partial = Outcome("Kirbysaid the the plan Then they left sicne noon.", (Change(22, 23, " ", "M102"),))
    [cluster] = [c for c in clusters(Case("t", SCORED, GOLD), partial) if c.changes]
    assert cluster.ok and cluster.produced == "plan Then"
    gold = (Gold("stutter", 10, 17, "the", report_ok=True),)
    reported = Outcome(SCORED, (), (Report(10, 17, "T102", None),))
    assert all(c.ok for c in clusters(Case("t", SCORED, gold), reported))
    assert not any(c.ok for c in clusters(Case("t", SCORED, gold), Outcome(SCORED, ())))


def test_an_edit_touching_a_region_is_judged_with_it() -> None:
    gold = (Gold("merged-name", 0, 9, "Kirby said"),)
    outcome = Outcome("Kirby said, the the", (Change(5, 5, " ", "M101"), Change(9, 9, ",", "P102")))
    [cluster, *_] = clusters(Case("t", SCORED, gold), outcome)
    assert len(cluster.changes) == 2 and not cluster.ok


def test_touching_regions_are_judged_apart_when_each_edit_lies_in_one() -> None:
    text = "the theSustainable\nDevelopment"
    gold = (Gold("merged-case", 4, 18, "the Sustainable"), Gold("hard-wrap", 18, 19, " ", kind="break-space"))
    [cluster] = clusters(Case("t", text, gold), Outcome("the theSustainable Development", (Change(18, 19, " ", "L103"),)))
    assert cluster.gold_ok == [False, True] and cluster.change_ok == [True]
    joint = Outcome("the the Sustainable Development", (Change(18, 18, "!", "X1"), Change(18, 19, " ", "L103")))
    [cluster] = clusters(Case("t", text, gold), joint)
    assert cluster.gold_ok == [False, False] and cluster.change_ok == [False, False]


def test_the_breaks_of_one_wrapped_paragraph_count_once() -> None:
    text = "one two\nthree four\nfive sicne\nsix.\n"
    gold = (
        Gold("hard-wrap", 4, 13, "two three", group="p1"),
        Gold("hard-wrap", 14, 23, "four five", group="p1"),
        Gold("typo", 24, 29, "since"),
        Gold("hard-wrap", 29, 30, " ", kind="break-space", group="p1"),
    )
    assert restore(text, gold) == "one two three four five since six.\n"
    outcome = Outcome("", (Change(7, 8, " ", "L103"), Change(18, 19, " ", "L103"), Change(29, 30, " ", "L103")))
    score = Score()
    score.add(Case("t", text, gold), outcome)
    wrap, typo = score.tallies["hard-wrap"], score.tallies["typo"]
    assert (wrap.gold, wrap.repaired, wrap.edits, wrap.correct) == (1, 1, 1, 1)
    assert (typo.gold, typo.repaired, typo.edits) == (1, 0, 0)


def test_a_removed_line_may_take_either_blank_line() -> None:
    text = "One.\n\nAdvertisement\n\nTwo.\n"
    gold = (Gold("headers", 6, 21, ""),)
    assert restore(text, gold) == "One.\n\nTwo.\n"
    outcome = Outcome("One.\n\nTwo.\n", (Change(4, 19, "", "H104"),))
    assert [c.ok for c in clusters(Case("t", text, gold), outcome)] == [True]


def test_controls_give_false_positives_per_thousand_words() -> None:
    text = " ".join(["word"] * 99) + " end."
    score = Score()
    score.add(Case("c", text, (), control=True), Outcome(text.replace("end", "End"), (Change(495, 496, "E", "S101"),)))
    score.add(Case("d", text, (), control=True), Outcome(text, ()))
    assert score.fp_per_1k == pytest.approx(5.0)
    assert score.identical_share == pytest.approx(0.5)


def test_merge_edits_count_for_the_class_their_split_shows() -> None:
    text = "BidenThe Kirbysaid NATOallies"
    assert edit_class(Change(5, 5, " ", "M101"), text) == "merged-case"
    assert edit_class(Change(14, 14, " ", "M101"), text) == "merged-name"
    assert edit_class(Change(9, 18, "Kirby said", "M101"), text) == "merged-name"
    assert edit_class(Change(23, 23, " ", "M101"), text) == "merged-case"
    assert edit_class(Change(0, 1, "", "U104"), text) == "whitespace"
    assert edit_class(Change(0, 1, "", "X999"), text) == "other"


def test_the_real_pipeline_is_scored_through_its_change_log() -> None:
    text = "It works.Really well, and the the plan holds.\n"
    gold = (Gold("merged-punct", 3, 15, "works. Really"), Gold("stutter", 26, 33, "the"))
    result = Cleaner(Config()).clean(text)
    score = Score()
    score.add(Case("t", text, gold), Outcome.from_result(result))
    assert score.tallies["merged-punct"].repaired == 1
    assert score.tallies["merged-punct"].correct == score.tallies["merged-punct"].edits == 1


def test_the_generator_never_asks_the_cleaner_what_a_word_is() -> None:
    """Damage drawn from the cleaner's own tables would measure the rules against themselves."""
    import bench.quality.confusions
    import bench.quality.generate

    for module in (bench.quality.generate, bench.quality.confusions):
        source = Path(module.__file__).read_text(encoding="utf-8")
        assert "cleaner.lexicon" not in source and "cleaner.stages" not in source, module.__name__
