"""`--format snippet`: the starter's minimal example alone, the same text everywhere it is shown, ready to
save as a .py file; a result without one fails (exit 1) rather than print an empty file."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

import recommender
from recommender.errors import NoSnippet
from tests.helpers import assert_one_error, raw_profiles

FLAGS = [
    ("--goal", "research", "--data", "text", "--task", "generation"),
    ("--goal", "production", "--production-scale", "large", "--data", "text", "--task", "classification"),
    ("--goal", "production", "--deploy", "mobile", "--data", "image", "--task", "classification"),
    ("--goal", "production", "--data", "tabular"),
    ("--goal", "research", "--data", "protein", "--similar-model", "alphafold"),
    ("--goal", "learning", "--data", "image"),
]
TIE = ("--goal", "application")  # the framework decision ties: no starter


def fenced_python(markdown: str) -> str:
    (block,) = re.findall(r"^```python\n(.*?)^```$", markdown, flags=re.S | re.M)
    return str(block)


def text_block(text: str) -> str:
    """The text output's indented example, unindented."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(("Minimal example:", "最小示例：")))
    body = []
    for line in lines[start + 1:]:
        if line and not line.startswith("    "):
            break
        body.append(line[4:])
    return "\n".join(body).rstrip("\n") + "\n"


@pytest.mark.parametrize("args", FLAGS)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_snippet_alone_is_the_one_every_format_shows(cli: Any, args: tuple[str, ...], lang: str) -> None:
    got = cli("recommend", *args, "--lang", lang, "--format", "snippet")
    assert got.code == 0 and got.err == ""
    snippet = got.out
    assert snippet.endswith("\n") and not snippet.startswith((" ", "\n"))
    compile(snippet, "starter.py", "exec")  # pasted into a file it runs: no IndentationError
    doc = json.loads(cli("recommend", *args, "--lang", lang, "--format", "json").out)
    assert snippet == doc["starter"]["snippet"].rstrip("\n") + "\n"
    assert fenced_python(cli("recommend", *args, "--lang", lang, "--format", "markdown").out) == snippet
    assert text_block(cli("recommend", *args, "--lang", lang).out) == snippet


def test_comments_follow_the_language(cli: Any) -> None:
    en = cli("recommend", *FLAGS[0], "--format", "snippet").out
    zh = cli("recommend", *FLAGS[0], "--format", "snippet", "--lang", "zh").out
    code = [line for line in en.splitlines() if not line.lstrip().startswith("#")]
    assert en != zh and code == [line for line in zh.splitlines() if not line.lstrip().startswith("#")]


def test_text_output_says_how_to_get_it(cli: Any) -> None:
    text = cli("recommend", *FLAGS[0]).out
    hints = [line for line in text.splitlines() if "--format snippet" in line]
    assert hints == ["  (`--format snippet` prints this example alone, ready to save as a .py file)"]


@pytest.mark.parametrize(("args", "why"), [
    (TIE, "the framework decision is a tie between PyTorch and TensorFlow"),
    ((), "no answers were given"),
])
def test_no_snippet_is_exit_1_and_nothing_on_stdout(cli: Any, args: tuple[str, ...], why: str) -> None:
    got = cli("recommend", *args, "--format", "snippet")
    assert_one_error(got, 1, starts="recommender: --format snippet: no example to print: ", message=why)


def test_output_py_writes_the_snippet_and_nothing_without_one(cli: Any, tmp_path: Path) -> None:
    target = tmp_path / "starter.py"
    assert cli("recommend", *FLAGS[3], "--output", str(target)).code == 0
    assert target.read_text(encoding="utf-8") == cli("recommend", *FLAGS[3], "--format", "snippet").out
    tied = tmp_path / "tied.py"
    assert cli("recommend", *TIE, "--output", str(tied)).code == 1
    assert list(tmp_path.iterdir()) == [target]  # nothing written, no temp file left


def test_explain_has_no_room_in_a_snippet(cli: Any) -> None:
    got = cli("recommend", *FLAGS[0], "--explain", "--format", "snippet")
    assert_one_error(got, 2, starts="recommender: --explain: --format snippet is the example code alone")


def test_the_api_gives_the_same_text(kb: Any, cli: Any) -> None:
    result = recommender.recommend({"goal": "production", "data": ["tabular"]}, kb=kb)
    assert recommender.format_result(result, "snippet", kb=kb) == cli("recommend", *FLAGS[3], "--format",
                                                                      "snippet").out
    with pytest.raises(NoSnippet, match="tie"):
        recommender.format_result(recommender.recommend({"goal": "application"}, kb=kb), "snippet", kb=kb)


def test_a_snippet_exists_exactly_when_the_json_has_one(kb: Any) -> None:
    for answers in raw_profiles(kb, 40, seed=5):
        result = recommender.recommend(answers, kb=kb, what_if=False)
        doc = json.loads(recommender.format_result(result, "json", kb=kb))
        expected = (doc.get("starter") or {}).get("snippet")
        if expected:
            assert recommender.format_result(result, "snippet", kb=kb) == expected.rstrip("\n") + "\n"
        else:
            with pytest.raises(NoSnippet):
                recommender.format_result(result, "snippet", kb=kb)
