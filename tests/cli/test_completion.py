"""Shell completion through click's own mechanism: `_RECOMMENDER_COMPLETE=<shell>_source recommender`."""

from __future__ import annotations

import functools
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


@functools.cache  # the script is the same for a shell: generate it once per run
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


def test_bash_offers_the_candidate_ids(bin_dir: Path, kb) -> None:
    assert complete(bin_dir, "candidates", "") == list(kb.candidates)
    assert complete(bin_dir, "candidates", "py") == ["pytorch"]


def test_bash_completes_the_item_after_the_comma(bin_dir: Path) -> None:
    assert complete(bin_dir, "recommend", "--data", "text,im") == ["text,image"]
    # The items already in the list are not offered again.
    offered = complete(bin_dir, "recommend", "--deploy", "server,")
    assert "server,mobile" in offered and "server,server" not in offered


@pytest.mark.slow
def test_bash_completes_file_and_folder_names(bin_dir: Path, tmp_path: Path) -> None:
    """TAB in an interactive bash (readline completes the names, as click's `file`/`dir` items ask)."""
    import pexpect

    (tmp_path / "answers-1.yaml").write_text("goal: research\n", encoding="utf-8")
    (tmp_path / "pack.yaml").write_text("", encoding="utf-8")
    (tmp_path / "packs").mkdir()
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "INPUTRC": "/dev/null",
           "PS1": "$ ", "HOME": str(tmp_path)}
    shell = pexpect.spawn("bash", ["--norc", "--noprofile", "-i"], cwd=str(tmp_path), env=env,
                          encoding="utf-8", timeout=30, dimensions=(24, 200))
    try:
        shell.sendline('eval "$(_RECOMMENDER_COMPLETE=bash_source recommender)"; echo ready-$((6*7))')
        shell.expect("ready-42")
        # pa: a file (pack.yaml) and a folder (packs/); --rules completes the folder only.
        for typed, completed in [("recommend --answers answ", "answers-1.yaml"),
                                 ("recommend --batch answ", "answers-1.yaml"),
                                 ("recommend --output pac", "pack"),
                                 ("ask --save-answers answ", "answers-1.yaml"),
                                 ("recommend --rules pa", "packs/"),
                                 ("rules validate --rules pa", "packs/")]:
            # TAB, then go to the start of the line and print the words instead of running them.
            shell.send(f"recommender {typed}\t")
            shell.send("\x01printf '[%s]\\n' \r")
            shell.expect(r"\[(--[a-z-]+)\]\r\n\[([^\]]*)\]\r\n")
            assert (shell.match.group(1), shell.match.group(2)) == (typed.split()[-2], completed), typed
    finally:
        shell.close(force=True)


@pytest.mark.parametrize(("shell", "marker"), [("zsh", "compdef _recommender_completion recommender"),
                                              ("fish", "complete --no-files --command recommender")])
def test_zsh_and_fish_scripts(bin_dir: Path, shell: str, marker: str) -> None:
    assert marker in source(shell, bin_dir)
