"""Hostile surroundings (issue 8): full disks, closed pipes, odd --output targets, no terminal.

These run real subprocesses: exit paths and streams behave differently in-process.
"""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import ROOT, assert_one_error

ARGS = ["recommend", "--goal", "research", "--data", "text"]


def shell(command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "-c", command], capture_output=True, text=True, cwd=ROOT, timeout=60,
                          env={**os.environ, "PYTHON": sys.executable})


# --- stdout ----------------------------------------------------------------------------------


def test_stdout_on_a_full_disk() -> None:
    proc = shell('"$PYTHON" -m recommender ' + " ".join(ARGS) + " > /dev/full")
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and "No space left on device" in lines[0], proc.stderr


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_stdout_into_head(fmt: str) -> None:
    # --explain makes the output long enough that head closes the pipe before the end
    proc = shell('set -o pipefail; "$PYTHON" -m recommender ' + " ".join(ARGS) + f" --explain --format {fmt} | head -1")
    assert proc.stderr == ""
    assert len(proc.stdout.splitlines()) == 1
    assert proc.returncode in (0, 1)  # a closed pipe is "output could not be written" or a quiet success


def test_stderr_closed_on_error() -> None:
    proc = shell('"$PYTHON" -m recommender recommend --goal nonsense 2>&-')
    assert proc.returncode == 2


# --- --output --------------------------------------------------------------------------------


@pytest.fixture
def outdir(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def _listing(folder: Path) -> dict[str, tuple[str, int]]:
    """Every entry with its kind and size: the folder must look the same after a refused write."""
    out = {}
    for entry in sorted(folder.iterdir()):
        st = entry.lstat()
        kind = "link" if entry.is_symlink() else "dir" if entry.is_dir() else "fifo" if entry.is_fifo() else "file"
        out[entry.name] = (kind, st.st_size)
    return out


def _refused(run: Callable[..., Any], outdir: Path, target: Path, message: str, *extra: str) -> None:
    before = _listing(outdir)
    res = run(*ARGS, "--output", str(target), *extra)
    line = assert_one_error(res, 1, message=message)
    assert "--output" in line
    assert _listing(outdir) == before


def test_output_exists_without_force(run: Callable[..., Any], outdir: Path) -> None:
    target = outdir / "result.txt"
    target.write_text("keep me\n")
    _refused(run, outdir, target, "exists")
    assert target.read_text() == "keep me\n"


def test_output_onto_the_answers_file(run: Callable[..., Any], outdir: Path) -> None:
    answers = outdir / "answers.yaml"
    answers.write_text("goal: research\n")
    _refused(run, outdir, answers, "input", "--answers", str(answers), "--force")
    assert answers.read_text() == "goal: research\n"


def test_output_onto_a_symlink(run: Callable[..., Any], outdir: Path) -> None:
    real = outdir / "real.txt"
    real.write_text("keep me\n")
    (outdir / "link.txt").symlink_to(real)
    _refused(run, outdir, outdir / "link.txt", "symbolic link", "--force")
    assert real.read_text() == "keep me\n"


def test_output_onto_a_fifo(run: Callable[..., Any], outdir: Path) -> None:
    os.mkfifo(outdir / "pipe")
    started = time.perf_counter()
    _refused(run, outdir, outdir / "pipe", "not a regular file", "--force")
    assert time.perf_counter() - started < 30  # never blocks opening the FIFO


def test_output_onto_a_directory(run: Callable[..., Any], outdir: Path) -> None:
    (outdir / "sub").mkdir()
    _refused(run, outdir, outdir / "sub", "directory", "--force")


def test_output_into_a_missing_folder(run: Callable[..., Any], outdir: Path) -> None:
    _refused(run, outdir, outdir / "missing" / "result.txt", "no such folder")


def test_output_written_atomically_when_allowed(run: Callable[..., Any], outdir: Path) -> None:
    target = outdir / "result.json"
    res = run(*ARGS, "--format", "json", "--output", str(target))
    assert (res.code, res.out, res.err) == (0, "", f"recommender: wrote {target}\n")
    assert [p.name for p in outdir.iterdir()] == ["result.json"]
    assert target.read_text().startswith("{")


# --- ask without a terminal, and interrupted -----------------------------------------------


@pytest.mark.parametrize("stdin", ["devnull", "pipe", "closed"])
def test_ask_without_a_terminal(stdin: str) -> None:
    redirect = {"devnull": "< /dev/null", "pipe": "<<< research", "closed": "<&-"}[stdin]
    proc = shell(f'"$PYTHON" -m recommender ask {redirect}')
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and "terminal" in lines[0], proc.stderr
    assert proc.stdout == ""


def _ask_in_a_pty(keys: bytes) -> tuple[int, str]:
    """Run `ask` on a pseudo-terminal, wait for the first prompt, type `keys`; exit code and screen."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: becomes `recommender ask` on the terminal
        os.environ.update({"TERM": "xterm", "RECOMMENDER_LANG": "en"})
        os.chdir(ROOT)
        os.execv(sys.executable, [sys.executable, "-m", "recommender", "ask"])
    screen = b""
    deadline = time.monotonic() + 20
    sent = False
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            screen += chunk
        if not sent and b"?" in screen:  # a question is on the screen
            time.sleep(0.3)
            os.write(fd, keys)
            sent = True
    else:
        os.kill(pid, 9)
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), screen.decode("utf-8", "replace")


@pytest.mark.slow  # ~1.5 s each (prompt_toolkit awaits a cursor report); tests/ask/test_pty.py keeps a fast Ctrl-D
@pytest.mark.parametrize("key", [b"\x03", b"\x04"], ids=["ctrl-c", "ctrl-d"])
def test_ask_interrupted_at_a_prompt(key: bytes) -> None:
    code, screen = _ask_in_a_pty(key)
    assert code == 130, screen
    assert "Traceback" not in screen
