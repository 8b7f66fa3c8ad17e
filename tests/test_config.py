"""Rule selection and settings, ruff-style."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pytest

from cleaner import Cleaner, Config, ConfigError, Edit, Rule, load_config
from cleaner.stages import Document, Stage


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


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"select": ("Z9",)}, "select: unknown rule code or prefix 'Z9'"),  # X9 names test stages' X901
        ({"extend_select": ("P1", "Q")}, "extend-select: unknown rule code or prefix 'Q'"),
        ({"threshold": "high"}, "threshold must be a number, got 'high'"),
        ({"words": "Kirbysaid"}, "words must be a list of strings, got 'Kirbysaid'"),
        ({"words_file": ["a.txt"]}, "words-file must be a string"),
        ({"require_languagetool": "yes"}, "require-languagetool must be true or false"),
    ],
)
def test_library_config_checks_types_and_rule_codes(settings: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)):
        Config(**settings)  # type: ignore[arg-type]


def test_config_file_errors_name_the_file_and_spell_keys_as_the_file_does(tmp_path: Path) -> None:
    path = tmp_path / "cleaner.toml"
    path.write_text('words = "Kirbysaid"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(f"{path}: words must be a list of strings, got 'Kirbysaid'")):
        load_config(tmp_path)
    path.write_text('extend_selekt = ["U201"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown option 'extend_selekt'") as raised:
        load_config(tmp_path)
    assert "extend-select, " in str(raised.value) and "_" not in str(raised.value).split("known:")[1]


def test_lists_are_accepted_and_the_config_stays_hashable() -> None:
    config = Config(select=["P"], words=["iPhone"])  # type: ignore[arg-type]
    assert config == Config(select=("P",), words=("iPhone",))
    assert hash(config) == hash(Config(select=("P",), words=("iPhone",)))


def test_off_by_default_rules_need_their_exact_code() -> None:
    for chosen in ({"select": ("U",)}, {"extend_select": ("U2",)}, {"select": ("U20",)}):
        assert not Config(**chosen).is_selected("U201", default=False), chosen  # type: ignore[arg-type]
    assert Config(select=("U",)).is_selected("U101", default=True), "prefixes still select rules that are on by default"
    assert Config(select=("U201",)).is_selected("U201", default=False)
    assert Config(extend_select=("u201",)).is_selected("U201", default=False)
    assert not Config(extend_select=("U201",), ignore=("U",)).is_selected("U201", default=False)
    quotes = "\u201cIt\u2019s late,\u201d he said.\n"
    assert Cleaner(Config(select=("U",))).clean(quotes).text == quotes
    assert Cleaner(Config(select=("U201",))).clean(quotes).text == '"It\'s late," he said.\n'


def test_codes_of_a_library_users_own_stage_are_known() -> None:
    class Shouting(Stage):
        name = "shouting"
        rules = (Rule("Y101", "shouting", "shouting", "HEY → hey", "HEY → hey"),)

        def propose(self, doc: Document) -> Iterable[Edit]:
            start = doc.text.find("HEY")
            if start != -1:
                yield Edit(start, start + 3, "hey", "Y101", 0.9, "shouting")

    assert Cleaner(Config(select=("Y",)), stages=[Shouting()]).clean("HEY there").text == "hey there"
