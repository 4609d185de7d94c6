"""`recommender ask`: the interactive, adaptive questionnaire.

Flags and `--answers` pre-answer questions; the rest are asked in adaptive
order until no answer to the remaining ones could change the winner (or all
of them with `--all`); a review step lets the person change any answer; the
result is exactly what `recommend` prints for the same answers.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import click

from recommender.cli.common import (
    Choice,
    complete_file,
    emit,
    input_file,
    knowledge,
    lang_option,
    no_cache_option,
    quiet_option,
    render_options,
    rules_option,
    saved_file,
    say_wrote,
)
from recommender.cli.flags import QuestionCommand, given_profile
from recommender.errors import Interrupted, UsageError
from recommender.knowledge.conditions import Value
from recommender.render import FORMATS

if TYPE_CHECKING:
    from recommender.ask.adaptive import Plan
    from recommender.ask.prompts import Prompter

EXAMPLES = """\b
Examples:
  recommender ask
  recommender ask --lang zh --save-answers answers.yaml
  recommender ask --goal research --format json > result.json
  recommender ask --all
"""

NO_TERMINAL = (
    "ask needs a terminal on stdin; without one use 'recommender recommend' with flags "
    "or 'recommender recommend --answers FILE'"
)


def stdin_is_terminal() -> bool:
    try:
        return os.isatty(0)
    except OSError:  # fd 0 closed
        return False


@click.command(cls=QuestionCommand, epilog=EXAMPLES, groups=(
    ("Answers (a flag per question pre-answers it)", ("answers_file", "ask_all", "save_to", "force", "*")),
    ("Output", ("fmt", "lang", "explain", "quiet")),
    ("Knowledge", ("rules", "no_cache")),
    ("Other", ("help",)),
))
@click.option("--answers", "answers_file", metavar="FILE", callback=input_file, shell_complete=complete_file,
              help="YAML or JSON answers that pre-answer questions.")
@rules_option
@click.option("--format", "fmt", type=Choice(list(FORMATS)), default="text", show_default=True,
              help="Output format of the result (prompts always go to stderr).")
@lang_option
@click.option("--explain", is_flag=True, help="Show every rule per candidate, fired or not.")
@click.option("--all", "ask_all", is_flag=True, help="Ask every question, in order, instead of stopping early.")
@click.option("--save-answers", "save_to", metavar="FILE", callback=saved_file, shell_complete=complete_file,
              help="Write the answers to FILE (atomically) for 'recommend --answers FILE'.")
@click.option("--force", is_flag=True, help="With --save-answers: replace an existing file.")
@quiet_option
@no_cache_option
@click.pass_context
def ask(ctx: click.Context, /, answers_file: str | None, rules: tuple[str, ...], fmt: str, lang: str | None,
        explain: bool, ask_all: bool, save_to: str | None, force: bool, quiet: bool, no_cache: bool,
        **values: Any) -> int:
    """Answer the questions interactively in a terminal; flags pre-answer them."""
    import gc

    gc.enable()  # an interactive session: the console script's one-shot setting does not fit it
    if answers_file == "-":  # stdin is the terminal the questions are asked on
        raise click.BadParameter("ask reads the terminal; give --answers a file", param_hint="--answers")
    kb = knowledge(ctx)
    # Before any prompt: questionary would take a piped newline as Enter and pick silently.
    if not stdin_is_terminal():
        raise UsageError(NO_TERMINAL)
    given: dict[str, Value] = dict(given_profile(kb, answers_file, values).given)
    if save_to is not None:
        from recommender.ask.saving import check_target

        check_target(save_to, force=force)
    opts = render_options(ctx, lang, explain, fmt, to_stdout=True)
    try:
        answers = interview(kb, given, opts.lang, ask_all=ask_all)
    except AnswersSoFar as stop:
        raise interrupted(kb, given, stop.answers, save_to, force=force, lang=opts.lang) from None
    from recommender.api import format_result, recommend
    from recommender.knowledge.profile import profile_of

    answers = {q: answers[q] for q in kb.questions if q in answers}
    if save_to is not None:  # first: the answers are kept even when the result cannot be shown (no snippet)
        from recommender.ask.saving import save

        save(answers, save_to, force=force)
        say_wrote(save_to, opts.lang, quiet=quiet)
    emit(format_result(recommend(profile_of(kb, answers), kb=kb), fmt, kb=kb, options=opts))
    return 0


class AnswersSoFar(KeyboardInterrupt):
    """Ctrl-C (or Ctrl-D) during the questions, carrying the answers given until then."""

    def __init__(self, answers: dict[str, Value]) -> None:
        super().__init__()
        self.answers = answers


def interrupted(kb: Any, given: dict[str, Value], so_far: dict[str, Value], save_to: str | None, *,
                force: bool, lang: str) -> Interrupted:
    """What Ctrl-C leaves: with --save-answers and something answered since the start, the answers given so
    far, written (to go on from them with `ask --answers FILE`) and said so; else nothing. In `lang`."""
    from recommender.ask.words import w

    if save_to is None or so_far == given:
        return Interrupted(w("interrupted", lang))
    from recommender.ask.saving import save

    answers = {q: so_far[q] for q in kb.questions if q in so_far}
    save(answers, save_to, force=force, partial=True)
    import shlex

    again = f"recommender ask --answers {shlex.quote(save_to)}"
    if len(answers) == 1:
        return Interrupted(w("interrupted_saved", lang, path=save_to, again=again))
    return Interrupted(w("interrupted_saved_n", lang, n=len(answers), path=save_to, again=again))


def interview(kb: Any, given: dict[str, Value], lang: str, *, ask_all: bool) -> dict[str, Value]:
    """Ask, then review, until the person confirms; the final answers."""
    from recommender.ask.adaptive import Plan
    from recommender.ask.prompts import Prompter

    plan, prompter = Plan(kb), Prompter(kb, lang)
    answers = dict(given)
    skipped: set[str] = set()  # answered "Not sure": left unanswered, not asked again unless picked at the review
    try:
        while True:
            answers = questionnaire(plan, prompter, answers, skipped, ask_all=ask_all)
            # The review offers every question that could be asked now, the skipped and those the early stop left.
            changed = prompter.review(answers, plan.askable(answers))
            if changed is None:
                prompter.check_interrupt()
                return answers
            value = prompter.ask(changed, answers, answers.get(changed))
            answers.pop(changed, None)
            if value is None:
                skipped.add(changed)
            else:
                answers[changed], skipped = value, skipped - {changed}
            # A changed answer can make an earlier one moot (deploy: none skips languages).
            answers = plan.prune(answers, keep=set(given) - {changed})
    except AnswersSoFar:
        raise
    except KeyboardInterrupt:
        raise AnswersSoFar(answers) from None


def questionnaire(
    plan: Plan, prompter: Prompter, answers: dict[str, Value], skipped: set[str], *, ask_all: bool
) -> dict[str, Value]:
    """Ask in adaptive order until settled (or all with --all); say when the rest cannot matter.

    A skipped question stays unanswered (the result's what-if and Unanswered say what it would change).
    """
    from recommender.ask.words import w

    current = dict(answers)
    number = 0
    try:
        while (question := plan.next_question(current, ask_all=ask_all, skipped=skipped)) is not None:
            number += 1
            progress = prompter.progress(number, plan.at_most_left(current, question, skipped))
            value = prompter.ask(question, current, progress=progress)
            if value is None:
                skipped.add(question)
            else:
                current[question] = value
    except KeyboardInterrupt:
        raise AnswersSoFar(current) from None
    left = plan.remaining(current)
    if left and plan.settled(current):  # with a skipped question that matters, the result says what it would change
        prompter.say(w("settled", prompter.lang, n=left) if left > 1 else w("settled_one", prompter.lang))
    return current
