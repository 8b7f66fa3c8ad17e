"""Headers, spacing and layout: what a removal keeps, how quotes are read, and where apply turns into report."""

from __future__ import annotations

import pytest

from cleaner import Cleaner, Config
from cleaner.config import DEFAULT_THRESHOLD
from cleaner.stages import headers, layout, spacing

#: Only the three stages, so a case shows their own behaviour.
CORE = Cleaner(Config(select=("H", "L", "P")))


@pytest.mark.parametrize(
    ("text", "key", "value"),
    [
        ("Rain fell.\n\nThe post Rain returns appeared first on Daily Weather.", "feed_footer", "Rain returns"),
        ("Rain fell.\n\nThis article was originally published at Daily Weather.", "republication", "Daily Weather"),
        ("Rain fell.\n\n©2020 Daily Weather, distributed by Example Syndicate.", "copyright", "Example Syndicate"),
        ("Rain fell. Enditem", "end_marker", "Enditem"),
        ("Listen to this article\n\nRain fell.", "prompts", "Listen to this article"),
        ("Rain fell.\n\n3 comments", "widgets", "3 comments"),
        ("Rain fell.\n\nFeatured image via Jane Roe/Getty Images", "image_credits", "Jane Roe"),
        ("Rain fell. (RELATED: Floods close roads) It stopped.", "related", "Floods close roads"),
        (
            "By Ana Ruiz LIMA, Peru (Reuters) - Rain fell on the capital for the third day in a row on Sunday.",
            "byline",
            "Ana Ruiz",
        ),
    ],
)
def test_removed_text_goes_to_metadata_under_a_key_that_says_what_it_was(text: str, key: str, value: str) -> None:
    result = CORE.clean(text)
    assert value not in result.text
    assert value in str(result.metadata[key])
    assert all(edit.rule.startswith("H") for edit in result.edits)


def test_a_removed_line_takes_the_break_before_it_and_leaves_the_one_after() -> None:
    text = "One.\n\n\nGetty Images\n\nTwo.\n\n\nAdvertisement\nThree."
    assert CORE.clean(text).text == "One.\n\nTwo.\nThree."


def test_at_the_top_a_removed_line_takes_the_break_after_it() -> None:
    assert CORE.clean("Listen to this article\n\n\nOne.\n\nTwo.").text == "One.\n\nTwo."


def test_a_text_of_furniture_alone_is_left_as_it_is() -> None:
    text = "Advertisement\n\nComments"
    assert CORE.clean(text).text == text


def test_a_removal_takes_a_web_address_whole_and_keeps_it_in_metadata() -> None:
    result = CORE.clean("Rain fell.\n\nCopyright © 2020 Daily Weather. Reprints: www.daily-weather.example.com")
    assert result.text == "Rain fell."
    assert "www.daily-weather.example.com" in result.metadata["copyright"][0]


def test_a_web_address_is_never_cut_in_two() -> None:
    text = "Rain fell (https://example.com/RELATED:x) today."
    assert CORE.clean(text).text == text


def test_code_in_markdown_is_out_of_reach_of_a_removal() -> None:
    text = "Rain fell.\n\n```\nAdvertisement\n```\n\nIt stopped.\n"
    assert CORE.clean(text, markdown=True).text == text


def test_separator_lines_go_only_with_a_footer_under_them() -> None:
    assert CORE.clean("One.\n———\n© 2020 Daily Weather").text == "One."
    assert CORE.clean("One.\n\n———\n\nTwo.").text == "One.\n\n———\n\nTwo."


def test_end_markers_alone_count_only_at_the_end() -> None:
    assert CORE.clean("One.\n\n-30-").text == "One."
    assert CORE.clean("One.\n\nEND\n\nTwo.").text == "One.\n\nEND\n\nTwo."


def test_in_markdown_a_hash_line_is_a_heading_not_an_end_marker() -> None:
    text = "One.\n\n###\n"
    assert CORE.clean(text, markdown=True).text == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said."We won," she added.', 'He said. "We won," she added.'),  # a partner quote follows: it opens
        ('"We won."She smiled.', '"We won." She smiled.'),  # a partner quote precedes: it closes
        ('I think we won."She smiled.', 'I think we won." She smiled.'),  # first person before: closes
        ('She smiled."I think we won.', 'She smiled. "I think we won.'),  # first person after: opens
        ('He said"We won" and left.', 'He said "We won" and left.'),  # an opening quote after a word
    ],
)
def test_a_straight_quote_between_sentences_is_read_from_its_paragraph(text: str, expected: str) -> None:
    assert CORE.clean(text).text == expected


def test_a_straight_quote_nothing_decides_is_reported_not_guessed() -> None:
    result = CORE.clean('She smiled."Nobody saw it.')
    assert result.text == 'She smiled."Nobody saw it.'
    assert [(f.rule, f.confidence) for f in result.findings] == [("P103", spacing.SETTINGS.straight_quote_unsure)]


def test_an_entity_remnant_is_not_two_words_around_a_semicolon() -> None:
    assert CORE.clean("the quot;best quot; plan").edits == []
    assert CORE.clean("allies;Kirby said").text == "allies; Kirby said"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a good tweethttps://t.co/x1", "a good tweet https://t.co/x1"),
        ("so plausiblepic.twitter.com/x1", "so plausible pic.twitter.com/x1"),
        ("the thhttps://t.co/x1", "the thhttps://t.co/x1"),  # two letters are a fragment, not a word
        ("see xqzvhttps://t.co/x1", "see xqzvhttps://t.co/x1"),  # not a word
    ],
)
def test_a_word_glued_to_a_url_is_split_only_when_it_is_a_word(text: str, expected: str) -> None:
    assert CORE.clean(text).text == expected


