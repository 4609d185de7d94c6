"""Command-line flags generated from the questions: a question added in YAML is a flag."""

from __future__ import annotations

from typing import Any

import click

from recommender.knowledge.conditions import did_you_mean
from recommender.knowledge.model import KnowledgeBase


def flag_name(question: str) -> str:
    return "--" + question.replace("_", "-")


class OptionChoice(click.ParamType):
    """One option id (or, for a many-choice question, a comma-separated list of them)."""

    def __init__(self, spec: dict[str, Any], names: dict[str, str]) -> None:
        self.spec = spec
        self.name = spec["id"]
        self.names = names  # ids and aliases → option id

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, tuple):
            return value
        parts = [p.strip() for p in str(value).split(",")] if self.spec["kind"] == "many" else [str(value)]
        for part in parts:
            if part not in self.names:
                choices = ", ".join(o["id"] for o in self.spec["options"])
                self.fail(f"{part!r} is not one of {choices}{did_you_mean(part, list(self.names))}", param, ctx)
        return tuple(self.names[p] for p in parts if p)

    def shell_complete(self, ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
        from click.shell_completion import CompletionItem

        return [CompletionItem(o["id"]) for o in self.spec["options"] if o["id"].startswith(incomplete)]


class QuestionOption(click.Option):
    """An option generated from a question (so a command can regenerate them)."""


def question_options(kb: KnowledgeBase, reserved: set[str], lang: str = "en") -> list[click.Option]:
    """One option per question whose name does not clash with the command's own options."""
    out: list[click.Option] = []
    for qid, spec in kb.questions.items():
        if qid in reserved:
            continue
        ids = [o["id"] for o in spec["options"]]
        many = spec["kind"] == "many"
        metavar = ("[" + "|".join(ids) + "],..." if many else "[" + "|".join(ids) + "]")
        out.append(
            QuestionOption(
                [flag_name(qid), qid],
                type=OptionChoice(spec, kb.option_names[qid]),
                multiple=many,
                metavar=metavar,
                help=spec["prompt"][lang] + (" Repeat or separate with commas." if many and lang == "en" else ""),
            )
        )
    return out


def flag_answers(kb: KnowledgeBase, values: dict[str, Any]) -> dict[str, Any]:
    """Flag values as raw answers: one-choice as text, many-choice merged into a list."""
    out: dict[str, Any] = {}
    for qid, value in values.items():
        if qid not in kb.questions or value in (None, ()):
            continue
        if kb.questions[qid]["kind"] == "many":
            out[qid] = [item for group in value for item in group]
        else:
            out[qid] = value[0]
    return out


def prescan(args: list[str], option: str) -> list[str]:
    """Values of `option` in raw arguments, before click parses them."""
    found = []
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg == option and index + 1 < len(args):
            found.append(args[index + 1])
        elif arg.startswith(option + "="):
            found.append(arg.split("=", 1)[1])
    return found
