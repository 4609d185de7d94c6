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
            # exec: the child's pid is the program's own, for the signal tests.
            "/bin/sh", ["-c", f"exec {command} > {shlex.quote(str(self.out))}"],
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

    def wait_prompt(self, plan: Plan, question: str, progress: str = "") -> None:
        """The prompt of `question` (then `progress`, if given) and the key hint: the question is ready for keys."""
        spec = plan.kb.questions[question]
        self.expect_text(spec["prompt"][self.lang])
        if progress:
            self.expect_text(progress)
        self.expect_text(w("select_hint" if spec["kind"] == "one" else "checkbox_hint", self.lang))

    def expect_echo(self, plan: Plan, question: str, answer: str) -> None:
        """The line left in place of an answered prompt: its prompt, then the answer's labels."""
        self.expect_text(w("echo", self.lang, prompt=plan.kb.questions[question]["prompt"][self.lang], answer=answer))


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


def answer_until_done(session: Session, plan: Plan, answers: dict[str, Any], *, ask_all: bool = False,
                      skipped: frozenset[str] = frozenset()) -> list[str]:
    """Answer every question the adaptive logic asks next; the questions asked."""
    asked = []
    while (question := plan.next_question(answers, ask_all=ask_all, skipped=skipped)) is not None:
        session.wait_prompt(plan, question)
        keys, value = answer_keys(plan, question)
        session.send(*keys)
        answers[question] = value
        asked.append(question)
    return asked


def expected_output(plan: Plan, answers: dict[str, Any], lang: str = "en", fmt: str = "json") -> str:
    ordered = {q: answers[q] for q in plan.kb.questions if q in answers}
    return FORMATS[fmt](plan.kb, recommend(plan.kb, ordered), RenderOptions(lang, False))


@pytest.mark.slow  # a whole session in a pty: 3.5 s
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


# --- issue 16: a questionnaire that feels finished ------------------------------------------------------
# Each is a pty session of a few seconds: all marked slow.


def labels(plan: Plan, question: str, value: Any, lang: str = "en") -> str:
    """How the echo line and the review show an answer: the options' labels."""
    names = {o["id"]: o["label"][lang] for o in plan.kb.questions[question]["options"]}
    return names[value] if isinstance(value, str) else ("、" if lang == "zh" else ", ").join(names[v] for v in value)


def plain_options(plan: Plan, question: str) -> tuple[str, ...]:
    """The options `a` ticks: all but the exclusive ones (`none`) and "Not sure / skip"."""
    return tuple(o for o in plan.kb.option_ids(question) if o not in plan.kb.exclusive[question])


def write_answers(tmp: Path, answers: dict[str, Any]) -> str:
    path = tmp / "given.json"
    path.write_text(json.dumps({q: list(v) if isinstance(v, tuple) else v for q, v in answers.items()}), "utf-8")
    return str(path)


def profiles(plan: Plan, count: int = 40) -> list[dict[str, Any]]:
    """Complete answer profiles (answers whose `when` holds), drawn with a fixed seed."""
    from tests.helpers import kept_exclusive, raw_profiles

    out = []
    for raw in raw_profiles(plan.kb, count, seed=16):
        drawn = {q: raw.get(q, plan.kb.option_ids(q)[-1]) for q in plan.kb.questions}
        drawn = {q: v if plan.kb.questions[q]["kind"] == "one" else tuple(kept_exclusive(plan.kb, q, list(
            v if isinstance(v, (list, tuple)) else [v]))) for q, v in drawn.items()}
        profile: dict[str, Any] = {}
        for question in plan.kb.questions:
            if plan.whens[question](profile) is True:
                profile[question] = drawn[question]
        out.append(profile)
    return out


@pytest.mark.slow
def test_progress_skip_nothing_ticked_and_the_echo_of_labels(tmp_path: Path, plan: Plan) -> None:
    session = Session(tmp_path, "--format", "json")
    first = plan.next_question({})
    assert first is not None and plan.kb.questions[first]["kind"] == "one"
    session.wait_prompt(plan, first, w("progress", "en", n=1, left=plan.at_most_left({}, first)))
    session.expect_text(w("skip", "en"))
    # "Not sure / skip" is the last entry, after a separator the cursor passes over.
    session.send(*([DOWN] * len(plan.kb.option_ids(first))), ENTER)
    session.expect_echo(plan, first, w("skipped", "en"))
    second = plan.next_question({}, skipped={first})
    assert second is not None and second != first
    session.wait_prompt(plan, second, w("progress", "en", n=2, left=plan.at_most_left({}, second, {first})))
    if plan.kb.questions[second]["kind"] == "many":
        session.send(ENTER)  # nothing ticked: asked again, with a reason
        session.expect_text(w("tick_something", "en"))
        session.send("a", ENTER)  # every option but the exclusive ones and "Not sure"
        session.expect_echo(plan, second, labels(plan, second, plain_options(plan, second)))
    session.send("\x03")
    session.expect_text("interrupted; nothing written")
    assert session.finish() == 130
    assert "Why is this asked?" not in session.screen and "done (" not in session.screen


