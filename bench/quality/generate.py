"""Seeded injection of ingest artifacts into clean articles, with gold labels.

Each artifact is planned as an ``Op`` on the clean text: a span of whole tokens (runs of
non-space characters) and the damaged form it takes in the corrupted text; header lines
are insertions at a line start. Ops never overlap or touch (at least one character lies
between any two), so the gold of one artifact never depends on another, and applying
every gold correction to the corrupted text restores the clean text exactly. The one
exception is a hard-wrap break next to another artifact: it covers only the space and
touches that artifact, so the scorer judges the two together.

Every damaged form is checked to be wrong: a merged or misspelled token is unknown to
``wordfreq`` and absent from the article, and no op reaches into a URL, e-mail address or
other span the pipeline protects. Damage comes from outside the cleaner: misspellings from
codespell's list, real-word confusions from published usage guides and codespell's rare
words (``bench.quality.confusions``), known words from ``wordfreq`` alone; the cleaner's
lexicon and rule tables are never asked. The same seed and the same article give the same case.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import ftfy.bad_codecs  # noqa: F401  (registers the sloppy-windows-1252 codec)
import regex
import wordfreq

from bench.quality.confusions import load_confusions
from bench.quality.errata import ERRATA
from bench.quality.gold import Case, Gold
from bench.quality.seeds import Label, locate
from cleaner.protect import protected_spans

#: Share of documents left untouched as controls.
CONTROL_RATE = 0.2
#: Chance that a non-control document gets a class at all; the counts vary per document too.
CLASS_RATES = {
    "hard-wrap": 0.1,
    "headers": 0.4,
    "merged-name": 0.45,
    "merged-case": 0.4,
    "merged-punct": 0.4,
    "typo": 0.45,
    "real-word": 0.35,
    "stutter": 0.35,
    "mojibake": 0.25,
    "entity": 0.3,
    "whitespace": 0.4,
}
#: Words per artifact of one class at intensity 1 (a document draws an intensity of 0.5, 1 or 2).
WORDS_PER_ARTIFACT = 250

WORD_RE = regex.compile(r"(?<![\p{L}\p{N}’'-])\p{L}+(?![\p{L}\p{N}’'-])")
#: A word with an inner apostrophe or none (``it’s``, ``they're``), for the real-word confusions.
APOSTROPHE_WORD_RE = regex.compile(r"(?<![\p{L}\p{N}’'-])\p{L}+(?:['’]\p{L}+)?(?![\p{L}\p{N}’'-])")
#: Zipf frequency (wordfreq) at which a damaged form would be a known word, so no damage at all.
KNOWN_ZIPF = 3.0
ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "jr",
        "sr",
        "st",
        "gen",
        "sen",
        "rep",
        "gov",
        "lt",
        "col",
        "sgt",
        "capt",
        "maj",
        "prof",
        "rev",
        "inc",
        "ltd",
        "co",
        "corp",
        "vs",
        "etc",
        "no",
        "jan",
        "feb",
        "mar",
        "apr",
        "aug",
        "sept",
        "sep",
        "oct",
        "nov",
        "dec",
        "ave",
        "mt",
        "ft",
        "vol",
        "fig",
        "op",
    ]
)
#: Repetitions that are correct English (``had had``, ``that that``): never injected as stutters.
LEGIT_REPEATS = frozenset(
    [
        "had",
        "that",
        "is",
        "do",
        "very",
        "so",
        "no",
        "many",
        "really",
        "far",
        "more",
        "again",
        "bye",
        "well",
        "yeah",
        "knock",
        "tut",
        "ha",
    ]
)
MODALS = ("would", "will", "could", "should", "can", "may", "must", "might")
STUTTER_PRONOUNS = ("They", "It", "He", "She", "We")
ODD_SPACES = ("\u00a0", "\u00a0", "\u00a0", "\u2009", "\u202f", "\u2002", "\u2003")
ZERO_WIDTHS = ("\u200b", "\u200b", "\u2060", "\ufeff", "\u00ad")
ENTITIES: dict[str, tuple[str, ...]] = {
    "’": ("&rsquo;", "&#8217;", "&#x2019;"),
    "‘": ("&lsquo;", "&#8216;"),
    "“": ("&ldquo;", "&#8220;"),
    "”": ("&rdquo;", "&#8221;"),
    "—": ("&mdash;", "&#8212;"),
    "–": ("&ndash;", "&#8211;"),
    "&": ("&amp;", "&#38;"),
    '"': ("&quot;", "&#34;"),
    "'": ("&#39;", "&#x27;", "&apos;"),
    "é": ("&eacute;", "&#233;"),
    "á": ("&aacute;",),
    "í": ("&iacute;",),
    "ó": ("&oacute;",),
    "ñ": ("&ntilde;",),
    "ü": ("&uuml;",),
    "ç": ("&ccedil;",),
}
FIRST_NAMES = ("Maria", "James", "Anna", "David", "Laura", "Michael", "Sarah", "Ahmed", "Elena", "Thomas", "Grace", "Daniel")
LAST_NAMES = ("Garcia", "Miller", "Novak", "Okafor", "Lindqvist", "Brennan", "Tanaka", "Costa", "Haddad", "Fischer", "Walsh")
OUTLETS = ("Associated Press", "Reuters", "AFP", "VOA News", "Staff Writer", "The Times")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
SHORT_MONTHS = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")
ADVERTS = ("Advertisement", "Advertisement", "ADVERTISEMENT", "Story continues below advertisement", "Skip Advertisement")
SHARE_RUNS = (
    "Share\nFacebook\nTwitter\nEmail",
    "Share this article\nFacebook\nTwitter\nWhatsApp\nEmail",
    "Share Facebook Twitter Email",
    "Facebook Twitter LinkedIn Email Print",
    "Share on Facebook | Share on Twitter | Email",
    "Tweet\nShare\nEmail",
)
ATTRIBUTION_RE = regex.compile(
    r"(?:(?:\p{Lu}[\p{L}.’'-]*\s+){1,4}|(?:he|she|they|we|it)\s+)?(?:said|says|added|told|noted|stated|wrote|explained)\b"
)


@dataclass(frozen=True, slots=True)
class Op:
    """Clean ``text[start:end]`` becomes ``replacement`` in the corrupted text."""

    start: int
    end: int
    replacement: str
    cls: str
    kind: str
    accept: tuple[str, ...] = ()
    group: str = ""


class Plan:
    """The ops chosen for one document, kept apart from each other and from protected spans."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.ops: list[Op] = []
        self._blocked = protected_spans(text)

    def free(self, start: int, end: int, *, touching: bool = False) -> bool:
        """True when ``[start, end)`` neither overlaps nor (unless ``touching``) touches anything planned or protected."""
        if touching:
            return not any(start < e and s < end for s, e in self._blocked)
        return not any(start <= e and s <= end for s, e in self._blocked)

    def block(self, start: int, end: int) -> None:
        """Keep ops off ``[start, end)`` (and its edges)."""
        self._blocked.append((start, end))

    def add(self, op: Op, *, touching: bool = False) -> bool:
        """Plan ``op`` if its span is free and it really damages the text."""
        if (
            not self.free(op.start, op.end, touching=touching)
            or op.replacement == self.text[op.start : op.end]
            or protected_spans(op.replacement)
        ):
            return False
        self.ops.append(op)
        self.block(op.start, op.end)
        return True


