"""The ``cleaner`` command: a thin typer layer over ``Cleaner`` and the batch runner.

Exit codes: 0 every input was cleaned (or already clean, or skipped as not text),
1 some inputs failed, 2 usage or configuration error, 3 the grammar stage was skipped
although ``--require-languagetool`` asked for it, 130 interrupted.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.text import Text

from cleaner.batch import EXIT_FAILED, EXIT_OK, EXIT_SKIPPED, EXIT_USAGE, Runner, Tally, UsageError, markdown_for, plan
from cleaner.config import Config, ConfigError, load_config
from cleaner.io import DEFAULT_MAX_BYTES, InputError, atomic_write, find_inputs, read_text
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

__all__ = ["Tally", "app", "build_cleaner", "build_config"]

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
FormatOption = Annotated[str | None, typer.Option("--format", help="auto (by file suffix), text or markdown.")]
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


def build_config(
    select: list[str] | None = None,
    extend_select: list[str] | None = None,
    ignore: list[str] | None = None,
    threshold: float | None = None,
    config_path: Path | None = None,
    fmt: str | None = None,
    *,
    languagetool: str | None = None,
    require_languagetool: bool = False,
    metadata_to_front_matter: bool = False,
) -> tuple[Config, Path | None]:
    """Config file first, then flags on top, and the folder relative paths in it start from.

    A bad config is a usage error (exit 2).
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
        base_dir = source.parent if source else None
        config.protected_words(base_dir)  # a missing words-file is a usage error, found before any work
        return config, base_dir
    except ConfigError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(EXIT_USAGE) from exc


def build_cleaner(built: tuple[Config, Path | None], context: typer.Context) -> Cleaner:
    """The ``Cleaner`` for ``build_config``'s result, closed when the command ends.

    It may hold a LanguageTool server, which must not outlive the command however it ends.
    """
    config, base_dir = built
    cleaner = Cleaner(config, base_dir=base_dir)
    context.call_on_close(cleaner.close)
    return cleaner


def skipped_required(config: Config, skipped: dict[str, str]) -> bool:
    """Warn once per stage that was asked for but did not run; True when the user required it."""
    for name, reason in skipped.items():
        err.print(f"[yellow]warning:[/yellow] {name} stage skipped: {escape(reason)}")
    return config.require_languagetool and "grammar" in skipped


@app.command("clean")
def clean_command(
    inputs: Annotated[
        list[str] | None, typer.Argument(help="Files, folders or JSONL corpora to clean; `-` reads stdin and writes stdout.")
    ] = None,
    output: Annotated[
        str | None,
        typer.Option("-o", "--output", help="Output file (one input) or folder (several inputs, a folder, or a path ending /)."),
    ] = None,
    log: Annotated[Path | None, typer.Option("--log", help="Also write the change log here, in --log-format.")] = None,
    log_format: Annotated[str | None, typer.Option("--log-format", help="Format of --log: jsonl, json, text or diff.")] = None,
    jobs: Annotated[int | None, typer.Option("-j", "--jobs", min=1, help="Worker processes (default: all cores).")] = None,
    include: Annotated[
        list[str] | None,
        typer.Option("--include", help="Glob of files to take from folders (repeatable; default *.txt, *.md, *.markdown)."),
    ] = None,
    exclude: Annotated[
        list[str] | None, typer.Option("--exclude", help="Glob of files or folders to leave out (repeatable).")
    ] = None,
    text_field: Annotated[str, typer.Option("--text-field", help="The field of a JSONL record that holds the text.")] = "text",
    in_place: Annotated[bool, typer.Option("--in-place", help="Replace each input with its clean text (atomically).")] = False,
    record_edits: Annotated[
        bool, typer.Option("--record-edits", help="Keep each JSONL record's edits in it, not only the rule codes.")
    ] = False,
    files_from: Annotated[
        Path | None, typer.Option("--files-from", help="Read more inputs from this file, one per line (`-` for stdin).")
    ] = None,
    select: SelectOption = None,
    extend_select: ExtendSelectOption = None,
    ignore: IgnoreOption = None,
    threshold: ThresholdOption = None,
    config: ConfigOption = None,
    fmt: FormatOption = None,
    metadata_to_front_matter: FrontMatterOption = False,
    languagetool: LanguageToolOption = None,
    require_languagetool: RequireLanguageToolOption = False,
    max_bytes: Annotated[
        int,
        typer.Option(
            "--max-bytes",
            help="Refuse text files larger than this many bytes. The default, 10 MB, is the largest size bench.stress"
            " checks: every hostile input it knows finishes there within the per-stage budgets (stage-seconds).",
        ),
    ] = DEFAULT_MAX_BYTES,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar, warnings or summary; only errors.")] = False,
) -> None:
    """Clean text files, folders, JSONL corpora or stdin; write clean text and a change log.

    Examples:

      cleaner clean article.txt                 # clean text to stdout
      cat article.txt | cleaner clean - > clean.txt
      cleaner clean articles/ -o clean/         # mirror the folder; clean/changes.jsonl, clean/summary.json
      cleaner clean corpus.jsonl.zst -o clean/ -j 8 --text-field body
      cleaner clean a.txt -o a.clean.txt --log a.log --log-format text
      cleaner clean a.txt --languagetool http://localhost:8081   # with the grammar stage
    """
    if log_format not in (None, "jsonl", "json", "text", "diff"):
        return _usage(f"--log-format must be jsonl, json, text or diff, not {log_format!r}")
    if log_format is not None and log is None:
        return _usage("--log-format is the format of --log; give --log PATH (a folder's changes.jsonl is always JSON lines)")
    cleaner_config, base_dir = build_config(
        select,
        extend_select,
        ignore,
        threshold,
        config,
        fmt,
        languagetool=languagetool,
        require_languagetool=require_languagetool,
        metadata_to_front_matter=metadata_to_front_matter,
    )
    items = list(inputs or [])
    if files_from is not None:
        try:
            listed = sys.stdin.read() if str(files_from) == "-" else files_from.read_text(encoding="utf-8")
        except OSError as exc:
            return _usage(f"{files_from}: cannot read the list of inputs ({exc.strerror})")
        items.extend(line.strip() for line in listed.splitlines() if line.strip())
    if not items:
        return _usage("nothing to clean: give files, folders, `-` for stdin, or --files-from")
    try:
        planned, folder = plan(
            items,
            Path(output) if output else None,
            in_place=in_place,
            include=tuple(include or ()),
            exclude=tuple(exclude or ()),
            output_is_folder=bool(output) and output.endswith(("/", os.sep)),  # type: ignore[union-attr]
        )
    except UsageError as exc:
        return _usage(str(exc))
    runner = Runner(
        planned,
        cleaner_config,
        base_dir=base_dir,
        folder=folder,
        jobs=jobs,
        text_field=text_field,
        in_place=in_place,
        log=log,
        log_format=log_format or "jsonl",  # type: ignore[arg-type]
        record_edits=record_edits,
        max_bytes=max_bytes,
        quiet=quiet,
        console=err,
    )
    try:
        tally = runner.run()
    except UsageError as exc:  # another run holds the output folder
        return _usage(str(exc))
    tally.required_stage_skipped = skipped_required(cleaner_config, tally.stages_skipped)
    if not quiet:
        err.print(tally.summary())
    if tally.interrupted:
        err.print("stopped: finished inputs are kept; run the same command again to go on")
    raise typer.Exit(tally.exit_code)