@pytest.mark.slow
def test_a_skipped_question_stays_unanswered_and_the_result_says_so(tmp_path: Path, plan: Plan) -> None:
    # A profile whose one missing answer is what the questionnaire would ask: skip it.
    rest, question = next(
        (rest, q) for profile in profiles(plan) for q in profile
        if plan.next_question(rest := {k: v for k, v in profile.items() if k != q}) == q
    )
    session = Session(tmp_path, "--answers", write_answers(tmp_path, rest), "--format", "json")
    session.wait_prompt(plan, question)
    session.send(*([DOWN] * len(plan.kb.option_ids(question))), *([SPACE] if plan.kb.questions[question]["kind"]
                                                                    == "many" else []), ENTER)
    session.expect_echo(plan, question, w("skipped", "en"))
    answers = dict(rest)
    answer_until_done(session, plan, answers, skipped=frozenset({question}))  # not asked again
    session.expect_text(w("review", "en"))
    session.send(ENTER)
    assert session.finish() == 0, session.screen[-2000:]
    text = session.out.read_text(encoding="utf-8")
    assert text == expected_output(plan, answers)
    assert question not in json.loads(text)["answers"] and question in json.loads(text)["unanswered"]
    assert w("settled", "en", n=plan.remaining(answers)) not in session.screen


@pytest.mark.slow
def test_review_shows_its_keys_why_and_answers_a_question_not_asked(tmp_path: Path, plan: Plan) -> None:
    # The answers the adaptive run takes from a profile: then `ask` stops at once, with questions not asked.
    given, unasked = next(
        (given, plan.askable(given)) for profile in profiles(plan)
        if plan.askable(given := plan.run({}, profile.__getitem__)[0])
    )
    session = Session(tmp_path, "--answers", write_answers(tmp_path, given), "--format", "json")
    session.expect_text(w("review", "en"))
    session.expect_text(w("review_hint", "en"))
    for question in unasked:
        session.expect_text(f"{plan.kb.questions[question]['prompt']['en']}  {w('not_answered', 'en')}")
    session.send("?")  # on "Confirm": what the review is for
    session.expect_text(w("review_why", "en"))
    session.expect_text(w("review_hint", "en"))
    target = unasked[0]
    session.send(*([DOWN] * (1 + len(given))), "?")  # past the answers and the separator: the first not asked
    session.expect_text(w("why_title", "en"))
    session.expect_text(plan.kb.questions[target]["help"]["en"])
    session.expect_text(w("review_hint", "en"))
    session.send(ENTER)
    session.wait_prompt(plan, target)
    keys, value = answer_keys(plan, target)
    session.send(*keys)
    answers = {**given, target: value}
    answer_until_done(session, plan, answers)
    session.expect_text(w("review", "en"))
    session.send(ENTER)
    assert session.finish() == 0, session.screen[-2000:]
    assert session.out.read_text(encoding="utf-8") == expected_output(plan, answers)


@pytest.mark.slow
def test_chinese_echo_and_progress(tmp_path: Path, plan: Plan) -> None:
    session = Session(tmp_path, "--lang", "zh", lang="zh")
    first = plan.next_question({})
    assert first is not None
    session.wait_prompt(plan, first, w("progress", "zh", n=1, left=plan.at_most_left({}, first)))
    keys, value = answer_keys(plan, first)
    session.send(*keys)
    session.expect_echo(plan, first, labels(plan, first, value, "zh"))
    second = plan.next_question({first: value})
    assert second is not None
    session.wait_prompt(plan, second)
    keys, value = answer_keys(plan, second)
    session.send(*keys)
    session.expect_echo(plan, second, labels(plan, second, value, "zh"))
    session.send("\x03")
    assert session.finish() == 130
    assert "selections" not in session.screen


@pytest.mark.slow
@pytest.mark.parametrize("then_all", [False, True])
def test_an_exclusive_option_is_ticked_alone(tmp_path: Path, plan: Plan, then_all: bool) -> None:
    question, alone = next((q, sorted(a)[0]) for q, a in plan.kb.exclusive.items() if a and q in plan.askable({}))
    # Everything else answered: with --all, the question is the only one asked.
    given = {q: v for q, v in profiles(plan)[0].items() if q != question and plan.whens[q]({}) is not None}
    session = Session(tmp_path, "--all", "--answers", write_answers(tmp_path, given), "--format", "json")
    session.wait_prompt(plan, question)
    index = plan.kb.option_ids(question).index(alone)
    other = next(i for i, o in enumerate(plan.kb.option_ids(question)) if o != alone)
    # Tick another option, then the exclusive one: it stays alone. With `a`: every option but it.
    session.send(*([DOWN] * other), SPACE, *([UP] * other), *([DOWN] * index), SPACE)
    session.send(*(["a"] if then_all else []), ENTER)
    value = plain_options(plan, question) if then_all else (alone,)
    session.expect_echo(plan, question, labels(plan, question, value))
    answers = {**given, question: value}
    answer_until_done(session, plan, answers, ask_all=True)
    session.expect_text(w("review", "en"))
    session.send(ENTER)
    assert session.finish() == 0, session.screen[-2000:]
    assert session.out.read_text(encoding="utf-8") == expected_output(plan, answers)


