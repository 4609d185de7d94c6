"""Hostile flags (issue 8): a bad value, an unknown flag or a missing argument ends with one stderr line
naming the flag, exit 2, nothing on stdout, no output file changed and no escape sequence sent to the
terminal; many-choice flags and an answers file combine the documented way.

The hostile files (rule packs, answers files) are in tests/knowledge/test_hostile_files.py.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import Guard, assert_one_error


@pytest.mark.parametrize("args, flag, message", [
    (["--goal", "reseach"], "--goal", "did you mean 'research'"),
    (["--data", "text,pictures"], "--data", "'pictures' is not one of"),
    (["--data", "text", "--data", "image,txt"], "--data", "did you mean 'text'"),
    (["--gaol", "research"], "--gaol", "Did you mean"),
    (["--format", "xml"], "--format", "'xml' is not one of"),
    (["--lang", "fr"], "--lang", "'fr' is not one of"),
    (["--goal"], "--goal", "requires an argument"),
    (["--goal", "\x1b[2Jresearch"], "--goal", "[2Jresearch"),
])
def test_bad_flag(args: list[str], flag: str, message: str, cli: Callable[..., Any], guard: Guard) -> None:
    res = cli("recommend", *guard.args, *args)
    line = assert_one_error(res, 2, message=message)
    assert flag in line
    assert "\x1b" not in line  # a hostile value is shown escaped, never sent to the terminal
    guard.check()


def test_multi_choice_given_both_ways(cli: Callable[..., Any]) -> None:
    both = cli("recommend", "--data", "text", "--data", "image,multimodal", "--format", "json")
    listed = cli("recommend", "--data", "multimodal,image,text", "--format", "json")
    assert both.code == listed.code == 0, both.err + listed.err
    assert json.loads(both.out)["answers"]["data"] == ["text", "image", "multimodal"]
    assert both.out == listed.out


def test_flags_override_the_answers_file(cli: Callable[..., Any], tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text("goal: research\ndata: [image]\n", "utf-8")
    res = cli("recommend", "--answers", str(path), "--goal", "production", "--format", "json")
    assert res.code == 0, res.err
    assert json.loads(res.out)["answers"] == {"goal": "production", "data": ["image"]}
