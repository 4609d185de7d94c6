"""File flags: an empty name is refused; `-` is stdin or stdout where it can be (issue 17, item 10).

`--output ""` and `--save-answers ""` were silently ignored, `--output -` created a file named `-`,
and `--answers -` failed while `--batch -` read stdin.
"""

from __future__ import annotations

import json
import os

import pytest

from tests.helpers import assert_one_error


@pytest.mark.parametrize("flag", ["--output", "--answers", "--batch"])
def test_an_empty_file_name_is_refused_by_recommend(cli, flag):
    got = cli("recommend", "--goal", "research", flag, "")
    assert_one_error(got, 2, starts=f"recommender: {flag}: ", message="empty file name")


@pytest.mark.parametrize("flag", ["--save-answers", "--answers"])
def test_an_empty_file_name_is_refused_by_ask(cli, flag):
    got = cli("ask", "--goal", "research", flag, "")
    assert_one_error(got, 2, starts=f"recommender: {flag}: ", message="empty file name")


def test_output_dash_is_stdout(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    plain = cli("recommend", "--goal", "research", "--format", "json")
    dashed = cli("recommend", "--goal", "research", "--format", "json", "--output", "-")
    assert dashed == plain and plain.code == 0
    assert not os.path.exists("-")


def test_output_dash_is_stdout_for_a_batch(run, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text('{"goal": "research"}\n', "utf-8")
    got = run("recommend", "--batch", str(source), "--output", "-", cwd=tmp_path)
    assert got.code == 0 and json.loads(got.out)["line"] == 1
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize("text", ['{"goal": "research", "data": ["text"]}', "goal: research\ndata: [text]\n"],
                         ids=["json", "yaml"])
def test_answers_dash_reads_stdin(run, text):
    got = run("recommend", "--answers", "-", "--format", "json", input=text)
    assert got.code == 0, got.err
    assert json.loads(got.out)["answers"] == {"goal": "research", "data": ["text"]}


def test_an_error_in_answers_from_stdin_names_stdin(run):
    got = run("recommend", "--answers", "-", input='{"goal": "reserch"}')
    assert_one_error(got, 2, starts="<stdin>:1:", field="$.goal")


def test_answers_and_batch_cannot_both_read_stdin(run):
    got = run("recommend", "--answers", "-", "--batch", "-", input="")
    assert_one_error(got, 2, message="--answers")


def test_save_answers_dash_is_refused(cli):
    got = cli("ask", "--save-answers", "-")
    assert_one_error(got, 2, starts="recommender: --save-answers: ", message="'-' would write")


def test_ask_answers_dash_is_refused(cli):
    got = cli("ask", "--answers", "-")
    assert_one_error(got, 2, starts="recommender: --answers: ", message="ask reads the terminal")
