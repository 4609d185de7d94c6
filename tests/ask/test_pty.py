"""`recommender ask` end to end in a real pseudo-terminal (pexpect).

The tests never name rules or winners: they predict each next question with
the same pure adaptive logic and check the final JSON against the engine, so
they hold while the rule pack changes.

Each session takes a second or more, so the default run keeps two: the whole questionnaire by
arrows, Space and Enter, and Ctrl-D; the rest are marked slow (`python -m pytest -m slow`).
"""

from __future__ import annotations

import json
import os
import re
import shlex
import sys
from pathlib import Path
from typing import Any

import pexpect
import pytest

from recommender.ask.adaptive import Plan
from recommender.ask.words import w
from recommender.engine.recommend import recommend
from recommender.render import FORMATS, RenderOptions
from tests.helpers import ROOT

DOWN, UP, SPACE, ENTER = "\x1b[B", "\x1b[A", " ", "\r"


class Session:
    """One `ask` run in a pty: stdout to a file, the screen (stderr) read by pexpect."""

    def __init__(self, tmp: Path, *args: str, lang: str = "en") -> None:
        self.out = tmp / "out.txt"
        self.lang = lang
        command = " ".join(shlex.quote(a) for a in [sys.executable, "-m", "recommender", "ask", *args])
        # pexpect does not answer cursor-position requests; without this prompt_toolkit
        # waits a second for the answer after every prompt.
        env = {**os.environ, "TERM": "xterm-256color", "RECOMMENDER_LANG": lang, "PROMPT_TOOLKIT_NO_CPR": "1"}
        self.child = pexpect.spawn(
            "/bin/sh", ["-c", f"{command} > {shlex.quote(str(self.out))}"],
            cwd=str(ROOT), env=env, encoding="utf-8", timeout=30, dimensions=(50, 200),
        )
        self.screen = ""

    def expect_text(self, text: str) -> None:
        self.child.expect(re.escape(text))
        self.screen += self.child.before + self.child.after

    def send(self, *keys: str) -> None:
        for key in keys:
            self.child.send(key)

    def finish(self) -> int:
        self.child.expect(pexpect.EOF)
        self.screen += self.child.before
        self.child.close()
        return self.child.exitstatus if self.child.exitstatus is not None else -(self.child.signalstatus or 0)

    def wait_prompt(self, plan: Plan, question: str) -> None:
        """The prompt of `question` and the key hint after it: the question is ready for keys."""
        spec = plan.kb.questions[question]
        self.expect_text(spec["prompt"][self.lang])
        self.expect_text(w("select_hint" if spec["kind"] == "one" else "checkbox_hint", self.lang))


def answer_keys(plan: Plan, question: str) -> tuple[tuple[str, ...], Any]:
    """Keys that answer with arrows, Space and Enter, and the answer they give."""
    ids = plan.kb.option_ids(question)
    if plan.kb.questions[question]["kind"] == "one":
        return (DOWN, ENTER), ids[1]
    # Two options that may go together (not an `exclusive` one such as `none`), two apart if there is room.
    free = [i for i, o in enumerate(ids) if o not in plan.kb.exclusive[question]]
    first, last = free[0], free[min(2, len(free) - 1)]
    keys = (*([DOWN] * first), SPACE, *([DOWN] * (last - first)), SPACE, ENTER)
    return keys, (ids[first], ids[last])


def answer_until_done(session: Session, plan: Plan, answers: dict[str, Any], *, ask_all: bool = False) -> list[str]:
    """Answer every question the adaptive logic asks next; the questions asked."""
    asked = []
    while (question := plan.next_question(answers, ask_all=ask_all)) is not None:
        session.wait_prompt(plan, question)
        keys, value = answer_keys(plan, question)
        session.send(*keys)
        answers[question] = value
        asked.append(question)
    return asked


def expected_output(plan: Plan, answers: dict[str, Any], lang: str = "en", fmt: str = "json") -> str:
    ordered = {q: answers[q] for q in plan.kb.questions if q in answers}
    return FORMATS[fmt](plan.kb, recommend(plan.kb, ordered), RenderOptions(lang, False))


def test_arrows_space_enter_give_the_engine_result_as_json_on_stdout(tmp_path: Path, plan: Plan) -> None:
    session = Session(tmp_path, "--format", "json")
    answers: dict[str, Any] = {}
    asked = answer_until_done(session, plan, answers)
    left = plan.remaining(answers)
    if left:
        session.expect_text(w("settled", "en", n=left) if left > 1 else w("settled_one", "en"))
    session.expect_text(w("review", "en"))
    for question in (q for q in plan.kb.questions if q in asked):  # the review lists every answer, in order
        session.expect_text(plan.kb.questions[question]["prompt"]["en"])
    session.send(ENTER)
    assert session.finish() == 0
    text = session.out.read_text(encoding="utf-8")
    assert text == expected_output(plan, answers)
    decisions = json.loads(text)["decisions"]
    assert {name: tuple(d["tie"]) or (d["winner"],) for name, d in decisions.items()} == plan.outcome(answers)
    assert "{" not in session.screen  # the JSON went to stdout only, not to the screen


