"""Metadata the headers stage took out of a Markdown body, written into its front matter.

Off by default: front matter belongs to the author's tooling (a static site
generator, a CMS), so the extracted metadata is only reported unless asked for
(``--metadata-to-front-matter`` or ``extend-select = ["F101"]``). Keys the front
matter already has are never overwritten. A document without front matter gets a new
YAML block at its top, so asking for the metadata never loses it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

import regex

from cleaner.edits import Edit, Rule
from cleaner.markdown import front_matter
from cleaner.stages.base import Document, Stage

RULES = (
    Rule(
        "F101",
        "metadata-to-front-matter",
        "front-matter",
        "Metadata extracted from a Markdown body is added to its front matter, created if missing (off by default).",
        'By Jane Doe⏎ → byline: "Jane Doe" (into the front matter)',
        default=False,
    ),
)

#: A TOML table header: keys after it belong to that table, so new keys must not go there.
TOML_TABLE_RE = regex.compile(r"^\s*\[", regex.MULTILINE)


class FrontMatterStage(Stage):
    name = "front-matter"
    rules = RULES

    def propose(self, doc: Document) -> Iterator[Edit]:
        if not doc.markdown or not doc.metadata or not doc.wants("F101"):
            return
        fm = front_matter(doc.text)
        if fm is None:
            yield _new_front_matter(doc)
            return
        head = doc.text[: fm.close_start]
        if fm.kind == "toml" and TOML_TABLE_RE.search(head, head.find("\n")):
            return  # a key appended after a [table] would land inside it
        sign = ":" if fm.kind == "yaml" else "="
        missing = [key for key in doc.metadata if not regex.search(rf"^{regex.escape(key)}\s*{sign}", head, regex.MULTILINE)]
        if not missing:
            return
        line_break = "\r\n" if head.endswith("\r\n") else "\n"
        lines = _assignments(doc.metadata, missing, ": " if fm.kind == "yaml" else " = ", line_break)
        yield Edit(fm.close_start, fm.close_start, lines, "F101", 1.0, f"write {', '.join(missing)} into the front matter")


def _new_front_matter(doc: Document) -> Edit:
    """YAML front matter holding all the metadata, inserted before the first character."""
    line_break = "\r\n" if "\r\n" in doc.text else "\n"
    lines = _assignments(doc.metadata, list(doc.metadata), ": ", line_break)
    block = f"---{line_break}{lines}---{line_break}"
    return Edit(0, 0, block, "F101", 1.0, f"write {', '.join(doc.metadata)} into new front matter")


def _assignments(metadata: Mapping[str, Any], keys: list[str], assign: str, line_break: str) -> str:
    """One ``key: value`` (YAML) or ``key = value`` (TOML) line per key; JSON strings are valid in both."""
    return "".join(f"{key}{assign}{json.dumps(metadata[key], ensure_ascii=False)}{line_break}" for key in keys)
