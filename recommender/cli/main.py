"""The command line: a thin layer over the Python API that parses, calls and prints."""

from __future__ import annotations

import sys
from typing import Any

import click

from recommender.cli.common import (
    Choice,
    Group,
    complete_file,
    emit,
    input_file,
    knowledge,
    lang_option,
    no_cache_option,
    output_file,
    prescan,
    quiet_option,
    render_options,
    rules_option,
    say_wrote,
    version_option,
)
from recommender.cli.flags import QuestionCommand, given_profile
from recommender.render import FORMATS, RenderOptions, format_for
from recommender.render.i18n import default_lang, env_lang_warning

RECOMMEND_EXAMPLES = """\b
Examples:
  # The verdict, its reasons and the starter stack for a research project on text
  recommender recommend --goal research --data text
  # Answers kept in a file (recommender ask --save-answers writes one), a flag overriding one of them
  recommender recommend --answers answers.yaml --similar-model bert
  # JSON for a script; the starter's example alone, saved as a file to run
  recommender recommend --goal production --deploy mobile,browser --format json
  recommender recommend --goal research --data text --format snippet > starter.py
  # An architecture decision record to commit
  recommender recommend --goal research --output docs/adr/0001-deep-learning-framework.md
  # Many profiles, one JSON line each; your own rule pack, the output in Chinese
  recommender recommend --batch profiles.jsonl --jobs 0 > results.jsonl
  recommender recommend --rules ./my-rules --goal research --lang zh
"""

# `recommend --help` in sections: the answers first (a flag per question), then the output, the knowledge.
RECOMMEND_GROUPS = (
    ("Answers (a flag per question: recommender questions explains each)", ("answers_file", "*")),
    ("Output", ("fmt", "lang", "explain", "output", "force", "quiet", "batch", "jobs")),
    ("Knowledge", ("rules", "no_cache")),
    ("Other", ("help",)),
)


class LazyGroup(Group):
    """Commands in their own modules are imported only when they run (or help lists them)."""

    lazy = {"ask": "recommender.cli.ask", "candidates": "recommender.cli.candidates",
            "questions": "recommender.cli.questions", "rules": "recommender.cli.rules"}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def invoke(self, ctx: click.Context) -> Any:
        # click answers a KeyboardInterrupt with a blank line on stderr (for a terminal's `^C` echo),
        # then Abort: raising Abort ourselves keeps "interrupted" one line; exits.run closes the echo.
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt as exc:
            raise click.exceptions.Abort() from exc

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy and name not in self.commands:
            from importlib import import_module

            self.add_command(getattr(import_module(self.lazy[name]), name))
        return super().get_command(ctx, name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@version_option
@click.option("--debug", is_flag=True, help="Show a traceback on errors.")
def cli(debug: bool) -> None:
    """Recommend PyTorch, TensorFlow or a Transformer approach for a deep-learning project.

    \b
    Examples:
      recommender recommend --goal research --data text
      recommender questions
      recommender recommend --help
    """


@cli.command(cls=QuestionCommand, epilog=RECOMMEND_EXAMPLES, groups=RECOMMEND_GROUPS)
@click.option("--answers", "answers_file", metavar="FILE", callback=input_file, shell_complete=complete_file,
              help="YAML or JSON answers (question id → value or list; '-' for stdin); flags override it.")
@rules_option
@click.option("--format", "fmt", type=Choice(list(FORMATS)), default="text", show_default=True,
              help="Output format.")
@lang_option
@click.option("--explain", is_flag=True,
              help="Show every rule per candidate, fired or not, with its weight and source.")
@click.option("--output", "output", metavar="FILE", callback=output_file, shell_complete=complete_file,
              help="Write to FILE atomically instead of stdout ('-': stdout).")
@click.option("--force", is_flag=True, help="With --output: replace an existing file.")
@click.option("--batch", "batch", metavar="FILE", callback=input_file, shell_complete=complete_file,
              help="JSON Lines of answer profiles ('-' for stdin); one JSON result per line.")
@click.option("--jobs", type=click.IntRange(min=0), default=1, show_default=True, metavar="N",
              help="With --batch: score in N processes (0: one per CPU); the output is the same.")
@quiet_option
@no_cache_option
@click.pass_context
def recommend(ctx: click.Context, /, answers_file: str | None, rules: tuple[str, ...], fmt: str,
              lang: str | None, explain: bool, output: str | None, force: bool, batch: str | None,
              jobs: int, quiet: bool, no_cache: bool, **values: Any) -> int | None:
    """Recommend from flags and/or an answers file; never prompts."""
    from recommender.api import format_result
    from recommender.api import recommend as run

    if answers_file == "-" and batch == "-":
        raise click.BadParameter("stdin is already the --batch input; give --answers a file", param_hint="--answers")
    kb = knowledge(ctx)
    profile = given_profile(kb, answers_file, values)
    if batch is not None:
        from recommender.batch.scorer import run_batch

        if ctx.get_parameter_source("fmt") == click.core.ParameterSource.COMMANDLINE and fmt != "json":
            raise click.BadParameter("--batch writes JSON Lines; leave --format out or use json", param_hint="--format")
        code = run_batch(kb, batch, dict(profile.given), RenderOptions(lang or default_lang(), explain), output=output,
                         force=force, jobs=jobs)
        if output is not None:  # written, failed lines and all (their error records are in it)
            say_wrote(output, lang, quiet=quiet)
        return code
    if ctx.get_parameter_source("jobs") == click.core.ParameterSource.COMMANDLINE:
        raise click.BadParameter("only with --batch", param_hint="--jobs")
    if output is not None and ctx.get_parameter_source("fmt") != click.core.ParameterSource.COMMANDLINE:
        fmt = format_for(output) or fmt  # `--output x.json` means JSON; an explicit --format wins
    opts = render_options(ctx, lang, explain, fmt, to_stdout=output is None)
    text = format_result(run(profile, kb=kb, shared=False), fmt, kb=kb, options=opts)  # one check: no memo to keep
    if output is not None:
        from recommender.output import write_output

        write_output(text, output, force=force, inputs=[p for p in (answers_file, *kb.files) if p])
        say_wrote(output, lang, quiet=quiet)
    else:
        emit(text)
    return 0


def main(argv: list[str] | None = None) -> int:
    from recommender.cli.exits import run

    debug, args = take_debug(sys.argv[1:] if argv is None else argv)
    warning = env_lang_warning()
    if warning and not prescan(args, "--lang"):  # once per run, and only when it is the language used
        from recommender.cli.exits import message_line

        click.echo(message_line(warning), err=True)
    return run(lambda: cli.main(args, prog_name="recommender", standalone_mode=False, obj={"debug": debug}), debug)


def take_debug(args: list[str]) -> tuple[bool, list[str]]:
    """`--debug` anywhere before `--`, taken out: it is wanted most after an error, wherever it was typed,
    and only the group declares it (a subcommand would call it an unknown option)."""
    end = args.index("--") if "--" in args else len(args)
    kept = [a for a in args[:end] if a != "--debug"] + args[end:]
    return len(kept) != len(args), kept


__all__ = ["cli", "emit", "knowledge", "main"]
