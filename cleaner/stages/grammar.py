"""Grammar, spelling and punctuation through LanguageTool: optional, and conservative.

LanguageTool runs as an HTTP server on Java 17+: one the user runs and names with
``languagetool = "http://host:8081"``, or language-tool-python's own local server with
``languagetool = "local"``. Without either the stage proposes nothing. When LanguageTool
is asked for but cannot be used, the stage says why in ``skipped`` (one line, with the
way to fix it) and the run goes on without it.

A match is applied only when it has exactly one suggestion, its category is one the
config lists as safe, and it touches no earlier edit, name, protected word, number,
quote, dash or typographic symbol, line break or Markdown syntax; every other match
becomes a finding that carries LanguageTool's message, rule id and suggestions.
"""

from __future__ import annotations

import os
import re
import threading
from collections import Counter, OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import regex

from cleaner.config import Config
from cleaner.edits import Edit, Rule
from cleaner.lexicon import TOKEN_RE, Lexicon
from cleaner.markdown import LINE_BREAK_RE, complement, merge
from cleaner.protect import protected_spans
from cleaner.stages.base import Document, Stage

RULES = (
    Rule(
        "G101",
        "lt-typo",
        "grammar",
        "LanguageTool spelling fix (TYPOS); needs `languagetool`.",
        "there sicne they → there since they",
    ),
    Rule(
        "G102",
        "lt-punctuation",
        "grammar",
        "LanguageTool punctuation fix (PUNCTUATION); needs `languagetool`.",
        "he said.. → he said.",
    ),
    Rule(
        "G103",
        "lt-casing",
        "grammar",
        "LanguageTool capitalisation fix (CASING); needs `languagetool`.",
        "it ended. then → it ended. Then",
    ),
    Rule(
        "G104",
        "lt-typography",
        "grammar",
        "LanguageTool whitespace and typography fix (TYPOGRAPHY); needs `languagetool`.",
        "troops , he → troops, he",
    ),
    Rule(
        "G105",
        "lt-confused-words",
        "grammar",
        "LanguageTool confused-word fix (CONFUSED_WORDS); needs `languagetool`.",
        "loose the vote → lose the vote",
    ),
    Rule(
        "G201",
        "lt-grammar",
        "grammar",
        "LanguageTool grammar match (GRAMMAR); reported unless its category is made safe.",
        "he go → he goes",
    ),
    Rule(
        "G202",
        "lt-style",
        "grammar",
        "LanguageTool style match (STYLE, REDUNDANCY, PLAIN_ENGLISH, …); reported.",
        "very unique → unique",
        default=False,
    ),
    Rule(
        "G203",
        "lt-other",
        "grammar",
        "Any other LanguageTool category (MISC, SEMANTICS, COLLOCATIONS, …); reported.",
        "a a test → a test",
    ),
)
CATEGORY_CODES = {
    "TYPOS": "G101",
    "PUNCTUATION": "G102",
    "CASING": "G103",
    "TYPOGRAPHY": "G104",
    "CONFUSED_WORDS": "G105",
    "GRAMMAR": "G201",
}
STYLE_CATEGORIES = frozenset(
    {
        "STYLE",
        "REDUNDANCY",
        "PLAIN_ENGLISH",
        "REPETITIONS_STYLE",
        "CREATIVE_WRITING",
        "TEXT_ANALYSIS",
        "WIKIPEDIA",
        "GENDER_NEUTRALITY",
        "AMERICAN_ENGLISH_STYLE",
        "BRITISH_ENGLISH_STYLE",
    }
)

#: Characters per request: well below the 20 KB a request to LanguageTool's public API may carry.
CHUNK_CHARS = 10_000
#: Requests in flight at once, per ``Cleaner``.
MAX_REQUESTS = 4
#: Checked texts whose answers a client remembers.
CACHED_CHUNKS = 256
APPLY_CONFIDENCE = 0.9
REPORT_CONFIDENCE = 0.5
#: A spelling suggestion must be at least this common (Zipf), and more common than the word it replaces.
SUGGESTION_ZIPF = 2.0
#: Suggestions quoted in a finding's message.
SHOWN_SUGGESTIONS = 5

