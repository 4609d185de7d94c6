"""`escaped` writes out exactly the characters `bad_character` refuses (plus newline and tab unless kept)."""

from __future__ import annotations

import pytest

from recommender.knowledge.textcheck import bad_character, escaped


@pytest.mark.slow  # all 1.1 million code points
def test_escaped_agrees_with_bad_character_on_every_code_point():
    for code in range(0x110000):
        char = chr(code)
        unsafe = char in "\n\t" or bad_character(char) is not None
        assert escaped(char, keep="") == (f"\\u{code:04x}" if unsafe else char), hex(code)


def test_newline_and_tab_are_kept_unless_asked():
    assert escaped("a\nb\tc") == "a\nb\tc"
    assert escaped("a\nb\tc", keep="") == "a\\u000ab\\u0009c"
    assert escaped("x\x1b[2J\u202ey") == "x\\u001b[2J\\u202ey"
