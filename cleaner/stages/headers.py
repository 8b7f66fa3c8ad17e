"""Stray page metadata: moved out of the text and into ``Result.metadata``.

Scrapers leave datelines, bylines, timestamps, ad slots, share buttons and captions in
the article. They are recognised only where they stand alone (a whole line, or the
labelled prefix of the first line), so a real sentence that starts with "By" or
"Updated" is left alone. Nothing is dropped: every removal carries what it removed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import regex

from cleaner.edits import Edit, Rule
from cleaner.stages.base import Document, Stage

RULES = (
    Rule(
        "H101",
        "date-header",
        "headers",
        "A labelled or lone date at the start of the article.",
        "date 2022-01-24 President… → President…",
    ),
    Rule("H102", "byline", "headers", "A `By NAME` line near the top.", "By Jane Doe, AP⏎ → (metadata)"),
    Rule(
        "H103",
        "timestamp-line",
        "headers",
        "`Published:`/`Updated:` lines that hold only a date and time.",
        "Updated: Jan. 24, 2022 5:02 PM ET⏎ → (metadata)",
    ),
    Rule(
        "H104",
        "advertisement",
        "headers",
        "Ad slots: `Advertisement`, `Story continues below`, fused or alone.",
        "Advertisement⏎ → (removed)",
    ),
    Rule("H105", "share-buttons", "headers", "Runs of share-button labels.", "Share Facebook Twitter Email⏎ → (removed)"),
    Rule(
        "H106",
        "image-caption",
        "headers",
        "`Image caption`/`Image source`/`Photo:` lines.",
        "Image caption: Troops… ⏎ → (metadata)",
    ),
    Rule(
        "H107", "read-more", "headers", "`Read more:`/`Related:`/`See also:` link lines.", "Read more: Biden warns…⏎ → (metadata)"
    ),
)

MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
WEEKDAY = r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)(?:day|nesday|urday|sday)?\.?,?"
DATE = (
    rf"(?:{WEEKDAY}\s+)?(?:\d{{4}}-\d{{2}}-\d{{2}}(?:[T ]\d{{2}}:\d{{2}}(?::\d{{2}})?(?:Z|[+-]\d{{2}}:?\d{{2}})?)?"
    rf"|{MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{MONTH},?\s+\d{{4}}|\d{{1,2}}/\d{{1,2}}/\d{{2,4}})"
)
TIME = r"\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?|[AP]\.?M\.?)?(?:\s+[A-Z]{2,4})?"

#: A labelled date fused before the first sentence: `` date 2022-01-24 President…``.
DATE_PREFIX_RE = regex.compile(
    rf"\s*(?P<label>(?i:date|dated|published|updated|posted|last updated))\s*(?:on\s+)?[:\-]?\s*(?P<date>{DATE})"
    rf"(?:,?\s+(?:at\s+)?{TIME})?(?:\s*[|·•–—]\s*|\s+|\Z|(?=[“\"]))(?=\p{{Lu}}|[“\"]|\Z)"
)
LONE_DATE_RE = regex.compile(rf"(?P<date>{DATE})(?:,?\s+(?:at\s+)?{TIME})?", regex.IGNORECASE)
BYLINE_RE = regex.compile(
    r"(?:By|BY)\s+(?P<name>[\p{Lu}][\p{L}.'’-]+(?:\s+(?:[\p{Lu}][\p{L}.'’-]+|de|van|von|der|da|bin))*"
    r"(?:\s*(?:,|and|&)\s+[\p{Lu}][\p{L}.'’-]+(?:\s+[\p{Lu}][\p{L}.'’-]+)*)*)"
    r"(?:\s*[,|–—-]\s*(?P<outlet>[\p{Lu}][\p{L}.&'’ ]{1,40}))?"
)
TIMESTAMP_RE = regex.compile(
    r"(?P<label>Published|Updated|Last updated|Last modified|Posted|First published|Originally published)"
    r"(?:\s+(?:on|at))?\s*:?\s*(?P<when>[\w ,:./|+-]{4,80})",
    regex.IGNORECASE,
)
TIMESTAMP_WORD_RE = regex.compile(
    rf"(?:{MONTH}|{WEEKDAY}|at|on|am|pm|a\.m\.|p\.m\.|[A-Z]{{2,4}}|updated|published|last|modified|and|\d[\d:/.,-]*)",
    regex.IGNORECASE,
)
ADVERT_LINE_RE = regex.compile(
    r"(?:advertisement|advertisment|sponsored(?: content)?|paid content|skip advertisement"
    r"|(?:story|article) continues below(?: (?:this )?advertisement)?|continue reading(?: the main story)?)",
    regex.IGNORECASE,
)
#: "Advertisement" fused after a sentence, before the next sentence or the paragraph end.
#: A following capitalised word must open a sentence (lower-case word after it), so a
#: name such as "Advertisement Standards Authority" stays.
ADVERT_INLINE_RE = regex.compile(
    r"(?<=[.!?”\"]) (?:ADVERTISEMENT|Advertisement)(?: (?=[“\"]|\p{Lu}\p{Ll}*[ ,]+\p{Ll})|(?=\n|\Z))"
)
SHARE_TOKEN = (
    r"(?:share(?: (?:this|on \w+|via \w+|the story|this (?:article|story)))?|facebook|twitter|x|e-?mail|whatsapp|linkedin|reddit"
    r"|pinterest|print|copy(?: link)?|tweet|messenger|telegram|flipboard|comments?|save|mail)"
)
SHARE_LINE_RE = regex.compile(rf"{SHARE_TOKEN}(?:\s*[|•·/,]?\s*{SHARE_TOKEN})*", regex.IGNORECASE)
SHARE_ANCHOR_RE = regex.compile(r"share|facebook|twitter|whatsapp|linkedin|reddit|pinterest|tweet|telegram", regex.IGNORECASE)
CAPTION_RE = regex.compile(
    r"(?:(?:Image|Media|Photo|Video) (?:caption|source|copyright|credit)\b\s*:?\s*|(?:Photo|Image|Picture|Photograph|Credit)\s*:\s+)(?P<caption>.{0,300})"
)
READ_MORE_RE = regex.compile(
    r"(?:Read more|READ MORE|Read More|Also read|ALSO READ|Related|RELATED|See also|More|MORE|Watch|WATCH)\s*[:|]\s*(?P<link>.{1,200})"
)
#: Bylines and lone dates are only metadata near the top of an article.
TOP_LINES = 5


@dataclass(frozen=True, slots=True)
class Line:
    start: int
    end: int  # excluding the newline
    text: str
    index: int  # among non-blank lines


class HeadersStage(Stage):
    name = "headers"
    rules = RULES

    def propose(self, doc: Document) -> Iterator[Edit]:
        text = doc.text
        if doc.wants("H101"):
            found: dict[str, list[str]] = {}
            start = end = doc.body_start()
            while m := DATE_PREFIX_RE.match(text, end):  # repeated headers go together
                key = "date" if m["label"].lower().startswith("date") else m["label"].lower().replace(" ", "_")
                found.setdefault(key, []).append(m["date"])
                end = m.end()
            if found:
                metadata: dict[str, str | list[str]] = {k: v[0] if len(v) == 1 else v for k, v in found.items()}
                described = ", ".join(f"{k} {', '.join(v)}" for k, v in found.items())
                yield Edit(start, end, "", "H101", 0.95, f"move {described} to metadata", metadata)
        if doc.wants("H104"):
            for m in ADVERT_INLINE_RE.finditer(text):
                keep = " " if m.group().endswith(" ") else ""
                yield Edit(
                    m.start(),
                    m.end(),
                    keep,
                    "H104",
                    0.85,
                    "remove fused advertisement label",
                    {"boilerplate": [m.group().strip()]},
                )
        lines = _lines(doc)
        share_run: list[Line] = []
        at_top = True  # every line so far was removed: blank lines after the next removal go too
        for line in lines:
            if doc.wants("H105") and SHARE_LINE_RE.fullmatch(line.text):
                share_run.append(line)
                continue
            if share_run:
                removed = list(_share_run(text, share_run, at_top))
                yield from removed
                at_top = at_top and bool(removed)
                share_run = []
            edit = _lone_line(doc, line)
            if edit is None:
                at_top = False
                continue
            span_start, span_end = _line_span(text, line, line, at_top)
            yield Edit(span_start, span_end, "", edit.rule, edit.confidence, edit.message, edit.metadata)
        yield from _share_run(text, share_run, at_top)


def _lone_line(doc: Document, line: Line) -> Edit | None:
    """The header rule a whole line matches, as an edit without its span yet."""
    content = line.text
    top = line.index < TOP_LINES
    if top and doc.wants("H101") and LONE_DATE_RE.fullmatch(content):
        return Edit(0, 0, "", "H101", 0.9, "move lone date line to metadata", {"date": content})
    if top and doc.wants("H102") and (m := BYLINE_RE.fullmatch(content)) and len(content) <= 100:
        meta = {"byline": m["name"]} | ({"outlet": m["outlet"].strip()} if m["outlet"] else {})
        return Edit(0, 0, "", "H102", 0.9, "move byline to metadata", meta)
    if doc.wants("H103") and (m := TIMESTAMP_RE.fullmatch(content)) and _only_timestamp(m["when"]):
        label = m["label"].lower().replace(" ", "_")
        return Edit(0, 0, "", "H103", 0.95, f"move {m['label']} line to metadata", {label: m["when"].strip()})
    if doc.wants("H104") and ADVERT_LINE_RE.fullmatch(content):
        return Edit(0, 0, "", "H104", 0.95, "remove advertisement label", {"boilerplate": [content]})
    if doc.wants("H106") and (m := CAPTION_RE.fullmatch(content)):
        return Edit(0, 0, "", "H106", 0.85, "move caption line to metadata", {"captions": [content]})
    if doc.wants("H107") and READ_MORE_RE.fullmatch(content):
        return Edit(0, 0, "", "H107", 0.85, "move read-more line to metadata", {"related": [content]})
    return None


def _only_timestamp(when: str) -> bool:
    """A timestamp holds a digit and nothing but date and time words."""
    words = [w for w in regex.split(r"[\s,|]+", when.strip()) if w]
    return any(c.isdigit() for c in when) and all(TIMESTAMP_WORD_RE.fullmatch(w) for w in words)


def _share_run(text: str, run: list[Line], at_top: bool) -> Iterator[Edit]:
    labels = " ".join(line.text for line in run)
    if not run or not SHARE_ANCHOR_RE.search(labels) or (len(labels.split()) < 2 and "share" not in labels.lower()):
        return
    start, end = _line_span(text, run[0], run[-1], at_top)
    yield Edit(start, end, "", "H105", 0.9, "remove share-button labels", {"boilerplate": [labels]})


def _lines(doc: Document) -> list[Line]:
    """Non-blank lines with their spans (stripped of surrounding spaces); masked lines (code, front matter) skipped."""
    lines: list[Line] = []
    for m in regex.finditer(r"[^\n]+", doc.text):
        stripped = m.group().strip()
        start = m.start() + len(m.group()) - len(m.group().lstrip())
        if stripped and not doc.is_masked(start, start + len(stripped)):
            lines.append(Line(start, start + len(stripped), stripped, len(lines)))
    return lines


def _line_span(text: str, first: Line, last: Line, at_top: bool) -> tuple[int, int]:
    """The span that deletes whole lines ``first``…``last`` and keeps paragraph breaks sane."""
    start = text.rfind("\n", 0, first.start) + 1
    line_end = text.find("\n", last.end)
    line_end = len(text) if line_end == -1 else line_end
    if not text[line_end:].strip():  # the last lines: drop the break before them, keep the final newline
        while start > 0 and text[start - 1] == "\n":
            start -= 1
        return start, line_end
    end = line_end + 1
    if at_top or start == 0 or text[start - 2 : start] == "\n\n":
        while end < len(text) and text[end] == "\n":
            end += 1
    return start, end
