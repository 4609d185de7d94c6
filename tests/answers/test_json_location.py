"""Locating an error in a JSON answers file is linear in its size (issue 17, item 2).

The field of an error is the last key written before the error's offset. It was found by a regex
run over the text from every `"`, so a string full of escaped quotes made it quadratic: a 64 KB
file took a minute to report its error, a 1 MiB one would take hours.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from recommender.answers_file import MAX_ANSWERS_BYTES, load_file
from recommender.errors import AnswersError


def escaped_quotes_file(tmp_path: Path, size: int) -> Path:
    """`{"goal": "\\"\\"…", "data": tru}` of `size` bytes: the error is at the very end."""
    head, tail = '{"goal": "', '", "data": tru}'
    path = tmp_path / "answers.json"
    path.write_text(head + '\\"' * ((size - len(head) - len(tail)) // 2) + tail, "utf-8")
    return path


def error_of(path: Path) -> str:
    with pytest.raises(AnswersError) as caught:
        load_file(str(path))
    return str(caught.value)


@pytest.mark.slow  # a bound on time, generous: linear takes well under a second
@pytest.mark.parametrize("size", [64 << 10, MAX_ANSWERS_BYTES - 16], ids=["64KiB", "1MiB"])
def test_a_big_file_reports_its_error_near_the_end_quickly(tmp_path, size):
    path = escaped_quotes_file(tmp_path, size)
    started = time.perf_counter()
    message = error_of(path)
    assert time.perf_counter() - started < 5
    column = path.read_text("utf-8").index("tru}") + 1
    assert message.startswith(f"{path}:1:{column}: $.data: invalid JSON")


def test_the_error_names_the_last_key_before_it(tmp_path):
    path = escaped_quotes_file(tmp_path, 2000)
    column = path.read_text("utf-8").index("tru}") + 1
    assert error_of(path).startswith(f"{path}:1:{column}: $.data: invalid JSON")


@pytest.mark.parametrize(("text", "field"), [
    ('{"go\\"al": "x", "data": [1, }', "$.data"),          # an escaped quote inside a key
    ('{"goal": "a\\\\", "data": tru}', "$.data"),           # a value ending with an escaped backslash
    ('{"goal": "x" "data": 1}', "$.goal"),                  # the string after the error is no key
    ('{"a": {"b": "c:", "d" : nul}}', "$.d"),               # a colon inside a string, space before one
    ('{"goal": "unterminated \\" , "x": 1', "$.goal"),      # the rest is inside one string
    ('[1, 2, }', "$"),                                       # no key at all
])
def test_the_field_of_an_error(tmp_path, text, field):
    path = tmp_path / "answers.json"
    path.write_text(text, "utf-8")
    assert f": {field}: invalid JSON" in error_of(path)
