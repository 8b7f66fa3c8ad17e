"""A protocol stand-in for a LanguageTool HTTP server, for tests. It is NOT LanguageTool.

It answers LanguageTool's HTTP API v2 the way the real server does on the wire, as far
as language-tool-python 3.x uses it: ``GET /v2/languages``, ``GET /v2/healthcheck`` and
``POST /v2/check`` with form-encoded ``language`` and ``text``. A check answers with full
match objects (message, shortMessage, replacements, offset and length in UTF-16 units,
context built like LanguageTool's ContextTools, sentence, type, rule with its category)
plus the ``software``, ``warnings``, ``language`` and ``sentenceRanges`` sections.

What it flags is a small table of patterns that each test chooses; it knows no grammar.

Modes: ``ok``; ``rate-limit`` answers every check with HTTP 426 and a plain-text body
(the status language-tool-python reads as rate limiting); ``slow`` holds every check
until ``release()`` or ``hold`` seconds have passed.

As a script (``python languagetool_standin.py ... -p PORT``) it serves the default table
until killed: the fake ``java`` of the local-server tests runs it that way.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import socket
import sys
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import psutil
import regex

#: LanguageTool's ContextTools keeps this many UTF-16 units either side of a match.
CONTEXT_UNITS = 40
LANGUAGES = [
    {"name": "English (US)", "code": "en", "longCode": "en-US"},
    {"name": "English (GB)", "code": "en", "longCode": "en-GB"},
    {"name": "German (Germany)", "code": "de", "longCode": "de-DE"},
]
SENTENCE_END_RE = regex.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class StandInRule:
    """A pattern the stand-in flags, and the rule object it reports for it."""

    pattern: str
    rule_id: str
    category: str
    category_name: str
    issue_type: str
    message: str
    replacements: tuple[str, ...] = ()  # templates: \\1 and \\g<name> expand from the match
    type_name: str = "Other"

    def finditer(self, text: str) -> Any:
        return regex.finditer(self.pattern, text)


SPELLING = ("TYPOS", "Possible Typo", "misspelling")
DEFAULT_RULES = (
    StandInRule(r"\bsicne\b", "MORFOLOGIK_RULE_EN_US", *SPELLING, "Possible spelling mistake found.", ("since",), "UnknownWord"),
    StandInRule(
        r"\bteh\b", "MORFOLOGIK_RULE_EN_US", *SPELLING, "Possible spelling mistake found.", ("the", "ten", "tea"), "UnknownWord"
    ),
    StandInRule(r"\bKirbi\b", "MORFOLOGIK_RULE_EN_US", *SPELLING, "Possible spelling mistake found.", ("Kirby",), "UnknownWord"),
    StandInRule(
        r"\bhe go\b",
        "HE_VERB_AGR",
        "GRAMMAR",
        "Grammar",
        "grammar",
        "The pronoun ‘he’ is usually used with a third-person or a past tense verb.",
        ("he goes",),
    ),
    StandInRule(
        r" ,",
        "COMMA_PARENTHESIS_WHITESPACE",
        "TYPOGRAPHY",
        "Typography",
        "whitespace",
        "Put a space after the comma, but not before the comma.",
        (",",),
    ),
    StandInRule(
        r"\b(\p{L}+) \1\b",
        "ENGLISH_WORD_REPEAT_RULE",
        "MISC",
        "Miscellaneous",
        "duplication",
        "Possible typo: you repeated a word.",
        (r"\1",),
        "Other",
    ),
)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def free_port() -> int:
    """A local port nothing listens on (so connecting to it is refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def lt_context(units: bytes, start: int, end: int) -> tuple[str, int]:
    """LanguageTool's ContextTools.getContext on UTF-16 ``units``: the window and the match offset in it."""
    total = len(units) // 2
    first = start - CONTEXT_UNITS
    prefix = "..."
    if first < 0:
        prefix, first = "", 0
    last = end + CONTEXT_UNITS
    postfix = "..."
    if last > total:
        postfix, last = "", total
    window = units[2 * first : 2 * last].decode("utf-16-le", "surrogatepass").replace("\n", " ")
    return prefix + window + postfix, len(prefix) + start - first


def sentence_at(text: str, pos: int) -> str:
    start = 0
    for gap in SENTENCE_END_RE.finditer(text):
        if gap.start() >= pos:
            return text[start : gap.start()].strip()
        start = gap.end()
    return text[start:].strip()


def check_response(text: str, language: str, rules: tuple[StandInRule, ...]) -> dict[str, Any]:
    """The JSON body LanguageTool's /v2/check answers for ``text``."""
    units = text.encode("utf-16-le", "surrogatepass")
    found = sorted(((m, rule) for rule in rules for m in rule.finditer(text)), key=lambda pair: pair[0].start())
    matches = []
    for m, rule in found:
        start = utf16_len(text[: m.start()])
        length = utf16_len(m.group())
        context, context_offset = lt_context(units, start, start + length)
        matches.append(
            {
                "message": rule.message,
                "shortMessage": "Spelling mistake" if rule.category == "TYPOS" else "",
                "replacements": [{"value": m.expand(template)} for template in rule.replacements],
                "offset": start,
                "length": length,
                "context": {"text": context, "offset": context_offset, "length": length},
                "sentence": sentence_at(text, m.start()),
                "type": {"typeName": rule.type_name},
                "rule": {
                    "id": rule.rule_id,
                    "description": rule.message,
                    "issueType": rule.issue_type,
                    "category": {"id": rule.category, "name": rule.category_name},
                },
                "ignoreForIncompleteSentence": False,
                "contextForSureMatch": 0,
            }
        )
    name = next(entry["name"] for entry in LANGUAGES if entry["longCode"] == language)
    total = utf16_len(text)
    return {
        "software": {
            "name": "protocol stand-in (not LanguageTool)",
            "version": "0",
            "buildDate": "",
            "apiVersion": 1,
            "premium": False,
            "status": "",
        },
        "warnings": {"incompleteResults": False},
        "language": {
            "name": name,
            "code": language,
            "detectedLanguage": {"name": name, "code": language, "confidence": 0.99, "source": "stand-in"},
        },
        "matches": matches,
        "sentenceRanges": [[0, total]],
        "extendedSentenceRanges": [{"from": 0, "to": total, "detectedLanguages": [{"language": language[:2], "rate": 1.0}]}],
    }


class ProtocolStandIn:
    """The stand-in server on 127.0.0.1, in a thread of this process; a context manager."""

    def __init__(self, rules: tuple[StandInRule, ...] = DEFAULT_RULES, port: int = 0) -> None:
        self.rules = rules
        self.mode = "ok"
        self.hold = 10.0
        self.delay = 0.0
        self.requests: list[dict[str, Any]] = []
        self.active = 0
        self.max_active = 0
        self._lock = threading.Lock()
        self._release = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", port), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def checked(self) -> list[str]:
        """The texts of the /v2/check requests so far."""
        return [fields["text"] for fields in (r["fields"] for r in self.requests if r["path"] == "/v2/check")]

    def release(self) -> None:
        self._release.set()

    def __enter__(self) -> ProtocolStandIn:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()
        self._server.shutdown()
        self._server.server_close()

    def serve_forever(self) -> None:
        self._server.serve_forever()

    def answer(self, method: str, path: str, content_type: str, fields: dict[str, str]) -> tuple[int, str, str]:
        """(status, content type, body) for one request."""
        with self._lock:
            self.requests.append({"method": method, "path": path, "content_type": content_type, "fields": fields})
        if path == "/v2/healthcheck":
            return 200, "text/plain", "OK"
        if path == "/v2/languages":
            return 200, "application/json", json.dumps(LANGUAGES)
        if path != "/v2/check":
            return 404, "text/plain", f"Error: unknown path {path}"
        if self.mode == "rate-limit":
            return 426, "text/plain", "Error: Too many requests. Please try again later."
        if self.mode == "slow":
            self._release.wait(self.hold)
        language = fields.get("language", "")
        if language not in {entry["longCode"] for entry in LANGUAGES}:
            return 400, "text/plain", f"Error: '{language}' is not a language code known to LanguageTool."
        if "text" not in fields:
            return 400, "text/plain", "Error: Missing 'text' or 'data' parameter"
        with self._lock:
            self.active += 1
            self.max_active = max(self.max_active, self.active)
        try:
            if self.delay:
                time.sleep(self.delay)
            return 200, "application/json", json.dumps(check_response(fields["text"], language, self.rules))
        finally:
            with self._lock:
                self.active -= 1


def _handler(standin: ProtocolStandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            url = urlsplit(self.path)
            self._reply(*standin.answer("GET", url.path, "", _fields(url.query)))

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8")
            content_type = self.headers.get("Content-Type", "")
            fields = _fields(body) if content_type.startswith("application/x-www-form-urlencoded") else {}
            self._reply(*standin.answer("POST", urlsplit(self.path).path, content_type, fields))

        def _reply(self, status: int, content_type: str, body: str) -> None:
            data = body.encode("utf-8")
            try:
                self.send_response(status)
                self.send_header("Content-Type", f"{content_type}; charset=UTF-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a time-out test)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


def _fields(query: str) -> dict[str, str]:
    return {key: values[-1] for key, values in parse_qs(query, keep_blank_values=True).items()}


def fake_java(folder: Path) -> Path:
    """A ``java`` for language-tool-python's local server: reports Java 17 and runs this stand-in.

    It stands in for the JVM only so the local-server life cycle (start, readiness poll,
    checks, kill on close) can be tested without Java; it names itself for what it is.
    """
    folder.mkdir(parents=True, exist_ok=True)
    java = folder / "java"
    java.write_text(
        "#!/bin/sh\n"
        "# fake java for tests: runs the LanguageTool protocol stand-in, not LanguageTool\n"
        'if [ "$1" = "-version" ]; then echo \'openjdk version "17.0.15" 2025-04-15\' >&2; exit 0; fi\n'
        f'exec "{sys.executable}" "{Path(__file__).resolve()}" "$@"\n',
        encoding="utf-8",
    )
    java.chmod(0o755)
    return folder


def fake_install(cache: Path, version: str = "6.6") -> Path:
    """An unpacked ``LanguageTool-<version>`` folder as language-tool-python expects one (the jar is empty)."""
    folder = cache / f"LanguageTool-{version}"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "languagetool-server.jar").write_bytes(b"")
    return folder


def local_environment(folder: Path) -> dict[str, str]:
    """Environment for ``languagetool = "local"`` with the fake ``java``; the stand-ins write their pids to STANDIN_PID_DIR."""
    install = fake_install(folder / "cache")
    pids = folder / "pids"
    pids.mkdir(exist_ok=True)
    return {
        "PATH": f"{fake_java(folder / 'bin')}:/usr/bin:/bin",
        "LTP_JAR_DIR_PATH": str(install),
        "LTP_PATH": str(install.parent),
        "STANDIN_PID_DIR": str(pids),
    }


def started(pids: Path) -> list[int]:
    """The pids of the stand-ins started with ``pids`` as STANDIN_PID_DIR."""
    return [int(path.name) for path in pids.iterdir()]


def stop_leftovers(pids: Path) -> None:
    """Kill, by pid, any stand-in a failed test left running."""
    for pid in started(pids):
        with contextlib.suppress(psutil.NoSuchProcess):
            psutil.Process(pid).kill()


def main(argv: list[str]) -> None:
    """Serve like ``java -cp languagetool-server.jar org.languagetool.server.HTTPServer -p PORT``."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-p", "--port", type=int, default=8081)
    options, _ = parser.parse_known_args(argv)
    pid_dir = os.environ.get("STANDIN_PID_DIR")
    if pid_dir:
        (Path(pid_dir) / str(os.getpid())).write_text("", encoding="utf-8")
    try:
        server = ProtocolStandIn(port=options.port)
    except OSError:
        sys.exit(1)  # port taken: exit early, like the server does
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1:])