WORD_RE = regex.compile(r"[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*")
#: Quotes, dashes and typographic symbols: their style is the author's (or a quote-style option's) business.
TYPOGRAPHIC = frozenset("\"'“”‘’«»„‚‹›`´-‐‑‒–—―…→←×′″")
APOSTROPHES = frozenset("'’")
MARKDOWN_SYNTAX = frozenset("*_`[]()<>#|\\~")
JAR_NAMES = ("languagetool-server.jar", "languagetool.jar")


def code_for(category: str) -> str:
    """The rule code for a LanguageTool category id.

    >>> code_for("TYPOS"), code_for("STYLE"), code_for("MISC")
    ('G101', 'G202', 'G203')
    """
    category = category.upper()
    return CATEGORY_CODES.get(category) or ("G202" if category in STYLE_CATEGORIES else "G203")


class LanguageToolUnavailable(Exception):
    """LanguageTool cannot be used; the message says why and how to make it work."""


@dataclass(frozen=True, slots=True)
class LanguageToolMatch:
    """One LanguageTool match, in code points of the text that was checked."""

    start: int
    end: int
    rule_id: str
    category: str
    issue_type: str
    message: str
    replacements: tuple[str, ...]


class LanguageToolClient:
    """One LanguageTool connection (a server URL, or ``local``), reused for every check.

    Requests go through ``language_tool_python.LanguageTool.check``, at most
    ``max_requests`` at a time. The answers for the last ``CACHED_CHUNKS`` texts are
    kept: the pipeline runs its stages again while a pass changes the text, and the
    paragraphs that pass left alone need no second request. ``close`` stops a local server.
    """

    def __init__(self, target: str, *, language: str = "en-US", timeout: float = 30.0, max_requests: int = MAX_REQUESTS) -> None:
        self.where = "language-tool-python's local LanguageTool server" if target == "local" else f"LanguageTool at {target}"
        self.timeout = timeout
        self._tool = _start(target, language, timeout, self.where)
        self._pool = ThreadPoolExecutor(max_requests, thread_name_prefix="languagetool")
        self._answers: OrderedDict[str, tuple[LanguageToolMatch, ...]] = OrderedDict()
        self._lock = threading.Lock()

    def check(self, texts: Sequence[str]) -> list[tuple[LanguageToolMatch, ...]]:
        """The matches of each text; raises ``LanguageToolUnavailable`` if any request fails."""
        if len(texts) == 1:
            return [self._check(texts[0])]
        futures = [self._pool.submit(self._check, text) for text in texts]
        try:
            return [future.result() for future in futures]
        finally:
            for future in futures:
                future.cancel()

    def _check(self, text: str) -> tuple[LanguageToolMatch, ...]:
        with self._lock:
            if text in self._answers:
                self._answers.move_to_end(text)
                return self._answers[text]
        try:
            matches = self._tool.check(text)
        except Exception as exc:  # whatever the server or the library raises, the stage stops and says why
            raise LanguageToolUnavailable(_why(exc, self.where, self.timeout)) from exc
        found = tuple(located for match in matches if (located := locate(text, match)) is not None)
        with self._lock:
            self._answers[text] = found
            if len(self._answers) > CACHED_CHUNKS:
                self._answers.popitem(last=False)
        return found

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._tool.close()


