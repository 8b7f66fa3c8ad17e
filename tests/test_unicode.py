"""The unicode stage's order: repairs see the text as ftfy would; each edit keeps its own rule."""

from __future__ import annotations

import re

import pytest

from cleaner import Cleaner, Config, clean
from tests.conftest import replay


def rules(cleaner: Cleaner, text: str) -> list[tuple[str, str, str]]:
    return [(edit.rule, edit.before, edit.after) for edit in cleaner.clean(text).edits]


def test_mojibake_repair_gets_its_no_break_space_and_a_real_one_is_still_a_space(cleaner: Cleaner) -> None:
    """``Ã`` + NBSP is ``à`` (U101); a no-break space elsewhere in the same text is U105."""
    text = "Voil\u00c3\u00a0 le menu.\u00a0Fin."
    result = cleaner.clean(text)
    assert result.text == "Voilà le menu. Fin."
    assert [(e.rule, e.before) for e in result.edits] == [("U101", "\u00c3\u00a0"), ("U105", "\u00a0")]
    assert replay(text, result.edits) == result.text


def test_soft_hyphen_inside_mojibake_is_part_of_the_repair_and_alone_is_removed(cleaner: Cleaner) -> None:
    assert rules(cleaner, "R\u00c3\u00ado and co\u00adop") == [("U101", "\u00c3\u00ad", "í"), ("U104", "\u00ad", "")]


def test_c1_controls_are_windows_1252_not_line_breaks(cleaner: Cleaner) -> None:
    assert cleaner.clean("Wait\x85 what? \x93Yes.\x94").text == "Wait… what? “Yes.”"
    assert cleaner.clean("one\u2028two").text == "one\ntwo", "a Unicode line separator still ends a line"


def test_a_repair_that_yields_a_no_break_space_gives_a_plain_one(cleaner: Cleaner) -> None:
    result = cleaner.clean("8,500&nbsp;troops and 9\u00c2\u00a0tanks")
    assert result.text == "8,500 troops and 9 tanks"
    assert [e.rule for e in result.edits] == ["U102", "U101", "U105"], "the repair, then the space, each under its rule"


def test_mojibake_inside_a_hashtag_is_repaired_but_markdown_code_is_not() -> None:
    cleaner = Cleaner()
    broken = "#футбол".encode().decode("cp1251")
    assert cleaner.clean(f"Trending {broken} now").text == "Trending #футбол now"
    markdown = f"Trending `{broken}` now\n"
    assert cleaner.clean(markdown, markdown=True).text == markdown


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Apple #39;s results", "Apple's results"),
        ("the world #39;s biggest", "the world's biggest"),
        ("the  #151; end", "the — end"),
        ("AT&amp;T and J amp;J", "AT&T and J&J"),
        ("quot;Hello quot; she said", '"Hello" she said'),
    ],
)
def test_entity_remnants(cleaner: Cleaner, text: str, expected: str) -> None:
    assert cleaner.clean(text).text == expected


@pytest.mark.parametrize(
    "text",
    [
        "See issue #39; the fix is in.",
        "He wrote C#; she wrote #39ers.",
        "Use & amp; as the escape.",
        "Turn the amp; up.",
        "Item #12; item #13.",
    ],
)
def test_hashes_and_words_before_a_semicolon_stay(cleaner: Cleaner, text: str) -> None:
    assert cleaner.clean(text).text == text


def test_escaped_markup_goes_but_a_lone_tag_in_prose_stays(cleaner: Cleaner) -> None:
    assert cleaner.clean("&lt;p&gt;&lt;/p&gt;&lt;p&gt; LIMA, Peru - Talks ended.&lt;/p&gt;").text == "LIMA, Peru - Talks ended."
    assert cleaner.clean("Write &lt;b&gt; before bold text.").text == "Write <b> before bold text."
    assert cleaner.clean("A &lt;span&gt; stays unless closed.").text == "A <span> stays unless closed."


def test_feed_repairs_stay_out_of_markdown() -> None:
    """In Markdown a backslash escape and an entity are syntax the author wrote."""
    cleaner = Cleaner()
    text = "Costs \\$5 a\\b and &lt;b&gt;x&lt;/b&gt;\n"
    assert cleaner.clean(text, markdown=True).text == text


def test_fullwidth_forms_become_ascii_only_between_latin_text(cleaner: Cleaner) -> None:
    assert cleaner.clean("Score：３－１ today").text == "Score:3-1 today"
    assert cleaner.clean("比分３－１，今天").text == "比分３－１，今天"


