"""Shell completion through click's own mechanism: `_RECOMMENDER_COMPLETE=<shell>_source recommender`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")


@pytest.fixture(scope="module")
def bin_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A `recommender` command on PATH running this checkout's interpreter, as an install would."""
    folder = tmp_path_factory.mktemp("bin")
    shim = folder / "recommender"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m recommender "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    return folder


def source(shell: str, bin_dir: Path) -> str:
    path = f"{bin_dir}{os.pathsep}{os.environ['PATH']}"
    env = {**os.environ, "PATH": path, "_RECOMMENDER_COMPLETE": f"{shell}_source"}
    done = subprocess.run(["recommender"], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def complete(bin_dir: Path, *words: str) -> list[str]:
    """Source the generated bash script, then ask its completion function as bash would on TAB."""
    script = source("bash", bin_dir)
    words_list = " ".join(f"'{w}'" for w in ("recommender", *words))
    driver = (
        f"{script}\n"
        f"COMP_WORDS=({words_list}); COMP_CWORD={len(words)}\n"
        '_recommender_completion recommender\nprintf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(["bash", "-c", driver], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    return [line for line in done.stdout.splitlines() if line]


def test_bash_script_registers_the_command(bin_dir: Path) -> None:
    script = source("bash", bin_dir)
    assert "complete -o nosort -F _recommender_completion recommender" in script


def test_bash_offers_the_subcommands(bin_dir: Path) -> None:
    offered = complete(bin_dir, "")
    assert {"recommend", "ask", "questions", "candidates", "rules"} <= set(offered)


def test_bash_offers_a_questions_options(bin_dir: Path, kb) -> None:
    assert complete(bin_dir, "recommend", "--goal", "") == kb.option_ids("goal")
    assert complete(bin_dir, "recommend", "--similar-model", "") == kb.option_ids("similar_model")
    assert "--similar-model" in complete(bin_dir, "recommend", "--sim")


def test_bash_offers_the_format_choices(bin_dir: Path) -> None:
    from recommender.render import FORMATS

    assert complete(bin_dir, "recommend", "--format", "") == list(FORMATS)


@pytest.mark.parametrize(("shell", "marker"), [("zsh", "compdef _recommender_completion recommender"),
                                              ("fish", "complete --no-files --command recommender")])
def test_zsh_and_fish_scripts(bin_dir: Path, shell: str, marker: str) -> None:
    assert marker in source(shell, bin_dir)
