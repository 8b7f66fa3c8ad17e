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
from itertools import compress, count
from operator import eq

from cleaner.edits import Edit, Rule
from cleaner.lexicon import joins_token, word_set
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
    Rule("T103", "doubled-phrase", "stutter", "A two-word phrase written twice in a row.", "of the of the → of the"),
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

#: Words English doubles on purpose: grammar (``had had``), intensifiers (``very very``), sounds.
LEGIT_DOUBLES = word_set(
    "had that is do bye very so no yes ha haha there now well really much many far long too again knock tut chop "
    "hush night boo blah bla pom din aye wait go come more never please oh ah hey hip ho tick tock tom wah yeah la "
    "cha choo ding dong bang bling bow chow dum mea tsk round yada pooh goody ta quack what most pretty big little "
    "quite"
)
#: Doubled words this common are certainly slips; other doubles (``drive drive``) almost.
FUNCTION_WORD_ZIPF = 5.8
PRONOUNS = "He|She|It|They|We|You"
RESTART_PRONOUNS = word_set(PRONOUNS.lower().replace("|", " "))
#: One scan of the lower-cased text (same offsets) finds all three repeats: a doubled word
#: (``the the``), a restart around a pronoun (``would they would``), a doubled pair (``of the of the``).
REPEAT_RE = re.compile(
    r"(?<![\w'’-])(?P<first>[a-z]+)(?:"
    r"(?P<gap>[ \t]+)(?P=first)"
    r"| (?P<second>[a-z]+) (?P=first) (?P=second)"
    rf"| (?P<pronoun>{PRONOUNS.lower()}) (?P=first)"
    r")(?![\w'’-])"
)
#: ``Vladimir Putin it is``: found from the pronoun and verb, then the name before them is checked.
#: Both patterns below need their pronoun or verb as a word of its own, so a text without one
#: is not scanned at all.
RESUMPTIVE_PRONOUNS = ("it", "he", "she", "they")
RESUMPTIVE_RE = re.compile(
    rf" (?P<pronoun>{'|'.join(RESUMPTIVE_PRONOUNS)}) (?:is|was|has|have|had|will|would|are|were|can|could|did|does)\b"
)
NAME_BEFORE_RE = re.compile(r"(?<=[a-z] )(?P<name>[A-Z][a-z]+(?: [A-Z][a-z]+){0,2} [A-Z][a-z]+)\Z")
COMMAND_VERBS = (
    "ordered",
    "asked",
    "told",
    "expected",
    "required",
    "forced",
    "allowed",
    "urged",
    "encouraged",
    "instructed",
    "directed",
    "authorized",
    "authorised",
    "invited",
    "advised",
)
MISSING_TO_RE = re.compile(rf"(?:be|been|being|is|are|was|were) (?P<verb>{'|'.join(COMMAND_VERBS)}) (?P<participle>[a-z]+ed)\b")
#: Conjunctions repeat around a pronoun legitimately: ``Jill and I and the family``.
CONJUNCTIONS = word_set("and or but nor")


class StutterStage(Stage):
    name = "stutter"
    rules = RULES
    english_only = True

    def propose(self, doc: Document) -> Iterator[Edit]:
        text = doc.text
        for m in REPEAT_RE.finditer(text.lower()) if _repeats(doc.vocabulary.lower_tokens) else ():
            if m["gap"] is not None:
                edit = _doubled_word(doc, m)
            elif m["second"] is not None:
                edit = _doubled_pair(doc, m)
            else:
                edit = _restart(doc, m)
            if edit is not None and doc.wants(edit.rule):
                yield edit
        words = doc.vocabulary.counts.keys()
        if doc.wants("T104") and not words.isdisjoint(RESUMPTIVE_PRONOUNS):
            for m in RESUMPTIVE_RE.finditer(text):
                name = NAME_BEFORE_RE.search(text, max(0, m.start() - 60), m.start())
                if name is not None:
                    message = f"{m['pronoun']!r} repeats the subject {name['name']!r}"
                    yield Edit(m.start("pronoun"), m.end("pronoun") + 1, "", "T104", 0.4, message)
        if doc.wants("T105") and not words.isdisjoint(COMMAND_VERBS):
            for m in MISSING_TO_RE.finditer(text):
                if m.start() and joins_token(text[m.start() - 1]):
                    continue  # the end of a longer word (``maybe``)
                stem = _infinitive(m["participle"], doc)
                message = f"{m['verb']!r} takes `to` and an infinitive"
                yield Edit(m.start("verb"), m.end(), f"{m['verb']} to {stem}", "T105", 0.4, message)


def _repeats(tokens: list[str]) -> bool:
    """Whether the tokens hold a doubled word, a doubled pair or a restart: a cheap test first."""
    if any(map(eq, tokens, tokens[1:])):
        return True
    # Only the rare places where a word comes back after one other word need a closer look.
    return any(
        tokens[i + 1] in RESTART_PRONOUNS or tokens[i + 1 : i + 2] == tokens[i + 3 : i + 4]
        for i in compress(count(), map(eq, tokens, tokens[2:]))
    )


def _doubled_word(doc: Document, m: re.Match[str]) -> Edit | None:
    """T101: ``the the``; ``The the`` at a sentence start; never ``had had`` or ``Sirhan Sirhan``."""
    text, word = doc.text, m["first"]
    first, second = text[m.start("first") : m.end("first")], text[m.end("gap") : m.end()]
    if word in LEGIT_DOUBLES or not second[0].islower():
        return None
    confidence = 0.95 if doc.lexicon.zipf(word) >= FUNCTION_WORD_ZIPF else 0.85
    return Edit(m.start("gap"), m.end(), "", "T101", confidence, f"{second!r} written twice after {first!r}")


def _restart(doc: Document, m: re.Match[str]) -> Edit | None:
    """T102: ``would They would``: the pronoun and the repeated word go."""
    text = doc.text
    pronoun = text[m.start("pronoun") : m.end("pronoun")]
    if m["first"] in CONJUNCTIONS or not text[m.start("first")].islower():
        return None
    confidence = 0.9 if pronoun[0].isupper() else 0.6
    message = f"restart after {m['first']!r}: drop {pronoun!r} and the repeated word"
    return Edit(m.end("first"), m.end(), "", "T102", confidence, message)


def _doubled_pair(doc: Document, m: re.Match[str]) -> Edit | None:
    """T103: ``of the of the``, or a restart ``they should They should``; names and titles stay."""
    half = m.start("second") + len(m["second"])
    first_copy, second_copy = doc.text[m.start() : half], doc.text[half + 1 : m.end()]
    if not first_copy.islower() or not (second_copy.islower() or (second_copy[0].isupper() and second_copy[1:].islower())):
        return None
    return Edit(half, m.end(), "", "T103", 0.85, f"{first_copy!r} written twice")


def _infinitive(participle: str, doc: Document) -> str:
    """``prepared`` → ``prepare``, ``ordered`` → ``order``: the dictionary decides."""
    for stem in (participle[:-1], participle[:-2]):
        if stem in doc.lexicon.dictionary:
            return stem
    return participle[:-2]