def locate(text: str, match: Any) -> LanguageToolMatch | None:
    """A ``language_tool_python.Match`` in code points of ``text``; None if it does not point at what it quotes.

    LanguageTool counts UTF-16 units. language-tool-python turns ``offset`` into code
    points but leaves ``error_length`` in UTF-16 units, so the end comes from the quoted
    context, decoded as UTF-16. Comparing the span with that quote also rejects a shifted
    offset (the library keeps the astral positions of the last text in class attributes,
    which concurrent checks can race on).
    """
    units = match.context.encode("utf-16-le", "surrogatepass")
    first = 2 * match.offset_in_context
    quoted = units[first : first + 2 * match.error_length].decode("utf-16-le", "surrogatepass")
    start = match.offset
    end = start + len(quoted)
    if start < 0 or end > len(text) or text[start:end].replace("\n", " ") != quoted:
        return None
    return LanguageToolMatch(
        start, end, match.rule_id, match.category, match.rule_issue_type, match.message, tuple(match.replacements)
    )


def _start(target: str, language: str, timeout: float, where: str) -> Any:
    try:
        import language_tool_python  # noqa: F401  (optional dependency: fail here, with the fix)
        import requests
    except ImportError as exc:
        raise LanguageToolUnavailable(
            "language-tool-python is not installed; install it with pip install 'cleaner[grammar]'"
        ) from exc
    try:
        if target == "local":
            version = _local_install_version()
            options = {"language_tool_download_version": version} if version else {}
            return _timed_language_tool()(language, timeout=timeout, **options)
        # language-tool-python appends v2/ itself.
        return _timed_language_tool()(language, timeout=timeout, remote_server=re.sub(r"/v2/?$", "/", target))
    except LanguageToolUnavailable:
        raise
    except (requests.RequestException, TimeoutError) as exc:
        # Unwrapped network errors of the local mode come from its download; server errors arrive wrapped.
        if target != "local":
            raise LanguageToolUnavailable(_why(exc, where, timeout)) from exc
        raise LanguageToolUnavailable(
            f"language-tool-python could not download LanguageTool ({_first_line(exc)}); set LTP_JAR_DIR_PATH to an "
            "unpacked LanguageTool-<version> folder, or point --languagetool at a running server"
        ) from exc
    except (Exception, SystemExit) as exc:  # the library exits on a `java -version` it cannot parse
        raise LanguageToolUnavailable(_why(exc, where, timeout)) from exc


@cache
def _timed_language_tool() -> type[Any]:
    """``language_tool_python.LanguageTool`` with a request time-out of our choosing.

    The library fixes 300 s per request in the private class attribute ``_TIMEOUT`` and
    offers no public option; this is the one place the stage touches its internals.
    """
    from language_tool_python import LanguageTool

    class TimedLanguageTool(LanguageTool):
        def __init__(self, *args: Any, timeout: float, **kwargs: Any) -> None:
            self._TIMEOUT = timeout  # type: ignore[assignment]
            super().__init__(*args, **kwargs)

    return TimedLanguageTool


def _local_install_version() -> str | None:
    """The version of the LanguageTool in ``LTP_JAR_DIR_PATH``, made findable for language-tool-python 3.x.

    3.x skips its download when ``LTP_JAR_DIR_PATH`` is set, yet still looks for the jar
    in ``$LTP_PATH/LanguageTool-<version>``: so the folder must carry that name, and
    ``LTP_PATH`` defaults to its parent (set in this process when unset).
    """
    raw = os.environ.get("LTP_JAR_DIR_PATH")
    if not raw:
        return None
    folder = Path(raw).expanduser()
    if not any((folder / jar).is_file() for jar in JAR_NAMES):
        raise LanguageToolUnavailable(
            f"LTP_JAR_DIR_PATH={raw} holds no languagetool-server.jar; unpack a LanguageTool release there, "
            "or point --languagetool at a running LanguageTool server"
        )
    named = re.fullmatch(r"LanguageTool-(\d+\.\d+|\d{8})", folder.name)
    if named is None:
        raise LanguageToolUnavailable(
            f"LTP_JAR_DIR_PATH={raw} must be the unpacked LanguageTool-<version> folder "
            "(language-tool-python reads the version from its name)"
        )
    cache_dir = os.environ.setdefault("LTP_PATH", str(folder.parent))
    if Path(cache_dir).expanduser().resolve() != folder.resolve().parent:
        raise LanguageToolUnavailable(
            f"LTP_JAR_DIR_PATH={raw} is not inside LTP_PATH={cache_dir}; language-tool-python 3.x looks for "
            "LanguageTool-<version> under LTP_PATH, so unset LTP_PATH or move the folder there"
        )
    return named.group(1)


