"""Settings: which rules run, how sure an edit must be, which words are protected.

Read from ``cleaner.toml`` or ``[tool.cleaner]`` in ``pyproject.toml`` (the nearest one
above the working folder; else the user's own ``~/.config/cleaner/cleaner.toml``), then
overridden by CLI flags. A LanguageTool server that is not on this machine is taken only
from the user (flag, ``$CLEANER_LANGUAGETOOL``, own config), never from a project file. Rule selection follows ruff:
``select`` replaces the default set, ``extend-select`` adds to it, ``ignore`` removes;
a code matches itself and every code it is a prefix of (``P`` matches ``P101``), except
that a rule that is off by default is turned on only by its exact code (as ruff's
preview rules): ``select = ["U"]`` does not straighten quotes, ``["U201"]`` does.
"""

from __future__ import annotations

import os
import re
import tomllib
import warnings
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Literal

Format = Literal["auto", "text", "markdown"]
DEFAULT_THRESHOLD = 0.8
#: A stage's budget per document, per MB of text (``Config.stage_seconds``, ``Config.stage_memory_mb``).
DEFAULT_STAGE_SECONDS = 2.0
DEFAULT_STAGE_MEMORY_MB = 500.0
#: All stages' CPU budget on one document together, per MB (``Config.document_seconds``): the stress target is
#: 3 s/MB in all; what is not stopped at a check (the vocabulary build, the pipeline between stages, the
#: last unit of work before a check) took up to 0.9 s/MB more on the capitalised stress input at 10 MB.
DEFAULT_DOCUMENT_SECONDS = 2.0
#: LanguageTool categories whose one-suggestion matches are applied; the rest are reported.
SAFE_LANGUAGETOOL_CATEGORIES = ("TYPOS", "PUNCTUATION", "CASING", "TYPOGRAPHY", "CONFUSED_WORDS")
#: ``language``: ``auto`` (the language gate decides per paragraph) or the code of the text's one language.
LANGUAGE_RE = re.compile(r"auto|[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?")
#: The environment variable that names a LanguageTool server (trusted, as the command line is).
LANGUAGETOOL_ENV = "CLEANER_LANGUAGETOOL"


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
    #: CPU seconds all stages together may spend on one document, per MB of text, likewise: two
    #: stages that each spend their own budget would otherwise take twice ``stage_seconds``.
    document_seconds: float = DEFAULT_DOCUMENT_SECONDS

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if isinstance(value, list):  # lists are friendlier to write; tuples keep the config hashable
                object.__setattr__(self, field.name, value := tuple(value))
            expected, valid = _TYPE_CHECKS[str(field.type)]
            if not valid(value):
                raise ConfigError(f"{option_name(field.name)} must be {expected}, got {value!r}")
        _check_codes(self)
        if not 0.0 <= self.threshold <= 1.0:
            raise ConfigError(f"threshold must be between 0 and 1, got {self.threshold}")
        if self.format not in ("auto", "text", "markdown"):
            raise ConfigError(f"format must be auto, text or markdown, got {self.format!r}")
        target = self.languagetool
        if target is not None and target != "local" and not target.startswith(("http://", "https://")):
            raise ConfigError(f"languagetool must be an http(s):// server URL or 'local', got {target!r}")
        if self.languagetool_timeout <= 0:
            raise ConfigError(f"languagetool-timeout must be positive, got {self.languagetool_timeout}")
        if not (self.stage_seconds > 0 and self.stage_memory_mb > 0 and self.document_seconds > 0):
            raise ConfigError(
                "stage-seconds, stage-memory-mb and document-seconds must be positive, got"
                f" {self.stage_seconds}, {self.stage_memory_mb} and {self.document_seconds}"
            )
        if not LANGUAGE_RE.fullmatch(self.language):
            raise ConfigError(f"language must be 'auto' or a language code such as 'en', got {self.language!r}")

    def is_selected(self, code: str, default: bool) -> bool:
        """Whether a rule runs at all (applied or reported); an off-by-default rule only by its exact code."""
        if _matches(code, self.ignore):
            return False
        if not default:
            return code in {pattern.upper() for pattern in (*self.extend_select, *(self.select or ()))}
        if _matches(code, self.extend_select):
            return True
        return self.select is None or _matches(code, self.select)

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
                options = ", ".join(sorted(option_name(name) for name in known))
                raise ConfigError(f"{source}: unknown option {key!r} (known: {options})")
            kwargs[name] = value
        try:
            return cls(**kwargs)
        except ConfigError as exc:
            raise ConfigError(f"{source}: {exc}") from None


def option_name(field: str) -> str:
    """How a config file (and the command line) spells a setting: ``extend-select``, not ``extend_select``."""
    return field.replace("_", "-")


def _is_strings(value: object) -> bool:
    return isinstance(value, tuple) and all(isinstance(item, str) for item in value)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