def _usage(message: str) -> None:
    err.print(f"[red]error:[/red] {escape(message)}")
    raise typer.Exit(EXIT_USAGE)


@app.command("report")
def report_command(
    out_dir: Annotated[Path, typer.Argument(help="The output folder of a `cleaner clean ... -o OUT_DIR` run.")],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Where to write the page (default OUT_DIR/report.html).")
    ] = None,
    max_files: Annotated[int, typer.Option("--max-files", min=1, help="Show at most this many changed files or records.")] = 200,
) -> None:
    """Render a static HTML page to review a run: counts per rule and every edit, highlighted in its text."""
    from cleaner.report import ReportError, write_report  # this command only

    try:
        path = write_report(out_dir, output, max_files=max_files)
    except ReportError as exc:
        _usage(str(exc))
    typer.echo(path)


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
        build_config(
            select,
            extend_select,
            ignore,
            threshold,
            config,
            fmt,
            languagetool=languagetool,
            require_languagetool=require_languagetool,
            metadata_to_front_matter=metadata_to_front_matter,
        ),
        context,
    )
    tally = Tally()
    for name, _, result in _results(cleaner, files, tally):
        _report(name, result)
        if diff and result.changed:
            typer.echo(unified_diff(name, result), nl=False)
    if tally.changed:
        err.print(f"{tally.changed} file(s) would be changed, {tally.rules.total()} edit(s)")
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
        build_config(
            select,
            extend_select,
            ignore,
            threshold,
            config,
            fmt,
            languagetool=languagetool,
            require_languagetool=require_languagetool,
            metadata_to_front_matter=metadata_to_front_matter,
        ),
        context,
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
    skipped = skipped_required(cleaner.config, cleaner.skipped)
    if tally.changed or tally.failed:
        return EXIT_FAILED
    return EXIT_SKIPPED if skipped else EXIT_OK


def _results(cleaner: Cleaner, inputs: list[Path], tally: Tally) -> Iterator[tuple[str, Path, Result]]:
    """Each input file (folders expanded) with its result; unreadable files are counted as failed."""
    for item in inputs:
        problems: list[InputError] = []
        for path in find_inputs(item, problems=problems) if item.is_dir() else [item]:
            try:
                text = _read(path)
            except InputError as exc:
                tally.fail(str(exc))
                err.print(f"[red]error:[/red] {escape(str(exc))}")
                continue
            result = cleaner.clean(text, markdown=markdown_for(cleaner.config, str(path)))
            tally.changed += result.changed
            tally.unchanged += not result.changed
            tally.rules.update(edit.rule for edit in result.edits)
            yield str(path), path, result
        for problem in problems:  # a folder it could not list (failed), a symlink out of the folder (skipped)
            if problem.skipped:
                tally.skip(str(problem))
                err.print(f"[yellow]warning:[/yellow] {escape(str(problem))}")
            else:
                tally.fail(str(problem))
                err.print(f"[red]error:[/red] {escape(str(problem))}")


def _read(path: Path) -> str:
    """The text of ``path``; an encoding guessed for non-UTF-8 bytes is said, as in batch runs."""
    decoded = read_text(path)
    if decoded.note:
        err.print(f"[yellow]warning:[/yellow] {escape(decoded.note)}")
    return decoded.text


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
        build_config(
            select,
            extend_select,
            ignore,
            threshold,
            config,
            fmt,
            languagetool=languagetool,
            require_languagetool=require_languagetool,
        ),
        context,
    )
    try:
        text = _read(file)
    except InputError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(EXIT_FAILED) from exc
    result = cleaner.clean(text, markdown=markdown_for(cleaner.config, str(file)))
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
    if skipped_required(cleaner.config, cleaner.skipped):
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
    from rich.table import Table  # this command only

    table = Table(title="cleaner rules")
    for column in ("code", "name", "stage", "default", "fixes", "example"):
        table.add_column(column)
    for rule in rules:
        table.add_row(rule.code, rule.name, rule.stage, "on" if rule.default else "off", rule.summary, rule.example)
    Console().print(table)
