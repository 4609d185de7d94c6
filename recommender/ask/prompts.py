"""The terminal side of `ask`: questionary prompts drawn on stderr, WHY screens, the review.

Imported only by the `ask` command: questionary (prompt_toolkit) is the one
heavy import on that path, and `recommend` must never pay for it.

Each prompt is erased when answered and replaced by one echo line of ours
(`prompt › labels`), so a many-choice answer reads as its labels in the
session's language, not questionary's "done (2 selections)".
"""

from __future__ import annotations

import asyncio
import signal
import sys
from collections.abc import Callable
from typing import Any

import questionary
from prompt_toolkit.application import Application
from prompt_toolkit.filters import Condition
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent, merge_key_bindings
from prompt_toolkit.keys import Keys
from prompt_toolkit.layout import ConditionalContainer, FormattedTextControl, HSplit, Window
from prompt_toolkit.output import create_output
from questionary.prompts.common import InquirerControl

from recommender.ask.adaptive import feeding_rules, option_impact
from recommender.ask.words import w
from recommender.errors import Terminated
from recommender.knowledge.conditions import Answers, Value
from recommender.knowledge.model import KnowledgeBase
from recommender.knowledge.records import QuestionSpec
from recommender.render.i18n import t
from recommender.render.wrap import fold, terminal_columns

# Choice values no option id can take (ids are [a-z0-9-_.]).
SKIP = "\0skip"
CONFIRM = "\0confirm"


