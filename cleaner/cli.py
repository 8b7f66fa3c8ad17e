"""The ``cleaner`` command: a thin typer layer over ``Cleaner``.

Exit codes: 0 every input was cleaned (or already clean), 1 some inputs failed,
2 usage or configuration error, 3 the grammar stage was skipped although
``--require-languagetool`` asked for it.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from cleaner.config import ConfigError, load_config
from cleaner.io import DEFAULT_MAX_BYTES, InputError, atomic_write, find_inputs, is_markdown, read_text
from cleaner.logs import render, unified_diff
from cleaner.pipeline import Cleaner
from cleaner.result import Result
from cleaner.stages import all_rules

app = typer.Typer(
    name="cleaner",
    help="Clean scraped and machine-translated news text, with a change log for every edit.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False, soft_wrap=True)

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_SKIPPED = 0, 1, 2, 3

SelectOption = Annotated[
    list[str] | None, typer.Option("--select", help="Only these rule codes or prefixes (repeatable, or comma-separated).")
]
ExtendSelectOption = Annotated[
    list[str] | None, typer.Option("--extend-select", help="Add rules to the selection, e.g. off-by-default U201.")
]
IgnoreOption = Annotated[list[str] | None, typer.Option("--ignore", help="Skip these rule codes or prefixes.")]
ThresholdOption = Annotated[
    float | None, typer.Option("--threshold", min=0.0, max=1.0, help="Edits below this confidence are reported, not applied.")
]
ConfigOption = Annotated[
    Path | None, typer.Option("--config", help="Read settings from this TOML file instead of the nearest one.")
]
FormatOption = Annotated[
    str | None, typer.Option("--format", help="auto (by file suffix), text or markdown.")
]
FrontMatterOption = Annotated[
    bool,
    typer.Option(
        "--metadata-to-front-matter", help="Write metadata taken out of a Markdown body into its front matter (rule F101)."
    ),
]
LanguageToolOption = Annotated[
    str | None,
    typer.Option(
        "--languagetool",
        metavar="URL|local",
        help="Run the grammar stage (G…) with this LanguageTool server, or `local` for language-tool-python's own.",
    ),
]
RequireLanguageToolOption = Annotated[
    bool, typer.Option("--require-languagetool", help=f"Exit {EXIT_SKIPPED} when the grammar stage could not run.")
]


def _codes(values: list[str] | None) -> tuple[str, ...] | None:
    if values is None:
        return None
    return tuple(code.strip().upper() for value in values for code in value.split(",") if code.strip())


def build_cleaner(
    select: list[str] | None = None,
    extend_select: list[str] | None = None,
    ignore: list[str] | None = None,
    threshold: float | None = None,
    config_path: Path | None = None,
    fmt: str | None = None,
    *,
    languagetool: str | None = None,
    require_languagetool: bool = False,
    context: typer.Context | None = None,
    metadata_to_front_matter: bool = False,
) -> Cleaner:
    """Config file first, then flags on top; a bad config is a usage error (exit 2).

    The cleaner may hold a LanguageTool server: given the command's ``context`` it is
    closed when the command ends, however it ends; otherwise the caller closes it.
    """
    try:
        config, source = load_config(explicit=config_path)
        extended = _codes(extend_select)
        if metadata_to_front_matter:
            extended = (config.extend_select if extended is None else extended) + ("F101",)
        config = config.with_overrides(
            select=_codes(select),
            extend_select=extended,
            ignore=_codes(ignore),
            threshold=threshold,
            format=fmt,
            languagetool=languagetool,
            require_languagetool=require_languagetool or None,
        )
        known = {rule.code for rule in all_rules()}
        for code in [*(config.select or ()), *config.extend_select, *config.ignore, *config.report_only]:
            if not any(rule.startswith(code) for rule in known):
                raise ConfigError(f"unknown rule code or prefix {code!r} (see `cleaner rules`)")
        cleaner = Cleaner(config, base_dir=source.parent if source else None)
    except ConfigError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(EXIT_USAGE) from exc
    if context is not None:
        context.call_on_close(cleaner.close)
    return cleaner


def skipped_required(cleaner: Cleaner) -> bool:
    """Warn once per stage that was asked for but did not run; True when the user required it."""
    for name, reason in cleaner.skipped.items():
        err.print(f"[yellow]warning:[/yellow] {name} stage skipped: {escape(reason)}")
    return cleaner.config.require_languagetool and "grammar" in cleaner.skipped


def markdown_for(cleaner: Cleaner, name: str) -> bool:
    fmt = cleaner.config.format
    return fmt == "markdown" or (fmt == "auto" and is_markdown(name))


@dataclass
class Tally:
    """What happened to the inputs of one run; decides the exit code."""

    changed: int = 0
    unchanged: int = 0
    failed: list[str] = field(default_factory=list)
    edits: int = 0
    findings: int = 0
    skipped: bool = False

    def add(self, result: Result) -> None:
        self.edits += len(result.edits)
        self.findings += len(result.findings)
        if result.changed:
            self.changed += 1
        else:
            self.unchanged += 1

    def fail(self, message: str) -> None:
        self.failed.append(message)
        err.print(f"[red]error:[/red] {message}", soft_wrap=True)

    @property
    def exit_code(self) -> int:
        if self.failed:
            return EXIT_FAILED
        return EXIT_SKIPPED if self.skipped else EXIT_OK

    def summary(self) -> str:
        total = self.changed + self.unchanged + len(self.failed)
        return (
            f"{total} input(s): {self.changed} changed, {self.unchanged} unchanged, {len(self.failed)} failed; "
            f"{self.edits} edit(s) applied, {self.findings} finding(s) reported"
        )


@app.command("clean")
def clean_command(
    context: typer.Context,
    inputs: Annotated[list[str], typer.Argument(help="Files or folders to clean; `-` reads stdin and writes stdout.")],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Output file (one input) or folder (mirrors the input tree).")
    ] = None,
    log: Annotated[Path | None, typer.Option("--log", help="Write the change log here; `-` for stdout (default: OUT/changes.jsonl for a folder).")] = None,
    log_format: Annotated[str, typer.Option("--log-format", help="jsonl, json, text or diff.")] = "jsonl",
    select: SelectOption = None,
    extend_select: ExtendSelectOption = None,
    ignore: IgnoreOption = None,
    threshold: ThresholdOption = None,
    config: ConfigOption = None,
    fmt: FormatOption = None,
    metadata_to_front_matter: FrontMatterOption = False,
    languagetool: LanguageToolOption = None,
    require_languagetool: RequireLanguageToolOption = False,
    max_bytes: Annotated[int, typer.Option("--max-bytes", help="Refuse inputs larger than this many bytes.")] = DEFAULT_MAX_BYTES,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")] = False,
) -> None:
    """Clean text files, folders or stdin; write clean text and a change log.

    Examples:

      cleaner clean article.txt                 # clean text to stdout
      cat article.txt | cleaner clean - > clean.txt
      cleaner clean articles/ -o clean/         # mirror the folder, log in clean/changes.jsonl
      cleaner clean a.txt -o a.clean.txt --log a.log --log-format text
      cleaner clean a.txt --languagetool http://localhost:8081   # with the grammar stage
    """
    if log_format not in ("jsonl", "json", "text", "diff"):
        err.print(f"[red]error:[/red] --log-format must be jsonl, json, text or diff, not {log_format!r}")
        raise typer.Exit(EXIT_USAGE)
    cleaner = build_cleaner(
        select, extend_select, ignore, threshold, config, fmt,
        languagetool=languagetool, require_languagetool=require_languagetool, context=context,
        metadata_to_front_matter=metadata_to_front_matter,
    )
    jobs = _plan(inputs, output)
    if output is not None and len(jobs) > 1 and output.exists() and not output.is_dir():
        err.print(f"[red]error:[/red] {output}: several inputs need an output folder, not a file")
        raise typer.Exit(EXIT_USAGE)
    if log is None and output is not None and (len(jobs) > 1 or any(Path(i).is_dir() for i in inputs)):
        log = output / "changes.jsonl"
    tally = Tally()
    logged: list[tuple[str, Result]] = []
    for name, source, target in jobs:
        try:
            text = sys.stdin.read() if source is None else read_text(source, max_bytes)
        except InputError as exc:
            tally.fail(str(exc))
            continue
        result = cleaner.clean(text, markdown=markdown_for(cleaner, name))
        tally.add(result)
        logged.append((name, result))
        if target is None:
            sys.stdout.write(result.text)
        else:
            atomic_write(target, result.text)
    if log == Path("-"):
        sys.stdout.write(render(logged, log_format))  # type: ignore[arg-type]
    elif log is not None:
        atomic_write(log, render(logged, log_format))  # type: ignore[arg-type]
    tally.skipped = skipped_required(cleaner)
    if not quiet:
        err.print(tally.summary())
    raise typer.Exit(tally.exit_code)


def _plan(inputs: list[str], output: Path | None) -> list[tuple[str, Path | None, Path | None]]:
    """(display name, source or None for stdin, target or None for stdout) per input file."""
    jobs: list[tuple[str, Path | None, Path | None]] = []
    several = len(inputs) > 1 or any(Path(i).is_dir() for i in inputs if i != "-")
    for item in inputs:
        if item == "-":
            jobs.append(("<stdin>", None, output if not several else None))
            continue
        path = Path(item)
        if path.is_dir():
            if output is None:
                err.print(f"[red]error:[/red] {path}: cleaning a folder needs -o OUT (inputs are never overwritten)")
                raise typer.Exit(EXIT_USAGE)
            files = find_inputs(path)
            jobs.extend((str(f), f, output / path.name / f.relative_to(path)) for f in files)
            continue
        if output is None:
            target = None
        elif several:
            target = output / path.name
        else:
            target = output
        if target is not None and target.resolve() == path.resolve():
            err.print(f"[red]error:[/red] {path}: output would overwrite the input")
            raise typer.Exit(EXIT_USAGE)
        jobs.append((str(path), path, target))
    return jobs


@app.command("check")
def check_command(
    context: typer.Context,
    files: Annotated[list[Path], typer.Argument(help="Files or folders to check; nothing is written.")],
    diff: Annotated[bool, typer.Option("--diff", help="Also print a unified diff of each file that would change.")] = False,
    select: SelectOption = None,
    extend_select: ExtendSelectOption = None,
    ignore: IgnoreOption = None,
    threshold: ThresholdOption = None,
    config: ConfigOption = None,
    fmt: FormatOption = None,
    metadata_to_front_matter: FrontMatterOption = False,
    languagetool: LanguageToolOption = None,
    require_languagetool: RequireLanguageToolOption = False,
) -> None:
    """Print the edits `clean` would make, one `path:line:col: CODE message (before -> after)` a line.

    Exits 1 when any file would change (or cannot be read), 0 when all are clean:
    the pre-commit hook `cleaner-check`.
    """
    cleaner = build_cleaner(
        select, extend_select, ignore, threshold, config, fmt,
        languagetool=languagetool, require_languagetool=require_languagetool, context=context,
        metadata_to_front_matter=metadata_to_front_matter,
    )
    tally = Tally()
    for name, _, result in _results(cleaner, files, tally):
        _report(name, result)
        if diff and result.changed:
            typer.echo(unified_diff(name, result), nl=False)
    if tally.changed:
        err.print(f"{tally.changed} file(s) would be changed, {tally.edits} edit(s)")
    raise typer.Exit(_hook_exit(cleaner, tally))


@app.command("fix")
def fix_command(
    context: typer.Context,
    files: Annotated[list[Path], typer.Argument(help="Files or folders to clean in place.")],
    select: SelectOption = None,
    extend_select: ExtendSelectOption = None,
    ignore: IgnoreOption = None,
    threshold: ThresholdOption = None,
    config: ConfigOption = None,
    fmt: FormatOption = None,
    metadata_to_front_matter: FrontMatterOption = False,
    languagetool: LanguageToolOption = None,
    require_languagetool: RequireLanguageToolOption = False,
) -> None:
    """Clean files in place (atomically), printing `Fixing <path>` and its edits.

    Exits 1 when it changed any file (or could not read one), 0 when all were clean:
    the pre-commit hook `cleaner-fix`.
    """
    cleaner = build_cleaner(
        select, extend_select, ignore, threshold, config, fmt,
        languagetool=languagetool, require_languagetool=require_languagetool, context=context,
        metadata_to_front_matter=metadata_to_front_matter,
    )
    tally = Tally()
    for name, path, result in _results(cleaner, files, tally):
        if result.changed:
            atomic_write(path, result.text)
            typer.echo(f"Fixing {name}")
        _report(name, result)
    raise typer.Exit(_hook_exit(cleaner, tally))


def _hook_exit(cleaner: Cleaner, tally: Tally) -> int:
    """As pre-commit reads it: 1 when a file changed (or would, or failed), else 0 (3: required grammar skipped)."""
    skipped = skipped_required(cleaner)
    if tally.changed or tally.failed:
        return EXIT_FAILED
    return EXIT_SKIPPED if skipped else EXIT_OK


def _results(cleaner: Cleaner, inputs: list[Path], tally: Tally) -> Iterator[tuple[str, Path, Result]]:
    """Each input file (folders expanded) with its result; unreadable files are counted as failed."""
    for item in inputs:
        for path in find_inputs(item) if item.is_dir() else [item]:
            try:
                text = read_text(path)
            except InputError as exc:
                tally.fail(str(exc))
                continue
            result = cleaner.clean(text, markdown=markdown_for(cleaner, str(path)))
            tally.add(result)
            yield str(path), path, result


def _report(name: str, result: Result) -> None:
    """The edits and findings of one file, and the metadata its edits took out."""
    typer.echo(render([(name, result)], "text"), nl=False)
    if result.metadata:
        typer.echo(f"{name}: metadata: {json.dumps(result.metadata, ensure_ascii=False)}")


@app.command("explain")
def explain_command(
    context: typer.Context,
    file: Annotated[Path, typer.Argument(help="The file whose edits to show.")],
    select: SelectOption = None,
    extend_select: ExtendSelectOption = None,
    ignore: IgnoreOption = None,
    threshold: ThresholdOption = None,
    config: ConfigOption = None,
    fmt: FormatOption = None,
    languagetool: LanguageToolOption = None,
    require_languagetool: RequireLanguageToolOption = False,
) -> None:
    """Show each edit and finding of one file in context, with its rule and confidence."""
    cleaner = build_cleaner(
        select, extend_select, ignore, threshold, config, fmt,
        languagetool=languagetool, require_languagetool=require_languagetool, context=context,
    )
    try:
        text = read_text(file)
    except InputError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(EXIT_FAILED) from exc
    result = cleaner.clean(text, markdown=markdown_for(cleaner, str(file)))
    out = Console(highlight=False, soft_wrap=True)
    names = {rule.code: rule.name for rule in all_rules()}
    for edit in result.edits:
        line = Text(f"{file}:{edit.line}:{edit.col} ", style="bold")
        line.append(f"{edit.rule} {names.get(edit.rule, '')}", style="cyan")
        line.append(f" {edit.confidence:.2f}  {edit.message}")
        out.print(line)
        out.print(_in_context(result.original, edit.start, edit.end, edit.before, edit.after))
    for finding in result.findings:
        line = Text(f"{file}:{finding.line}:{finding.col} ", style="bold")
        line.append(f"{finding.rule} {names.get(finding.rule, '')} (reported)", style="yellow")
        line.append(f" {finding.confidence:.2f}  {finding.message}")
        out.print(line)
        out.print(_in_context(result.original, finding.start, finding.end, finding.text, finding.suggestion or finding.text))
    if result.metadata:
        out.print(Text(f"metadata: {result.metadata}", style="magenta"))
    out.print(f"{len(result.edits)} edit(s), {len(result.findings)} finding(s)")
    if skipped_required(cleaner):
        raise typer.Exit(EXIT_SKIPPED)


def _in_context(original: str, start: int, end: int, before: str, after: str, width: int = 40) -> Text:
    text = Text("    …")
    text.append(original[max(0, start - width) : start].replace("\n", "⏎"))
    text.append(before.replace("\n", "⏎"), style="red strike")
    text.append(after.replace("\n", "⏎"), style="green")
    text.append(original[end : end + width].replace("\n", "⏎"))
    text.append("…")
    return text


@app.command("rules")
def rules_command(
    as_json: Annotated[bool, typer.Option("--json", help="Print the table as JSON.")] = False,
) -> None:
    """List every rule: code, name, stage, default, what it fixes and an example."""
    rules = all_rules()
    if as_json:
        from dataclasses import asdict

        typer.echo(json.dumps([asdict(rule) for rule in rules], ensure_ascii=False, indent=2))
        return
    table = Table(title="cleaner rules")
    for column in ("code", "name", "stage", "default", "fixes", "example"):
        table.add_column(column)
    for rule in rules:
        table.add_row(rule.code, rule.name, rule.stage, "on" if rule.default else "off", rule.summary, rule.example)
    Console().print(table)

