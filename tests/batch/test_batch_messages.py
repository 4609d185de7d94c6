"""Batch error messages are bounded and speak of the input, not of Python (issue 17, item 13)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from tests.helpers import raw_profiles


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


def _children(pid: int) -> list[int]:
    with open(f"/proc/{pid}/task/{pid}/children") as fh:
        return [int(child) for child in fh.read().split()]


@pytest.mark.skipif(not os.path.exists("/proc/self/task"), reason="needs /proc to find the workers")
def test_a_killed_worker_is_one_line_naming_the_line_and_the_fallback(kb) -> None:
    """Issue 25 item 5: was `internal error: RuntimeError: a --jobs worker ended unexpectedly`."""
    command = [sys.executable, "-m", "recommender", "recommend", "--batch", "-", "--jobs", "2"]
    with subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
        profiles = "".join(json.dumps(p) + "\n" for p in raw_profiles(kb, 100)).encode()
        proc.stdin.write(profiles)
        proc.stdin.flush()
        written = sum(1 for _ in iter_until(proc.stdout, 100))  # the first chunk, scored by both processes
        for worker in _children(proc.pid):
            os.kill(worker, signal.SIGKILL)
        proc.stdin.write(profiles)
        proc.stdin.close()
        out, err = proc.stdout.read(), proc.stderr.read()
        assert proc.wait(timeout=60) == 1 and out == b""
    assert err.decode() == ("recommender: --jobs: a worker process ended unexpectedly (killed by signal 9); lines "
                            f"from {written + 1} on were not scored; run the batch again with --jobs 1 to score it "
                            "in one process\n")


def iter_until(stream: Any, last: int) -> Iterator[bytes]:
    """The lines up to the one numbered `last`."""
    while json.loads(line := stream.readline())["line"] < last:
        yield line
    yield line
