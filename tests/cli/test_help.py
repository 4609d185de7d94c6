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


def sections(help_text: str) -> dict[str, list[str]]:
    """Section title → the options listed under it (each row's first long flag)."""
    found: dict[str, list[str]] = {}
    title = ""
    for line in help_text.splitlines():
        if line and not line.startswith(" ") and line.endswith(":"):
            title = line.split(" (")[0].rstrip(":")
            found[title] = []
        elif title and line.startswith("  -"):
            found[title].append(next(w for w in line.split() if w.startswith("--")).rstrip(","))
    return found


@pytest.mark.parametrize(("command", "answers"), [
    ("recommend", ["--answers"]),
    ("ask", ["--answers", "--all", "--save-answers", "--force"]),
])
def test_options_are_grouped_answers_output_knowledge(cli, kb, command: str, answers: list[str]) -> None:
    from recommender.knowledge.model import flag_name

    shown = sections(cli(command, "--help").out)
    assert list(shown) == ["Answers", "Output", "Knowledge", "Other", "Examples"]
    # every question flag under Answers, after the command's own answer options
    assert shown["Answers"] == answers + [flag_name(q) for q in kb.questions]
    assert {"--format", "--lang", "--explain"} <= set(shown["Output"])
    assert shown["Knowledge"] == ["--rules", "--no-cache"] and shown["Other"] == ["--help"]
    listed = [flag for flags in shown.values() for flag in flags]
    assert len(listed) == len(set(listed))  # each option once


def test_recommend_help_shows_the_common_cases() -> None:
    from recommender.cli.main import RECOMMEND_EXAMPLES

    lines = RECOMMEND_EXAMPLES.splitlines()
    commands = [line.strip() for line in lines if line.startswith("  recommender ")]
    for case in ("--goal research --data text", "--answers ", "--format json", "--format snippet", "--output ",
                 "--batch ", "--rules "):
        assert any(case in c for c in commands), case
    # each group of examples says what it is for
    assert all(lines[i - 1].lstrip().startswith(("#", "recommender")) for i, line in enumerate(lines)
               if line.startswith("  recommender "))
