"""The grammar stage through language-tool-python, against a protocol stand-in on 127.0.0.1.

The stand-in (tests/languagetool_standin.py) speaks LanguageTool's HTTP wire format but
is not LanguageTool: what it flags is the pattern table each test gives it. The real
thing is exercised by test_grammar_languagetool.py when one is available.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from itertools import accumulate
from pathlib import Path

import psutil
import pytest
from language_tool_python import Match

from cleaner import Cleaner, Config, ConfigError, Finding
from cleaner.parallel import parallel_map, worker_cleaner
from cleaner.stages import default_stages
from cleaner.stages.grammar import GrammarStage, locate
from tests.conftest import SEEDS, replay
from tests.languagetool_standin import (
    DEFAULT_RULES,
    SPELLING,
    ProtocolStandIn,
    StandInRule,
    fake_install,
    fake_java,
    free_port,
    local_environment,
    started,
    stop_leftovers,
)

#: The lexical stages would fix the typos these tests feed LanguageTool first; the grammar stage is tested alone.
LEXICAL = ("M", "S", "C", "T")


@pytest.fixture
def standin() -> Iterator[ProtocolStandIn]:
    with ProtocolStandIn() as server:
        yield server


def with_rules(standin: ProtocolStandIn, *rules: StandInRule) -> None:
    standin.rules = (*DEFAULT_RULES, *rules)


def clean(standin: ProtocolStandIn, text: str, **options: object) -> tuple[Cleaner, object]:
    with Cleaner(Config(ignore=LEXICAL, languagetool=standin.url, **options)) as cleaner:  # type: ignore[arg-type]
        return cleaner, cleaner.clean(text)


def why_not(finding: Finding) -> str:
    """The reason a finding's message gives for not applying LanguageTool's suggestion."""
    return finding.message.split("not applied: ")[1].split(";")[0]


def test_applies_one_suggestion_in_a_safe_category_and_logs_it(standin: ProtocolStandIn) -> None:
    text = "The troops left sicne noon.\n"
    cleaner, result = clean(standin, text)
    assert result.text == "The troops left since noon.\n"
    (edit,) = result.edits
    assert (edit.rule, edit.start, edit.end, edit.before, edit.after) == ("G101", 16, 21, "sicne", "since")
    assert "MORFOLOGIK_RULE_EN_US" in edit.message and edit.confidence >= cleaner.config.threshold
    assert replay(text, result.edits) == result.text
    request = next(r for r in standin.requests if r["path"] == "/v2/check")
    assert request["method"] == "POST" and request["content_type"].startswith("application/x-www-form-urlencoded")
    assert request["fields"]["language"] == "en-US" and request["fields"]["text"] == text
    assert cleaner.skipped == {}


def test_a_server_url_may_end_in_v2(standin: ProtocolStandIn) -> None:
    with Cleaner(Config(ignore=LEXICAL, languagetool=f"{standin.url}/v2/")) as cleaner:
        assert cleaner.clean("It ended sicne noon.\n").text == "It ended since noon.\n"


def test_every_other_match_is_a_finding_with_languagetool_message_and_rule_id(standin: ProtocolStandIn) -> None:
    text = "It was teh end. Then he go home. It was was late.\n"
    _, result = clean(standin, text)
    assert result.text == text
    assert result.edits == []
    found = {(f.rule, f.text): f.message for f in result.findings}
    assert set(found) == {("G101", "teh"), ("G201", "he go"), ("G203", "was was")}
    assert (
        "MORFOLOGIK_RULE_EN_US" in found["G101", "teh"]
        and "not applied: more than one suggestion; suggestions: 'the', 'ten', 'tea'" in found["G101", "teh"]
    )
    assert "HE_VERB_AGR" in found["G201", "he go"] and "GRAMMAR matches are reported only" in found["G201", "he go"]
    assert "'he goes'" in found["G201", "he go"]
    assert all(text[f.start : f.end] == f.text and f.suggestion is None for f in result.findings)


def test_applied_categories_are_configurable(standin: ProtocolStandIn) -> None:
    _, result = clean(standin, "Then he go home sicne noon.\n", languagetool_categories=("grammar",))
    assert result.text == "Then he goes home sicne noon.\n"
    assert [why_not(f) for f in result.findings] == ["TYPOS matches are reported only"]
    assert result.findings[0].message.endswith("suggestions: 'since'")


def test_utf16_offsets_after_and_inside_astral_characters(standin: ProtocolStandIn) -> None:
    with_rules(
        standin,
        StandInRule(
            r"(\p{Extended_Pictographic}) \1",
            "EMOJI_REPEAT",
            "TYPOGRAPHY",
            "Typography",
            "whitespace",
            "Repeated emoji.",
            (r"\1",),
        ),
    )
    text = "🎉🎉 𝒳 It ended sicne noon 🎉 🎉 and then , quiet.\n"
    _, result = clean(standin, text)
    assert result.text == "🎉🎉 𝒳 It ended since noon 🎉 and then, quiet.\n"
    assert [(e.rule, e.start, e.before) for e in result.edits] == [
        ("G101", text.index("sicne"), "sicne"),
        ("G104", text.index("🎉 🎉"), "🎉 🎉"),
        ("G104", text.index(" ,"), " ,"),
    ]
    # The 40-unit context window starts inside the emoji: LanguageTool sends half a surrogate pair.
    cut = "🎉" + "a" * 38 + " sicne.\n"
    _, result = clean(standin, cut)
    assert result.text == cut.replace("sicne", "since")


def test_a_match_that_does_not_point_at_what_it_quotes_is_dropped() -> None:
    text = "🎉 It ended sicne noon."
    raw = {
        "message": "Possible spelling mistake found.",
        "replacements": [{"value": "since"}],
        "offset": 12,  # UTF-16: the emoji counts twice
        "length": 5,
        "context": {"text": text, "offset": 12, "length": 5},
        "rule": {"id": "MORFOLOGIK_RULE_EN_US", "issueType": "misspelling", "category": {"id": "TYPOS", "name": "Possible Typo"}},
    }
    found = locate(text, Match(dict(raw), text))
    assert found is not None and text[found.start : found.end] == "sicne"
    shifted = {**raw, "offset": 14, "context": {"text": text, "offset": 12, "length": 5}}
    assert locate(text, Match(shifted, text)) is None


def test_text_an_earlier_stage_wrote_is_never_edited(standin: ProtocolStandIn) -> None:
    with_rules(
        standin, StandInRule(r"\. Then", "THEN_COMMA", "PUNCTUATION", "Punctuation", "typographical", "Use a comma.", (", then",))
    )
    _, repaired = clean(standin, "It ended.Then it rained.\n")
    assert repaired.text == "It ended. Then it rained.\n"  # the spacing stage's P103, and nothing else
    assert [e.rule for e in repaired.edits] == ["P103"]
    (finding,) = repaired.findings
    assert finding.rule == "G102" and "overlaps an earlier edit" in finding.message
    _, untouched = clean(standin, "It ended. Then it rained.\n")
    assert untouched.text == "It ended, then it rained.\n"


def test_names_and_protected_words_are_never_edited(standin: ProtocolStandIn) -> None:
    with_rules(
        standin,
        StandInRule(
            r"\bPresident\b", "PRESIDENT_CASE", "CASING", "Capitalization", "typographical", "Lower case?", ("president",)
        ),
        StandInRule(r"\bzorvex\b", "MORFOLOGIK_RULE_EN_US", "TYPOS", "Possible Typo", "misspelling", "Spelling?", ("zorro",)),
    )
    text = "Kirbi met President Biden. The zorvex plan failed, and zorvex was dropped.\n"
    _, result = clean(standin, text)
    assert result.text == text
    reasons = {f.text: why_not(f) for f in result.findings}
    assert reasons == {
        "Kirbi": "capitalised words are likely names",
        "President": "'President' is a name in this document",
        "zorvex": "'zorvex' is a name in this document",
    }
    _, protected = clean(standin, "It ended sicne noon.\n", words=("sicne",))
    assert protected.text == "It ended sicne noon.\n"
    assert "'sicne' is a protected word" in protected.findings[0].message


def test_numbers_quotes_urls_and_markdown_survive(standin: ProtocolStandIn) -> None:
    with_rules(
        standin,
        StandInRule(r"\d,\d{3}", "NUMBER_COMMA", "PUNCTUATION", "Punctuation", "typographical", "No comma?", ("8500",)),
        StandInRule(r'"(\w+)"', "EN_QUOTES", "TYPOGRAPHY", "Typography", "typographical", "Curly quotes?", ("“\\1”",)),
    )
    text = 'Some 8,500 "troops" went sicne https://example.com/sicne opened.\n'
    _, result = clean(standin, text)
    assert result.text == 'Some 8,500 "troops" went since https://example.com/sicne opened.\n'
    reasons = sorted(why_not(f) for f in result.findings)
    assert reasons == ["changes quotes, dashes or symbols", "touches a number"]

    with_rules(standin, StandInRule(r"\*\*(\w+)\*\*", "NO_BOLD", "TYPOGRAPHY", "Typography", "typographical", "Bold?", (r"\1",)))
    markdown = "Intro sicne.\n\n```\ncode sicne\n```\n\nSee `sicne` and **then** the end.\n"
    with Cleaner(Config(ignore=LEXICAL, languagetool=standin.url)) as cleaner:
        result = cleaner.clean(markdown, markdown=True)
    assert result.text == markdown.replace("Intro sicne", "Intro since")
    assert not any("code sicne" in checked for checked in standin.checked)
    assert result.findings == []  # the `**` it would remove is Markdown syntax: the pipeline refuses it outright


@pytest.mark.parametrize(
    "markdown",
    [
        "+++\ntitle = 'teh'\n+++\nThe talks ended sicne noon.\n",  # TOML front matter
        "---\r\ntitle: teh\r\n---\r\nThe talks ended sicne noon.\r\n",  # CRLF front matter
        "The talks ended sicne noon.\n\n    code teh\n    more code\n\nOutro.\n",  # indented code
        "The talks ended sicne noon.\n\n<div>\nhtml teh\n</div>\n",  # an HTML block
        "The talks ended sicne noon.\n\n<!-- cleaner: off -->\nkept teh\n<!-- cleaner: on -->\n",  # the author's own fence
    ],
    ids=["toml-front-matter", "crlf-front-matter", "indented-code", "html-block", "cleaner-off"],
)
def test_only_prose_is_sent_to_languagetool(standin: ProtocolStandIn, markdown: str) -> None:
    """What the pipeline masks (``Document.masked``) never reaches LanguageTool; the prose around it does."""
    with Cleaner(Config(ignore=LEXICAL, languagetool=standin.url)) as cleaner:
        result = cleaner.clean(markdown, markdown=True)
    assert result.text == markdown.replace("The talks ended sicne noon", "The talks ended since noon")
    sent = "".join(standin.checked)
    assert "The talks ended sicne noon" in sent and "teh" not in sent, standin.checked
    assert result.findings == []


#: Typos the stand-in fixes by dropping "qq"; each paragraph gets its own, since a repeated unknown word counts as a name.
QQ_TYPO = StandInRule(
    r"\b(\p{Ll}+)qq\b", "MORFOLOGIK_RULE_EN_US", *SPELLING, "Possible spelling mistake found.", (r"\1",), "UnknownWord"
)
BASES = [
    "troops",
    "talks",
    "envoys",
    "leaders",
    "forces",
    "ships",
    "planes",
    "allies",
    "officials",
    "reports",
    "markets",
    "voters",
]


def test_long_texts_go_in_paragraph_chunks_and_map_back(standin: ProtocolStandIn) -> None:
    with_rules(standin, QQ_TYPO)
    text = "\n\n".join(f"Paragraph {i + 1} said the {base}qq left early, as planned." for i, base in enumerate(BASES)) + "\n"
    config = Config(ignore=LEXICAL, languagetool=standin.url)
    with Cleaner(config, stages=[GrammarStage(config, chunk_chars=200, max_requests=1)]) as cleaner:
        result = cleaner.clean(text)
    assert result.text == text.replace("qq ", " ")
    assert [e.start for e in result.edits] == [text.index(f"{base}qq") for base in BASES]
    first_pass = list(accumulate(standin.checked)).index(text) + 1  # the pipeline's second pass checks the fixed text
    assert first_pass > 3
    assert all(len(chunk) <= 200 and chunk.endswith("\n") for chunk in standin.checked[:first_pass])


def test_concurrent_requests_are_bounded(standin: ProtocolStandIn) -> None:
    with_rules(standin, QQ_TYPO)
    standin.delay = 0.05
    text = "\n\n".join(f"The {base}qq left." for base in BASES) + "\n"
    config = Config(ignore=LEXICAL, languagetool=standin.url)
    with Cleaner(config, stages=[GrammarStage(config, chunk_chars=30, max_requests=3)]) as cleaner:
        assert cleaner.clean(text).text == text.replace("qq ", " ")
    assert 2 <= standin.max_active <= 3


def test_cleaning_twice_equals_cleaning_once(standin: ProtocolStandIn) -> None:
    text = "🎉 The talks ended sicne noon , teh envoys said.\n"
    with Cleaner(Config(ignore=LEXICAL, languagetool=standin.url)) as cleaner:
        once = cleaner.clean(text).text
        assert cleaner.clean(once).text == once


def test_without_languagetool_the_default_pipeline_is_untouched(cleaner: Cleaner) -> None:
    without = Cleaner(stages=[stage for stage in default_stages(Config()) if stage.name != "grammar"])
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert cleaner.clean(text).to_dict() == without.clean(text).to_dict()
    assert cleaner.skipped == {}


def same_as_without_languagetool(result: object, text: str, cleaner: Cleaner) -> bool:
    return result.to_dict() == Cleaner(Config(ignore=LEXICAL)).clean(text).to_dict()  # type: ignore[attr-defined]


def test_server_down_skips_the_stage_with_the_reason(cleaner: Cleaner) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    text = "It ended sicne noon.The end.\n"
    with Cleaner(Config(ignore=LEXICAL, languagetool=url)) as down:
        assert same_as_without_languagetool(down.clean(text), text, cleaner)
        assert down.skipped["grammar"].startswith(f"cannot connect to LanguageTool at {url}; start a LanguageTool server")


def test_rate_limiting_skips_the_stage_and_stops_asking(standin: ProtocolStandIn, cleaner: Cleaner) -> None:
    standin.mode = "rate-limit"
    text = "It ended sicne noon.\n"
    with Cleaner(Config(ignore=LEXICAL, languagetool=standin.url)) as limited:
        assert same_as_without_languagetool(limited.clean(text), text, cleaner)
        assert same_as_without_languagetool(limited.clean(text), text, cleaner)
        assert "is rate-limiting requests (HTTP 426); run your own LanguageTool server" in limited.skipped["grammar"]
    assert len(standin.checked) == 1


def test_a_server_that_does_not_answer_in_time_skips_the_stage(standin: ProtocolStandIn, cleaner: Cleaner) -> None:
    standin.mode = "slow"
    text = "It ended sicne noon.\n"
    with Cleaner(Config(ignore=LEXICAL, languagetool=standin.url, languagetool_timeout=0.2)) as slow:
        assert same_as_without_languagetool(slow.clean(text), text, cleaner)
        assert f"LanguageTool at {standin.url} did not answer within 0.2 s" in slow.skipped["grammar"]


def test_unknown_language_and_missing_library_skip_with_the_reason(
    standin: ProtocolStandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Cleaner(Config(ignore=LEXICAL, languagetool=standin.url, languagetool_language="xx-XX")) as cleaner:
        cleaner.clean("Text.\n")
        assert "unsupported language" in cleaner.skipped["grammar"]
    monkeypatch.setitem(sys.modules, "language_tool_python", None)
    with Cleaner(Config(ignore=LEXICAL, languagetool=standin.url)) as cleaner:
        cleaner.clean("Text.\n")
        assert (
            cleaner.skipped["grammar"] == "language-tool-python is not installed; install it with pip install 'cleaner[grammar]'"
        )


def test_required_but_not_configured_is_a_skip() -> None:
    assert (
        Cleaner(Config(ignore=LEXICAL, require_languagetool=True))
        .skipped["grammar"]
        .startswith("no LanguageTool server was given")
    )


@pytest.fixture
def local_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """``languagetool = "local"`` with a fake ``java`` that runs the stand-in; yields the folder of pid files."""
    for name, value in local_environment(tmp_path).items():
        monkeypatch.setenv(name, value)
    pids = Path(os.environ["STANDIN_PID_DIR"])
    yield pids
    stop_leftovers(pids)


def test_local_server_is_started_once_reused_and_stopped_on_close(local_env: Path) -> None:
    with Cleaner(Config(ignore=LEXICAL, languagetool="local")) as cleaner:
        assert cleaner.clean("It ended sicne noon.\n").text == "It ended since noon.\n"
        assert cleaner.clean("It began sicne dawn.\n").text == "It began since dawn.\n"
        (pid,) = started(local_env)
        assert psutil.pid_exists(pid)
    assert not psutil.pid_exists(pid)


def clean_in_worker(text: str) -> str:
    return worker_cleaner().clean(text).text


def test_pool_workers_stop_their_local_servers(local_env: Path) -> None:
    texts = [f"Item {i} ended sicne noon.\n" for i in range(8)]
    results = list(
        parallel_map(clean_in_worker, texts, config=Config(ignore=LEXICAL, languagetool="local"), jobs=2, chunk_size=2)
    )
    assert results == [text.replace("sicne", "since") for text in texts]
    assert 1 <= len(started(local_env)) <= 2
    assert not any(psutil.pid_exists(pid) for pid in started(local_env))


def test_local_without_java_or_install_says_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def reason() -> str:
        with Cleaner(Config(ignore=LEXICAL, languagetool="local")) as cleaner:
            cleaner.clean("Text.\n")
            return cleaner.skipped["grammar"]

    install = fake_install(tmp_path / "cache")
    monkeypatch.setenv("LTP_JAR_DIR_PATH", str(install))
    monkeypatch.setenv("LTP_PATH", str(install.parent))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert reason().startswith("no Java found: LanguageTool needs Java 17+ on PATH")
    monkeypatch.setenv("PATH", str(fake_java(tmp_path / "bin")))
    (install / "languagetool-server.jar").unlink()
    assert reason().startswith(f"LTP_JAR_DIR_PATH={install} holds no languagetool-server.jar")
    misnamed = tmp_path / "lt"
    misnamed.mkdir()
    (misnamed / "languagetool-server.jar").write_bytes(b"")
    monkeypatch.setenv("LTP_JAR_DIR_PATH", str(misnamed))
    assert "must be the unpacked LanguageTool-<version> folder" in reason()
    elsewhere = fake_install(tmp_path / "other")
    monkeypatch.setenv("LTP_JAR_DIR_PATH", str(elsewhere))
    assert f"is not inside LTP_PATH={install.parent}" in reason()


def test_bad_settings_are_config_errors() -> None:
    for settings in (
        {"languagetool": "ftp://example.com"},
        {"languagetool-categories": "TYPOS"},
        {"require-languagetool": "yes"},
    ):
        with pytest.raises(ConfigError):
            Config.from_mapping(settings)
