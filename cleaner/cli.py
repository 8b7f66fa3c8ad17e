"""The ``cleaner`` command: a thin typer layer over ``Cleaner`` and the batch runner.

Exit codes: 0 every input was cleaned (or already clean, or skipped as not text),
1 some inputs failed, 2 usage or configuration error, 3 the grammar stage was skipped
although ``--require-languagetool`` asked for it, 130 interrupted.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from functools import wraps
from inspect import Parameter, Signature, signature
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, get_type_hints

import typer

from cleaner.batch import EXIT_FAILED, EXIT_OK, EXIT_SKIPPED, EXIT_USAGE, Input, Runner, Tally, UsageError, markdown_for, plan
from cleaner.config import Config, ConfigError, load_config
from cleaner.io import DEFAULT_MAX_BYTES, InputError, atomic_write, decode_input, read_bytes, read_stream
from cleaner.logs import render, unified_diff
from cleaner.pipeline import Cleaner
from cleaner.result import Result
from cleaner.stages import all_rules
from cleaner.terminal import Messages

if TYPE_CHECKING:
    from rich.text import Text

app = typer.Typer(
    name="cleaner",
    no_args_is_help=True,
    rich_markup_mode=None,  # click's plain help: reads cleanly at 80 columns, and flags show no placeholder
    pretty_exceptions_enable=False,
)
err = Messages()

__all__ = ["RuleOptions", "Tally", "app", "build_cleaner", "build_config"]


def _show_version(value: bool) -> None:
    if value:
        from importlib.metadata import version  # only for --version

        typer.echo(f"cleaner {version('cleaner')}")
        raise typer.Exit()


@app.callback()
def main(
    show_version: Annotated[
        bool, typer.Option("--version", callback=_show_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Clean scraped and machine-translated news text, with a change log for every edit."""


@dataclass(frozen=True, slots=True)
class RuleOptions:
    """The options every cleaning command takes, declared once: which rules, how sure, which config."""

    select: Annotated[
        list[str] | None,
        typer.Option("--select", metavar="CODES", help="Only these rule codes or prefixes (repeatable, or comma-separated)."),
    ] = None
    extend_select: Annotated[
        list[str] | None,
        typer.Option("--extend-select", metavar="CODES", help="Add rules to the selection, e.g. off-by-default U201."),
    ] = None
    ignore: Annotated[list[str] | None, typer.Option("--ignore", metavar="CODES", help="Skip these rule codes or prefixes.")] = (
        None
    )
    threshold: Annotated[
        float | None,
        typer.Option(
            "--threshold", min=0.0, max=1.0, metavar="0-1", help="Edits below this confidence are reported, not applied."
        ),
    ] = None
    config: Annotated[
        Path | None,
        typer.Option("--config", metavar="FILE", help="Read settings from this TOML file instead of the nearest one."),
    ] = None
    format: Annotated[str | None, typer.Option("--format", metavar="FORMAT", help="auto (by file suffix), text or markdown.")] = (
        None
    )
    metadata_to_front_matter: Annotated[
        bool,
        typer.Option(
            "--metadata-to-front-matter",
            help="Write metadata taken out of a Markdown body into its front matter (rule F101).",
        ),
    ] = False
    languagetool: Annotated[
        str | None,
        typer.Option(
            "--languagetool",
            metavar="URL|local",
            help="Run the grammar stage with this LanguageTool server, or 'local' to start one on this machine.",
        ),
    ] = None
    require_languagetool: Annotated[
        bool, typer.Option("--require-languagetool", help=f"Exit {EXIT_SKIPPED} when the grammar stage could not run.")
    ] = False


def with_rule_options(command: Callable[..., None]) -> Callable[..., None]:
    """Give ``command`` the ``RuleOptions`` as options of its own; it receives them as ``rules``."""
    hints = get_type_hints(RuleOptions, include_extras=True)
    shared = [Parameter(f.name, Parameter.KEYWORD_ONLY, default=f.default, annotation=hints[f.name]) for f in fields(RuleOptions)]
    own = [parameter for parameter in signature(command, eval_str=True).parameters.values() if parameter.name != "rules"]

    @wraps(command)
    def run(*args: Any, **kwargs: Any) -> None:
        rules = RuleOptions(**{parameter.name: kwargs.pop(parameter.name) for parameter in shared})
        command(*args, rules=rules, **kwargs)

    run.__signature__ = Signature([*own, *shared])  # type: ignore[attr-defined]
    return run


def _codes(values: list[str] | None) -> tuple[str, ...] | None:
    if values is None:
        return None
    return tuple(code.strip().upper() for value in values for code in value.split(",") if code.strip())


