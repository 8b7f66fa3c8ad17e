"""Settings: which rules run, how sure an edit must be, which words are protected.

Read from ``cleaner.toml`` or ``[tool.cleaner]`` in ``pyproject.toml`` (the nearest one
above the working folder), then overridden by CLI flags. Rule selection follows ruff:
``select`` replaces the default set, ``extend-select`` adds to it, ``ignore`` removes;
a code matches itself and every code it is a prefix of (``P`` matches ``P101``).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Literal

Format = Literal["auto", "text", "markdown"]
DEFAULT_THRESHOLD = 0.8
#: A stage's budget per document, per MB of text (``Config.stage_seconds``, ``Config.stage_memory_mb``).
DEFAULT_STAGE_SECONDS = 2.0
DEFAULT_STAGE_MEMORY_MB = 500.0
#: LanguageTool categories whose one-suggestion matches are applied; the rest are reported.
SAFE_LANGUAGETOOL_CATEGORIES = ("TYPOS", "PUNCTUATION", "CASING", "TYPOGRAPHY", "CONFUSED_WORDS")
#: ``language``: ``auto`` (the language gate decides per paragraph) or the code of the text's one language.
LANGUAGE_RE = re.compile(r"auto|[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?")


class ConfigError(ValueError):
    """A configuration file or option that cannot be used as given.

    >>> Config(threshold=1.5)
    Traceback (most recent call last):
    ...
    cleaner.config.ConfigError: threshold must be between 0 and 1, got 1.5
    """


@dataclass(frozen=True, slots=True)
class Config:
    """Which rules run and how: ruff-style codes and prefixes, threshold, protected words.

    Immutable and hashable: build it once and share it (``clean`` keeps one ``Cleaner`` per config).

    >>> config = Config(ignore=("L103",), extend_select=("U201",), report_only=("P",), words=("Kirbysaid",))
    >>> config.is_selected("L103", True), config.is_selected("U201", False), config.is_report_only("P101")
    (False, True, True)
    """

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    report_only: tuple[str, ...] = ()
    threshold: float = DEFAULT_THRESHOLD
    words: tuple[str, ...] = ()
    words_file: str | None = None
    format: Format = "auto"
    languagetool: str | None = None
    languagetool_categories: tuple[str, ...] = SAFE_LANGUAGETOOL_CATEGORIES
    languagetool_language: str = "en-US"
    languagetool_timeout: float = 30.0
    require_languagetool: bool = False
    language: str = "auto"
    #: CPU seconds one stage may spend on one document, per MB of text (a shorter one gets as much):
    #: news text takes at most about a second per MB in any stage, a hostile input can take minutes.
    stage_seconds: float = DEFAULT_STAGE_SECONDS
    #: Memory (MB) one stage may add to the process on one document, per MB of text, likewise.
    stage_memory_mb: float = DEFAULT_STAGE_MEMORY_MB

    def __post_init__(self) -> None:
        if not 0.0 <= self.threshold <= 1.0:
            raise ConfigError(f"threshold must be between 0 and 1, got {self.threshold}")
        if self.format not in ("auto", "text", "markdown"):
            raise ConfigError(f"format must be auto, text or markdown, got {self.format!r}")
        target = self.languagetool
        if target is not None and target != "local" and not target.startswith(("http://", "https://")):
            raise ConfigError(f"languagetool must be an http(s):// server URL or 'local', got {target!r}")
        if isinstance(self.languagetool_categories, str) or not isinstance(self.require_languagetool, bool):
            raise ConfigError("languagetool-categories must be a list of category ids and require-languagetool true or false")
        if self.languagetool_timeout <= 0:
            raise ConfigError(f"languagetool-timeout must be positive, got {self.languagetool_timeout}")
        if not (self.stage_seconds > 0 and self.stage_memory_mb > 0):
            raise ConfigError(
                f"stage-seconds and stage-memory-mb must be positive, got {self.stage_seconds} and {self.stage_memory_mb}"
            )
        if not isinstance(self.language, str) or not LANGUAGE_RE.fullmatch(self.language):
            raise ConfigError(f"language must be 'auto' or a language code such as 'en', got {self.language!r}")

    def is_selected(self, code: str, default: bool) -> bool:
        """Whether a rule runs at all (applied or reported)."""
        if _matches(code, self.ignore):
            return False
        if _matches(code, self.extend_select):
            return True
        return default if self.select is None else _matches(code, self.select)

    def is_report_only(self, code: str) -> bool:
        return _matches(code, self.report_only)

    def protected_words(self, base: Path | None = None) -> frozenset[str]:
        """``words`` plus the lines of ``words-file`` (relative to ``base``)."""
        words = set(self.words)
        if self.words_file:
            path = Path(self.words_file)
            if base is not None and not path.is_absolute():
                path = base / path
            try:
                lines = path.read_text(encoding="utf-8").splitlines()
            except OSError as exc:
                raise ConfigError(f"{path}: cannot read words-file: {exc.strerror}") from exc
            words.update(line.strip() for line in lines if line.strip() and not line.startswith("#"))
        return frozenset(words)

    def with_overrides(self, **overrides: Any) -> Config:
        """A copy with the given options replaced; ``None`` means "not given"."""
        given = {key: value for key, value in overrides.items() if value is not None}
        return replace(self, **given)

    @classmethod
    def from_mapping(cls, data: dict[str, Any], source: str = "config") -> Config:
        known = {f.name for f in fields(cls)}
        kwargs: dict[str, Any] = {}
        for key, value in data.items():
            name = key.replace("-", "_")
            if name not in known:
                raise ConfigError(f"{source}: unknown option {key!r} (known: {', '.join(sorted(known))})")
            kwargs[name] = tuple(value) if isinstance(value, list) else value
        return cls(**kwargs)


def load_config(start: Path | None = None, explicit: Path | None = None) -> tuple[Config, Path | None]:
    """The config that applies at ``start`` and the file it came from (if any).

    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "cleaner.toml").write_text('ignore = ["L103"]\\nthreshold = 0.9\\n')
    >>> config, source = load_config(folder)
    >>> config.ignore, config.threshold, source.name
    (('L103',), 0.9, 'cleaner.toml')
    """
    if explicit is not None:
        return _read(explicit), explicit
    folder = (start or Path.cwd()).resolve()
    if folder.is_file():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        for name in ("cleaner.toml", "pyproject.toml"):
            path = candidate / name
            if path.is_file():
                data = _table(path)
                if data is not None:
                    return Config.from_mapping(data, str(path)), path
    return Config(), None


def _read(path: Path) -> Config:
    data = _table(path)
    return Config.from_mapping(data or {}, str(path))


def _table(path: Path) -> dict[str, Any] | None:
    try:
        with path.open("rb") as handle:
            document = tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    if path.name == "pyproject.toml":
        return document.get("tool", {}).get("cleaner")
    return document.get("tool", {}).get("cleaner", document)


def _matches(code: str, patterns: tuple[str, ...]) -> bool:
    return any(code.startswith(pattern.upper()) for pattern in patterns if pattern)
