"""Every command and subcommand has help with examples, and the README names it."""

from __future__ import annotations

import click
import pytest

from recommender.cli.main import cli as root
from tests.helpers import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    ctx = click.Context(group)
    found = []
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        found.append((*prefix, name))
        if isinstance(command, click.Group):
            found += commands(command, (*prefix, name))
    return found


ALL = commands(root)


def test_the_command_tree_is_complete():
    assert {("recommend",), ("ask",), ("questions",), ("candidates",), ("rules",)} <= set(ALL)
    assert {("rules", n) for n in ("validate", "lint", "test", "coverage")} <= set(ALL)


@pytest.mark.parametrize("path", ALL, ids=" ".join)
def test_help_has_examples(cli, path):
    out = cli(*path, "--help")
    assert out.code == 0 and "Examples:" in out.out
    assert f"recommender {' '.join(path)}" in out.out.split("Examples:", 1)[1]


@pytest.mark.parametrize("path", ALL, ids=" ".join)
def test_readme_documents_the_command(path):
    assert f"`{' '.join(path)}" in README or f"recommender {' '.join(path)}" in README