def build_config(options: RuleOptions) -> tuple[Config, Path | None]:
    """Config file first, then flags on top, and the folder relative paths in it start from.

    A bad config is a usage error (exit 2), said in one line.
    """
    try:
        notes: list[str] = []
        config, source = load_config(explicit=options.config, notes=notes)
        for note in notes:
            err.warning(note)
        extended = _codes(options.extend_select)
        if options.metadata_to_front_matter:
            extended = (config.extend_select if extended is None else extended) + ("F101",)
        config = config.with_overrides(
            select=_codes(options.select),
            extend_select=extended,
            ignore=_codes(options.ignore),
            threshold=options.threshold,
            format=options.format,
            languagetool=options.languagetool,
            require_languagetool=options.require_languagetool or None,
        )
        base_dir = source.parent if source else None
        config.protected_words(base_dir)  # a missing words-file is a usage error, found before any work
    except ConfigError as exc:
        err.error(str(exc))
        raise typer.Exit(EXIT_USAGE) from exc
    if config.languagetool is not None:  # whoever runs it must know where their text goes
        where = "a LanguageTool started on this machine" if config.languagetool == "local" else config.languagetool
        err.line(f"note: text to check is sent to {where}")
    return config, base_dir


def build_cleaner(options: RuleOptions, context: typer.Context) -> Cleaner:
    """The ``Cleaner`` the options ask for, closed when the command ends.

    It may hold a LanguageTool server, which must not outlive the command however it ends.
    """
    config, base_dir = build_config(options)
    cleaner = Cleaner(config, base_dir=base_dir)
    context.call_on_close(cleaner.close)
    return cleaner


def skipped_required(config: Config, skipped: dict[str, str]) -> bool:
    """Warn once per stage that was asked for but did not run; True when the user required it."""
    for name, reason in skipped.items():
        err.warning(f"{name} stage skipped: {reason}")
    return config.require_languagetool and "grammar" in skipped


@app.command("clean", short_help="Clean files, folders, JSONL corpora or stdin.")
@with_rule_options
def clean_command(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[INPUT]...",
            help="Files, folders or JSONL corpora to clean; '-' (or nothing, with input piped in) reads stdin.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "-o",
            "--output",
            metavar="PATH",
            help="Output file (one input) or folder (several inputs, a folder, or a path ending /).",
        ),
    ] = None,
    log: Annotated[
        Path | None, typer.Option("--log", metavar="FILE", help="Also write the change log here, in --log-format.")
    ] = None,
    log_format: Annotated[
        str | None, typer.Option("--log-format", metavar="FORMAT", help="Format of --log: jsonl, json, text or diff.")
    ] = None,
    jobs: Annotated[
        int | None, typer.Option("-j", "--jobs", min=1, metavar="N", help="Worker processes (default: all cores).")
    ] = None,
    include: Annotated[
        list[str] | None,
        typer.Option(
            "--include", metavar="GLOB", help="Files to take from folders (repeatable; default *.txt, *.md, *.markdown)."
        ),
    ] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option("--exclude", metavar="GLOB", help="Files or folders to leave out (repeatable)."),
    ] = None,
    text_field: Annotated[
        str, typer.Option("--text-field", metavar="NAME", help="The field of a JSONL record that holds the text.")
    ] = "text",
    in_place: Annotated[bool, typer.Option("--in-place", help="Replace each input with its clean text (atomically).")] = False,
    record_edits: Annotated[
        bool, typer.Option("--record-edits", help="Keep each JSONL record's edits in it, not only the rule codes.")
    ] = False,
    files_from: Annotated[
        Path | None,
        typer.Option("--files-from", metavar="FILE", help="Read more inputs from this file, one per line ('-': stdin)."),
    ] = None,
    max_bytes: Annotated[
        int,
        typer.Option(
            "--max-bytes",
            metavar="N",
            help="Refuse text files larger than this many bytes (10 MB: every hostile input bench.stress knows"
            " finishes at that size within the stage budgets); a longer JSONL line is reported and kept as it is.",
        ),
    ] = DEFAULT_MAX_BYTES,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar, warnings or summary; only errors.")] = False,
    *,
    rules: RuleOptions,
) -> None:
    """Clean text files, folders, JSONL corpora or stdin; write clean text and a change log.

    Several inputs to stdout are each headed by a line ==> NAME <==, as head(1) does.

    \b
    Examples:
      cleaner clean article.txt            # clean text to stdout
      cat article.txt | cleaner clean > clean.txt
      cleaner clean articles/ -o clean/    # mirror the folder, with
                                           # clean/changes.jsonl, summary.json
      cleaner clean corpus.jsonl.zst -o clean/ -j 8 --text-field body
      cleaner clean a.txt -o a.clean.txt --log a.log --log-format text
      cleaner clean a.txt --languagetool http://localhost:8081  # + grammar
    """
    if log_format not in (None, "jsonl", "json", "text", "diff"):
        return _usage(f"--log-format must be jsonl, json, text or diff, not {log_format!r}")
    if log_format is not None and log is None:
        return _usage("--log-format is the format of --log; give --log PATH (a folder's changes.jsonl is always JSON lines)")
    cleaner_config, base_dir = build_config(rules)
    items = list(inputs or [])
    if files_from is not None:
        try:
            listed = sys.stdin.read() if str(files_from) == "-" else files_from.read_text(encoding="utf-8")
        except OSError as exc:
            return _usage(f"{files_from}: cannot read the list of inputs ({exc.strerror})")
        items.extend(line.strip() for line in listed.splitlines() if line.strip())
    elif not items and _piped_in():
        items = ["-"]  # `echo ... | cleaner clean`: what is piped in is the input
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
        messages=err,
    )
    try:
        tally = runner.run()
    except UsageError as exc:  # another run holds the output folder
        return _usage(str(exc))
    tally.required_stage_skipped = skipped_required(cleaner_config, tally.stages_skipped)
    if not quiet:
        err.line(tally.summary())
    if tally.interrupted:
        err.line("stopped: finished inputs are kept; run the same command again to go on")
    raise typer.Exit(tally.exit_code)


