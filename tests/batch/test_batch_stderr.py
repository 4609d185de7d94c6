"""A batch writes every line whatever happens to stderr (issue 17, item 3).

With stderr closed (`2>&-`) the first error message raised and the batch stopped after one line;
with stderr full (`2>/dev/full`) the same, and with --output the file was not written at all.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT

FOUR = ['{"goal": "research"}', '{"goal": "reserch"}', '{"goal": "production", "deploy": "mobile"}', "not json"]


def batch(tmp_path: Path, stderr: str, *extra: str) -> subprocess.CompletedProcess[str]:
    """`recommender recommend --batch four.jsonl EXTRA` with stderr closed or on /dev/full."""
    source = tmp_path / "four.jsonl"
    source.write_text("\n".join(FOUR) + "\n", "utf-8")
    redirect = "2>&-" if stderr == "closed" else "2>/dev/full"
    script = f'exec "$@" {redirect}'
    args = [sys.executable, "-m", "recommender", "recommend", "--batch", str(source), *extra]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(["sh", "-c", script, "sh", *args], capture_output=False, stdout=subprocess.PIPE,
                          text=True, env=env, timeout=120, cwd=ROOT)


def lines_of(text: str) -> list[int]:
    return [json.loads(line)["line"] for line in text.splitlines()]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("stderr", ["closed", "full"])
def test_every_line_reaches_stdout(tmp_path, stderr, jobs):
    done = batch(tmp_path, stderr, "--jobs", jobs)
    assert lines_of(done.stdout) == [1, 2, 3, 4]
    assert done.returncode == 1  # two lines failed: the summary's code, told or not


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("stderr", ["closed", "full"])
def test_every_line_reaches_the_output_file(tmp_path, stderr):
    target = tmp_path / "out.jsonl"
    done = batch(tmp_path, stderr, "--output", str(target))
    assert done.stdout == ""
    assert lines_of(target.read_text("utf-8")) == [1, 2, 3, 4]
    assert done.returncode == 1


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("stderr", ["closed", "full"])
def test_a_clean_batch_still_exits_0(tmp_path, stderr):
    source = tmp_path / "good.jsonl"
    source.write_text('{"goal": "research"}\n' * 3, "utf-8")
    redirect = "2>&-" if stderr == "closed" else "2>/dev/full"
    args = [sys.executable, "-m", "recommender", "recommend", "--batch", str(source)]
    done = subprocess.run(["sh", "-c", f'exec "$@" {redirect}', "sh", *args], stdout=subprocess.PIPE, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120, cwd=ROOT)
    assert (done.returncode, lines_of(done.stdout)) == (0, [1, 2, 3])


def test_a_full_disk_when_the_output_is_committed_names_output(cli, tmp_path, monkeypatch):
    # Issue 17, item 13: the batch's --output is fsynced and renamed when the batch ends, outside
    # the write loop; a failure there was reported as a bare "No space left on device".
    import errno

    source = tmp_path / "in.jsonl"
    source.write_text('{"goal": "research"}\n', "utf-8")
    target = tmp_path / "out.jsonl"

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    got = cli("recommend", "--batch", str(source), "--output", str(target))
    assert (got.code, got.out) == (1, "")
    assert got.err == f"recommender: --output: cannot write {target}: No space left on device\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]