class Prompter:
    """Asks one question at a time; all drawing goes to stderr so stdout keeps only the result."""

    def __init__(self, kb: KnowledgeBase, lang: str) -> None:
        self.kb, self.lang = kb, lang
        self.output = create_output(stdout=sys.stderr)
        self.missed: list[KeyboardInterrupt] = []
        sys.unraisablehook = _noting_interrupts(sys.unraisablehook, self.missed)

    def check_interrupt(self) -> None:
        """Raise the Ctrl-C that Python swallowed between prompts (see `_noting_interrupts`)."""
        if self.missed:
            raise KeyboardInterrupt

    def say(self, text: str) -> None:
        sys.stderr.write(text + "\n")
        sys.stderr.flush()

    def say_folded(self, text: str) -> None:
        """Long text (the WHY screen) folded to the terminal's width between words."""
        self.say("\n".join(fold(text.split("\n"), terminal_columns(sys.stderr))))

    def ask(self, question: str, answers: Answers, current: Value | None = None, progress: str = "") -> Value | None:
        """The person's answer to `question`, or None for "Not sure / skip"; `?` shows why and asks again."""
        spec = self.kb.questions[question]
        while True:
            picked: Value | None
            if spec["kind"] == "one":
                picked = self._select(spec, current if isinstance(current, str) else None, progress)
            else:
                picked = self._checkbox(spec, current if isinstance(current, tuple) else (), progress)
            if isinstance(picked, Why):
                self.say_folded(self.why_text(question, answers))
                current = picked.current
                continue
            if picked == SKIP or picked == (SKIP,):
                picked = None
            self.say(w("echo", self.lang, prompt=spec["prompt"][self.lang], answer=self.answer_text(question, picked)))
            return picked

    def progress(self, number: int, left: int) -> str:
        """"question 4, at most 9 left": `left` is the plan's bound on the questions after this one."""
        return w("progress", self.lang, n=number, left=left)

    def review(self, answers: Answers, unasked: list[str]) -> str | None:
        """The question the person wants to change (or answer, of those not asked), or None to confirm."""
        pointed: Any = CONFIRM  # after `?`, the list comes back with the cursor where it was
        while True:
            choices: list[Any] = [questionary.Choice(w("confirm", self.lang), value=CONFIRM)]
            for qid in (q for q in self.kb.questions if q in answers):  # question order, not asking order
                choices.append(questionary.Choice(self._line(qid, self.value_text(qid, answers[qid])), value=qid))
            if unasked:
                choices.append(questionary.Separator(" "))
            choices += [questionary.Choice(self._line(q, w("not_answered", self.lang)), value=q) for q in unasked]
            question = questionary.select(
                w("review", self.lang), choices=choices, default=pointed, instruction=self._hint("review_hint"),
                output=self.output,
            )
            picked = self._run(question, why=True)
            if isinstance(picked, Why):
                pointed = picked.current
                shown = w("review_why", self.lang) if pointed == CONFIRM else self.why_text(str(pointed), answers)
                self.say_folded(shown)
                continue
            return None if picked == CONFIRM else str(picked)

    def _line(self, qid: str, value: str) -> str:
        return f"{self.kb.questions[qid]['prompt'][self.lang]}  {value}"

    def _hint(self, key: str, progress: str = "") -> str:
        hint = w(key, self.lang)
        if progress:
            return w("hint_progress", self.lang, progress=progress, hint=hint)
        return w("hint", self.lang, hint=hint)

    def _select(self, spec: QuestionSpec, current: str | None, progress: str) -> Any:
        choices: list[Any] = [questionary.Choice(o["label"][self.lang], value=o["id"]) for o in spec["options"]]
        choices += [questionary.Separator(" "), questionary.Choice(w("skip", self.lang), value=SKIP)]
        question = questionary.select(
            spec["prompt"][self.lang], choices=choices, default=current,
            instruction=self._hint("select_hint", progress), output=self.output,
        )
        picked = self._run(question, why=True)
        return picked if isinstance(picked, Why) else str(picked)

    def _checkbox(self, spec: QuestionSpec, current: tuple[str, ...], progress: str) -> Any:
        choices: list[Any] = [
            questionary.Choice(o["label"][self.lang], value=o["id"], checked=o["id"] in current)
            for o in spec["options"]
        ]
        choices += [questionary.Separator(" "), questionary.Choice(w("skip", self.lang), value=SKIP,
                                                                   checked=SKIP in current)]
        alone = set(self.kb.exclusive[spec["id"]]) | {SKIP}
        question = questionary.checkbox(
            spec["prompt"][self.lang], choices=choices, validate=self._tick_check(spec, alone),
            instruction=self._hint("checkbox_hint", progress), output=self.output,
        )
        _exclusive_ticks(question.application, alone)
        _error_line(question.application)
        picked = self._run(question, why=True)
        if isinstance(picked, Why):
            return Why(picked.ticked)  # asked again with the same ticks
        # The checkbox returns values in the order ticked; answers keep the options' order.
        order = [o["id"] for o in spec["options"]] + [SKIP]
        return tuple(sorted(picked, key=order.index))

    def _tick_check(self, spec: QuestionSpec, alone: set[str]) -> Callable[[list[str]], bool | str]:
        """Enter with nothing ticked asks again (skipping is a choice of its own); an option that excludes
        the others must be alone (the ticking keys keep it so; this is the last guard)."""
        labels = {o["id"]: o["label"][self.lang] for o in spec["options"]} | {SKIP: w("skip", self.lang)}

        def check(ticked: list[str]) -> bool | str:
            if not ticked:
                return w("tick_something", self.lang)
            clash = next((v for v in ticked if v in alone), None) if len(ticked) > 1 else None
            return w("excludes", self.lang, label=labels[clash]) if clash is not None else True

        return check

    def _run(self, question: Any, why: bool = False) -> Any:
        """Run a prompt: "?" for why, Ctrl-D and an external SIGINT as Ctrl-C, SIGTERM as `Terminated`.

        The prompt is erased when done (the caller echoes the answer). Both signals leave through
        prompt_toolkit's own exit, which puts the terminal back in cooked mode and shows the cursor.
        """
        self.check_interrupt()
        app: Application[Any] = question.application
        keys = KeyBindings()
        if why:
            keys.add("?", eager=True)(lambda event: event.app.exit(result=_why_of(event.app)))
        keys.add(Keys.ControlD, eager=True)(lambda event: event.app.exit(exception=KeyboardInterrupt))
        keys.add(Keys.SIGINT, eager=True)(lambda event: event.app.exit(exception=KeyboardInterrupt))
        app.key_bindings = merge_key_bindings([app.key_bindings or KeyBindings(), keys])
        app.erase_when_done = True
        app.pre_run_callables.append(lambda: _on_sigterm(app))
        try:
            answer = question.unsafe_ask()
        except EOFError:
            raise KeyboardInterrupt from None
        if answer is None:  # prompt_toolkit returns None when the terminal goes away
            raise KeyboardInterrupt
        return answer

    def answer_text(self, question: str, value: Value | None) -> str:
        return w("skipped", self.lang) if value is None else self.value_text(question, value)

    def value_text(self, question: str, value: Value) -> str:
        labels = {o["id"]: o["label"][self.lang] for o in self.kb.questions[question]["options"]}
        if isinstance(value, str):
            return labels[value]
        return t("list_and", self.lang).join(labels[v] for v in value) if value else w("nothing", self.lang)

    def why_text(self, question: str, answers: Answers) -> str:
        """Help text, the rules the question feeds, and how far each option can move each candidate."""
        spec, lang = self.kb.questions[question], self.lang
        lines = ["", f"{w('why_title', lang)}: {spec['help'][lang]}", "", f"{w('why_rules', lang)}:"]
        others = {q: v for q, v in answers.items() if q != question}
        rules = feeding_rules(self.kb, others, question)
        for rule, verdict in rules:
            state = "" if verdict is None else f" [{w('why_fired' if verdict else 'why_ruled_out', lang)}]"
            lines.append(f"  {rule.id}: {rule.text[lang]} ({self.effects_text(rule.effects)}){state}")
        if not rules:
            lines.append(f"  {w('why_no_rules', lang)}")
        lines += ["", f"{w('why_moves', lang)}:"]
        for option, totals in option_impact(self.kb, others, question).items():
            label = next(o["label"][lang] for o in spec["options"] if o["id"] == option)
            moves = {cid: totals.get(cid, 0) for cid in self.kb.candidates}
            lines.append(f"  {label}: {self.effects_text(moves)}")
        return "\n".join(lines) + "\n"

    def effects_text(self, effects: dict[str, int]) -> str:
        return ", ".join(f"{self.kb.candidates[c]['label'][self.lang]} {n:+d}" for c, n in effects.items())


