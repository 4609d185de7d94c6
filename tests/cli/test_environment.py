"""RECOMMENDER_LANG, RECOMMENDER_RULES and NO_COLOR; data on stdout, messages on stderr; `| head -1`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT, on_a_terminal

ARGS = ("recommend", "--goal", "research", "--data", "text")


def boost_pack(folder: Path, candidate: str, weight: int, rule: str) -> Path:
    folder.mkdir()
    (folder / "boost.yaml").write_text(
        f"rules:\n  - id: {rule}\n    kind: advice\n    effects: {{{candidate}: {weight}}}\n"
        "    text: {en: boost, zh: 提升}\n    source: beyond\n",
        encoding="utf-8",
    )
    return folder


def scores(out: str) -> dict[str, int]:
    return {item["id"]: item["score"] for item in json.loads(out)["ranking"]}


@pytest.mark.slow
def test_recommender_lang_chooses_the_language(run) -> None:
    zh_flag = run(*ARGS, "--lang", "zh", env={"RECOMMENDER_LANG": "en"})
    zh_env = run(*ARGS, env={"RECOMMENDER_LANG": "zh", "LANG": "en_US.UTF-8"})
    en_env = run(*ARGS, env={"RECOMMENDER_LANG": "en", "LANG": "zh_CN.UTF-8", "LC_ALL": ""})
    assert zh_env.out == zh_flag.out and zh_env.out != en_env.out
    assert "推荐" in zh_env.out and "Recommendation" in en_env.out
    assert run(*ARGS, "--lang", "en", env={"RECOMMENDER_LANG": "zh"}).out == en_env.out


@pytest.mark.slow
def test_recommender_rules_layers_folders(run, kb, tmp_path) -> None:
    target = sorted(kb.candidates)[0]
    one = boost_pack(tmp_path / "one", target, 3, "env-test-one")
    two = boost_pack(tmp_path / "two", target, 4, "env-test-two")
    plain = scores(run(*ARGS, "--format", "json").out)
    layered = run(*ARGS, "--format", "json", env={"RECOMMENDER_RULES": f"{one}{os.pathsep}{two}"})
    assert layered.code == 0 and scores(layered.out)[target] == plain[target] + 7
    flag_too = run(*ARGS, "--format", "json", "--rules", str(two), env={"RECOMMENDER_RULES": str(one)})
    assert scores(flag_too.out)[target] == plain[target] + 7


def test_recommender_rules_missing_folder_is_a_usage_error(run, tmp_path) -> None:
    done = run(*ARGS, env={"RECOMMENDER_RULES": str(tmp_path / "nope")})
    assert done.code == 2 and done.out == "" and str(tmp_path / "nope") in done.err
    assert "Traceback" not in done.err


@pytest.mark.parametrize("args", [ARGS, ("--help",), ("recommend", "--help"), ("questions",), ("candidates",)])
def test_no_color_means_no_escape_sequences(args: tuple[str, ...]) -> None:
    assert b"\x1b[" not in on_a_terminal(args, env={"NO_COLOR": "1", "TERM": "xterm-256color"})


def test_no_color_on_the_batch_progress(tmp_path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"goal": "research"}\n' * 50, encoding="utf-8")
    shown = on_a_terminal(("recommend", "--batch", str(source)), env={"NO_COLOR": "1", "TERM": "xterm-256color"})
    assert b"profile" in shown and b"\x1b[" not in shown


def test_data_on_stdout_messages_on_stderr(run) -> None:
    bad = run("recommend", "--goal", "reserch")
    assert bad.code == 2 and bad.out == "" and "--goal" in bad.err
    good = run(*ARGS, "--format", "json")
    assert good.code == 0 and good.err == "" and json.loads(good.out)


@pytest.mark.parametrize("command", [
    "python -m recommender recommend --goal research --explain",
    "python -m recommender questions",
    # a 20,000-line batch each: slow
    pytest.param("python -m recommender recommend --batch {big}", marks=pytest.mark.slow),
    pytest.param("python -m recommender recommend --batch {big} --explain", marks=pytest.mark.slow),
    pytest.param("python -m recommender recommend --batch {big} --jobs 2", marks=pytest.mark.slow),
])
def test_head_closing_the_pipe_is_quiet(tmp_path, command: str) -> None:
    """A real shell pipe: the reader goes away early; no traceback, nothing on stderr."""
    big = tmp_path / "big.jsonl"
    big.write_text('{"goal": "research", "data": ["text"]}\n' * 20000, encoding="utf-8")
    line = command.replace("python", sys.executable, 1).format(big=big)
    done = subprocess.run(["bash", "-c", f"set -o pipefail; {line} | head -1"], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)
    assert len(done.stdout.splitlines()) == 1
    assert done.stderr == "", done.stderr
