"""Shared fixtures: run the CLI in-process or as a real subprocess, with an isolated cache.

Plain helpers (paths, profile generators, pack builders) are in helpers.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import ROOT, SENTINEL, Guard, LeafCount, Run, run_in_process, shipped_kb


@pytest.fixture(autouse=True, scope="session")
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))
    os.environ.pop("RECOMMENDER_RULES", None)
    os.environ["RECOMMENDER_LANG"] = "en"


@pytest.fixture
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home of its own, so the template tools neither read the user's configuration nor leave
    replay files in the real home."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("COOKIECUTTER_CONFIG", raising=False)
    return home


@pytest.fixture
def cli():
    """Run `recommender ARGS` in this process: fast, for most tests."""
    return run_in_process


@pytest.fixture
def run():
    """Run `python -m recommender ARGS` as a subprocess: for exit paths and real streams."""

    def invoke(*args: str, input: str | None = None, env: dict[str, str] | None = None,
               cwd: str | Path | None = None) -> Run:
        full_env = {**os.environ, **(env or {})}
        proc = subprocess.run(
            [sys.executable, "-m", "recommender", *args], input=input, capture_output=True,
            text=True, env=full_env, cwd=cwd or ROOT, timeout=120,
        )
        return Run(proc.returncode, proc.stdout, proc.stderr)

    return invoke


@pytest.fixture(scope="session")
def kb():
    """The shipped knowledge base, loaded once for the session."""
    return shipped_kb()


@pytest.fixture(scope="module")
def plan(kb):
    """The adaptive questionnaire's logic over the shipped knowledge base."""
    from recommender.ask.adaptive import Plan

    return Plan(kb)


@pytest.fixture
def guard(tmp_path: Path) -> Guard:
    """An existing --output target that a refused run must leave as it was."""
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "result.txt").write_text(SENTINEL, "utf-8")
    return Guard(folder / "result.txt")


@pytest.fixture
def counter(monkeypatch: pytest.MonkeyPatch) -> Iterator[LeafCount]:
    """Counts leaf tests of every knowledge base built while the fixture is active: work budgets are
    counted, never timed."""
    from recommender.knowledge import conditions

    found = LeafCount()
    leaf = conditions._leaf

    def counted(op: str, question: str, expected: Any) -> conditions.Test:
        test = leaf(op, question, expected)

        def run(answers: conditions.Answers) -> bool | None:
            found.count += 1
            return test(answers)

        return run

    monkeypatch.setattr(conditions, "_leaf", counted)
    yield found


@pytest.fixture(scope="session")
def shipped_stacks(kb):
    """Every (install line, snippet) the shipped pack can print, walked once for the session (a second)."""
    from recommender.ruletools.stacks import stacks

    return stacks(kb)
