"""`--help` is reachable whatever the rule packs are (issue 17, item 12).

A broken RECOMMENDER_RULES (a missing folder, an invalid pack, a FIFO) used to make `recommend --help`
fail like the command itself. Help now falls back to the shipped pack's question flags and says so in
one line on stderr.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from recommender.knowledge.model import flag_name
from tests.helpers import KB


def broken_folder(tmp_path: Path, kind: str) -> str:
    folder = tmp_path / "broken"
    if kind == "missing":
        return str(folder)
    folder.mkdir()
    if kind == "invalid":
        (folder / "bad.yaml").write_text("rules: [\n", "utf-8")
    else:
        os.mkfifo(folder / "fifo.yaml")
    return str(folder)


@pytest.mark.parametrize("kind", ["missing", "invalid", "fifo"])
@pytest.mark.parametrize("command", ["recommend", "ask"])
@pytest.mark.parametrize("spelling", ["--help", "-h"])
def test_help_with_broken_rules_shows_the_shipped_flags_and_a_note(run, tmp_path, kind, command, spelling):
    res = run(command, spelling, env={"RECOMMENDER_RULES": broken_folder(tmp_path, kind)})
    assert res.code == 0, res.err
    assert "Usage:" in res.out and "Examples:" in res.out
    assert all(flag_name(qid) in res.out for qid in KB.questions)
    (note,) = res.err.splitlines()
    assert "recommender rules validate" in note and "Traceback" not in res.err


def test_help_with_a_broken_rules_flag_too(run, tmp_path):
    res = run("recommend", "--rules", broken_folder(tmp_path, "invalid"), "--help")
    assert res.code == 0 and "--goal" in res.out and len(res.err.splitlines()) == 1


def test_help_with_good_rules_stays_quiet(run):
    res = run("recommend", "--help")
    assert res.code == 0 and res.err == "" and "--goal" in res.out


def test_the_command_itself_still_fails(run, tmp_path):
    res = run("recommend", "--goal", "research", env={"RECOMMENDER_RULES": broken_folder(tmp_path, "invalid")})
    assert res.code == 3 and res.out == ""