def token_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen ``[start, end)`` to whole tokens (maximal runs of non-space characters)."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def token_op(text: str, start: int, end: int, damaged: str, cls: str, kind: str, accept: tuple[str, ...] = ()) -> Op:
    """An op that damages ``text[start:end]`` into ``damaged``, labelled over whole tokens.

    ``accept`` holds alternative repairs of the inner span, widened the same way.
    """
    t_start, t_end = token_span(text, start, end)
    head, tail = text[t_start:start], text[end:t_end]
    return Op(t_start, t_end, head + damaged + tail, cls, kind, tuple(head + a + tail for a in accept))


def build_case(name: str, text: str, ops: list[Op], *, carried: tuple[Gold, ...] = (), control: bool = False) -> Case:
    """Apply planned ops to ``text`` and record each one's span in the corrupted text.

    ``carried`` is gold already labelled in ``text`` (spans no op touches): it moves with
    the text, so damage can be layered (a hard wrap over a text with typos).
    """
    items: list[Op | Gold] = [*ops, *carried]
    parts: list[str] = []
    gold: list[Gold] = []
    pos = 0
    length = 0
    for item in sorted(items, key=lambda item: item.start):
        if item.start < pos:
            raise ValueError(f"ops overlap at {item.start}")
        kept = text[pos : item.start]
        damaged = item.replacement if isinstance(item, Op) else text[item.start : item.end]
        parts += [kept, damaged]
        start = length + len(kept)
        length = start + len(damaged)
        if isinstance(item, Op):
            gold.append(Gold(item.cls, start, length, text[item.start : item.end], item.accept, kind=item.kind, group=item.group))
        else:
            gold.append(replace(item, start=start, end=length))
        pos = item.end
    parts.append(text[pos:])
    return Case(name, "".join(parts), tuple(gold), control)


