"""The terminal side of `ask`: questionary prompts drawn on stderr, WHY screens, the review.

Imported only by the `ask` command: questionary (prompt_toolkit) is the one
heavy import on that path, and `recommend` must never pay for it.
"""

from __future__ import annotations

import sys
from typing import Any

import questionary
from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
from prompt_toolkit.keys import Keys
from prompt_toolkit.output import create_output

from recommender.ask.adaptive import feeding_rules, option_impact
from recommender.ask.words import w
from recommender.knowledge.conditions import Answers, Value
from recommender.knowledge.model import KnowledgeBase
from recommender.knowledge.records import QuestionSpec
from recommender.render.wrap import fold, terminal_columns

WHY = "\0why"  # a choice value no option id can take (ids are [a-z0-9-_])
CONFIRM = "\0confirm"


class Prompter:
    """Asks one question at a time; all drawing goes to stderr so stdout keeps only the result."""

    def __init__(self, kb: KnowledgeBase, lang: str) -> None:
        self.kb, self.lang = kb, lang
        self.output = create_output(stdout=sys.stderr)

    def say(self, text: str) -> None:
        sys.stderr.write(text + "\n")
        sys.stderr.flush()

    def ask(self, question: str, answers: Answers, current: Value | None = None) -> Value:
        """The person's answer to `question`; "why" shows the explanation and asks again."""
        spec = self.kb.questions[question]
        while True:
            picked: Value
            if spec["kind"] == "one":
                picked = self._select(spec, current if isinstance(current, str) else None)
            else:
                picked = self._checkbox(spec, current if isinstance(current, tuple) else ())
            if picked == WHY or (isinstance(picked, tuple) and WHY in picked):
                self.say("\n".join(fold(self.why_text(question, answers).split("\n"), terminal_columns(sys.stderr))))
                if isinstance(picked, tuple) and len(picked) > 1:
                    current = tuple(p for p in picked if p != WHY)
                continue
            return picked

    def review(self, answers: Answers) -> str | None:
        """The question the person wants to change, or None to confirm."""
        choices = [questionary.Choice(w("confirm", self.lang), value=CONFIRM)]
        for qid in (q for q in self.kb.questions if q in answers):  # question order, not asking order
            shown = f"{self.kb.questions[qid]['prompt'][self.lang]}  {self.value_text(qid, answers[qid])}"
            choices.append(questionary.Choice(shown, value=qid))
        picked = self._run(questionary.select(
            w("review", self.lang), choices=choices, instruction=" ", output=self.output,
        ))
        return None if picked == CONFIRM else str(picked)

    def _select(self, spec: QuestionSpec, current: str | None) -> str:
        choices: list[Any] = [questionary.Choice(o["label"][self.lang], value=o["id"]) for o in spec["options"]]
        choices += [questionary.Separator(" "), questionary.Choice(w("why_choice", self.lang), value=WHY)]
        question = questionary.select(
            spec["prompt"][self.lang], choices=choices, default=current,
            instruction=w("select_hint", self.lang), output=self.output,
        )
        return str(self._run(question, why=WHY))

    def _checkbox(self, spec: QuestionSpec, current: tuple[str, ...]) -> tuple[str, ...]:
        choices: list[Any] = [
            questionary.Choice(o["label"][self.lang], value=o["id"], checked=o["id"] in current)
            for o in spec["options"]
        ]
        choices += [questionary.Separator(" "), questionary.Choice(w("why_choice", self.lang), value=WHY)]
        question = questionary.checkbox(
            spec["prompt"][self.lang], choices=choices,
            instruction=w("checkbox_hint", self.lang), output=self.output,
        )
        picked = self._run(question, why=[WHY])
        # The checkbox returns values in the order ticked; answers keep the options' order.
        order = [o["id"] for o in spec["options"]] + [WHY]
        return tuple(sorted(picked, key=order.index))

    def _run(self, question: Any, why: Any = None) -> Any:
        """Run a prompt with "?" for why and Ctrl-D as an interrupt, like Ctrl-C."""
        keys = KeyBindings()
        if why is not None:
            keys.add("?", eager=True)(lambda event: event.app.exit(result=why))
        keys.add(Keys.ControlD, eager=True)(lambda event: event.app.exit(exception=KeyboardInterrupt))
        app = question.application
        app.key_bindings = merge_key_bindings([app.key_bindings, keys])
        try:
            answer = question.unsafe_ask()
        except EOFError:
            raise KeyboardInterrupt from None
        if answer is None:  # prompt_toolkit returns None when the terminal goes away
            raise KeyboardInterrupt
        return answer

    def value_text(self, question: str, value: Value) -> str:
        labels = {o["id"]: o["label"][self.lang] for o in self.kb.questions[question]["options"]}
        if isinstance(value, str):
            return labels[value]
        return ", ".join(labels[v] for v in value) if value else w("nothing", self.lang)

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