def _terminal_modes(session: Session) -> tuple[bool, bool]:
    """Canonical mode and echo of the pty after the program left (master and slave share the settings)."""
    import termios

    lflag = termios.tcgetattr(session.child.child_fd)[3]
    return bool(lflag & termios.ICANON), bool(lflag & termios.ECHO)


def _at_the_first_prompt(tmp_path: Path, plan: Plan) -> Session:
    """A session waiting at its first question, for a signal from outside."""
    session = Session(tmp_path)
    first = plan.next_question({})
    assert first is not None
    session.wait_prompt(plan, first)
    return session


@pytest.mark.slow
def test_an_external_sigint_stops_like_ctrl_c(tmp_path: Path, plan: Plan) -> None:
    import signal

    session = _at_the_first_prompt(tmp_path, plan)
    os.kill(session.child.pid, signal.SIGINT)
    session.expect_text("interrupted; nothing written")
    session.child.expect(pexpect.EOF)
    assert _terminal_modes(session) == (True, True)
    assert session.finish() == 130
    assert session.screen.count("recommender:") == 1


@pytest.mark.slow
def test_sigterm_restores_the_terminal_then_exits_143(tmp_path: Path, plan: Plan) -> None:
    import signal

    session = _at_the_first_prompt(tmp_path, plan)
    os.kill(session.child.pid, signal.SIGTERM)
    session.expect_text("terminated; nothing written")
    session.child.expect(pexpect.EOF)
    session.screen += session.child.before
    assert _terminal_modes(session) == (True, True)  # cooked again: line editing and echo
    hidden, shown = session.screen.rfind("\x1b[?25l"), session.screen.rfind("\x1b[?25h")
    assert shown > hidden  # the cursor is shown again
    assert session.finish() == 143


# --- issue 26: Ctrl-C keeps the answers given so far, with --save-answers ------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_ctrl_c_with_save_answers_keeps_the_answers_given_so_far(tmp_path: Path, plan: Plan, run: Any,
                                                                 lang: str) -> None:
    saved = tmp_path / "answers.yaml"
    session = Session(tmp_path, "--save-answers", str(saved), "--lang", lang, lang=lang)
    answers: dict[str, Any] = {}
    for _ in range(2):  # two questions answered, Ctrl-C at the third
        question = plan.next_question(answers)
        assert question is not None
        session.wait_prompt(plan, question)
        keys, answers[question] = answer_keys(plan, question)
        session.send(*keys)
    third = plan.next_question(answers)
    assert third is not None
    session.wait_prompt(plan, third)
    session.send("\x03")
    again = f"recommender ask --answers {saved}"
    session.expect_text(w("interrupted_saved_n", lang, n=2, path=saved, again=again))
    assert session.finish() == 130
    assert session.out.read_text(encoding="utf-8") == ""  # no result: the questions were not finished
    text = saved.read_text(encoding="utf-8")
    assert text.startswith(f"# answers from `recommender ask`, interrupted before the end; go on with: {again}\n")
    replay = run("recommend", "--answers", str(saved), "--format", "json")
    assert replay.code == 0
    ordered = {q: answers[q] for q in plan.kb.questions if q in answers}
    assert replay.out == expected_output(plan, ordered)


@pytest.mark.slow
def test_ctrl_c_before_any_answer_writes_nothing_and_says_so_in_chinese(tmp_path: Path, plan: Plan) -> None:
    saved = tmp_path / "answers.yaml"
    session = Session(tmp_path, "--save-answers", str(saved), "--lang", "zh", lang="zh")
    first = plan.next_question({})
    assert first is not None
    session.wait_prompt(plan, first)
    session.send("\x03")
    session.expect_text(w("interrupted", "zh"))
    assert session.finish() == 130
    assert not saved.exists()


@pytest.mark.slow
def test_a_finished_session_says_which_file_it_wrote_unless_quiet(tmp_path: Path, plan: Plan) -> None:
    for quiet in ((), ("-q",)):
        saved = tmp_path / f"answers{len(quiet)}.yaml"
        session = Session(tmp_path, "--save-answers", str(saved), *quiet)
        answer_until_done(session, plan, {})
        session.expect_text(w("review", "en"))
        session.send(ENTER)
        assert session.finish() == 0
        assert saved.is_file()
        assert (f"recommender: wrote {saved}" in session.screen) is not bool(quiet)