def _piped_in() -> bool:
    """Whether stdin is a pipe or a file: not a terminal, and not /dev/null (as under cron or CI)."""
    try:
        mode = os.fstat(sys.stdin.fileno()).st_mode
    except (OSError, ValueError, AttributeError):  # stdin closed or replaced
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISREG(mode)


def _usage(message: str) -> NoReturn:
    err.error(message)
    raise typer.Exit(EXIT_USAGE)


@app.command("report", short_help="Write an HTML page to review a run.")
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


FilesArgument = Annotated[
    list[str], typer.Argument(metavar="FILE...", help="Files or folders (in folders: *.txt, *.md, *.markdown).")
]


@app.command("check", short_help="Print the edits that fix would make (pre-commit).")
@with_rule_options
def check_command(
    context: typer.Context,
    files: FilesArgument,
    diff: Annotated[bool, typer.Option("--diff", help="Also print a unified diff of each file that would change.")] = False,
    *,
    rules: RuleOptions,
) -> None:
    """Print the edits `clean` would make, one `path:line:col: CODE message (before -> after)` a line.

    Nothing is written. Exits 1 when any file would change (or cannot be read), 0 when
    all are clean: the pre-commit hook `cleaner-check`.
    """
    cleaner = build_cleaner(rules, context)
    tally = Tally()
    for item, result in _cleaned(cleaner, _planned(files, writes=False), tally):
        _report(item.name, result)
        if diff and result.changed:
            typer.echo(unified_diff(item.name, result), nl=False)
    if tally.changed:
        err.line(f"{tally.changed} file(s) would be changed, {tally.rules.total()} edit(s)")
    raise typer.Exit(_hook_exit(cleaner, tally))


@app.command("fix", short_help="Clean files in place (pre-commit).")
@with_rule_options
def fix_command(context: typer.Context, files: FilesArgument, *, rules: RuleOptions) -> None:
    """Clean files in place (atomically), printing `Fixing <path>` and its edits.

    Exits 1 when it changed any file (or could not read one), 0 when all were clean:
    the pre-commit hook `cleaner-fix`.
    """
    cleaner = build_cleaner(rules, context)
    tally = Tally()
    for item, result in _cleaned(cleaner, _planned(files, writes=True), tally):
        if result.changed:
            assert item.target is not None
            atomic_write(item.target, result.text)
            typer.echo(f"Fixing {item.name}")
        _report(item.name, result)
    raise typer.Exit(_hook_exit(cleaner, tally))


def _hook_exit(cleaner: Cleaner, tally: Tally) -> int:
    """As pre-commit reads it: 1 when a file changed (or would, or failed), else 0 (3: required grammar skipped)."""
    skipped = skipped_required(cleaner.config, cleaner.skipped)
    if tally.changed or tally.failed:
        return EXIT_FAILED
    return EXIT_SKIPPED if skipped else EXIT_OK


def _planned(items: list[str], *, writes: bool) -> list[Input]:
    """The inputs as a batch run plans them: folders walked as ``clean --in-place`` walks them.

    A command that only reads also takes ``-`` for stdin. A bad input is a usage error.
    """
    try:
        if writes:
            return plan(items, in_place=True)[0]
        return [planned for item in items for planned in plan([item], in_place=item != "-")[0]]
    except UsageError as exc:
        _usage(str(exc))


