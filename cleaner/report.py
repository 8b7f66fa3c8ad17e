"""A static HTML page for reviewing a batch run: counts per rule, and every edit in its text.

Built from what the run left in its output folder: ``summary.json``, ``manifest.jsonl``,
``changes.jsonl`` (every edit, of text files and corpus records alike), the clean text
files and the cleaned corpora. The page has no script and escapes every piece of text
it shows.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

from cleaner.io import atomic_write, is_jsonl, open_input
from cleaner.records import RECORD_KEY
from cleaner.runstate import CHANGES, MANIFEST, REPORT, SUMMARY
from cleaner.stages import all_rules

#: Whitespace an edit removes or inserts, drawn so that it can be seen; inserted line breaks also break the line.
VISIBLE = {
    "del": str.maketrans({" ": "␣", "\n": "⏎", "\t": "⇥", "\u00a0": "⍽"}),
    "ins": str.maketrans({" ": "␣", "\n": "⏎\n", "\t": "⇥", "\u00a0": "⍽"}),
}

#: Inline code in a rule's summary, after HTML escaping (which leaves backticks alone).
INLINE_CODE_RE = re.compile(r"`([^`]+)`")


class ReportError(Exception):
    """The folder is not the output of a run."""


@dataclass
class Shown:
    """One changed document on the page: its clean text, edits and findings."""

    title: str
    text: str
    edits: list[dict[str, Any]]
    findings: list[dict[str, Any]] = field(default_factory=list)


def write_report(out_dir: Path, output: Path | None = None, *, max_files: int = 200) -> Path:
    """Write the page (default ``OUT_DIR/report.html``) and return its path."""
    path = output or out_dir / REPORT
    atomic_write(path, render_report(out_dir, max_files=max_files))
    return path


def render_report(out_dir: Path, *, max_files: int = 200) -> str:
    if not (out_dir / MANIFEST).is_file():
        raise ReportError(f"{out_dir}: no {MANIFEST} here; give the -o folder of a `cleaner clean` run")
    summary = _json_file(out_dir / SUMMARY)
    entries = _manifest(out_dir)
    edit_counts: Counter[str] = Counter()
    finding_counts: Counter[str] = Counter()
    per_file: dict[str, list[dict[str, Any]]] = {}
    per_record: dict[str, list[list[dict[str, Any]]]] = {}  # corpus name: the log lines of its first records
    changed_files = 0
    for line in _lines(out_dir / CHANGES):
        name = line.get("file", "")
        if "record" in line:
            groups = per_record.setdefault(name, [])
            if groups and groups[-1][0]["record"] == line["record"]:
                groups[-1].append(line)
            elif len(groups) < max_files:
                groups.append([line])
        if line.get("kind") not in ("edit", "finding"):
            continue  # the metadata taken out of a text
        counts = edit_counts if line.get("kind") == "edit" else finding_counts
        counts[line.get("rule", "?")] += 1
        if "record" in line:
            continue  # shown with the text of the cleaned corpus
        if name not in per_file:
            changed_files += 1
            if len(per_file) >= max_files:
                continue
            per_file[name] = []
        per_file[name].append(line)
    shown = [doc for name, lines in per_file.items() if (doc := _text_file(out_dir, entries.get(name), name, lines))]
    budget = max_files - len(shown)
    for name, entry in entries.items():
        if budget > 0 and is_jsonl(entry["output"]):
            groups = per_record.get(name, [])
            records = list(_records(out_dir / entry["output"], name, entry.get("text_field", "text"), groups, budget))
            shown.extend(records)
            budget -= len(records)
    return _page(out_dir, summary, edit_counts, finding_counts, shown, changed_files)


def _json_file(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _lines(path: Path) -> Iterator[dict[str, Any]]:
    try:
        handle = path.open(encoding="utf-8")
    except OSError:
        return
    with handle:
        for line in handle:
            try:
                yield json.loads(line)
            except ValueError:
                continue


def _manifest(out_dir: Path) -> dict[str, dict[str, Any]]:
    """Manifest entries by input name (the last one wins, as for the run)."""
    return {entry["input"]: entry for entry in _lines(out_dir / MANIFEST) if "input" in entry and "output" in entry}


def _text_file(out_dir: Path, entry: dict[str, Any] | None, name: str, lines: list[dict[str, Any]]) -> Shown | None:
    if entry is None:
        return None
    try:
        text = (out_dir / entry["output"]).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    edits = [line for line in lines if line.get("kind") == "edit"]
    findings = [line for line in lines if line.get("kind") == "finding"]
    return Shown(name, text, edits, findings)


def _records(path: Path, name: str, text_field: str, groups: Iterable[list[dict[str, Any]]], budget: int) -> Iterator[Shown]:
    """The first ``budget`` changed records of a cleaned corpus, each with its lines of the log.

    The records and the log's groups of lines come in the same order. A record's change
    record (``rules``, ``findings``, ``metadata``) says whether the log holds lines for it
    and which rules they name, so a record is shown only with the lines that are its own.
    """
    pending = iter(groups)
    try:
        with open_input(path) as (stream, _raw):
            for line in stream:
                if budget <= 0:
                    return
                try:
                    record = json.loads(line)
                    log, text = record[RECORD_KEY], str(record[text_field])
                    logged = bool(log["rules"] or log["findings"] or log["metadata"])
                except (ValueError, KeyError, TypeError):
                    continue  # no change record: a record skipped as it was, or one with its own field
                if not logged:
                    continue
                group = next(pending, None)
                if group is None:
                    return
                edits = [entry for entry in group if entry.get("kind") == "edit"]
                findings = [entry for entry in group if entry.get("kind") == "finding"]
                if [e.get("rule") for e in edits] != log["rules"] or [f.get("rule") for f in findings] != log["findings"]:
                    return  # the log and the corpus went apart (an edited file): show nothing rather than wrong edits
                if not edits and not findings:
                    continue  # only metadata was taken out
                label = f"{name} · record {group[0]['record']}" + (f" · id {record['id']}" if "id" in record else "")
                budget -= 1
                yield Shown(label, text, edits, findings)
    except Exception:  # a damaged corpus shows what it can
        return


# --------------------------------------------------------------------------- HTML


def highlight(text: str, edits: list[dict[str, Any]], names: dict[str, str]) -> str:
    """The clean text as HTML, each edit wrapped with what it removed and inserted and its rule.

    >>> edit = {"rule": "P101", "clean_start": 2, "clean_end": 3, "before": "", "after": " ", "line": 1, "col": 3}
    >>> highlight("a, <b>", [edit], {"P101": "space"})
    'a,<span class="edit" data-rule="P101" title="P101 space · 1:3 · &#x27;&#x27; → &#x27; &#x27; · 0.00">\
<ins class="ws">␣</ins></span>&lt;b&gt;'
    """
    out: list[str] = []
    pos = 0
    for edit in sorted(edits, key=lambda e: (e["clean_start"], e["clean_end"])):
        start, end = edit["clean_start"], edit["clean_end"]
        if start < pos or text[start:end] != edit["after"]:
            continue  # the file changed after the run: show the text, not wrong highlights
        out.append(escape(text[pos:start]))
        rule = str(edit["rule"])
        title = (
            f"{rule} {names.get(rule, '')}".strip()
            + f" · {edit.get('line')}:{edit.get('col')} · {edit['before']!r} → {edit['after']!r}"
            + f" · {float(edit.get('confidence', 0)):.2f}"
            + (f" · {edit['message']}" if edit.get("message") else "")
        )
        out.append(f'<span class="edit" data-rule="{escape(rule)}" title="{escape(title)}">')
        out.append(_piece("del", edit["before"]) + _piece("ins", edit["after"]) + "</span>")
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)


def with_code(text: str) -> str:
    """``text`` escaped for HTML, with its `backticked` parts as ``<code>``.

    >>> with_code("needs `languagetool` & <Java>")
    'needs <code>languagetool</code> &amp; &lt;Java&gt;'
    """
    return INLINE_CODE_RE.sub(r"<code>\1</code>", escape(text))


def _piece(tag: str, text: str) -> str:
    if not text:
        return ""
    if text.strip():
        return f"<{tag}>{escape(text)}</{tag}>"
    return f'<{tag} class="ws">{escape(text.translate(VISIBLE[tag]))}</{tag}>'


STYLE = """
body { font: 15px/1.5 system-ui, sans-serif; margin: 2em auto; max-width: 60em; padding: 0 1em; color: #222; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #ccc; padding: .25em .6em; text-align: left; vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
pre.text { white-space: pre-wrap; word-wrap: break-word; background: #fafafa; border: 1px solid #ddd; padding: 1em; }
section.doc { margin: 2em 0; }
.edit { position: relative; border-radius: 3px; background: #fff3b0; outline: 1px solid #e0c000; cursor: help; }
.edit[data-rule^="U"] { background: #dbeafe; outline-color: #60a5fa; }
.edit[data-rule^="H"] { background: #ffedd5; outline-color: #fb923c; }
.edit[data-rule^="L"] { background: #dcfce7; outline-color: #4ade80; }
.edit[data-rule^="P"] { background: #f3e8ff; outline-color: #c084fc; }
.edit del { color: #b91c1c; }
.edit ins { color: #166534; text-decoration: none; font-weight: 600; }
.edit .ws { opacity: .8; }
.edit:hover::after { content: attr(data-rule); position: absolute; left: 0; top: -1.6em; background: #222; color: #fff;
  font-size: 12px; padding: 0 .4em; border-radius: 3px; white-space: nowrap; z-index: 1; }
.swatch { display: inline-block; min-width: 3em; padding: 0 .3em; text-align: center; white-space: nowrap; }
.muted { color: #666; }
"""


def _page(
    out_dir: Path,
    summary: dict[str, Any],
    edit_counts: Counter[str],
    finding_counts: Counter[str],
    shown: list[Shown],
    changed_files: int,
) -> str:
    rules = {rule.code: rule for rule in all_rules()}
    names = {code: rule.name for code, rule in rules.items()}
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>cleaner report: {escape(str(out_dir))}</title><style>{STYLE}</style></head><body>",
        f"<h1>cleaner report: {escape(str(out_dir))}</h1>",
    ]
    if summary:
        keys = ("inputs", "records", "changed", "unchanged", "skipped", "up_to_date", "failed", "edits", "findings")
        cells = "".join(
            f"<tr><th>{escape(key.replace('_', ' '))}</th><td class=n>{escape(_num(summary.get(key)))}</td></tr>"
            for key in (*keys, "words_per_second")
        )
        parts.append(f'<h2>Summary</h2><table id="summary">{cells}</table>')
        if summary.get("problems"):
            items = "".join(f"<li>{escape(str(p))}</li>" for p in summary["problems"])
            parts.append(f'<h2>Problems</h2><ul id="problems">{items}</ul>')
    rows = []
    for code in sorted(set(edit_counts) | set(finding_counts)):
        rule = rules.get(code)
        rows.append(
            f'<tr><td><span class="edit swatch" data-rule="{escape(code)}">{escape(code)}</span></td>'
            f"<td>{escape(rule.name if rule else '')}</td><td>{with_code(rule.summary if rule else '')}</td>"
            f"<td class=n>{edit_counts[code]:,}</td><td class=n>{finding_counts[code]:,}</td></tr>"
        )
    header = "<tr><th>rule</th><th>name</th><th>fixes</th><th>edits</th><th>findings</th></tr>"
    parts.append(f'<h2>Edits per rule</h2><table id="rules">{header}{"".join(rows)}</table>')
    parts.append(
        f'<h2>Changed documents</h2><p class="muted">{len(shown):,} shown ({changed_files:,} changed file(s) in the log, '
        "plus changed corpus records). Hover over a highlight for its rule, position, change and confidence; "
        "struck-through text was removed, bold text was inserted.</p>"
    )
    for doc in shown:
        parts.append(f'<section class="doc"><h3>{escape(doc.title)}</h3>')
        parts.append(f'<p class="muted">{len(doc.edits):,} edit(s), {len(doc.findings):,} finding(s)</p>')
        parts.append(f'<pre class="text">{highlight(doc.text, doc.edits, names)}</pre>')
        if doc.findings:
            items = "".join(
                f"<li>{escape(str(f.get('line')))}:{escape(str(f.get('col')))} <b>{escape(str(f.get('rule')))}</b> "
                f"{escape(str(f.get('message', '')))}: {escape(repr(f.get('text')))}"
                + (f" → {escape(repr(f['suggestion']))}" if f.get("suggestion") is not None else "")
                + "</li>"
                for f in doc.findings
            )
            parts.append(f'<p>Reported, not applied:</p><ul class="findings">{items}</ul>')
        parts.append("</section>")
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _num(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value)
    if isinstance(value, int | float):
        return f"{value:,.0f}"
    return str(value)