class Generator:
    """Turns clean articles into labelled cases, deterministically for a given seed.

    ``misspellings`` maps a correct word to real misspellings of it (see
    ``bench.quality.misspellings``), ``confusions`` a word to the real words written in its
    place (see ``bench.quality.confusions``; loaded from there when not given).
    """

    def __init__(
        self,
        misspellings: Mapping[str, tuple[str, ...]],
        confusions: Mapping[str, tuple[str, ...]] | None = None,
        seed: int = 0,
        errata: Mapping[str, tuple[Label, ...]] = ERRATA,
    ) -> None:
        self.misspellings = misspellings
        self.confusions = load_confusions() if confusions is None else confusions
        self.seed = seed
        self.errata = errata
        self.injectors: dict[str, Callable[[str, random.Random], list[Op]]] = {
            "headers": self.headers,
            "merged-name": self.merged_names,
            "merged-case": self.merged_case,
            "merged-punct": self.merged_punct,
            "typo": self.typos,
            "real-word": self.real_words,
            "stutter": self.stutters,
            "mojibake": self.mojibake,
            "entity": self.entities,
            "whitespace": self.whitespace,
        }

    def corrupt_all(self, articles: Sequence[tuple[str, str]]) -> list[Case]:
        """Cases for ``(name, text)`` articles; exactly ``CONTROL_RATE`` of them (rounded) stay clean."""
        names = sorted(name for name, _ in articles)
        count = round(CONTROL_RATE * len(names))
        clean = [name for name in names if name not in self.errata]
        controls = set(random.Random(f"{self.seed}:controls").sample(clean, min(count, len(clean))))
        return [self.corrupt(name, text, control=name in controls) for name, text in articles]

    def corrupt(self, name: str, text: str, *, control: bool | None = None) -> Case:
        """The labelled case for one article; ``control`` forces or forbids a clean control.

        Known errors of the article itself (``errata``) are labelled too and kept apart.
        """
        rng = random.Random(f"{self.seed}:{name}")
        is_control = rng.random() < CONTROL_RATE if control is None else control
        errata = tuple(locate(text, label, "erratum") for label in self.errata.get(name, ()))
        if is_control:  # an article with errata cannot be a clean control: it keeps their labels only
            return Case(name, text, errata, control=not errata)
        plan = Plan(text)
        for g in errata:
            plan.block(g.start, g.end)
        intensity = rng.choice((0.5, 1.0, 2.0))
        most = max(1, round(intensity * len(text.split()) / WORDS_PER_ARTIFACT))
        chosen = [cls for cls in self.injectors if rng.random() < CLASS_RATES[cls]]
        rng.shuffle(chosen)
        for cls in chosen:
            self.place(plan, cls, rng, rng.randint(1, most))
        if not plan.ops:  # every non-control document gets at least one artifact
            for cls in rng.sample(list(self.injectors), len(self.injectors)):
                if self.place(plan, cls, rng, 1):
                    break
        case = build_case(name, text, plan.ops, carried=errata)
        return self.hard_wrap(case, rng) if rng.random() < CLASS_RATES["hard-wrap"] else case

    def place(self, plan: Plan, cls: str, rng: random.Random, count: int) -> int:
        """Add up to ``count`` ops of one class at free places; returns how many fit.

        A kind is drawn first, then a place, so that frequent kinds (commas, ``of``)
        do not crowd out rare ones (closing quotes, ``eastern``).
        """
        by_kind: dict[str, list[Op]] = {}
        for op in self.injectors[cls](plan.text, rng):
            by_kind.setdefault(op.kind, []).append(op)
        placed = 0
        while placed < count and by_kind:
            kind = rng.choice(sorted(by_kind))
            ops = by_kind[kind]
            placed += plan.add(ops.pop(rng.randrange(len(ops))))
            if not ops:
                del by_kind[kind]
        return placed

    def _unknown(self, token: str, text: str) -> bool:
        """A damaged token is wrong only if no dictionary and no part of the article has it."""
        return wordfreq.zipf_frequency(token, "en") < KNOWN_ZIPF and token.lower() not in _vocabulary(text)

    # --- merged words -------------------------------------------------------------------

    def merged_names(self, text: str, rng: random.Random) -> list[Op]:
        """``Kirby said`` -> ``Kirbysaid``: a capitalised word inside a sentence and the next word."""
        ops = []
        for m in regex.finditer(r"(?<=\p{Ll}[,;]? )(\p{Lu}\p{Ll}+) (\p{Ll}{2,})(?!\p{L})", text):
            merged = m[1] + m[2]
            if self._unknown(merged, text):
                ops.append(token_op(text, m.start(), m.end(), merged, "merged-name", "name+word"))
        return ops

    def merged_case(self, text: str, rng: random.Random) -> list[Op]:
        """Spaces lost where the case changes: ``BidenThe`` (sentence break), ``leadersPresident``, ``NATOallies``."""
        ops = []
        for m in _sentence_breaks(text):
            merged = m["a"] + m["b"]
            if self._unknown(merged, text):
                inner = f"{m['a']} {m['b']}"
                ops.append(token_op(text, m.start(), m.end(), merged, "merged-case", "sentence", (inner,)))
        for m in regex.finditer(r"(?<![\w.’'-])(\p{Ll}{2,}) (\p{Lu}\p{Ll}+)(?!\p{L})", text):
            if self._unknown(m[1] + m[2], text):
                ops.append(token_op(text, m.start(), m.end(), m[1] + m[2], "merged-case", "word+Name"))
        for m in regex.finditer(r"(?<![\w.’'-])(\p{Lu}{2,6}) (\p{Ll}{3,})(?!\p{L})", text):
            if self._unknown(m[1] + m[2], text):
                ops.append(token_op(text, m.start(), m.end(), m[1] + m[2], "merged-case", "ACRONYM+word"))
        return ops

    def merged_punct(self, text: str, rng: random.Random) -> list[Op]:
        """Spaces lost after punctuation: ``Ukraine.The``, ``allies,”Kirby``, ``now.”said``, ``allies,Kirby``."""
        ops = []
        for m in _sentence_breaks(text):
            ops.append(token_op(text, m.start("p"), m.end("p") + 1, m["p"], "merged-punct", "sentence"))
        for m in regex.finditer(r"(?<=[\p{L}.,!?])([”\"]) (?=\p{L})", text):
            if m[1] == '"' and text.count('"', text.rfind("\n", 0, m.start()) + 1, m.start()) % 2 == 0:
                continue  # an opening straight quote
            before = text[m.start() - 1]
            if before == "," and ATTRIBUTION_RE.match(text, m.end()) and rng.random() < 0.6:
                if rng.random() < 0.5:  # allies,” Kirby said -> allies”Kirby said
                    ops.append(token_op(text, m.start() - 1, m.end(), m[1], "merged-punct", "quote-comma", (m[1] + " ",)))
                else:  # now,” said -> now.”said
                    ops.append(
                        token_op(text, m.start() - 1, m.end(), "." + m[1], "merged-punct", "quote-period", ("." + m[1] + " ",))
                    )
            else:
                ops.append(token_op(text, m.start(), m.end(), m[1], "merged-punct", "quote"))
        for m in regex.finditer(r"(?<=\p{L}{2})([,;]) (?=\p{L}{2})", text):
            ops.append(token_op(text, m.start(), m.end(), m[1], "merged-punct", "comma"))
        return ops

    # --- lexical errors -----------------------------------------------------------------

    def typos(self, text: str, rng: random.Random) -> list[Op]:
        """A word the article uses, replaced by a real misspelling of it (``since`` -> ``sicne``)."""
        ops = []
        for m in WORD_RE.finditer(text):
            word = m.group()
            capital = word[0].isupper()
            key = word if word in self.misspellings or not word[1:].islower() else word.lower()
            wrongs = [w for w in self.misspellings.get(key, ()) if self._unknown(w, text)]
            if wrongs:
                wrong = rng.choice(wrongs)
                ops.append(token_op(text, m.start(), m.end(), wrong.capitalize() if capital else wrong, "typo", "codespell"))
        return ops

    def real_words(self, text: str, rng: random.Random) -> list[Op]:
        """A word swapped for a real word often written in its place (``than`` -> ``then``, ``a`` -> ``an``)."""
        ops = []
        for m in APOSTROPHE_WORD_RE.finditer(text):
            word = m.group()
            key = word.lower().replace("’", "'")
            wrongs = self.confusions.get(key)
            if wrongs and (word.islower() or (word[0].isupper() and word[1:].islower())):
                wrong = rng.choice(wrongs)
                if "’" in word or ("'" not in word and "’" in text):
                    wrong = wrong.replace("'", "’")  # the article's own apostrophe
                damaged = wrong.capitalize() if word[0].isupper() else wrong
                ops.append(token_op(text, m.start(), m.end(), damaged, "real-word", key))
        return ops

    def stutters(self, text: str, rng: random.Random) -> list[Op]:
        """``the`` -> ``the the``, ``of the`` -> ``of the of the``, ``Momoa in`` -> ``Momoa in Momoa in``,
        ``would`` -> ``would They would``."""
        ops = []
        for m in regex.finditer(r"(?<=\p{L},? )(\p{Ll}+)(?= \p{L})", text):
            word = m[1]
            if word in MODALS:
                doubled = f"{word} {rng.choice(STUTTER_PRONOUNS)} {word}"
                ops.append(token_op(text, m.start(), m.end(), doubled, "stutter", "mt-pronoun"))
            elif word not in LEGIT_REPEATS:
                ops.append(token_op(text, m.start(), m.end(), f"{word} {word}", "stutter", "word"))
        for m in regex.finditer(r"(?<=\p{L} )(\p{L}+(?: \p{L}+){1,3})(?= \p{L})", text, overlapped=True):
            if len(m[1]) >= 6 and not set(m[1].lower().split()) & LEGIT_REPEATS:
                kind = "phrase" if m[1].islower() else "phrase-with-name"
                ops.append(token_op(text, m.start(), m.end(), f"{m[1]} {m[1]}", "stutter", kind))
        return ops

    # --- page furniture -----------------------------------------------------------------

    def headers(self, text: str, rng: random.Random) -> list[Op]:
        """Metadata and boilerplate lines inserted at the top, between paragraphs or at the end."""
        starts = [m.end() for m in regex.finditer(r"\n\n+", text) if m.end() < len(text)]
        ops = []
        if rng.random() < 0.4:
            date = f"{rng.randint(2019, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            prefix = rng.choice(("date {} ", " date {} ", "Date: {} ", "dated {} ")).format(date)
            ops.append(Op(0, 0, prefix, "headers", "date-prefix"))
        else:
            lines = [_byline(rng), _timestamp(rng), rng.choice(SHARE_RUNS)]  # in the order pages show them
            lines = [line for keep, line in zip(_some(rng, 3), lines, strict=True) if keep]
            ops.append(Op(0, 0, "".join(line + "\n\n" for line in lines), "headers", "top-lines"))
        for start in starts:
            kind = rng.choice(("advert", "advert", "timestamp", "share"))
            line = {"advert": rng.choice(ADVERTS), "timestamp": _timestamp(rng), "share": rng.choice(SHARE_RUNS)}[kind]
            ops.append(Op(start, start, line + "\n\n", "headers", kind))
        for m in regex.finditer(r"(?<=\p{Ll}[.!?]) (?=\p{Lu})", text):
            ops.append(token_op(text, m.start(), m.start(), f" {rng.choice(ADVERTS[:3])}", "headers", "advert-inline"))
        body_end = len(text.rstrip("\n"))
        ops.append(Op(body_end, body_end, "\n\n" + rng.choice(SHARE_RUNS), "headers", "share-end"))
        return ops

    # --- character damage ---------------------------------------------------------------

    def mojibake(self, text: str, rng: random.Random) -> list[Op]:
        """A token with non-ASCII characters, encoded as UTF-8 and decoded as cp1252 or latin-1."""
        ops = []
        for m in regex.finditer(r"\S*[^\x00-\x7f]\S*", text):
            codec = "sloppy-windows-1252" if rng.random() < 0.8 else "latin-1"
            ops.append(Op(m.start(), m.end(), m.group().encode("utf-8").decode(codec), "mojibake", "utf8-as-8bit"))
        return ops

    def entities(self, text: str, rng: random.Random) -> list[Op]:
        """Characters left as HTML entities (``&rsquo;``, ``&mdash;``, ``&nbsp;``, sometimes escaped twice)."""
        ops = []
        chars = regex.escape("".join(ENTITIES))
        for m in regex.finditer(rf"\S*[{chars}]\S*", text):
            escaped = "".join(rng.choice(ENTITIES[c]) if c in ENTITIES else c for c in m.group())
            if rng.random() < 0.1:  # escaped twice: &amp;rsquo;
                escaped = escaped.replace("&", "&amp;")
            ops.append(Op(m.start(), m.end(), escaped, "entity", "char"))
        for m in regex.finditer(r"(?<=\S) (?=\S)", text):
            ops.append(token_op(text, m.start(), m.end(), "&nbsp;", "entity", "nbsp"))
        return ops

    def whitespace(self, text: str, rng: random.Random) -> list[Op]:
        """Odd spaces, zero-width characters, runs of spaces and trailing spaces."""
        ops = []
        for m in regex.finditer(r"(?<=\S) (?=\S)", text):
            ops.append(token_op(text, m.start(), m.end(), rng.choice(ODD_SPACES), "whitespace", "odd-space"))
            ops.append(token_op(text, m.start(), m.end(), " " * rng.randint(2, 4), "whitespace", "space-run"))
        for m in regex.finditer(r"\p{L}{4,}", text):
            char = rng.choice(ZERO_WIDTHS)
            cut = rng.randint(2, len(m.group()) - 2) if char == "\u00ad" or rng.random() < 0.5 else len(m.group())
            ops.append(token_op(text, m.start() + cut, m.start() + cut, char, "whitespace", "zero-width"))
        for m in regex.finditer(r"(?<=\S)(?=\n|\Z)", text):
            ops.append(
                token_op(text, m.start(), m.start(), rng.choice((" ", "  ", "   ", "\t", " \t")), "whitespace", "trailing")
            )
        return ops

    def hard_wrap(self, case: Case, rng: random.Random) -> Case:
        """Wrap every line of a case at one width, as a converter does after the other damage.

        Breaks go only at spaces whose neighbouring tokens hold no artifact, so a line may end
        a little short; some long words are broken with a hyphen instead.
        """
        plan = Plan(case.text)
        for g in case.gold:
            plan.block(g.start, g.end)
        width = rng.randint(60, 80)
        for line in regex.finditer(r"[^\n]+", case.text):
            tokens = [(line.start() + t.start(), line.start() + t.end()) for t in regex.finditer(r"\S+", line.group())]
            self._wrap_line(plan, tokens, width, rng, f"line {line.start()}")
        return build_case(case.name, case.text, plan.ops, carried=case.gold)

    def _wrap_line(self, plan: Plan, tokens: list[tuple[int, int]], width: int, rng: random.Random, group: str) -> None:
        text = plan.text
        first = 0  # index of the first token on the current output line
        column = tokens[0][1] - tokens[0][0] if tokens else 0
        for k in range(1, len(tokens)):
            start, end = tokens[k]
            word = text[start:end]
            if column + 1 + len(word) <= width:
                column += 1 + len(word)
                continue
            room = width - column - 1
            hyphen = word.find("-", 2)
            own_hyphen = 2 <= hyphen < room and word[hyphen + 1 :].isalpha()
            if own_hyphen and plan.add(
                Op(start, end, f"{word[: hyphen + 1]}\n{word[hyphen + 1 :]}", "hard-wrap", "at-hyphen", group=group)
            ):
                first, column = k, len(word) - hyphen - 1
                continue
            cut = min(room - 1, len(word) - 3)
            hyphenate = word.isalpha() and word.islower() and len(word) >= 8 and room >= 5 and rng.random() < 0.3
            if hyphenate and plan.add(Op(start, end, f"{word[:cut]}-\n{word[cut:]}", "hard-wrap", "hyphenated", group=group)):
                first, column = k, len(word) - cut
                continue
            for j in range(k, first, -1):  # the last space on this line where a break is allowed
                (left_start, left_end), (right_start, right_end) = tokens[j - 1], tokens[j]
                if text[left_end:right_start] != " ":
                    continue
                joined = f"{text[left_start:left_end]}\n{text[right_start:right_end]}"
                # Over both words; or, next to another artifact, over the space alone (touching it).
                if plan.add(Op(left_start, right_end, joined, "hard-wrap", "break", group=group)) or plan.add(
                    Op(left_end, right_start, "\n", "hard-wrap", "break-space", group=group), touching=True
                ):
                    first, column = j, end - right_start
                    break
            else:
                column += 1 + len(word)


