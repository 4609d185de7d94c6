"""A `*.yaml` in a rules folder that is not a regular file is a located error, never a hang (issue 17, item 12).

Each run is a subprocess with a timeout: before the fix, opening the FIFO blocked for ever.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import HOSTILE, ROOT, Run, assert_one_error


def run_with_timeout(*args: str, cache: Path) -> Run:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(cache)}
    env.pop("RECOMMENDER_RULES", None)
    proc = subprocess.run([sys.executable, "-m", "recommender", *args], capture_output=True, text=True,
                          env=env, timeout=30, cwd=ROOT)
    return Run(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture(params=["fifo", "folder"])
def odd_pack(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, Path]:
    """A valid pack folder holding one `*.yaml` that is a FIFO, or a folder."""
    folder = tmp_path / "pack"
    folder.mkdir()
    shutil.copy(HOSTILE / "base.yaml", folder / "00-base.yaml")
    odd = folder / "10-odd.yaml"
    if request.param == "fifo":
        os.mkfifo(odd)
    else:
        odd.mkdir()
    return folder, odd


@pytest.mark.parametrize("command", [["recommend", "--goal", "research"], ["questions"], ["rules", "validate"]])
def test_a_non_regular_pack_file_is_a_located_error(odd_pack, tmp_path, command):
    folder, odd = odd_pack
    res = run_with_timeout(*command, "--rules", str(folder), cache=tmp_path / "cache")
    assert_one_error(res, 3, starts=f"{odd}:1:1: ", message="not a regular file")


def test_rules_lint_names_the_fifo_too(odd_pack, tmp_path):
    folder, odd = odd_pack
    res = run_with_timeout("rules", "lint", "--rules", str(folder), cache=tmp_path / "cache")
    assert res.code == 3 and f"{odd}:1:1: " in res.err and "not a regular file" in res.err
