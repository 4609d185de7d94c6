"""Without a terminal on stdin, `ask` exits 2 at once with a hint, and prints nothing on stdout."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.helpers import ROOT

HINT = "recommender recommend"


def _ask(stdin: int | None, input: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "recommender", "ask", "--format", "json"], stdin=stdin, input=input,
        capture_output=True, cwd=ROOT, timeout=60, env=os.environ.copy(),
    )


@pytest.mark.parametrize("how", ["devnull", "pipe"])
def test_no_terminal_exits_2_with_a_hint(how: str) -> None:
    proc = _ask(subprocess.DEVNULL) if how == "devnull" else _ask(None, input=b"\n\n\n")
    assert proc.returncode == 2
    assert proc.stdout == b""
    err = proc.stderr.decode()
    assert HINT in err and "--answers" in err and err.count("\n") == 1


def test_closed_stdin_exits_2() -> None:
    proc = subprocess.run(
        ["/bin/sh", "-c", f"exec {sys.executable} -m recommender ask <&-"],
        capture_output=True, cwd=ROOT, timeout=60,
    )
    assert proc.returncode == 2
    assert HINT in proc.stderr.decode()


def test_no_terminal_even_when_flags_answer_everything(run) -> None:  # type: ignore[no-untyped-def]
    result = run("ask", "--goal", "research", input="")
    assert result.code == 2 and HINT in result.err and result.out == ""


def test_questionary_is_not_imported_by_recommend() -> None:
    code = (
        "import sys; from recommender.cli.main import main; main(['recommend', '--goal', 'research']); "
        "sys.stdout.flush(); print('questionary' in sys.modules, 'prompt_toolkit' in sys.modules)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.stdout.strip().endswith("False False")