def _cleaned(cleaner: Cleaner, planned: list[Input], tally: Tally) -> Iterator[tuple[Input, Result]]:
    """Each input read and decoded as the batch path does, and its result; a bad input is said and counted."""
    for item in planned:
        try:
            if item.problem is not None:
                raise item.problem
            if item.corpus:  # its records are JSON: cleaned as one text, the JSON would be damaged
                raise InputError(f"{item.name}: a JSONL corpus, skipped; clean it with `cleaner clean`", skipped=True)
            data = read_bytes(item.source) if item.source is not None else read_stream(sys.stdin.buffer, item.name)
            decoded = decode_input(data, item.name)
        except InputError as exc:
            if exc.skipped:
                tally.skip(str(exc))
                err.warning(str(exc))
            else:
                tally.fail(str(exc))
                err.error(str(exc))
            continue
        if decoded.note:
            err.warning(decoded.note)
        result = cleaner.clean(decoded.text, markdown=markdown_for(cleaner.config, item.name))
        tally.changed += result.changed
        tally.unchanged += not result.changed
        tally.rules.update(edit.rule for edit in result.edits)
        yield item, result


def _report(name: str, result: Result) -> None:
    """The edits and findings of one file, and the metadata its edits took out."""
    typer.echo(render([(name, result)], "text"), nl=False)
    if result.metadata:
        typer.echo(f"{name}: metadata: {json.dumps(result.metadata, ensure_ascii=False)}")


@app.command("explain", short_help="Show each edit in context, with its rule.")
@with_rule_options
def explain_command(
    context: typer.Context,
    files: Annotated[list[str], typer.Argument(metavar="FILE...", help="The files whose edits to show; '-' reads stdin.")],
    *,
    rules: RuleOptions,
) -> None:
    """Show each edit and finding in context, with its rule and confidence.

    On a terminal removed text is red and struck out, inserted text green; elsewhere
    they are marked as git's word diff does: [-recieve-]{+receive+}.
    """
    from rich.console import Console  # this command only: colour on a terminal
    from rich.text import Text

    cleaner = build_cleaner(rules, context)
    out = Console(highlight=False, soft_wrap=True, markup=False, emoji=False)
    names = {rule.code: rule.name for rule in all_rules()}
    marked = not out.is_terminal
    tally = Tally()
    for item, result in _cleaned(cleaner, _planned(files, writes=False), tally):
        for edit in result.edits:
            line = Text(f"{item.name}:{edit.line}:{edit.col} ", style="bold")
            line.append(f"{edit.rule} {names.get(edit.rule, '')}", style="cyan")
            line.append(f" {edit.confidence:.2f}  {edit.message}")
            out.print(line)
            out.print(_in_context(result.original, edit.start, edit.end, edit.before, edit.after, marked=marked))
        for finding in result.findings:
            line = Text(f"{item.name}:{finding.line}:{finding.col} ", style="bold")
            line.append(f"{finding.rule} {names.get(finding.rule, '')} (reported)", style="yellow")
            line.append(f" {finding.confidence:.2f}  {finding.message}")
            out.print(line)
            suggestion = finding.suggestion or finding.text
            out.print(_in_context(result.original, finding.start, finding.end, finding.text, suggestion, marked=marked))
        if result.metadata:
            out.print(Text(f"{item.name}: metadata: {result.metadata}", style="magenta"))
        out.print(f"{item.name}: {len(result.edits)} edit(s), {len(result.findings)} finding(s)")
    if tally.failed:
        raise typer.Exit(EXIT_FAILED)
    if skipped_required(cleaner.config, cleaner.skipped):
        raise typer.Exit(EXIT_SKIPPED)


def _in_context(original: str, start: int, end: int, before: str, after: str, *, marked: bool, width: int = 40) -> Text:
    """One edit in its surroundings; ``marked`` spells removed and inserted text out, for output that has no colour."""

    from rich.text import Text

    def shown(part: str) -> str:
        return part.replace("\n", "⏎")

    text = Text("    …" + shown(original[max(0, start - width) : start]))
    if marked:
        text.append(f"[-{shown(before)}-]" if before else "")
        text.append(f"{{+{shown(after)}+}}" if after else "")
    else:
        text.append(shown(before), style="red strike")
        text.append(shown(after), style="green")
    text.append(shown(original[end : end + width]) + "…")
    return text


@app.command("rules", short_help="List every rule, with an example.")
def rules_command(
    as_json: Annotated[bool, typer.Option("--json", help="Print the table as JSON.")] = False,
) -> None:
    """List every rule: code, name, stage, default, what it fixes and an example."""
    rules = all_rules()
    if as_json:
        from dataclasses import asdict

        typer.echo(json.dumps([asdict(rule) for rule in rules], ensure_ascii=False, indent=2))
        return
    from rich.console import Console  # this command only
    from rich.table import Table

    table = Table(title="cleaner rules")
    for column in ("code", "name", "stage", "default", "fixes", "example"):
        table.add_column(column)
    for rule in rules:
        table.add_row(rule.code, rule.name, rule.stage, "on" if rule.default else "off", rule.summary, rule.example)
    Console().print(table)
