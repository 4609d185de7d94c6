"""Command-line flags generated from the questions: a question added in YAML is a flag."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from recommender.answers import checked, flag_locator, option_id
from recommender.cli.common import Command, knowledge, prescan
from recommender.errors import RecommenderError
from recommender.knowledge.load import load_knowledge_base
from recommender.knowledge.model import KnowledgeBase, flag_name
from recommender.knowledge.profile import Profile
from recommender.render.i18n import LANGS, default_lang

if TYPE_CHECKING:  # the records are types only: building TypedDicts costs the warm start
    from recommender.knowledge.records import QuestionSpec


class OptionChoice(click.ParamType):  # type: ignore[type-arg]  # generic only in click >= 8.2
    """One option id (or, for a many-choice question, a comma-separated list of them), as typed: the values
    are checked once, with the answers file's, by `answers.checked` (this type only splits and completes)."""

    def __init__(self, spec: QuestionSpec, names: dict[str, str]) -> None:
        self.spec = spec
        self.name = spec["id"]
        self.names = names  # ids and aliases → option id

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, tuple):
            return value
        return tuple(p.strip() for p in str(value).split(",")) if self.spec["kind"] == "many" else (str(value),)

    def shell_complete(self, ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
        """Option ids; in a many-choice list, the item after the last comma (`text,im` → `text,image`),
        leaving out the items already in the list."""
        from click.shell_completion import CompletionItem

        done, last = self._split(incomplete)
        prefix = "".join(item + "," for item in done)
        return [CompletionItem(prefix + o["id"]) for o in self.spec["options"]
                if o["id"].startswith(last) and o["id"] not in done]

    def _split(self, incomplete: str) -> tuple[list[str], str]:
        """The finished items of a typed list and the one being typed."""
        if self.spec["kind"] != "many":
            return [], incomplete
        *done, last = incomplete.split(",")
        return done, last


class QuestionOption(click.Option):
    """An option generated from a question (so a command can regenerate them)."""


class QuestionCommand(Command):
    """A command whose flags include one per question of the knowledge base."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        own = [p for p in self.params if not isinstance(p, QuestionOption)]
        reserved = {p.name for p in own if p.name}
        kb = _help_knowledge(ctx, args) if _wants_help(ctx, args) else knowledge(ctx, args)
        self.params = [*own, *(question_options(kb, reserved, _lang_from(args)) if kb else [])]
        return super().parse_args(ctx, args)


def _wants_help(ctx: click.Context, args: list[str]) -> bool:
    options = args[:args.index("--")] if "--" in args else args
    return any(arg in ctx.help_option_names for arg in options)


def _help_knowledge(ctx: click.Context, args: list[str]) -> KnowledgeBase | None:
    """The knowledge base whose question flags help lists: help must be reachable whatever the packs are.

    With RECOMMENDER_RULES or --rules layers that do not load (a missing folder, an invalid pack),
    the shipped pack's flags are listed instead, with a one-line note; if even that fails, none.
    """
    try:
        return knowledge(ctx, args)
    except RecommenderError:
        pass
    from recommender.cli.exits import message_line

    click.echo(message_line("note: the rule packs do not load, so only the shipped pack's question flags are listed; "
                            "run `recommender rules validate` to see why"), err=True)
    try:
        return load_knowledge_base()
    except RecommenderError:
        return None


def _lang_from(args: list[str]) -> str:
    given = prescan(args, "--lang")
    return given[-1] if given and given[-1] in LANGS else default_lang()


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
                multiple=True,  # a one-choice flag too, so that `one_value` sees it given twice
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
            out[qid] = one_value(qid, value, kb.option_names[qid])
    return out


def one_value(qid: str, given: tuple[tuple[str, ...], ...], names: dict[str, str]) -> str:
    """A one-choice flag's value; given twice naming different options it is a mistake, not "the last
    wins" (the same option in another case is the same answer; an unknown value is `checked`'s to report)."""
    options = list(dict.fromkeys(option_id(names, value) or value for group in given for value in group))
    if len(options) > 1:
        shown = " and ".join(repr(o) for o in options)
        raise click.BadParameter(f"given more than once, as {shown}; give one", param_hint=flag_name(qid))
    return given[0][0]


def given_profile(kb: KnowledgeBase, answers_file: str | None, flag_values: dict[str, Any]) -> Profile:
    """The answers of --answers FILE, overridden by the question flags, checked once: a bad answer is
    reported where it was written (the flag, or the file's line and key)."""
    flags = flag_answers(kb, flag_values)
    if answers_file is None:
        return checked(kb, flags)
    from recommender.answers_file import load_file  # only a file needs JSON, YAML and the position search

    raw, in_file = load_file(answers_file)

    def locate(question: str) -> str:
        return flag_locator(question) if question in flags else in_file(question)

    return checked(kb, {**raw, **flags}, locate)