def _why(exc: BaseException, where: str, timeout: float) -> str:
    """One line: what went wrong, and what to do about it."""
    import requests
    from language_tool_python.exceptions import JavaError, PathError, RateLimitError, ServerError

    chain: list[BaseException] = []
    link: BaseException | None = exc
    while link is not None and link not in chain:
        chain.append(link)
        link = link.__cause__ or link.__context__

    def seen(*kinds: type[BaseException]) -> bool:
        return any(isinstance(link, kinds) for link in chain)

    detail = _first_line(exc)
    if seen(RateLimitError):
        return f"{where} is rate-limiting requests (HTTP 426); run your own LanguageTool server and point --languagetool at it"
    if seen(requests.Timeout):
        return f"{where} did not answer within {timeout:g} s; check the server, or raise languagetool-timeout"
    if seen(requests.ConnectionError):
        return (
            f"cannot connect to {where}; start a LanguageTool server there "
            "(see the README, 'Grammar with LanguageTool') or point --languagetool at a running one"
        )
    if seen(JavaError) or (isinstance(exc, ModuleNotFoundError) and "java" in detail.lower()):
        return (
            "no Java found: LanguageTool needs Java 17+ on PATH; install it,"
            " or point --languagetool at a running LanguageTool server"
        )
    if isinstance(exc, SystemError | SystemExit):
        return f"{detail}; install Java 17+, or point --languagetool at a running LanguageTool server"
    if seen(PathError, FileNotFoundError):
        return (
            f"no usable LanguageTool install ({detail}); set LTP_JAR_DIR_PATH to an unpacked LanguageTool-<version> "
            "folder, or point --languagetool at a running server"
        )
    if seen(ServerError):
        return f"{where} did not start ({detail}); run a LanguageTool server yourself and point --languagetool at it"
    return f"{where} failed ({type(exc).__name__}: {detail})"


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:160]


def prose_spans(doc: Document) -> list[tuple[int, int]]:
    """The spans worth checking: the text minus the lines the pipeline masks (``Document.masked``).

    Masked regions that hold a line break or fill whole lines (front matter, fenced and
    indented code, HTML blocks, ``cleaner: off`` regions) are left out; syntax inside a
    prose line (``# ``, link targets, inline code) stays, so sentences reach LanguageTool
    whole, and the pipeline refuses any edit of it.

    >>> from cleaner.protect import fixed_spans
    >>> text = "+++\\ntitle = 'A'\\n+++\\nIntro `x`.\\n\\n    code()\\n\\nOutro."
    >>> doc = Document(text, True, Config(), Lexicon(), frozenset(), masked=tuple(fixed_spans(text, markdown=True)))
    >>> [text[a:b] for a, b in prose_spans(doc)]
    ['\\nIntro `x`.\\n\\n', '\\n\\nOutro.']
    """
    text = doc.text
    skipped = [(start, end) for start, end in doc.masked if _holds_lines(text, start, end)]
    return complement(skipped, len(text))