def test_new_rules_can_be_ignored() -> None:
    text = "Europe #39;s \\$5 second\\team &lt;br&gt;x"
    assert Cleaner(Config(ignore=("U102", "U110", "U111", "U112", "U113"))).clean(text).text == text


def test_a_clean_windows_text_comes_back_unchanged_with_no_edit() -> None:
    text = "Troops moved.\r\nThe call ended.\r\n\r\nKirby said so.\r\n"
    result = clean(text)
    assert result.text == text and result.edits == []


def test_crlf_is_restored_around_a_repair_and_the_log_replays() -> None:
    text = "Troops moved.The call\r\nended.\r\n"
    result = clean(text)
    assert result.text == "Troops moved. The call\r\nended.\r\n"
    assert [(e.rule, e.before, e.after) for e in result.edits] == [("P103", "", " ")]


def test_each_character_rule_lists_every_character_its_pattern_matches() -> None:
    """A rule is skipped when the text holds none of its characters, so the list must be complete."""
    from cleaner.stages.unicode import CHARACTER_FIXES, FULLWIDTH_CHARS, FULLWIDTH_RE, LINE_BREAK_CHARS, LINE_BREAK_RE

    screens = [(fix.pattern, fix.chars) for fix in CHARACTER_FIXES]
    screens += [(FULLWIDTH_RE, FULLWIDTH_CHARS), (LINE_BREAK_RE, LINE_BREAK_CHARS)]
    for pattern, chars in screens:
        missing = [hex(c) for c in range(0x10000) if not 0xD800 <= c < 0xE000 and pattern.search(chr(c)) and chr(c) not in chars]
        assert missing == [], pattern.pattern


def test_unusual_characters_are_those_beyond_printable_ascii_and_newline() -> None:
    from cleaner.stages.unicode import unusual_chars

    assert unusual_chars("plain text.\n") == frozenset()
    assert unusual_chars("tab\there\r\ndon’t \x07\ud800 ﬁ") == frozenset("\t\r’\x07\ud800ﬁ")


@pytest.mark.parametrize(
    "text",
    ["Вa" * 5000, "Вa" * 5000 + "Ã\u00a0", "don’t “no” — it’s", "donâ€™t", "Ã", "parlé\x85", "Ã\u00a0 la"],
)
def test_the_signature_test_agrees_with_the_signature_scan(text: str) -> None:
    """Looking after each lead character, or scanning when there are many, finds what the scan finds."""
    from cleaner.stages.unicode import MOJIBAKE_SIGNATURE_RE, _has_mojibake_signature, unusual_chars

    assert _has_mojibake_signature(text, unusual_chars(text)) == (MOJIBAKE_SIGNATURE_RE.search(text) is not None)


def test_ftfy_badness_matches_are_short_and_each_holds_a_non_ascii_character() -> None:
    """What ``_is_bad`` relies on to search only around non-ASCII characters."""
    import re._constants as sre
    import re._parser as sre_parse

    from ftfy.badness import BADNESS_RE

    from cleaner.stages.unicode import BADNESS_REACH

    tree = sre_parse.parse(BADNESS_RE.pattern, BADNESS_RE.flags)
    assert tree.getwidth()[1] <= BADNESS_REACH + 1
    assert not BADNESS_RE.flags & (re.MULTILINE | re.IGNORECASE)
    ((op, (_, branches)),) = tree.data
    assert op is sre.BRANCH

    def non_ascii_only(item: tuple) -> bool:
        op, av = item
        if op is sre.LITERAL:
            return av > 127
        if op is not sre.IN:
            return False
        return all((kind is sre.LITERAL and a > 127) or (kind is sre.RANGE and a[0] > 127) for kind, a in av)

    assert all(any(non_ascii_only(item) for item in branch.data) for branch in branches)


@pytest.mark.parametrize(
    "text", ["", "plain", "It’s a café", "donâ€™t", "Ã la", "x " * 20 + "Ã\u00a0", "Ã " + "y" * 20, "a\nÃ €", "ÂÃÂÃ"]
)
def test_badness_around_non_ascii_characters_is_ftfys(text: str) -> None:
    from ftfy.badness import is_bad

    from cleaner.stages.unicode import _is_bad

    assert _is_bad(text) == is_bad(text)


def test_a_text_crowded_with_semicolons_gets_the_remnant_scan() -> None:
    from cleaner.stages.unicode import _may_hold_remnant

    assert _may_hold_remnant("a;" * 5000) and not _may_hold_remnant("a; b; c")
