"""Decoding short files: Western text always right, other scripts right or refused, never garbage."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.unicode.decoding import SAMPLES, Sample, encode, outcome
from cleaner.io import InputError, decode_bytes, read_text

SHORT_FILES = [sample for sample in SAMPLES if 10 <= len(encode(sample)) <= 300]


def test_the_table_is_big_and_varied_enough() -> None:
    assert len(SHORT_FILES) >= 40
    encodings = {sample.encoding for sample in SHORT_FILES}
    needed = {"cp1252", "latin-1", "utf-16", "utf-16-be-bom", "utf-8-sig", "mac-roman", "cp1251", "koi8-r"}
    needed |= {"shift_jis", "gb18030"}
    assert needed <= encodings


@pytest.mark.parametrize("sample", [s for s in SAMPLES if s.western], ids=lambda s: f"{s.encoding}:{s.text[:20]}")
def test_western_files_come_back_exactly(sample: Sample) -> None:
    assert outcome(sample) == ("right", f"cp1252: {sample.text}")


@pytest.mark.parametrize("sample", [s for s in SAMPLES if not s.western], ids=lambda s: f"{s.encoding}:{s.text[:20]}")
def test_other_files_come_back_exactly_or_are_refused_never_as_other_text(sample: Sample) -> None:
    verdict, what = outcome(sample)
    assert verdict != "wrong", what


def test_uncertain_bytes_fail_with_one_line_naming_the_file_and_the_candidates() -> None:
    data = "Ёлка".encode("koi8-r")  # four Cyrillic letters: too little to tell KOI8-R from Windows-1251 or Latin
    with pytest.raises(InputError) as caught:
        decode_bytes(data, "news/short.txt")
    message = str(caught.value)
    assert message.startswith("news/short.txt: not valid UTF-8 (byte 0xb3 at offset 0)") and "\n" not in message
    assert "encoding is uncertain" in message and "cp1252" not in message.split("uncertain")[0]


def test_a_short_western_file_is_never_read_as_an_exotic_code_page() -> None:
    """What charset-normalizer did: ``Café`` as cp1006, ``€5`` as Cyrillic, a leading 0x80 as EBCDIC."""
    for text in ("Café au lait.", "It costs €5.", "He said “no”.", "€100 for two."):
        decoded = decode_bytes(text.encode("cp1252"), "a.txt")
        assert (decoded.text, decoded.encoding) == (text, "cp1252")
        offset = next(i for i, byte in enumerate(text.encode("cp1252")) if byte >= 0x80)
        where = f"byte 0x{text.encode('cp1252')[offset]:02x} at offset {offset}"
        assert decoded.note == f"a.txt: not valid UTF-8 ({where}); decoded as cp1252"


def test_byte_order_marks_win_and_nul_bytes_without_one_are_binary() -> None:
    assert decode_bytes("\ufeffHello".encode("utf-16-le"), "a").text == "Hello"
    assert decode_bytes(b"\xef\xbb\xbfCaf\xc3\xa9", "a").text == "Café"
    with pytest.raises(InputError, match="binary file"):
        decode_bytes(b"PK\x03\x04\x00\x00binary", "a.zip")
    with pytest.raises(InputError, match="no text encoding explains it"):
        decode_bytes(bytes(range(0x80, 0x100)) * 3, "x.txt")


def test_utf16_without_a_mark_needs_a_nul_in_every_other_byte() -> None:
    assert decode_bytes("Plain words here.".encode("utf-16-le"), "a").encoding == "utf-16-le"
    with pytest.raises(InputError, match="binary"):
        decode_bytes(b"ab\x00\x00cd\x00\x01" * 4, "a")


def test_read_text_uses_the_same_decoder(tmp_path: Path) -> None:
    """``check``, ``fix`` and ``explain`` read through ``read_text``; batch runs through ``decode_bytes``."""
    path = tmp_path / "a.txt"
    path.write_bytes("Привет, как дела?".encode("koi8-r"))
    decoded = read_text(path)
    assert decoded.text == "Привет, как дела?" and decoded.encoding == "koi8-r" and str(path) in (decoded.note or "")
