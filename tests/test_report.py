"""``cleaner report``: the review page is complete, escaped, and renders in a real browser."""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from batch_support import DIRTY, make_records, read_jsonl, run_cli, seed_texts, write_jsonl

from cleaner.report import render_report
from cleaner.runstate import CHANGES

HOSTILE = '<script>alert("x")</script> <img src=x onerror=alert(1)> Tom&amp;Jerry said.It "works" & more.\n\n\n\nEnd   here.'


class Page(HTMLParser):
    """Elements and text of a page, as a browser or parser sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: Counter[str] = Counter()
        self.edit_rules: list[str] = []
        self.titles: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        values = dict(attrs)
        if tag == "span" and values.get("class") == "edit":
            self.edit_rules.append(values.get("data-rule") or "")
            self.titles.append(values.get("title") or "")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    return page


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("report")
    (root / "in").mkdir()
    for index, text in enumerate([*seed_texts(), HOSTILE, *DIRTY]):
        (root / "in" / f"doc{index}.txt").write_text(text, encoding="utf-8")
    write_jsonl(root / "corpus.jsonl", make_records(8))
    result = run_cli("clean", "in", "corpus.jsonl", "-o", "out", "-j", "2", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "out"


def test_every_edit_is_highlighted_with_its_rule_and_counted(run_dir: Path) -> None:
    html = render_report(run_dir)
    page = parse(html)
    changes = read_jsonl(run_dir / CHANGES)
    file_edits = [line for line in changes if line["kind"] == "edit" and "record" not in line]
    record_edits = [line for line in changes if line["kind"] == "edit" and "record" in line]
    assert Counter(page.edit_rules) == Counter(line["rule"] for line in file_edits + record_edits)
    rules_table = html.split('<table id="rules">')[1].split("</table>")[0]
    for rule, count in Counter(line["rule"] for line in file_edits + record_edits).items():
        assert f"{rule}</span></td>" in rules_table and f"<td class=n>{count:,}</td>" in rules_table
    assert any(title.startswith("H101 date-header · 1:1 · ' date 2022-01-24 ' → ''") for title in page.titles)
    assert "corpus.jsonl · record 1 · id r0" in html


def test_everything_from_the_inputs_is_escaped(run_dir: Path) -> None:
    html = render_report(run_dir)
    page = parse(html)
    assert page.tags["script"] == 0 and page.tags["img"] == 0
    shown = "".join(page.text)
    assert '<script>alert("x")</script> <img src=x onerror=alert(1)> Tom&amp;&Jerry said' in shown  # removed, inserted


def test_report_command_writes_the_page_and_refuses_other_folders(run_dir: Path, tmp_path: Path) -> None:
    result = run_cli("report", run_dir, "-o", tmp_path / "r.html", cwd=tmp_path)
    assert result.returncode == 0 and (tmp_path / "r.html").read_text().startswith("<!DOCTYPE html>")
    refused = run_cli("report", tmp_path, cwd=tmp_path)
    assert refused.returncode == 2 and "no manifest.jsonl here" in refused.stderr.decode()


CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed (apt-get install chromium; .ci/run does)")
def test_the_page_renders_in_headless_chromium(run_dir: Path, tmp_path: Path) -> None:
    page_path = run_dir / "report.html"
    assert run_cli("report", run_dir, cwd=tmp_path).returncode == 0
    browser = [shutil.which("chromium") or "chromium", *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([*browser, "--dump-dom", page_path.as_uri()], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    rendered = parse(dom.stdout)
    served = parse(page_path.read_text())
    assert rendered.edit_rules == served.edit_rules and len(rendered.edit_rules) > 10
    assert rendered.tags["script"] == 0 and rendered.tags["img"] == 0 and rendered.tags["pre"] == served.tags["pre"]
    assert '<script>alert("x")</script>' in "".join(rendered.text)
    shot = tmp_path / "page.png"
    screenshot = [*browser, "--window-size=1000,1400", f"--screenshot={shot}", page_path.as_uri()]
    subprocess.run(screenshot, capture_output=True, timeout=120)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000


def test_rule_summaries_show_inline_code_not_backticks(run_dir: Path) -> None:
    rules_table = render_report(run_dir).split('<table id="rules">')[1].split("</table>")[0]
    assert "<code>to</code>" in rules_table  # T105
    assert "`" not in rules_table


#: Appended to a copy of the page: lists each rule badge whose text is wider than the badge.
CLIPPED_PROBE = """<script>
document.body.setAttribute("data-clipped", [...document.querySelectorAll(".swatch")]
  .filter(badge => badge.scrollWidth > badge.clientWidth).map(badge => badge.textContent).join(" ") || "none");
</script>"""


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed (apt-get install chromium; .ci/run does)")
def test_rule_badges_are_wide_enough_for_their_codes(run_dir: Path, tmp_path: Path) -> None:
    probe = tmp_path / "probe.html"
    probe.write_text(render_report(run_dir).replace("</body>", CLIPPED_PROBE + "</body>"), encoding="utf-8")
    browser = [shutil.which("chromium") or "chromium", *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([*browser, "--dump-dom", probe.as_uri()], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert 'data-clipped="none"' in dom.stdout
