"""Planning a batch run: which inputs, and where each one's output goes."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from cleaner.config import Config
from cleaner.io import InputError, is_jsonl, is_markdown, walk_inputs
from cleaner.runstate import RUN_FILES


class UsageError(ValueError):
    """Inputs and options that cannot work together (exit code 2)."""


def markdown_for(config: Config, name: str) -> bool:
    """Whether to clean ``name`` as Markdown: ``format`` says so, or ``auto`` and the suffix does."""
    return config.format == "markdown" or (config.format == "auto" and is_markdown(name))


@dataclass(frozen=True, slots=True)
class Input:
    """One input of a run and where its output goes.

    ``source`` is ``None`` for stdin; ``target`` is ``None`` for stdout (and equals
    ``source`` with ``--in-place``); ``rel`` is the target relative to the output folder.
    ``problem`` is what the folder walk found instead of a file to clean (a folder it
    could not list, a symlink it did not follow): reported, never cleaned.
    """

    name: str
    source: Path | None
    target: Path | None
    corpus: bool = False
    rel: str | None = None
    problem: InputError | None = None


def plan(
    items: list[str],
    output: Path | None = None,
    *,
    in_place: bool = False,
    include: tuple[str, ...] = (),
    exclude: tuple[str, ...] = (),
    output_is_folder: bool = False,
) -> tuple[list[Input], Path | None]:
    """The inputs of a run and its output folder (``None`` unless writing a folder).

    A folder is mirrored under ``output/<folder name>/``; several files go flat into
    ``output``; one file goes to ``output`` itself unless that is an existing folder or
    ``output_is_folder`` (the CLI sets it for ``-o OUT/``).
    """
    if in_place and output is not None:
        raise UsageError("--in-place replaces the inputs; it cannot be combined with -o")
    paths = [None if item == "-" else Path(item) for item in items]
    several = len(items) > 1 or any(p is not None and p.is_dir() for p in paths)
    folder = output if output is not None and (several or output_is_folder or output.is_dir()) else None
    if folder is not None:
        _check_folder(folder)
    planned: list[Input] = []
    for path in paths:
        if path is None:
            if in_place:
                raise UsageError("stdin has no file to rewrite in place (--in-place, fix): use `cleaner clean -`")
            if folder is not None and not several:
                raise UsageError("stdin has no name to write into a folder: give -o FILE, or no -o for stdout")
            planned.append(Input("<stdin>", None, None if several else output))
        elif path.is_dir():
            if folder is None and not in_place:
                raise UsageError(f"{path}: cleaning a folder needs -o OUT or --in-place (inputs are never overwritten otherwise)")
            base = path.resolve().name  # empty for /: its files go straight into the output folder
            inside = _inside(folder, path)
            if inside == ():
                raise UsageError(f"{path}: the output folder is the input folder; give another -o, or --in-place")
            problems: list[InputError] = []
            for file, relative in walk_inputs(path, include, exclude, follow_links=not in_place, problems=problems):
                if inside is not None and tuple(relative.split("/")[: len(inside)]) == inside:
                    continue  # the output folder of this very run, inside the input folder
                rel = f"{base}/{relative}" if base else relative
                planned.append(_input(file, folder, rel, in_place))
            planned.extend(Input(str(path), None, None, problem=problem) for problem in problems)
        else:
            planned.append(_input(path, folder, path.name, in_place) if folder or in_place else _single(path, output))
    _check_targets(planned, folder)
    return planned, folder


def _check_folder(folder: Path) -> None:
    """The output folder, or the nearest part of its path that exists, must be a folder."""
    for part in (folder, *folder.absolute().parents):
        if part.exists():
            if not part.is_dir():
                raise UsageError(f"{folder}: -o names a folder here (several inputs, or a folder), and {part} is a file")
            return


def _inside(folder: Path | None, path: Path) -> tuple[str, ...] | None:
    """The parts of ``folder`` relative to ``path`` when it lies inside it."""
    if folder is None:
        return None
    try:
        return folder.resolve().relative_to(path.resolve()).parts
    except ValueError:
        return None


def _input(path: Path, folder: Path | None, rel: str, in_place: bool) -> Input:
    if in_place:
        return Input(str(path), path, path, is_jsonl(path))
    assert folder is not None
    return Input(str(path), path, folder / rel, is_jsonl(path), rel)


def _single(path: Path, output: Path | None) -> Input:
    if output is not None and output.resolve() == path.resolve():
        raise UsageError(f"{path}: output would overwrite the input (use --in-place to mean it)")
    return Input(str(path), path, output, is_jsonl(path))


def _check_targets(planned: list[Input], folder: Path | None) -> None:
    seen: dict[str, str] = {}
    folders: dict[str, str] = {}
    for item in planned:
        if item.target is None or item.source == item.target:
            continue
        target = _resolved(item.target, folders)
        if item.source is not None and _resolved(item.source, folders) == target:
            raise UsageError(f"{item.name}: output would overwrite the input (use --in-place to mean it)")
        if target in seen:
            raise UsageError(f"{item.name} and {seen[target]} would both be written to {item.target}")
        if item.rel in RUN_FILES:
            raise UsageError(f"{item.name}: {folder}/{item.rel} is where the run keeps its own records; rename the input")
        seen[target] = item.name


def _resolved(path: Path, folders: dict[str, str]) -> str:
    """``path.resolve()`` as a string, each folder resolved once (``folders`` keeps them): a run has few folders and many files.

    Only a file that is itself a symlink needs all of its path resolved.
    """
    parent, name = os.path.split(os.fspath(path))
    if name in ("", ".", "..") or os.path.islink(path):
        return str(path.resolve())
    if parent not in folders:
        folders[parent] = str(Path(parent).resolve())
    return os.path.join(folders[parent], name)
