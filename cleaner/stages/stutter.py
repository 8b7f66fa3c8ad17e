"""Doubled words and machine-translation stutters: ``the the``, ``would They would``.

Patterns over the text, no per-token loop. A doubled function word is removed; a
doubled content word is only reported, and repetition English uses on purpose
(``had had``, ``that that``, ``bye bye``, names such as ``Sirhan Sirhan``) is left
alone. A word repeated around a capitalised pronoun (``would They would``) is the
translator's restart and loses the restart. Two slips with no safe fix are reported:
a pronoun that repeats the subject just named (``Vladimir Putin it is``) and a verb of
command followed by a participle where English puts ``to`` (``be ordered prepared``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cleaner.edits import Edit, Rule
from cleaner.lexicon import word_set
from cleaner.stages.base import Document, Stage

RULES = (
    Rule("T101", "doubled-word", "stutter", "A word written twice in a row.", "the the → the"),
    Rule(
        "T102",
        "restart-stutter",
        "stutter",
        "A word repeated around a capitalised pronoun: the translation restarted mid-sentence.",
        "which it said would They would only occur → which it said would only occur",
    ),
    Rule("T103", "doubled-phrase", "stutter", "A phrase of two to four words written twice in a row.", "we will we will → we will"),
    Rule(
        "T104",
        "resumptive-pronoun",
        "stutter",
        "A pronoun repeating the subject just named (reported only).",
        "Vladimir Putin it is not easing → Vladimir Putin is not easing",
    ),
    Rule(
        "T105",
        "missing-to",
        "stutter",
        "A verb of command or request followed by a participle where English needs `to` (reported only).",
        "be ordered prepared → be ordered to prepare",
    ),
)

#: Words English doubles on purpose.
LEGIT_DOUBLES = word_set(
    "had that is do bye very so no yes ha haha there now well really much many far long too again knock tut chop "
    "hush night boo blah bla pom din aye wait go come more never please oh ah hey hip ho tick tock tom wah yeah la "
    "cha choo ding dong bang bling bow chow dum mea tsk round"
)
#: Doubled words this common are slips, never style.
FUNCTION_WORD_ZIPF = 5.8
PRONOUNS = "He|She|It|They|We|You"
DOUBLED_RE = re.compile(r"(?<![\w'’-])(?P<first>[^\W\d_]+)(?P<gap>[ \t]+)(?P<second>(?P=first))(?![\w'’-])", re.IGNORECASE)
RESTART_RE = re.compile(rf"(?<![\w'’-])(?P<word>(?!(?:and|or|but|nor) )[a-z]+) (?P<pronoun>{PRONOUNS}|{PRONOUNS.lower()}) (?P=word)(?![\w'’-])")
PHRASE_RE = re.compile(r"(?<![\w'’-])(?P<phrase>[a-z]+(?: [a-z]+){1,3}) (?P=phrase)(?![\w'’-])")
RESUMPTIVE_RE = re.compile(
    r"(?<=[a-z] )(?P<name>[A-Z][a-z]+(?: [A-Z][a-z]+){0,2} [A-Z][a-z]+) (?P<pronoun>it|he|she|they) "
    r"(?=(?:is|was|has|have|had|will|would|are|were|can|could|did|does|said|says)\b)"
)
MISSING_TO_RE = re.compile(
    r"\b(?:be|been|being|is|are|was|were) (?P<verb>ordered|asked|told|expected|required|forced|allowed|urged|encouraged"
    r"|instructed|directed|authorized|authorised|invited|advised|instructed|called on) (?P<participle>[a-z]+ed)\b"
)


class StutterStage(Stage):
    name = "stutter"
    rules = RULES

    def propose(self, doc: Document) -> Iterator[Edit]:
        text = doc.text
        if doc.wants("T101"):
            yield from _doubled_words(doc)
        if doc.wants("T102"):
            for m in RESTART_RE.finditer(text):
                capital = m["pronoun"][0].isupper()
                confidence = 0.9 if capital else 0.6
                message = f"restart after {m['word']!r}: drop {m['pronoun']!r} and the repeated word"
                yield Edit(m.end("word"), m.end(), "", "T102", confidence, message)
        if doc.wants("T103"):
            for m in PHRASE_RE.finditer(text):
                yield Edit(m.end("phrase"), m.end(), "", "T103", 0.85, f"{m['phrase']!r} written twice")
        if doc.wants("T104"):
            for m in RESUMPTIVE_RE.finditer(text):
                start = m.start("pronoun")
                message = f"{m['pronoun']!r} repeats the subject {m['name']!r}"
                yield Edit(start, m.end(), "", "T104", 0.4, message)
        if doc.wants("T105"):
            for m in MISSING_TO_RE.finditer(text):
                stem = _infinitive(m["participle"], doc)
                message = f"{m['verb']!r} takes `to` and an infinitive"
                yield Edit(m.start("verb"), m.end(), f"{m['verb']} to {stem}", "T105", 0.4, message)


def _doubled_words(doc: Document) -> Iterator[Edit]:
    for m in DOUBLED_RE.finditer(doc.text):
        first, second = m["first"], m["second"]
        word = first.lower()
        if word in LEGIT_DOUBLES or (first[0].isupper() and second[0].isupper()):
            continue  # style, or a name such as Sirhan Sirhan
        common = doc.lexicon.zipf(word) >= FUNCTION_WORD_ZIPF
        confidence = 0.95 if common else 0.6
        yield Edit(m.start("gap"), m.end(), "", "T101", confidence, f"{second!r} written twice")


def _infinitive(participle: str, doc: Document) -> str:
    """``prepared`` → ``prepare``, ``ordered`` → ``order``: the dictionary decides."""
    for stem in (participle[:-1], participle[:-2]):
        if stem in doc.lexicon.dictionary:
            return stem
    return participle[:-2]