def _sentence_breaks(text: str) -> list[regex.Match[str]]:
    """``word. Next`` where the period ends a sentence (not an abbreviation or initial)."""
    found = []
    for m in regex.finditer(r"(?<![\w.’'-])(?P<a>\p{L}*\p{Ll})(?P<p>[.!?]) (?P<b>\p{Lu}\p{Ll}*)(?![\p{L}.])", text):
        if m["a"].lower() not in ABBREVIATIONS and len(m["a"]) >= 2:
            found.append(m)
    return found


@lru_cache(maxsize=4)
def _vocabulary(text: str) -> frozenset[str]:
    """The article's own words, lower-cased: a damaged form found here would be correct text."""
    return frozenset(w.lower() for w in WORD_RE.findall(text))


def _some(rng: random.Random, n: int) -> list[bool]:
    """A random non-empty choice among ``n`` items, as flags."""
    flags = [rng.random() < 0.5 for _ in range(n)]
    flags[rng.randrange(n)] = True
    return flags


def _byline(rng: random.Random) -> str:
    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    roll = rng.random()
    if roll < 0.3:
        return f"By {name}, {rng.choice(OUTLETS)}"
    if roll < 0.45:
        return f"BY {name.upper()}"
    if roll < 0.6:
        return f"By {name} and {rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    return f"By {name}"


def _timestamp(rng: random.Random) -> str:
    year, day, month = rng.randint(2019, 2025), rng.randint(1, 28), rng.randrange(12)
    hour, minute = rng.randint(1, 12), rng.randint(0, 59)
    return rng.choice(
        (
            f"Updated: {SHORT_MONTHS[month]} {day}, {year} {hour}:{minute:02d} {rng.choice(('AM', 'PM'))} ET",
            f"Published {MONTHS[month]} {day}, {year}",
            f"Last updated on {MONTHS[month]} {day}, {year} at {hour}:{minute:02d} p.m.",
            f"Posted: {year}-{month + 1:02d}-{day:02d} {hour:02d}:{minute:02d}",
            f"Updated {hour}:{minute:02d} a.m. EST, {SHORT_MONTHS[month]} {day}, {year}",
        )
    )