#: For each annotation of a ``Config`` field: what a value must be, said for a user, and the check.
_TYPE_CHECKS: dict[str, tuple[str, Callable[[object], bool]]] = {
    "tuple[str, ...]": ("a list of strings", _is_strings),
    "tuple[str, ...] | None": ("a list of strings", lambda value: value is None or _is_strings(value)),
    "float": ("a number", _is_number),
    "bool": ("true or false", lambda value: isinstance(value, bool)),
    "str": ("a string", lambda value: isinstance(value, str)),
    "str | None": ("a string", lambda value: value is None or isinstance(value, str)),
    "Format": ("a string", lambda value: isinstance(value, str)),
}
#: The settings that hold rule codes or prefixes.
_CODE_OPTIONS = ("select", "extend_select", "ignore", "report_only")


def _check_codes(config: Config) -> None:
    """Every rule code or prefix must name at least one rule: a typo must not silently select nothing."""
    given = [(name, code) for name in _CODE_OPTIONS for code in getattr(config, name) or ()]
    if not given:
        return
    known = _known_codes()
    for name, code in given:
        if not code or not any(rule.startswith(code.upper()) for rule in known):
            raise ConfigError(f"{option_name(name)}: unknown rule code or prefix {code!r} (see `cleaner rules`)")


def _known_codes() -> set[str]:
    """The codes ``cleaner rules`` lists (every built-in stage's and the pipeline's) and those of a library user's own stages."""
    from cleaner.stages import all_rules  # it imports this module, so not at the top
    from cleaner.stages.base import Stage

    codes = {rule.code for rule in all_rules()}
    classes: list[type[Stage]] = [Stage]
    while classes:
        stage = classes.pop()
        classes.extend(stage.__subclasses__())
        codes.update(rule.code for rule in getattr(stage, "rules", ()))
    return codes


def load_config(
    start: Path | None = None, explicit: Path | None = None, *, notes: list[str] | None = None
) -> tuple[Config, Path | None]:
    """The config that applies at ``start`` and the file it came from (if any).

    The nearest project file (``cleaner.toml``, or ``pyproject.toml`` with a
    ``[tool.cleaner]`` table) applies; without one, the user's own ``user_config_path()``.
    A network destination is trusted only from the user: ``$CLEANER_LANGUAGETOOL``, the
    user's config, or ``explicit`` (named on the command line). A project file found by
    walking up the folders may only name a LanguageTool on this machine; any other server
    in it is dropped, with a note in ``notes`` (a warning without it), so that checking
    out a repository never sends its reader's text to a stranger.

    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "cleaner.toml").write_text('ignore = ["L103"]\\nthreshold = 0.9\\n')
    >>> config, source = load_config(folder)
    >>> config.ignore, config.threshold, source.name
    (('L103',), 0.9, 'cleaner.toml')
    """
    user_path = user_config_path()
    user = _read(user_path) if user_path.is_file() else None
    if explicit is not None:
        config, source = _read(explicit), explicit
    else:
        found = _project_config(start or Path.cwd())
        if found is None:
            config, source = user or Config(), user_path if user else None
        else:
            config, source = found
            target = config.languagetool
            if target is not None and not is_local(target):
                note = (
                    f"{source}: languagetool = {target!r} ignored: a project file may only name a LanguageTool on "
                    f"this machine; pass --languagetool, set ${LANGUAGETOOL_ENV} or put it in {user_path}"
                )
                if notes is None:
                    warnings.warn(note, stacklevel=2)
                else:
                    notes.append(note)
                config = replace(config, languagetool=None)
            if config.languagetool is None and user is not None:
                config = replace(config, languagetool=user.languagetool)
    from_environment = os.environ.get(LANGUAGETOOL_ENV)
    if from_environment:
        try:
            config = replace(config, languagetool=from_environment)
        except ConfigError as exc:
            raise ConfigError(f"${LANGUAGETOOL_ENV}: {exc}") from None
    return config, source


def user_config_path() -> Path:
    """The user's own ``cleaner.toml``: ``$XDG_CONFIG_HOME/cleaner/cleaner.toml``, else under ``~/.config``."""
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "cleaner" / "cleaner.toml"


def is_local(target: str) -> bool:
    """Whether a ``languagetool`` value keeps text on this machine: ``local``, or a URL to localhost.

    >>> [is_local(t) for t in ("local", "http://localhost:8081", "http://127.0.0.1:8081", "http://[::1]:8081")]
    [True, True, True, True]
    >>> [is_local(t) for t in ("https://api.languagetool.org", "http://10.0.0.5:8081", "http://localhost.evil.com")]
    [False, False, False]
    """
    if target == "local":
        return True
    import ipaddress  # only for a project file that names a server
    from urllib.parse import urlsplit

    try:
        host = urlsplit(target).hostname
    except ValueError:
        return False
    if host is None:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _project_config(start: Path) -> tuple[Config, Path] | None:
    """The nearest project config at or above ``start``, and its file."""
    folder = start.resolve()
    if folder.is_file():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        for name in ("cleaner.toml", "pyproject.toml"):
            path = candidate / name
            if path.is_file():
                data = _table(path)
                if data is not None:
                    return Config.from_mapping(data, str(path)), path
    return None


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
