"""Batch error messages are bounded and speak of the input, not of Python (issue 17, item 13)."""

from __future__ import annotations

import json

import pytest


def batch_errors(cli, tmp_path, *lines: str) -> list[str]:
    source = tmp_path / "in.jsonl"
    source.write_text("".join(line + "\n" for line in lines), "utf-8")
    got = cli("recommend", "--batch", str(source))
    assert got.code == 1
    return [json.loads(record)["error"] for record in got.out.splitlines()]


def test_a_huge_integer_is_named_as_such(cli, tmp_path):
    (error,) = batch_errors(cli, tmp_path, '{"goal": ' + "9" * 5000 + "}")
    assert error == f"{tmp_path / 'in.jsonl'}:1: number with 5000 digits is too large"


@pytest.mark.parametrize("line", [
    json.dumps({"k" * 100_000: "x"}),                 # an unknown question
    json.dumps({"goal": "r" * 100_000}),              # an unknown option
    json.dumps({"data": ["text", "i" * 100_000]}),    # an unknown option in a list
], ids=["key", "value", "list item"])
def test_a_long_key_or_value_is_shortened_in_the_message(cli, tmp_path, line):
    (error,) = batch_errors(cli, tmp_path, line)
    assert len(error) < 300, error[:400]
    assert "…" in error


def test_a_long_unknown_question_in_a_file_is_shortened_too(cli, tmp_path):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"q" * 10_000: "x"}), "utf-8")
    got = cli("recommend", "--answers", str(path))
    assert got.code == 2 and len(got.err) < 300 and "…" in got.err



@pytest.mark.parametrize("line", [
    json.dumps({"goal": "x\x1b[2J\u202ey"}),       # in a value
    json.dumps({"go\x1bal\u202e": "research"}),    # in a key
    "x\x1b[2J\u202e not json",                       # in a line that is not JSON
], ids=["value", "key", "not json"])
def test_terminal_controls_in_a_bad_line_never_reach_stderr(cli, tmp_path, line):
    """An escape sequence or a bidi override quoted from the input cannot act on the terminal."""
    source = tmp_path / "in.jsonl"
    source.write_text(line + "\n", "utf-8")
    got = cli("recommend", "--batch", str(source))
    assert got.code == 1
    assert "\x1b" not in got.err and "\u202e" not in got.err
