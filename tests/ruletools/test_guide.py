"""docs/rule-authoring.md, followed step by step: its files are written, its commands run, its outputs checked.

A YAML block preceded by `<!-- file: PATH -->` is written to PATH; each ```sh block of the
worked example (the ones that mention the `jax` layer) is run as a subprocess, must exit 0, and
the ```text block after it must match its output line by line, in order, where `...` in an
expected line stands for any text and a line of just `...` for any number of lines.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from tests.helpers import ROOT

GUIDE = ROOT / "docs" / "rule-authoring.md"
BLOCK = re.compile(r"(?:<!-- file: (?P<file>\S+) -->\n)?```(?P<lang>\w*)\n(?P<body>.*?)```\n", re.S)


def blocks() -> list[tuple[str | None, str, str]]:
    return [(m["file"], m["lang"], m["body"]) for m in BLOCK.finditer(GUIDE.read_text("utf-8"))]


def steps() -> list[tuple[str, str | None]]:
    """(command, expected output or None) for each command of the worked example."""
    found: list[tuple[str, str | None]] = []
    items = blocks()
    for index, (_, lang, body) in enumerate(items):
        if lang != "sh" or "jax" not in body:
            continue
        after = items[index + 1] if index + 1 < len(items) else None
        expected = after[2] if after and after[1] == "text" else None
        commands = [line for line in body.splitlines() if line.strip()]
        found += [(c, expected if c == commands[-1] else None) for c in commands]
    return found


def matches(expected: str, actual: str) -> bool:
    """Expected lines appear in order; `...` inside a line is a wildcard, a `...` line skips lines."""
    lines = actual.splitlines()
    position = 0
    for want in expected.splitlines():
        if want == "...":
            continue
        pattern = re.compile(".*".join(re.escape(part) for part in want.split("...")) + "$")
        while position < len(lines) and not pattern.match(lines[position]):
            position += 1
        if position == len(lines):
            return False
        position += 1
    return True


def test_the_guide_has_the_worked_example() -> None:
    files = [f for f, _, _ in blocks() if f]
    assert files == ["jax/questions.yaml", "jax/candidates.yaml", "jax/rules-jax.yaml"]
    commands = " ".join(c for c, _ in steps())
    for part in ("rules validate", "rules lint", "rules test", "rules coverage", "recommend"):
        assert f"recommender {part}" in commands


@pytest.mark.slow  # runs every command of the guide in subprocesses; CI runs it
def test_following_the_guide_works(run, tmp_path: Path) -> None:
    for file, _, body in blocks():
        if file:
            (tmp_path / file).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / file).write_text(body, "utf-8")
    for command, expected in steps():
        argv = shlex.split(command)
        assert argv[0] == "recommender"
        got = run(*argv[1:], cwd=tmp_path)
        assert got.code == 0, f"{command}\n{got.out}{got.err}"
        if expected is not None:
            assert matches(expected, got.out), f"{command}: output does not match the guide\n{got.out}"


def test_the_matcher() -> None:
    assert matches("a ...\n...\nc", "a b\nx\nc")
    assert not matches("c\na", "a\nc")