def test_a_stray_space_before_a_period_moves_after_it_only_before_a_sentence_opener() -> None:
    assert (
        CORE.clean("It runs on solar parks .An agreement was signed.").text == "It runs on solar parks. An agreement was signed."
    )
    assert CORE.clean("It runs on .Net framework code.").text == "It runs on .Net framework code."


#: For each rule whose confidence decides apply versus report: an example and its settings value.
BOUNDARIES = [
    ("Rain fell.\n\nComments", "H113", headers.SETTINGS.widget),
    ("Rain fell.\n\nImage caption, A flooded road", "H106", headers.SETTINGS.caption),
    ("Rain fell. The post Rain returns appeared first on Daily Weather.", "H108", headers.SETTINGS.feed_footer),
    ("Rain fell. (RELATED: Floods close roads)", "H107", headers.SETTINGS.related_inline),
    ("It rained.Kyiv was calm.", "P103", spacing.SETTINGS.sentence_other),
    ('He said."We won," she added.', "P103", spacing.SETTINGS.straight_quote),
    ("a good tweethttps://t.co/x1", "P106", spacing.SETTINGS.url_space),
    ("the  end", "L102", layout.SETTINGS.space_run),
]


@pytest.mark.parametrize(("text", "rule", "confidence"), BOUNDARIES, ids=[b[1] for b in BOUNDARIES])
def test_each_confidence_applies_at_its_threshold_and_is_reported_just_above(text: str, rule: str, confidence: float) -> None:
    at = Cleaner(Config(select=("H", "L", "P"), threshold=confidence)).clean(text)
    above = Cleaner(Config(select=("H", "L", "P"), threshold=min(1.0, confidence + 0.001))).clean(text)
    assert [edit.rule for edit in at.edits] == [rule]
    assert above.text == text
    assert [finding.rule for finding in above.findings] == [rule]


def test_default_threshold_applies_every_confident_rule_and_reports_the_unsure_quote() -> None:
    confident = [confidence for _, _, confidence in BOUNDARIES]
    assert min(confident) >= DEFAULT_THRESHOLD > spacing.SETTINGS.straight_quote_unsure


def test_settings_are_frozen() -> None:
    with pytest.raises(AttributeError):
        headers.SETTINGS.top_lines = 10  # type: ignore[misc]


@pytest.mark.parametrize(
    "text",
    ["", "one", "  a \r\n\r\n b\rc\n\n\n", "\n\n  lead\t\n trail  ", "x\u2028y\n\u00a0z\u00a0\n\x1c"],
)
def test_header_lines_are_the_non_blank_runs_between_line_breaks(text: str) -> None:
    import re

    from cleaner.lexicon import Lexicon
    from cleaner.stages.base import Document

    doc = Document(text, False, Config(), Lexicon(), frozenset())
    runs = [(m.start(), m.group()) for m in re.finditer(r"[^\n\r]+", text) if m.group().strip()]
    expected = [(start + len(run) - len(run.lstrip()), run.strip()) for start, run in runs]
    assert [(line.start, line.text) for line in headers._lines(doc)] == expected
    assert all(text[line.start : line.end] == line.text for line in headers._lines(doc))


@pytest.mark.parametrize(
    ("line", "agency", "caption"),
    [
        ("Getty Images", True, False),
        ("(AP Photo/Evan Vucci, File)", True, True),
        ("Troops board a plane. (AP Photo/Evan Vucci)", True, True),
        ("Troops board a plane [Reuters/Jo Smith].", True, True),
        ("Rain fell on the capital for a third day.", False, False),
    ],
)
def test_credit_screens_pass_every_line_their_pattern_could_match(line: str, agency: bool, caption: bool) -> None:
    assert headers._may_be_agency_credit(line) is agency
    assert headers._ends_in_brackets(line) is caption
    assert headers._may_be_agency_credit(line) or not headers.AGENCY_CREDIT_RE.fullmatch(line)
    assert headers._ends_in_brackets(line) or not headers.CAPTION_CREDIT_RE.fullmatch(line)


@pytest.mark.parametrize("text", ["a\nb", "a \t\n\t b\n\nc", " \na\n", "a\u00a0\nb\n\u2028c", "a\n \nb", "x-\ny\nz \n"])
def test_layout_line_breaks_are_the_breaks_between_two_non_blank_characters(text: str) -> None:
    import re

    expected = [m.span() for m in re.finditer(r"(?<=\S)[ \t]*\n[ \t]*(?=\S)", text)]
    assert layout._line_breaks(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "allies,Kirby said; a 1,000 fold,as in x;y and quot;no",
        'It ended."We won," he said. “No” said“This now.” said the man.” told',
        "ab,cd\nef;gh “x” ,a ,“b",
        "ab;cd " * 3000 + "allies,Kirby said",
    ],
)
def test_spacing_candidates_find_what_a_full_scan_finds(text: str) -> None:
    for pattern, scans in (
        (spacing.COMMA_MERGE_RE, spacing.COMMA_BEFORE_TEXT),
        (spacing.OPEN_QUOTE_MERGE_RE, spacing.OPEN_QUOTE),
        (spacing.PERIOD_BEFORE_VERB_RE, spacing.PERIOD_BEFORE_QUOTE),
    ):
        assert [m.span() for m in spacing._matches_at(pattern, text, scans)] == [m.span() for m in pattern.finditer(text)]
    punct = [m.start() for m in spacing._candidates(text, spacing.PUNCT_BEFORE_LETTER)]
    assert punct == sorted(punct)
