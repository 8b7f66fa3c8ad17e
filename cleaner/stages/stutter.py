"""Doubled words and machine-translation stutters: ``the the``, ``would They would``.

Patterns over the text, no per-token loop. A doubled function word is removed (every
extra copy of ``the the the``; ``the The Guardian`` keeps the name's form), and so is a
doubled content word inside a clause, outside quotation; a doubled phrase of up to eight
words goes too (``has been has been``, ``Momoa in Momoa in``, a feed title written twice).
Repetition English uses on purpose stays: grammar and idioms (``had had``, ``that that``,
``again and again``), laughter and chants (``Heh heh heh``, ``RUSSIA RUSSIA RUSSIA``),
names (``Sirhan Sirhan``). Repetition that may be meant is only reported: quoted speech,
a clause end (``names names``), an object before the next phrase (``told her her
results``), a particle meeting its twin (``stepped in in person``), a subject clause
meeting its verb (``Those who know know``), a short rare word (``mahi mahi``). A word
repeated around a capitalised pronoun (``would They would``) is the translator's restart
and loses the restart. Two slips with no safe fix are reported: a pronoun that repeats
the subject just named (``Vladimir Putin it is``) and a verb of command followed by a
participle where English puts ``to`` (``be ordered prepared``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import compress, count, islice
from operator import eq

from cleaner.edits import Edit, Rule
from cleaner.lexicon import joins_token, word_set
from cleaner.stages.base import Document, Stage
from cleaner.text import ends_clause, in_quotation, starts_sentence, word_before

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
        "Vladimir Putin it is not easing → Vladimir Putin is not easing (reported)",
    ),
    Rule(
        "T105",
        "missing-to",
        "stutter",
        "A verb of command or request followed by a participle where English needs `to` (reported only).",
        "be ordered prepared → be ordered to prepare (reported)",
    ),
)

#: Words English doubles on purpose: grammar (``had had``), intensifiers (``very very``), sounds.
LEGIT_DOUBLES = word_set(
    "had that is do bye very so no yes ha haha there now well really much many far long too again knock tut chop "
    "hush night boo blah bla pom din aye wait go come more never please oh ah hey hip ho tick tock tom wah yeah la "
    "cha choo ding dong bang bling bow chow dum mea tsk round yada pooh goody ta quack what most pretty big little "
    "quite hear yo uh um ooh woo"
)


@dataclass(frozen=True, slots=True)
class StutterSettings:
    """Every threshold and confidence of the stutter stage, each with its reason and the run that set it.

    Confidences at or above the configured threshold (0.8 by default) are applied; below it
    they are reported. ``bench.real`` is ``python -m bench.real`` on ../shared/real-dev;
    ``bench.quality`` is ``python -m bench.quality`` with the external confusion lists (seeds 1-3).
    The runs that set these values (branch ``context``, issue 10): bench.real mt_stutter F0.5 0.616 → 0.903 with no
    C1xx/T1xx edit on the 60 controls; bench.quality real-word F0.5 >= 0.90 and stutter >= 0.99 on
    seeds 1-3, and no C1xx/T1xx edit on the 200 clean articles but their one known erratum.
    """

    #: A doubled word this common is a function word and certainly a slip (the, for, said); set by
    #: bench.quality (stutter 1.000) and bench.real (mt_stutter: every function-word double repaired).
    function_word_zipf: float = 5.8
    #: A doubled content word rarer than this is more likely a reduplicated name or loan word (mahi mahi)
    #: than a slip; bench.real controls (no false edit) with the issue 10 examples.
    rare_word_zipf: float = 3.5
    #: ... and no longer than this: reduplicated words are short (mahi, bora, tuk); a long rare word said
    #: twice (democratically democratically, commends commends) is a slip (bench.quality seed 3 stutter).
    reduplication_length: int = 6
    #: A doubled function word: applied. bench.real mt_stutter, no wrong repair among 11 doubles.
    function_confidence: float = 0.95
    #: A doubled common content word outside quotation, inside a clause (protest protest and): applied.
    content_confidence: float = 0.85
    #: A doubled phrase (has been has been, Momoa in Momoa in): applied; bench.real mt_stutter.
    phrase_confidence: float = 0.85
    #: A restart around a capitalised pronoun (would They would): applied; seeds and bench.quality.
    restart_confidence: float = 0.9
    #: Repetition that may be meant (quoted speech, a clause end, a particle meeting its twin,
    #: ``who know know``, a rare word): reported only; bench.real controls, 0 false edits from T1xx.
    unsure_confidence: float = 0.5
    #: The slips with no safe fix (T104, T105): always reported.
    report_confidence: float = 0.4
    #: Longest phrase (in words) whose immediate repeat T103 looks for: a feed title written twice
    #: (``Kyocera Battery Recall Kyocera Battery Recall``, bench.real mt_stutter) runs to eight words.
    max_phrase_words: int = 8


SETTINGS = StutterSettings()
PRONOUNS = "He|She|It|They|We|You"
RESTART_PRONOUNS = word_set(PRONOUNS.lower().replace("|", " "))
#: One scan of the lower-cased text (same offsets) finds all three repeats: a run of one word
#: (``the the``, ``the the the``), a restart around a pronoun (``would they would``), and a
#: doubled phrase of two to five words (``of the of the``, ``momoa in momoa in``).
REPEAT_RE = re.compile(
    r"(?<![\w'’-])(?:"
    rf"(?P<phrase>[a-z]+(?: [a-z]+){{1,{SETTINGS.max_phrase_words - 1}}}) (?P=phrase)"
    r"|(?P<first>[a-z]+)(?:(?P<run>(?:[ \t]+(?P=first))+)"
    rf"| (?P<pronoun>{PRONOUNS.lower()}) (?P=first))"
    r")(?![\w'’-])"
)
#: Each of the restart pronouns has a code of its own below the codes of other words (``_coded``).
PRONOUN_CODES = {pronoun: chr(code) for code, pronoun in enumerate(sorted(RESTART_PRONOUNS))}
#: Over a word sequence coded one character a word, the places where a repeat can begin (and
#: ``REPEAT_RE`` can match): a word said again at once, after a restart pronoun, or with the word
#: after it, two to ``max_phrase_words`` words on (the rest of a doubled phrase is checked apart).
REPEAT_CODES_RE = re.compile(
    rf"(.)(?=\1|[\x00-\x{len(PRONOUN_CODES) - 1:02x}]\1|(.).{{0,{SETTINGS.max_phrase_words - 2}}}\1\2)", re.DOTALL
)
#: Words coded at a time (so the codes stay few), and how far chunks overlap: the longest repeat.
CODED_CHUNK = 100_000
REPEAT_SPAN = 2 * SETTINGS.max_phrase_words
#: The maximal runs of ASCII letters of the lower-cased text: every word of a ``REPEAT_RE`` match is one.
LETTER_RUN_RE = re.compile(r"[a-z]+")
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
#: Words that stand before a noun phrase or join clauses: after one of them a doubled pronoun or
#: particle is a slip (``and her her husband``); after a verb it is grammar (``told her her results``).
CLOSED_CLASS = word_set(
    "a an the and or but nor of to in on at for with from by about as than that this these those his her their our "
    "my your its into onto upon over under after before since"
)
#: An object pronoun that can meet its twin opening the next phrase: ``told her her results``, ``told you you were``.
OBJECT_THEN_SUBJECT = word_set("her you")
#: Particles that end a phrasal verb and can meet a preposition twin: ``stepped in in person``.
PARTICLES = word_set("in on up out off over down back around along through by")
#: Common verbs that take particles, whose forms no ending gives away (``came in``, ``set up``).
PARTICLE_VERBS = word_set(
    "come came comes go went goes get got gets put puts set sets take took takes give gave gives run ran runs "
    "hold held holds stand stood stands keep kept keeps bring brought brings make made makes step steps log logs "
    "turn turns sign signs check checks break broke breaks cut cuts let lets sit sat sits show shows shut"
)
#: A subject clause of its own whose verb meets the main verb: ``Those who know know``, ``Whatever happens happens``.
WH_WORDS = word_set("who what whoever whatever whichever wherever whenever")
#: A word right after a doubled phrase, to see whether the phrase goes on a third time.
THIRD_COPY_RE = re.compile(r" [^\W\d_]+(?![\w'’-])")
#: Endings of adjectives said twice for emphasis: ``a wonderful wonderful man``.
ADJECTIVE_ENDINGS = ("ful", "ous", "ive", "less", "ible", "able", "ish")
#: The shortest stem before such an ending: ``massive`` is an adjective, ``drive`` and ``live`` are not.
MIN_STEM = 3
#: ``again and again and``: a word English says twice around one of these, then goes on.
CONNECTORS = word_set("and or by to after upon")


class StutterStage(Stage):
    name = "stutter"
    rules = RULES
    english_only = True

    def propose(self, doc: Document) -> Iterator[Edit]:
        text = doc.text
        repeats = _repeat_matches(text.lower()) if _repeats(doc.vocabulary.lower_tokens) else ()
        for m in doc.budget.metered(repeats):
            if m["phrase"] is not None:
                edit = _doubled_phrase(doc, m)
            elif m["run"] is not None:
                edit = _doubled_word(doc, m)
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
                    yield Edit(m.start("pronoun"), m.end("pronoun") + 1, "", "T104", SETTINGS.report_confidence, message)
        if doc.wants("T105") and not words.isdisjoint(COMMAND_VERBS):
            for m in MISSING_TO_RE.finditer(text):
                if m.start() and joins_token(text[m.start() - 1]):
                    continue  # the end of a longer word (``maybe``)
                stem = _infinitive(m["participle"], doc)
                message = f"{m['verb']!r} takes `to` and an infinitive"
                yield Edit(m.start("verb"), m.end(), f"{m['verb']} to {stem}", "T105", SETTINGS.report_confidence, message)


def _repeats(tokens: list[str]) -> bool:
    """Whether the tokens hold a doubled word, a doubled phrase or a restart: a cheap test first."""
    if any(map(eq, tokens, tokens[1:])):
        return True
    # Only the rare places where a word comes back one to four words later need a closer look:
    # a restart (``would they would``) or the rest of a doubled phrase (``of the of the``).
    for size in range(2, SETTINGS.max_phrase_words + 1):
        for i in compress(count(), map(eq, tokens, tokens[size:])):
            if (size == 2 and tokens[i + 1] in RESTART_PRONOUNS) or tokens[i : i + size] == tokens[i + size : i + 2 * size]:
                return True
    return False


def _repeat_matches(lowered: str) -> Iterator[re.Match[str]]:
    """``REPEAT_RE.finditer(lowered)``, tried only where a word comes back as a repeat needs it to.

    Every word of a match is a maximal run of letters, so a match can begin only at a run
    that ``_near_repeats`` finds; the first match from each such place on, as ``finditer``
    would find it, costs a handful of tries instead of a scan of every word.
    """
    runs = LETTER_RUN_RE.finditer(lowered)  # walked to each place, never held: most runs are not one
    walked = end = 0
    for index in _near_repeats(LETTER_RUN_RE.findall(lowered)):
        start = next(islice(runs, index - walked, None)).start()
        walked = index + 1
        if start >= end:
            m = REPEAT_RE.match(lowered, start)
            if m is not None:
                end = m.end()
                yield m


def _near_repeats(words: list[str]) -> Iterator[int]:
    """Where a word comes back as a repeat needs it to, in order: right after itself, after a restart
    pronoun, or with the word after it (a phrase of two to ``max_phrase_words``, perhaps).

    The words are coded one character each, so one regular-expression scan at C speed finds
    them; a chunk at a time, so a text of more distinct words than characters has codes too.
    """
    for first in range(0, len(words), CODED_CHUNK):
        coded = _coded(words[first : first + CODED_CHUNK + REPEAT_SPAN])
        for m in REPEAT_CODES_RE.finditer(coded):
            if m.start() >= CODED_CHUNK:
                break  # the next chunk's, found there with what follows it
            yield first + m.start()


def _coded(words: list[str]) -> str:
    """``words`` as one character each: equal words alike, the restart pronouns apart from all others."""
    codes = dict(zip(dict.fromkeys(words), map(chr, count(len(PRONOUN_CODES))), strict=False))
    codes.update(PRONOUN_CODES)
    return "".join(map(codes.__getitem__, words))


def _doubled_word(doc: Document, m: re.Match[str]) -> Edit | None:
    """T101: ``the the`` (a run of copies); ``the The Guardian`` keeps the name's form; meant repetition stays.

    ``had had``, ``Sirhan Sirhan`` and ``Heh heh heh`` are left alone; a repeat that may be meant
    (quoted, at a clause end, ``told her her``, ``stepped in in``, ``who know know``) is only reported.
    """
    text, word = doc.text, m["first"]
    if word in LEGIT_DOUBLES:
        return None
    first = text[m.start("first") : m.end("first")]
    copies = text[m.end("first") : m.end()].split()
    function_word = doc.lexicon.zipf(word) >= SETTINGS.function_word_zipf
    if any(not copy[0].islower() for copy in copies):
        if function_word and first.islower() and len(copies) == 1 and copies[0][1:].islower():
            # ``for the The Guardian``: the capitalised copy is the name's own form.
            message = f"{first!r} written before {copies[0]!r}"
            return Edit(m.start(), m.end() - len(copies[0]), "", "T101", SETTINGS.function_confidence, message)
        return None  # names and titles: Sirhan Sirhan, Please Please Me, RUSSIA RUSSIA
    if not first.islower() and not starts_sentence(text, m.start()):
        return None  # a name followed by its lower-case twin
    if not function_word and len(copies) > 1:
        return None  # laughter, chants, emphasis: heh heh heh, no no no
    message = f"{copies[0]!r} written {len(copies) + 1} times" if len(copies) > 1 else f"{copies[0]!r} written twice"
    reason = _maybe_meant(doc, m, word, function_word)
    if reason is not None:
        return Edit(m.end("first"), m.end(), "", "T101", SETTINGS.unsure_confidence, f"{message}; may be meant: {reason}")
    confidence = SETTINGS.function_confidence if function_word else SETTINGS.content_confidence
    return Edit(m.end("first"), m.end(), "", "T101", confidence, message)


def _maybe_meant(doc: Document, m: re.Match[str], word: str, function_word: bool) -> str | None:
    """Why a doubled word may be meant, or ``None`` when it is a slip."""
    text = doc.text
    before = word_before(text, m.start())
    left = before.lower() if before else None
    if word in OBJECT_THEN_SUBJECT and left is not None and left not in CLOSED_CLASS:
        return f"{left} {word} {word}: an object, then the next phrase"
    if word in PARTICLES and left is not None and _verb_form(left):
        return f"{left} {word}: a particle meeting a preposition"
    if _in_clause_with_wh_word(text, m.start()) is not None:
        return "the verb of a subject clause meeting the main verb"
    if function_word:
        return None
    if in_quotation(text, m.start()):
        return "quoted speech"
    if ends_clause(text, m.end()):
        return "said twice at a clause end"
    if len(word) <= SETTINGS.reduplication_length and doc.lexicon.zipf(word) < SETTINGS.rare_word_zipf:
        return "a short rare word, perhaps a reduplicated name or loan word"
    if any(word.endswith(ending) and len(word) - len(ending) >= MIN_STEM for ending in ADJECTIVE_ENDINGS):
        return "an adjective said twice for emphasis"
    return None


def _reduplicates(word: str) -> bool:
    """Whether English says ``word and word`` on purpose: ``again``, ``over``, ``more``, comparatives (``better``)."""
    return word in LEGIT_DOUBLES or word in PARTICLES or word.endswith("er")


def _verb_form(word: str) -> bool:
    """Whether ``word`` looks like a verb that takes a particle: ``stepped``, ``logging``, ``came``, ``give``."""
    return word.endswith(("ed", "ing")) or word in PARTICLE_VERBS


def _in_clause_with_wh_word(text: str, start: int) -> str | None:
    """The wh- word among the three words before ``start`` in the same clause (``Those who know know``)."""
    position = start
    for _ in range(3):
        word = word_before(text, position)
        if word is None:
            return None
        if word.lower() in WH_WORDS:
            return word
        position -= len(word) + 1
    return None


def _restart(doc: Document, m: re.Match[str]) -> Edit | None:
    """T102: ``would They would``: the pronoun and the repeated word go."""
    text = doc.text
    pronoun = text[m.start("pronoun") : m.end("pronoun")]
    if m["first"] in CONJUNCTIONS or not text[m.start("first")].islower():
        return None
    confidence = SETTINGS.restart_confidence if pronoun[0].isupper() else SETTINGS.unsure_confidence
    message = f"restart after {m['first']!r}: drop {pronoun!r} and the repeated word"
    return Edit(m.end("first"), m.end(), "", "T102", confidence, message)


def _doubled_phrase(doc: Document, m: re.Match[str]) -> Edit | None:
    """T103: ``of the of the``, ``Momoa in Momoa in``, a restart ``they should They should``.

    Idioms that go on (``again and again and``, ``day by day by day``), chants in quotation and
    doubled names stay.
    """
    text, phrase = doc.text, m["phrase"]
    half = m.start() + len(phrase)
    first_copy, second_copy = text[m.start() : half], text[half + 1 : m.end()]
    words = phrase.split()
    if len(words) == 2 and words[1] in CONNECTORS:
        after = THIRD_COPY_RE.match(text, m.end())
        if _reduplicates(words[0]) or (after is not None and after.group().strip().lower() == words[0]):
            return None  # again and again and, day by day by day: the idiom goes on
    restart = first_copy.islower() and second_copy[0].isupper() and second_copy[1:].islower()
    if first_copy != second_copy and not restart:
        return None
    names = all(word[0].isupper() for word in first_copy.split())
    function_words = all(doc.lexicon.zipf(word) >= SETTINGS.function_word_zipf for word in words)
    message = f"{first_copy!r} written twice"
    if (names and len(words) < 3) or (not function_words and in_quotation(text, m.start())):
        return Edit(half, m.end(), "", "T103", SETTINGS.unsure_confidence, f"{message}; may be meant")
    return Edit(half, m.end(), "", "T103", SETTINGS.phrase_confidence, message)


def _infinitive(participle: str, doc: Document) -> str:
    """``prepared`` → ``prepare``, ``ordered`` → ``order``: the dictionary decides."""
    for stem in (participle[:-1], participle[:-2]):
        if stem in doc.lexicon.dictionary:
            return stem
    return participle[:-2]
