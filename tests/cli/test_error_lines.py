"""One shape for every error line: `file:line:col: …` where a file is the place, else `recommender: …`,
with the flag first when a flag is at fault; click's own usage errors included."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from recommender.cli.exits import message_line

IN_A_FILE = re.compile(r"^.+?:[0-9]+:[0-9]+: ")


@pytest.mark.parametrize(("args", "line"), [
    # click's own: a bad choice of ours, of click's Choice, an unknown option, a missing value
    (("recommend", "--goal", "reseach"), "recommender: --goal: 'reseach' is not one of research, production,"),
    (("recommend", "--format", "jsn"), "recommender: --format: 'jsn' is not one of 'text', 'json'"),
    (("recommend", "--gaol", "research"), "recommender: No such option '--gaol'."),
    (("recommend", "--goal"), "recommender: Option '--goal' requires an argument."),
    (("questions", "--format", "jsno"), "recommender: --format: 'jsno' is not one of"),
    (("rules", "lint", "--format", "txt"), "recommender: --format: 'txt' is not one of"),
    # ours, raised with a flag as the place
    (("recommend", "--deploy", "none,server"), "recommender: --deploy: 'none' excludes the other options"),
    (("recommend", "--jobs", "2"), "recommender: --jobs: only with --batch"),
    (("recommend", "--goal", "research", "--explain", "--format", "env"), "recommender: --explain: --format env"),
    (("recommend", "--output", ""), "recommender: --output: empty file name"),
])
def test_every_usage_error_names_the_program_then_the_flag(cli: Any, args: tuple[str, ...], line: str) -> None:
    res = cli(*args)
    assert res.code == 2 and res.out == ""
    assert res.err.count("\n") == 1 and res.err.startswith(line), res.err


def test_a_place_in_a_file_leads_its_line(cli: Any, tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text("goal: reserch\n", encoding="utf-8")
    res = cli("recommend", "--answers", str(answers))
    assert res.code == 2
    assert res.err.startswith(f"{answers}:1:7: $.goal: 'reserch' is not one of"), res.err


@pytest.mark.parametrize(("message", "shown"), [
    ("--goal: bad", "recommender: --goal: bad"),
    ("interrupted; nothing written", "recommender: interrupted; nothing written"),
    ("rules/x.yaml:5:21: $.rules[0]: bad", "rules/x.yaml:5:21: $.rules[0]: bad"),
    ("warning: RECOMMENDER_LANG='fr' …", "recommender: warning: RECOMMENDER_LANG='fr' …"),
])
def test_message_line_is_the_one_shape(message: str, shown: str) -> None:
    assert message_line(message) == shown
    assert IN_A_FILE.match(shown) or shown.startswith("recommender: ")