def _holds_lines(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` crosses a line break or is a whole line."""
    if LINE_BREAK_RE.search(text, start, end):
        return True
    at_line_start = start == 0 or text[start - 1] in "\r\n"
    return at_line_start and (end == len(text) or text[end] in "\r\n")


def chunk_spans(text: str, spans: Iterable[tuple[int, int]], limit: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """Cut each span into requests of at most ``limit`` characters, at paragraphs where possible.

    A chunk ends after its last blank line, else its last line break, sentence end or
    space, so sentences reach LanguageTool whole; only a run of ``limit`` characters
    without any of those is cut hard.

    >>> text = "One two.\\n\\nThree four five.\\n\\nSix."
    >>> [text[a:b] for a, b in chunk_spans(text, [(0, len(text))], limit=20)]
    ['One two.\\n\\n', 'Three four five.\\n\\n', 'Six.']
    """
    chunks: list[tuple[int, int]] = []
    for start, end in spans:
        pos = start
        while pos < end:
            stop = min(pos + limit, end)
            if stop < end:
                stop = _cut(text, pos, stop)
            if text[pos:stop].strip():
                chunks.append((pos, stop))
            pos = stop
    return chunks


def _cut(text: str, start: int, stop: int) -> int:
    window = text[start:stop]
    for separator in ("\n\n", "\n", ". ", " "):
        at = window.rfind(separator)
        if at > 0:
            return start + at + len(separator)
    return stop


class _Judge:
    """Decides, match by match, whether applying LanguageTool's suggestion is safe."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.categories = frozenset(category.upper() for category in doc.config.languagetool_categories)

    def is_name(self, word: str) -> bool:
        """A name in this document: one the vocabulary found, capitals inside (NATO, McCain), or unknown and repeated."""
        vocabulary = self.doc.vocabulary
        if word in vocabulary.names or any(char.isupper() for char in word[1:]):
            return True
        in_prose = vocabulary.counts[word] - self._outside_prose[word]
        return in_prose >= 2 and not self.doc.lexicon.is_known(word)

    @cached_property
    def _outside_prose(self) -> Counter[str]:
        """The vocabulary's tokens in addresses and masked text: ``example.com/zorvex`` does not make a name."""
        text = self.doc.text
        spans = merge(protected_spans(text) + list(self.doc.masked))
        return Counter(token for start, end in spans for token in TOKEN_RE.findall(text, start, end))

    def edit(self, start: int, end: int, match: LanguageToolMatch) -> Edit:
        code = code_for(match.category)
        replacement = match.replacements[0] if len(match.replacements) == 1 else None
        refusal = self.refusal(start, end, match, replacement)
        said = f"{' '.join(match.message.split())} [LanguageTool {match.rule_id}, {match.issue_type}]"
        if refusal is None and replacement is not None:
            return Edit(start, end, replacement, code, APPLY_CONFIDENCE, said)
        shown = ", ".join(repr(value) for value in match.replacements[:SHOWN_SUGGESTIONS])
        suggestions = f"; suggestions: {shown}" if shown else ""
        return Edit(start, end, None, code, REPORT_CONFIDENCE, f"{said} not applied: {refusal}{suggestions}")

    def refusal(self, start: int, end: int, match: LanguageToolMatch, replacement: str | None) -> str | None:
        """Why the match must only be reported, or None when its one suggestion is safe to apply."""
        doc = self.doc
        before = doc.text[start:end]
        if match.category.upper() not in self.categories:
            return f"{match.category} matches are reported only"
        if replacement is None:
            return "more than one suggestion" if match.replacements else "no suggestion"
        if doc.touches_edit(start, end):
            return "overlaps an earlier edit"
        if "\n" in before or "\n" in replacement:
            return "spans a line break"
        if any(char.isdigit() for char in before + replacement):
            return "touches a number"
        if _changes_typography(before, replacement):
            return "changes quotes, dashes or symbols"
        if doc.markdown and not MARKDOWN_SYNTAX.isdisjoint(before + replacement):
            return "touches Markdown syntax"
        for word in self._words_touching(start, end):
            if doc.lexicon.is_protected(word):
                return f"{word!r} is a protected word"
            if self.is_name(word):
                return f"{word!r} is a name in this document"
        if match.category.upper() == "TYPOS":
            return _typo_refusal(doc.lexicon, before, replacement)
        return None

    def _words_touching(self, start: int, end: int) -> Iterator[str]:
        window = max(0, start - 64)
        for word in WORD_RE.finditer(self.doc.text, window, end + 64):
            if word.start() < end and word.end() > start:
                yield word.group()


def _changes_typography(before: str, after: str) -> bool:
    """True unless quotes, dashes and symbols stay as they were (adding an apostrophe, as in don't, is fine).

    >>> _changes_typography("dont", "don't"), _changes_typography('"no"', "“no”"), _changes_typography("...", "…")
    (False, True, True)
    """
    old = Counter(char for char in before if char in TYPOGRAPHIC)
    new = Counter(char for char in after if char in TYPOGRAPHIC)
    return bool(old - new) or not set(new - old) <= APOSTROPHES


def _typo_refusal(lexicon: Lexicon, before: str, after: str) -> str | None:
    """A spelling fix applies only from an unknown lower-case word to words more common than it.

    >>> _typo_refusal(Lexicon(), "sicne", "since") is None, _typo_refusal(Lexicon(), "Kirbi", "Kirby")
    (True, 'capitalised words are likely names')
    """
    words = WORD_RE.findall(before)
    if any(not word.islower() for word in words):
        return "capitalised words are likely names"
    known = [word for word in words if lexicon.is_known(word)]
    if known:
        return f"{known[0]!r} is a known word"
    flagged = max(map(lexicon.zipf, words), default=0.0)
    if not all(lexicon.is_known(word, SUGGESTION_ZIPF) and lexicon.zipf(word) > flagged for word in WORD_RE.findall(after)):
        return "the suggestion is not a common word"
    return None


class GrammarStage(Stage):
    """LanguageTool's matches as edits (safe ones) and findings (the rest); inert without ``languagetool``."""

    name = "grammar"
    rules = RULES

    def __init__(self, config: Config | None = None, *, chunk_chars: int = CHUNK_CHARS, max_requests: int = MAX_REQUESTS) -> None:
        self.config = config or Config()
        self.chunk_chars = chunk_chars
        self.max_requests = max_requests
        self._client: LanguageToolClient | None = None
        self._skipped: str | None = None
        self._lock = threading.Lock()

    @classmethod
    def from_config(cls, config: Config) -> GrammarStage:
        return cls(config)

    @property  # type: ignore[override]
    def english_only(self) -> bool:  # type: ignore[override]
        """LanguageTool checks in ``languagetool-language``: an English checker stays out of other languages."""
        return self.config.languagetool_language.lower().startswith("en")

    @property
    def skipped(self) -> str | None:
        if self._skipped is None and self.config.languagetool is None and self.config.require_languagetool:
            return "no LanguageTool server was given; pass --languagetool URL (or local), or set languagetool in the config"
        return self._skipped

    def propose(self, doc: Document) -> list[Edit]:
        client = self._connected()
        if client is None:
            return []
        chunks = chunk_spans(doc.text, prose_spans(doc), self.chunk_chars)
        if not chunks:
            return []
        try:
            results = client.check([doc.text[start:end] for start, end in chunks])
        except LanguageToolUnavailable as exc:
            self._give_up(str(exc))
            return []
        judge = _Judge(doc)
        return [
            judge.edit(offset + match.start, offset + match.end, match)
            for (offset, _), matches in zip(chunks, results, strict=True)
            for match in matches
        ]

    def _connected(self) -> LanguageToolClient | None:
        """The stage's one client, connected on first use; None when off or unavailable."""
        target = self.config.languagetool
        if target is None or self._skipped is not None:
            return None
        with self._lock:
            if self._client is None and self._skipped is None:
                try:
                    self._client = LanguageToolClient(
                        target,
                        language=self.config.languagetool_language,
                        timeout=self.config.languagetool_timeout,
                        max_requests=self.max_requests,
                    )
                except LanguageToolUnavailable as exc:
                    self._skipped = str(exc)
            return self._client

    def _give_up(self, reason: str) -> None:
        """Stop for the rest of the run: one failure usually means the server is down or limiting us."""
        with self._lock:
            if self._skipped is None:
                self._skipped = reason
            client, self._client = self._client, None
        if client is not None:
            client.close()

    def close(self) -> None:
        with self._lock:
            client, self._client = self._client, None
        if client is not None:
            client.close()
