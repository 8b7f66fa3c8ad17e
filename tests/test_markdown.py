"""Markdown is cleaned as prose only: syntax comes back byte-identical (fixtures/markdown/)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from cleaner import Cleaner, Config
from cleaner.markdown import front_matter, markdown_protected
from cleaner.protect import directive_spans
from tests.conftest import FIXTURES, replay
from tests.test_properties import ARTIFACTS, WORDS

PROSE_TOKENS = frozenset({"paragraph_open", "paragraph_close", "inline", "text", "text_special", "softbreak"})
CASES = sorted(p for p in (FIXTURES / "markdown").glob("*.md") if not p.name.endswith(".expected.md"))


def expected_of(path: Path) -> str:
    return path.with_name(f"{path.stem}.expected.md").read_text(encoding="utf-8")


def syntax(text: str) -> list[Any]:
    """Everything a plain CommonMark+GFM parser sees except prose: its words and its paragraphs.

    An independent oracle: it does not use cleaner's masking at all. Paragraphs are
    left out because removing a stray header line removes its paragraph.
    """
    fm = front_matter(text)
    body = text[fm.end :] if fm else text
    env: dict[str, Any] = {}
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    seen: list[Any] = [text[: fm.end] if fm else None]
    stack = md.parse(body, env)
    while stack:
        token = stack.pop(0)
        stack[:0] = token.children or []
        if token.type in PROSE_TOKENS:
            continue
        attrs = {k: v for k, v in token.attrs.items() if k != "alt"}
        raw = token.content if token.type in {"fence", "code_block", "code_inline", "html_block", "html_inline"} else None
        seen.append((token.type, token.tag, token.markup, token.info, attrs, raw))
    seen.append(env.get("references"))
    return seen


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_fixture_prose_is_cleaned_and_syntax_is_untouched(cleaner: Cleaner, path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    result = cleaner.clean(source, markdown=True)
    assert result.text == expected_of(path)
    assert syntax(result.text) == syntax(source)
    assert replay(source, result.edits) == result.text
    assert cleaner.clean(result.text, markdown=True).text == result.text


@pytest.mark.parametrize(
    "path", [p for p in CASES if p.stem not in {"cleaner-off", "directives", "metadata"}], ids=lambda p: p.stem
)
def test_fixtures_need_the_mask(cleaner: Cleaner, path: Path) -> None:
    """Cleaned as plain text, every fixture loses some syntax: the fixtures do test the mask."""
    source = path.read_text(encoding="utf-8")
    assert cleaner.clean(source).text != expected_of(path)


@pytest.mark.parametrize(
    ("text", "protected"),
    [
        ("# Title  here\n", ["# "]),
        ("Title #\n## Sub ##\n", ["## ", " ##"]),
        ('See `a  b` and [the  docs](http://x.io/a.B "T.The").\n', ["`a  b`", "[", '](http://x.io/a.B "T.The")']),
        (
            "![alt  text](img.png) <https://a.b/c.D> <b  class=x>bold</b>\n",
            ["![", "](img.png)", "<https://a.b/c.D>", "<b  class=x>", "</b>"],
        ),
        (
            '[text][ref] [ref] [ref][]\n\n[ref]: /url.The  "Ti  tle"\n',
            ["[", "][ref]", "[ref]", "[ref][]", '[ref]: /url.The  "Ti  tle"'],
        ),
        ("**a** _b_ ~~c~~ \\* x\\\ny\n", ["**", "**", "_", "_", "~~", "~~", "\\*", "\\"]),
        ("> quote\n> > deeper\n- item\n1. one\n   more\n", ["> ", "> > ", "- ", "1. ", "   "]),
        ("| a  | b |\n|:--|--:|\n| c  |  d |\n", ["| ", "  | ", " |", "|:--|--:|", "| ", "  |  ", " |"]),
        ("```js\nx  =  1  \n\n```\n\n    code  block\n", ["```js\nx  =  1  \n\n```", "    code  block"]),
        ("<div>\nraw  html\n</div>\n\n***\n", ["<div>\nraw  html\n</div>", "***"]),
        ("---\na:  1\n---\ntext\n", ["---\na:  1\n", "---"]),
        ("+++\na = 1\n+++\n", ["+++\na = 1\n", "+++"]),
        ("   Indented first line.\n", []),
        ("Plain prose.  Trailing   \n\n\n\nMore.\n", []),
    ],
)
def test_protected_spans(text: str, protected: list[str]) -> None:
    assert [text[s:e] for s, e in markdown_protected(text)] == protected


def test_cells_after_an_escaped_pipe_stay_protected() -> None:
    text = "| `x \\| y` | x |\n|--|--|\n"
    assert [text[s:e] for s, e in markdown_protected(text)] == [text[:-1].split("\n")[0], "|--|--|"]


def test_front_matter_needs_its_closing_line() -> None:
    assert front_matter("---\ntitle: x\n\nno closing line\n") is None
    assert front_matter("---\r\ntitle: x\r\n...\r\nbody") is not None
    assert front_matter("+++\ntitle = 'x'\n---\n") is None


def test_plain_text_ignores_markdown_but_obeys_directives(cleaner: Cleaner) -> None:
    text = "Code:\n```\nxy.The  z\n```\nKept.The line # cleaner: ignore\nFixed.The  line\n"
    assert cleaner.clean(text).text == "Code:\n```\nxy. The z\n```\nKept.The line # cleaner: ignore\nFixed. The line\n"


def test_directive_off_without_on_runs_to_the_end() -> None:
    text = "a\n<!-- Cleaner:Off -->b  c\n\nd  e"
    assert [text[s:e] for s, e in directive_spans(text)] == ["<!-- Cleaner:Off -->b  c\n\nd  e"]


FRONT = "---\ntitle: Troops\nauthor: Old Name\n---\n"
BODY = "By Jane Doe\n\nUpdated: Jan. 24, 2022 5:02 PM ET\n\nThe order came.\n"


def test_header_metadata_is_reported_not_written_by_default(cleaner: Cleaner) -> None:
    result = cleaner.clean(FRONT + BODY, markdown=True)
    assert result.text == FRONT + "The order came.\n"
    assert result.metadata == {"byline": "Jane Doe", "updated": "Jan. 24, 2022 5:02 PM ET"}


def test_metadata_to_front_matter_adds_missing_keys_only() -> None:
    cleaner = Cleaner(Config(extend_select=("F101",)))
    text = "---\ntitle: Troops\nbyline: Someone Else\n---\n" + BODY
    result = cleaner.clean(text, markdown=True)
    assert result.text == '---\ntitle: Troops\nbyline: Someone Else\nupdated: "Jan. 24, 2022 5:02 PM ET"\n---\nThe order came.\n'
    assert result.edits[0].rule == "F101"
    assert cleaner.clean(result.text, markdown=True).text == result.text
    toml = cleaner.clean("+++\ntitle = 'Troops'\n+++\n" + BODY, markdown=True)
    assert toml.text.startswith('+++\ntitle = \'Troops\'\nbyline = "Jane Doe"\nupdated = "Jan. 24, 2022 5:02 PM ET"\n+++\n')
    with_table = "+++\ntitle = 'T'\n[extra]\nx = 1\n+++\n" + BODY
    assert cleaner.clean(with_table, markdown=True).text.startswith("+++\ntitle = 'T'\n[extra]\nx = 1\n+++\nThe order")


def test_metadata_to_front_matter_creates_it_when_the_document_has_none() -> None:
    """The byline taken out of a body without front matter is written, not lost."""
    cleaner = Cleaner(Config(extend_select=("F101",)))
    result = cleaner.clean(BODY, markdown=True)
    assert result.text == '---\nbyline: "Jane Doe"\nupdated: "Jan. 24, 2022 5:02 PM ET"\n---\nThe order came.\n'
    assert [e.rule for e in result.edits][-1] == "F101"
    assert cleaner.clean(result.text, markdown=True).text == result.text
    crlf = cleaner.clean("By Jane Doe\r\n\r\nThe order came.\r\n", markdown=True)
    assert crlf.text == '---\r\nbyline: "Jane Doe"\r\n---\r\nThe order came.\r\n'
    assert cleaner.clean("The order came.\n", markdown=True).text == "The order came.\n"  # no metadata: no front matter
    assert Cleaner().clean(BODY, markdown=True).text == "The order came.\n"  # off by default


def test_headers_read_the_body_after_front_matter(cleaner: Cleaner) -> None:
    """Front matter lines neither hide the top of the article nor count as its first lines."""
    long_front = "---\n" + "".join(f"k{i}: v{i}\n" for i in range(8)) + "---\n"
    result = cleaner.clean(long_front + " date 2022-01-24 President Biden spoke.\n", markdown=True)
    assert result.text == long_front + "President Biden spoke.\n"
    assert result.metadata == {"date": "2022-01-24"}
    result = cleaner.clean(long_front + "By Jane Doe\n\nText.\n", markdown=True)
    assert result.text == long_front + "Text.\n"
    code = "```\nAdvertisement\n```\n"
    assert cleaner.clean(code, markdown=True).text == code


def test_markdown_entities_for_syntax_stay(cleaner: Cleaner) -> None:
    text = "5&#42;3&#42;2 &lt;tag&gt; caf&eacute; a&nbsp;b\n"
    assert cleaner.clean(text, markdown=True).text == "5&#42;3&#42;2 &lt;tag&gt; café a&nbsp;b\n"
    assert cleaner.clean(text).text == "5*3*2 <tag> café a b\n"


PIECES = [*"aZ.,;:”“\"' \t&#*_[]()<>|\\-", "&amp;", "&eacute;", "\u00a0", "\u200b", "The", "  ", "allies”Kirby said"]
JUNK = st.lists(st.sampled_from(PIECES), max_size=20).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(code=JUNK, inline=JUNK.filter(lambda s: "`" not in s and "\n" not in s and s.strip()), target=JUNK)
def test_code_and_link_targets_survive_anything(cleaner: Cleaner, code: str, inline: str, target: str) -> None:
    dest = "".join(c for c in target if c not in " \t\n()<>\\") or "x"
    text = f"Intro.The  text\n\n```\n{code}\n```\n\nUse ` {inline} ` or [the  link](http://x.io/{dest}) now.The end\n"
    result = cleaner.clean(text, markdown=True)
    assert f"```\n{code}\n```" in result.text
    assert f"` {inline} `" in result.text
    assert f"](http://x.io/{dest})" in result.text
    assert syntax(result.text) == syntax(text)


#: Header artifacts remove whole paragraphs, which may join the lists around them: left out here.
PROSE_ARTIFACTS = [a for a in ARTIFACTS if not any(w in a for w in ("Advert", "By ", "Updated", "Share", "Read more", "date"))]
SPANS = ["`a  b`", "[x.The  y](http://u.v/a.B)", "**b.The**", "<i>t</i>", "\\*", "&#42;", "![i  m](p.png)"]
INLINE = st.lists(st.sampled_from(WORDS + PROSE_ARTIFACTS + SPANS), min_size=1, max_size=8).map(lambda p: "Word " + " ".join(p))
BLOCKS = st.one_of(
    INLINE,
    INLINE.map(lambda s: "# " + s.replace("\n", " ")),
    INLINE.map(lambda s: "- " + s),
    INLINE.map(lambda s: "1. " + s.replace("\n", "\n   ")),
    INLINE.map(lambda s: "> " + s),
    INLINE.map(lambda s: "```\n" + s + "\n```"),
    INLINE.map(lambda s: "| a  |  b |\n|--|--|\n| " + s.replace("\n", " ").replace("|", "") + " | x |"),
    INLINE.map(lambda s: "    " + s.replace("\n", "\n    ")),
)
DOCUMENTS = st.tuples(st.booleans(), st.lists(BLOCKS, max_size=6)).map(
    lambda t: ("---\na:  b.The\n---\n" if t[0] else "") + "\n\n".join(t[1]) + "\n"
)


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(DOCUMENTS)
@example("Word    \n \u2028    \n the\n")  # a separator made a space must not blank a line, nor lose the hard break
def test_random_documents_keep_their_syntax(cleaner: Cleaner, text: str) -> None:
    # A line of invisible characters alone reads as text to Markdown and goes away when cleaned.
    assume(not any(line.strip() and not any(c.isprintable() and not c.isspace() for c in line) for line in text.splitlines()))
    result = cleaner.clean(text, markdown=True)
    assert syntax(result.text) == syntax(text)
    assert replay(text, result.edits) == result.text
    assert cleaner.clean(result.text, markdown=True).text == result.text


def test_line_endings_stay_as_the_author_wrote_them(cleaner: Cleaner) -> None:
    text = "# Title\r\n\r\nProse.The end\u2028still prose.\r\n\r\n```\r\ncode\r\n```\r\n"
    assert cleaner.clean(text, markdown=True).text == "# Title\r\n\r\nProse. The end still prose.\r\n\r\n```\r\ncode\r\n```\r\n"
