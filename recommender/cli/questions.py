"""`recommender questions`: the questions, their options and the flag of each."""

from __future__ import annotations

import sys

import click

from recommender.cli.common import Choice, emit, knowledge, lang_option, no_cache_option, rules_option
from recommender.render.i18n import default_lang


@click.command(epilog="\b\nExamples:\n  recommender questions\n  recommender questions --format json --lang zh")
@rules_option
@click.option("--format", "fmt", type=Choice(["text", "json"]), default="text", show_default=True)
@lang_option
@no_cache_option
@click.pass_context
def questions(ctx: click.Context, rules: tuple[str, ...], fmt: str, lang: str | None, no_cache: bool) -> None:
    """List the questions, their options and the flag of each."""
    from recommender.render.questions import render_json, render_text

    kb = knowledge(ctx)
    if fmt == "json":
        emit(render_json(kb, lang or default_lang()))
        return
    from recommender.render.wrap import fold, terminal_columns

    emit("\n".join(fold(render_text(kb, lang or default_lang()).split("\n"), terminal_columns(sys.stdout))))
