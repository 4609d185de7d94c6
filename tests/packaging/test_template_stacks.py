"""The templates' generated project runs: `pip install -r requirements.txt` in a fresh virtual
environment, then `python starter.py`, the recommendation's snippet. Slow: real installs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import recommender
from tests.helpers import ROOT

DEV = "a template tool of the dev extra (pip install '.[dev]')"
cookiecutter = pytest.importorskip("cookiecutter.main", reason=f"cookiecutter is {DEV}").cookiecutter
run_copy = pytest.importorskip("copier", reason=f"copier is {DEV}").run_copy

EXAMPLES = ROOT / "examples"
# The CPU build of torch lies on this machine's disk; the index's default build brings GBs of CUDA.
CPU_TORCH = "torch==2.13.0"


pytestmark = pytest.mark.usefixtures("isolated_home")  # neither tool may touch the real home


def install_and_run(project: Path, work: Path) -> subprocess.CompletedProcess[str]:
    """A fresh venv, the generated requirements installed, then the generated starter run offline."""
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    constraints = work / "constraints.txt"
    machine = Path("/etc/xdg/pip/constraints.txt")
    constraints.write_text((machine.read_text() if machine.exists() else "") + CPU_TORCH + "\n")
    env = {**os.environ, "PIP_CONSTRAINT": str(constraints), "HF_HUB_OFFLINE": "1", "CUDA_VISIBLE_DEVICES": "",
           "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    env.pop("VIRTUAL_ENV", None)
    pip = subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "-r", "requirements.txt"], cwd=project,
                         env=env, capture_output=True, text=True, timeout=1800)
    assert pip.returncode == 0, pip.stderr[-2000:]
    return subprocess.run([str(venv / "bin" / "python"), "starter.py"], cwd=project, env=env,
                          capture_output=True, text=True, timeout=300)


def assert_starter(project: Path, answers: dict[str, Any], lang: str) -> None:
    doc = json.loads(recommender.format_result(recommender.recommend(answers, what_if=False), "json", lang=lang))
    assert (project / "starter.py").read_text(encoding="utf-8") == doc["starter"]["snippet"]
    requirements = (project / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert [line for line in requirements if not line.startswith("#")] == doc["starter"]["packages"]


@pytest.mark.slow
def test_cookiecutter_requirements_install_and_the_starter_runs(tmp_path: Path) -> None:
    # Every question defaults to unsure (unanswered), so the answers the stack follows are given.
    answers = {"goal": "research", "data": "text", "deploy": "server"}
    out = cookiecutter(str(EXAMPLES / "cookiecutter-dl-project"), no_input=True,
                       extra_context={"lang": "zh", **answers}, output_dir=str(tmp_path / "out"), default_config=True)
    project = Path(out)
    assert_starter(project, answers, "zh")
    done = install_and_run(project, tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "loss:" in done.stdout


@pytest.mark.slow
def test_copier_requirements_install_and_the_starter_runs(tmp_path: Path) -> None:
    # Translation from a pre-trained model, deployment left open: a Transformer (its backend is the pack's).
    data = {"goal": "application", "data": ["text"], "task": "translation", "pretrained": "yes", "deploy": ["unsure"]}
    project = tmp_path / "project"
    run_copy(str(EXAMPLES / "copier-dl-project"), str(project), data=data, defaults=True, unsafe=True,
             quiet=True, vcs_ref=None)
    assert_starter(project, {k: v for k, v in data.items() if v != ["unsure"]}, "en")
    done = install_and_run(project, tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "translated:" in done.stdout
