"""Every rule's example in ``cleaner rules`` (and the README) is what the pipeline does.

An example reads ``before → after``, several joined by ``; ``. ``⏎`` is a line break
and ``\\x07``, ``\\u200b``, ``\\r``, ``\\n``, ``\\\\`` are escapes; ``…`` in ``after``
stands for text left out. ``after`` may end in a note in parentheses: ``(reported)``
marks a finding that is not applied, any other note says what the text needs around
the example. ``(metadata)`` and ``(removed)`` mean the line is taken out.

Each example runs through the pipeline with its rule and its stage's other rules
selected (a rule such as M103 works on what M101 split; off-by-default rules stay off). Most run exactly as printed;
those that need an article around them (a wrapped paragraph, a phrase the article
repeats, a sentence around a pronoun) run inside a frame given here.
"""

from __future__ import annotations

import re

import pytest

from cleaner import Cleaner, Config, Rule, all_rules

#: A body for the header examples, which are whole lines of an article.
BODY = "The troops arrived in Poland on Monday, officials said.\n"

#: Examples that need an article around them: the text ``{}`` stands in, and the
#: expected text around the repair (the same unless the repair moves the text).
FRAMES: dict[str, tuple[str, str]] = {
    # hard wrapping is judged on the whole text: several lines cut at one width
    "put some\n8,500 troops": (
        "The Pentagon said on Monday that it would {} on heightened alert for a possible\n"
        "deployment to Eastern Europe, as Russia massed its\n"
        "forces near the border with Ukraine, officials\n"
        "said, adding that no final decision had been\n"
        "taken.\n",
        "The Pentagon said on Monday that it would {} on heightened alert for a possible "
        "deployment to Eastern Europe, as Russia massed its forces near the border with Ukraine, officials "
        "said, adding that no final decision had been taken.\n",
    ),
    # C101 needs the article's own phrase
    "in easter Europe": ("Eastern Ukraine is calm. NATO has troops in Eastern Europe. A base {} is planned.",) * 2,
    # the metadata goes into the front matter, not where the line was
    "By Jane Doe\n": (
        "---\ntitle: Talks\n---\n{}\nThe troops arrived.\n",
        "---\ntitle: Talks\n{}\n---\nThe troops arrived.\n",
    ),
    # a resumptive pronoun is recognised after a name, in a sentence
    "Vladimir Putin it is not easing": ("Russian President {} the pressure.",) * 2,
}

#: Stages that act on what another stage found: front-matter writes the headers' metadata.
NEEDS = {"front-matter": ("headers",)}

ESCAPE_RE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|r|n|\\)")
NOTE_RE = re.compile(r" \(([^()]*)\)$")
TAKEN_OUT = ("(metadata)", "(removed)")


def unescape(example: str) -> str:
    """The text an example's notation stands for."""
    named = {"r": "\r", "n": "\n", "\\": "\\"}
    text = ESCAPE_RE.sub(lambda m: named.get(m[1]) or chr(int(m[1][1:], 16)), example)
    return text.replace("⏎", "\n")


def examples() -> list[tuple[Rule, str, str]]:
    """Every (rule, before, after) pair in the rule table; grammar's need LanguageTool."""
    pairs = []
    for rule in all_rules():
        for pair in re.split(r"; (?!→)", rule.example):
            before, after = pair.split(" → ", 1)
            pairs.append(pytest.param(rule, before, after, id=f"{rule.code}:{before}", marks=skip_grammar(rule)))
    return pairs


def skip_grammar(rule: Rule) -> list[pytest.MarkDecorator]:
    return [pytest.mark.skip(reason="the grammar stage needs a LanguageTool server")] if rule.stage == "grammar" else []


@pytest.mark.parametrize(("rule", "before", "after"), examples())
def test_rule_example_is_what_the_pipeline_does(rule: Rule, before: str, after: str) -> None:
    note = NOTE_RE.search(after) if after not in TAKEN_OUT else None
    expected = unescape(after[: note.start()] if note else after)
    source = unescape(before)
    frame, expected_frame = FRAMES.get(source, (BODY + "{}" + BODY, BODY * 2) if after in TAKEN_OUT else ("{}", "{}"))
    stages = {rule.stage, *NEEDS.get(rule.stage, ())}
    stage_rules = tuple(other.code for other in all_rules() if other.stage in stages and other.default)
    cleaner = Cleaner(Config(select=(*stage_rules, rule.code)))
    text = frame.format(source)
    result = cleaner.clean(text, markdown=text.startswith("---\n"))

    if note and note[1] == "reported":
        assert result.text == text
        assert rule.code in {finding.rule for finding in result.findings}
        [finding] = [finding for finding in result.findings if finding.rule == rule.code]
        suggested = text[: finding.start] + (finding.suggestion or "") + text[finding.end :]
        assert suggested == frame.format(expected)
        return
    assert rule.code in {edit.rule for edit in result.edits}, result.findings
    if after in TAKEN_OUT:
        assert result.text == expected_frame
        assert result.metadata or after == "(removed)"
        return
    pattern = ".*?".join(re.escape(part) for part in expected_frame.format(expected).split("…"))
    assert re.fullmatch(pattern, result.text, re.DOTALL), result.text