@pytest.mark.slow
def test_why_by_key_then_ctrl_c_writes_nothing(tmp_path: Path, plan: Plan) -> None:
    saved = tmp_path / "answers.yaml"
    session = Session(tmp_path, "--save-answers", str(saved))
    first = plan.next_question({})
    assert first is not None
    spec = plan.kb.questions[first]
    session.wait_prompt(plan, first)
    session.send("?")
    session.expect_text(w("why_title", "en"))
    session.expect_text(spec["help"]["en"])
    session.expect_text(w("why_rules", "en"))
    for rule in plan.kb.rules:
        if first in rule.questions:
            session.expect_text(rule.id)
    session.expect_text(w("why_moves", "en"))
    session.expect_text(spec["options"][-1]["label"]["en"])
    session.wait_prompt(plan, first)  # asked again after the explanation
    session.send("\x03")
    session.expect_text("interrupted; nothing written")
    assert session.finish() == 130
    assert not saved.exists()
    assert session.out.read_text(encoding="utf-8") == ""


def test_ctrl_d_interrupts(tmp_path: Path, plan: Plan) -> None:
    session = Session(tmp_path)
    first = plan.next_question({})
    assert first is not None
    session.wait_prompt(plan, first)
    session.send("\x04")
    session.expect_text("interrupted; nothing written")
    assert session.finish() == 130


@pytest.mark.slow
def test_review_changes_an_answer_and_saved_answers_replay_identically(tmp_path: Path, plan: Plan, run: Any) -> None:
    saved = tmp_path / "answers.yaml"
    session = Session(tmp_path, "--format", "json", "--save-answers", str(saved))
    answers: dict[str, Any] = {}
    asked = answer_until_done(session, plan, answers)
    session.expect_text(w("review", "en"))
    # Review order is question order; change the first listed answer.
    target = next(q for q in plan.kb.questions if q in answers)
    session.send(DOWN, ENTER)
    session.wait_prompt(plan, target)
    ids = plan.kb.option_ids(target)
    if plan.kb.questions[target]["kind"] == "one":
        session.send(UP, ENTER)  # from the current answer (the second option) back to the first
        answers[target] = ids[0]
    else:
        session.send(SPACE, ENTER)  # untick the first option, keep the other
        answers[target] = tuple(v for v in answers[target] if v != ids[0])
    answers = plan.prune(answers, keep=set())
    answer_until_done(session, plan, answers)
    session.expect_text(w("review", "en"))
    session.send(ENTER)
    assert session.finish() == 0, session.screen[-2000:]
    assert asked
    text = session.out.read_text(encoding="utf-8")
    assert text == expected_output(plan, answers)
    replay = run("recommend", "--answers", str(saved), "--format", "json")
    assert replay.code == 0 and replay.out == text


@pytest.mark.slow
def test_chinese(tmp_path: Path, plan: Plan) -> None:
    session = Session(tmp_path, "--lang", "zh", "--format", "json", lang="zh")
    answers: dict[str, Any] = {}
    while (question := plan.next_question(answers)) is not None:
        session.wait_prompt(plan, question)
        kind = plan.kb.questions[question]["kind"]
        session.send(ENTER if kind == "one" else SPACE + ENTER)  # the first option, or the first ticked
        answers[question] = plan.kb.option_ids(question)[0] if kind == "one" else (plan.kb.option_ids(question)[0],)
    left = plan.remaining(answers)
    if left:
        session.expect_text(w("settled", "zh", n=left) if left > 1 else w("settled_one", "zh"))
    session.expect_text(w("review", "zh"))
    session.expect_text(w("confirm", "zh"))
    session.send(ENTER)
    assert session.finish() == 0
    assert session.out.read_text(encoding="utf-8") == expected_output(plan, answers, "zh")


@pytest.mark.slow
def test_flags_pre_answer_and_all_asks_the_rest_in_order(tmp_path: Path, plan: Plan) -> None:
    first = next(iter(plan.kb.questions))
    value = plan.kb.option_ids(first)[-1]
    flag = "--" + first.replace("_", "-")
    session = Session(tmp_path, "--all", flag, value, "--format", "json")
    answers: dict[str, Any] = {first: value if plan.kb.questions[first]["kind"] == "one" else (value,)}
    asked = answer_until_done(session, plan, answers, ask_all=True)
    assert first not in asked
    assert asked == [q for q in plan.kb.questions if q in asked]  # question order
    assert all(q in answers or plan.whens[q](answers) is False for q in plan.kb.questions)
    session.expect_text(w("review", "en"))
    session.send(ENTER)
    assert session.finish() == 0
    assert session.out.read_text(encoding="utf-8") == expected_output(plan, answers)
