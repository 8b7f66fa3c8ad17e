"""Rule selection and settings, ruff-style."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner import Cleaner, Config, ConfigError, load_config


def test_prefix_selection_and_ignore() -> None:
    config = Config(select=("P",), ignore=("P103",))
    assert config.is_selected("P101", default=True)
    assert not config.is_selected("P103", default=True)
    assert not config.is_selected("U101", default=True)
    assert not Config().is_selected("U201", default=False)
    assert Config(extend_select=("U201",)).is_selected("U201", default=False)


def test_report_only_rules_become_findings() -> None:
    result = Cleaner(Config(report_only=("P103",))).clean("Troops moved.The call ended.")
    assert result.text == "Troops moved.The call ended."
    assert [(f.rule, f.suggestion) for f in result.findings] == [("P103", " ")]


def test_threshold_decides_applied_or_reported() -> None:
    text = "Troops moved.The call ended."
    assert Cleaner(Config(threshold=0.99)).clean(text).findings[0].confidence == 0.95
    with pytest.raises(ConfigError):
        Config(threshold=1.5)


def test_pyproject_table_and_words_file(tmp_path: Path) -> None:
    (tmp_path / "names.txt").write_text("# names\nKirbysaid\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.cleaner]\nextend-select = ["U201"]\nwords = ["iPhone"]\nwords-file = "names.txt"\n', encoding="utf-8"
    )
    config, source = load_config(tmp_path)
    assert source == tmp_path / "pyproject.toml"
    assert config.extend_select == ("U201",)
    assert config.protected_words(tmp_path) == {"iPhone", "Kirbysaid"}


def test_pyproject_without_table_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert load_config(tmp_path) == (Config(), None)


def test_invalid_toml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "cleaner.toml"
    path.write_text("select = [\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"cleaner\.toml: invalid TOML"):
        load_config(tmp_path)