class Why:
    """`?` was pressed: with what the prompt held then (the pointed choice, the ticks) to ask again from."""

    def __init__(self, current: Any, ticked: tuple[str, ...] = ()) -> None:
        self.current, self.ticked = current, ticked


def _control(app: Application[Any]) -> InquirerControl:
    return next(c for c in app.layout.find_all_controls() if isinstance(c, InquirerControl))


def _why_of(app: Application[Any]) -> Why:
    """What the prompt held when `?` was pressed: the choice under the cursor, and the ticks."""
    control = _control(app)
    return Why(control.get_pointed_at().value, tuple(control.selected_options))


def _exclusive_ticks(app: Application[Any], alone: set[str]) -> None:
    """Space, `a` and `i` never tick an option of `alone` (none, skip) together with another one."""
    control, keys = _control(app), KeyBindings()

    def tick(event: KeyPressEvent) -> None:
        value, ticked = control.get_pointed_at().value, control.selected_options
        if value in ticked:
            ticked.remove(value)
        elif value in alone:
            control.selected_options = [value]
        else:
            control.selected_options = [v for v in ticked if v not in alone] + [value]
        control.error_message = None

    def every(event: KeyPressEvent) -> None:
        plain = [c.value for c in control.choices if not isinstance(c, questionary.Separator) and c.value not in alone]
        control.selected_options = [] if set(plain) <= set(control.selected_options) else plain
        control.error_message = None

    def invert(event: KeyPressEvent) -> None:
        plain = [c.value for c in control.choices if not isinstance(c, questionary.Separator) and c.value not in alone]
        control.selected_options = [v for v in plain if v not in control.selected_options]
        control.error_message = None

    keys.add(" ", eager=True)(tick)
    keys.add("a", eager=True)(every)
    keys.add("i", eager=True)(invert)
    app.key_bindings = merge_key_bindings([app.key_bindings or KeyBindings(), keys])


def _error_line(app: Application[Any]) -> None:
    """Show a refused Enter's reason on a line of its own under the choices.

    questionary shows it in a bottom toolbar, which prompt_toolkit draws only once the terminal has
    answered a cursor-position request: never on a terminal that does not (or with
    PROMPT_TOOLKIT_NO_CPR), where Enter with nothing ticked then seemed to do nothing.
    """
    control = _control(app)
    shown = Condition(lambda: control.error_message is not None)
    line = ConditionalContainer(Window(FormattedTextControl(lambda: control.error_message or ""), height=1), shown)
    container = app.layout.container
    if isinstance(container, HSplit):  # questionary's layout: the question, the choices, …, the toolbar last
        container.children[-1] = line


def _noting_interrupts(
    previous: Callable[[sys.UnraisableHookArgs], Any], missed: list[KeyboardInterrupt]
) -> Callable[[sys.UnraisableHookArgs], Any]:
    """An unraisable-exception hook that keeps a KeyboardInterrupt instead of printing it.

    Between prompts the terminal is in line mode, so Ctrl-C is a SIGINT, and its KeyboardInterrupt can
    land in a garbage collector's weakref callback, where Python prints "Exception ignored" and drops
    it: the session then went on as if nothing was pressed. Kept here, it is raised at the next prompt.
    """

    def hook(unraisable: sys.UnraisableHookArgs) -> Any:
        if isinstance(unraisable.exc_value, KeyboardInterrupt):
            missed.append(unraisable.exc_value)
            return None
        return previous(unraisable)

    return hook


def _on_sigterm(app: Application[Any]) -> None:
    """While the prompt runs (the terminal raw, the cursor hidden), SIGTERM leaves through the app's exit."""
    def leave() -> None:
        if app.future is not None and not app.future.done():
            app.exit(exception=Terminated())

    try:
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, leave)
    except (NotImplementedError, RuntimeError, ValueError):  # no such handlers on Windows or off the main thread
        pass
