"""Shared fixtures: run the CLI in-process or as a real subprocess, with an isolated cache."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture(autouse=True, scope="session")
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))
    os.environ.pop("RECOMMENDER_RULES", None)
    os.environ["RECOMMENDER_LANG"] = "en"


@pytest.fixture
def cli():
    """Run `recommender ARGS` in this process: fast, for most tests."""
    from recommender.cli.main import main

    def run(*args: str) -> Run:
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            code = main(list(args))
        return Run(code, out.getvalue(), err.getvalue())

    return run


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
    from recommender.knowledge.load import load_knowledge_base

    return load_knowledge_base(use_cache=False)
