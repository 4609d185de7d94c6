"""A stdout that cannot take the output is one documented line, never an internal error (issue 17, item 11).

- a stdout whose encoding is not UTF-8 (PYTHONIOENCODING=ascii, a C locale without coercion);
- `--batch` with stdout closed (`>&-`), which `recommend` alone already reported.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT, Run, assert_one_error


def shell(redirect: str, *args: str, env: dict[str, str] | None = None) -> Run:
    """`recommender ARGS REDIRECT` through sh, so stdout can be closed."""
    command = [sys.executable, "-m", "recommender", *args]
    proc = subprocess.run(["sh", "-c", f'exec "$@" {redirect}', "sh", *command], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}, timeout=120, cwd=ROOT)
    return Run(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def batch_file(tmp_path: Path) -> Path:
    source = tmp_path / "in.jsonl"
    source.write_text('{"goal": "research"}\n{"goal": "production"}\n', "utf-8")
    return source


@pytest.mark.parametrize("args", [
    ("recommend", "--goal", "research", "--lang", "zh"),
    ("questions", "--lang", "zh"),
    ("candidates", "--lang", "zh"),
    ("recommend", "--goal", "research", "--lang", "zh", "--format", "json"),
], ids=" ".join)
def test_a_non_utf8_stdout_is_one_line(args):
    res = shell("", *args, env={"PYTHONIOENCODING": "ascii"})
    assert_one_error(res, 1, starts="recommender: cannot write output: stdout's encoding (ascii) cannot write U+")


def test_a_non_utf8_stdout_in_a_batch_is_one_line(batch_file):
    res = shell("", "recommend", "--batch", str(batch_file), "--explain", "--lang", "zh",
                env={"PYTHONIOENCODING": "ascii"})
    assert_one_error(res, 1, starts="recommender: cannot write output: stdout's encoding (ascii)")


def test_a_non_utf8_stdout_is_fine_with_output(tmp_path):
    target = tmp_path / "out.txt"
    res = shell("", "recommend", "--goal", "research", "--lang", "zh", "--output", str(target), "-q",
                env={"PYTHONIOENCODING": "ascii"})
    assert (res.code, res.err) == (0, "") and "PyTorch" in target.read_text("utf-8")


def test_batch_with_stdout_closed_is_one_line(batch_file):
    res = shell(">&-", "recommend", "--batch", str(batch_file))
    assert_one_error(res, 1, message="cannot write output: stdout is closed")
    assert "internal error" not in res.err


def test_batch_with_stdout_closed_but_an_output_file_works(batch_file, tmp_path):
    target = tmp_path / "out.jsonl"
    res = shell(">&-", "recommend", "--batch", str(batch_file), "--output", str(target))
    assert (res.code, res.err) == (0, f"recommender: wrote {target}\n")
    assert len(target.read_text("utf-8").splitlines()) == 2
