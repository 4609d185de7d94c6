"""`.pre-commit-hooks.yaml`: a repository that keeps its own rule pack runs `rules validate` and
`rules test` as pre-commit hooks. The real `pre-commit` package, on a temporary git repository whose
config names this checkout's hooks by a local path; no network (the hooks are `language: system`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.helpers import ROOT, write_pack

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("git") is None, reason="needs git"),
]
pre_commit = pytest.importorskip("pre_commit", reason="pre-commit is in the dev extra (pip install '.[dev]')")

HOOKS = ["recommender-rules-validate", "recommender-rules-test"]
GOOD_TEST = {"id": "my-research", "answers": {"goal": "research"}, "expect": {"framework": "pytorch"},
             "source": "s6.advice"}


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


@pytest.fixture
def hook_source(tmp_path: Path) -> tuple[Path, str]:
    """A git repository holding this checkout's hook manifest, as pre-commit sees a clone of the project."""
    source = tmp_path / "recommender-hooks"
    source.mkdir()
    git(source, "init", "-q")
    shutil.copy(ROOT / ".pre-commit-hooks.yaml", source / ".pre-commit-hooks.yaml")
    git(source, "add", ".pre-commit-hooks.yaml")
    git(source, "commit", "-q", "-m", "hooks")
    return source, git(source, "rev-parse", "HEAD")


@pytest.fixture
def project(tmp_path: Path, hook_source: tuple[Path, str]) -> Path:
    """A repository with its own rule pack in my-rules/ and a config using both hooks on it."""
    repo = tmp_path / "project"
    repo.mkdir()
    git(repo, "init", "-q")
    source, rev = hook_source
    hooks = [{"id": hook, "args": ["my-rules/"]} for hook in HOOKS]
    config = {"repos": [{"repo": str(source), "rev": rev, "hooks": hooks}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    write_pack(repo / "my-rules", {"tests": [GOOD_TEST]})
    return repo


def run_hooks(repo: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """`pre-commit run --all-files`, with its own cache folder and a `recommender` on PATH."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    shim = bin_dir / "recommender"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m recommender "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "NO_COLOR": "1",
           "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    git(repo, "add", "-A")
    return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"],
                          cwd=repo, env=env, capture_output=True, text=True, timeout=300)


def test_manifest_is_valid() -> None:
    done = subprocess.run([sys.executable, "-m", "pre_commit", "validate-manifest", ".pre-commit-hooks.yaml"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr


def test_both_hooks_pass_on_a_good_pack(project: Path, tmp_path: Path) -> None:
    done = run_hooks(project, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "recommender rules validate" in done.stdout and "recommender rules test" in done.stdout
    assert done.stdout.count("Passed") == 2


def test_validate_hook_names_the_broken_file(project: Path, tmp_path: Path) -> None:
    broken = {**GOOD_TEST, "answers": {"gaol": "research"}}
    write_pack(project / "my-rules", {"tests": [broken]})
    done = run_hooks(project, tmp_path)
    assert done.returncode == 1
    validate = done.stdout.split("recommender rules test")[0]
    assert "Failed" in validate and "my-rules/pack.yaml:" in validate and "gaol" in validate


def test_test_hook_fails_on_a_failing_case(project: Path, tmp_path: Path) -> None:
    wrong = {**GOOD_TEST, "expect": {"framework": "tensorflow"}}
    write_pack(project / "my-rules", {"tests": [wrong]})
    done = run_hooks(project, tmp_path)
    assert done.returncode == 1
    validate, test = done.stdout.split("recommender rules test")
    assert "Passed" in validate and "Failed" in test and "my-research" in test and "0 passed, 1 failed" in test
