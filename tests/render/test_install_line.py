"""The printed install line is shell-safe: pasted into bash it parses, and its words are the JSON packages."""

from __future__ import annotations

import json
import shlex
import subprocess

import pytest

PROFILES = [
    ["--goal", "research", "--data", "text"],
    ["--goal", "production", "--production-scale", "large", "--data", "text", "--deploy", "server"],
    ["--goal", "production", "--deploy", "mobile", "--data", "image", "--task", "classification"],
    ["--goal", "research", "--data", "tabular"],
    ["--data", "multimodal"],
]


@pytest.mark.parametrize("args", PROFILES, ids=lambda a: " ".join(a))
@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_the_install_line_parses_in_bash_and_lists_the_packages(cli, args: list[str], fmt: str) -> None:
    out = cli("recommend", *args, "--format", fmt).out
    packages = json.loads(cli("recommend", *args, "--format", "json").out)["recommendation"]["packages"]
    line = next(line.split(": ", 1)[-1] if fmt == "text" else line
                for line in out.splitlines() if "pip install" in line and not line.startswith("#"))
    assert subprocess.run(["bash", "-n", "-c", line], capture_output=True).returncode == 0, line
    assert shlex.split(line) == ["pip", "install", *packages]


def test_every_install_line_the_knowledge_base_can_print_parses_in_bash(kb, shipped_stacks) -> None:
    from recommender.engine.starter import install_line

    lines = {install_line(stack.packages): stack.packages for stack in shipped_stacks}
    script = "\n".join(lines)
    assert subprocess.run(["bash", "-n", "-c", script], capture_output=True).returncode == 0, script
    for line, packages in lines.items():
        assert shlex.split(line) == ["pip", "install", *packages]
    # A version specifier (a pack may print one) is quoted, so `<` is not read as a redirection.
    pinned = install_line(("transformers<5", "tf-keras"))
    assert pinned == "pip install 'transformers<5' tf-keras"
    assert subprocess.run(["bash", "-n", "-c", pinned], capture_output=True).returncode == 0

