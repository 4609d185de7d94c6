"""Conditional questions (issue 17 item 8): an answer to a question whose `when` is false is ignored
everywhere alike, and `settled` is exact when a `when` is still unknown (brute force over completions),
with options that state requirements some candidates do not provide (issue 23 item 1)."""

from __future__ import annotations

import json
import shutil
from itertools import chain, combinations, product
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recommender.api import recommend as api_recommend
from recommender.batch.scorer import Scorer
from recommender.engine.recommend import recommend
from recommender.engine.scoring import contests, evaluate, top_of
from recommender.engine.settled import settled
from recommender.engine.settled.exact import completed
from recommender.engine.settled.memo import Memo
from recommender.knowledge import requirements
from recommender.knowledge.load import load_knowledge_base
from recommender.knowledge.model import KnowledgeBase
from recommender.render.options import RenderOptions
from tests.helpers import HOSTILE, KB, run_in_process

# --- the one rule: ignored, everywhere alike ---------------------------------------------------

TABULAR_GPT = {"data": ("tabular",), "similar_model": "gpt"}  # similar_model is asked only for other data


def test_recommend_ignores_an_answer_whose_when_is_false() -> None:
    result = recommend(KB, TABULAR_GPT)
    assert result.ignored == {"similar_model": "gpt"}
    assert "similar_model" not in result.answers
    reading = {rule.id for rule in KB.rules if "similar_model" in rule.questions}
    assert not [r for r in result.reasons if r.rule in reading]
    assert result.ranking == recommend(KB, {"data": ("tabular",)}).ranking


def test_the_json_lists_it_with_the_reason_and_the_text_says_so_in_one_line() -> None:
    args = ["recommend", "--no-cache", "--data", "tabular", "--similar-model", "gpt"]
    doc = json.loads(run_in_process(*args, "--format", "json").out)
    when = KB.questions["similar_model"]["when"]
    assert doc["ignored"] == [{"question": "similar_model", "answer": "gpt", "reason": "when-false", "when": when}]
    assert "similar_model" not in doc["answers"]
    text = run_in_process(*args).out
    assert [line for line in text.splitlines() if line.startswith("Ignored")] == [
        "Ignored (these questions would not be asked for your other answers): --similar-model"]


def test_batch_and_api_ignore_it_alike() -> None:
    line = json.loads(Scorer(KB, {}, RenderOptions("en")).compact(1, dict(TABULAR_GPT)))
    assert line["ignored"] == ["similar_model"] and "similar_model" not in line["answers"]
    plain = Scorer(KB, {}, RenderOptions("en")).compact(1, {"data": ("tabular",)})
    assert "ignored" not in json.loads(plain)  # records without ignored answers are unchanged
    result = api_recommend({"data": ["tabular"], "similar_model": "gpt"})
    assert result.ignored == {"similar_model": "gpt"} and result.ranking == recommend(KB, TABULAR_GPT).ranking


# --- the pack of the issue: q1 asked only when q0 contains o0 or o1 ----------------------------


@pytest.fixture(scope="module")
def conditional(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    folder = tmp_path_factory.mktemp("conditional")
    shutil.copy(HOSTILE / "base.yaml", folder / "00-base.yaml")
    shutil.copy(HOSTILE / "limits" / "conditional.yaml", folder / "01-conditional.yaml")
    return load_knowledge_base([folder], use_cache=False)


def test_an_answer_whose_when_may_still_turn_false_is_not_taken_for_granted(conditional: KnowledgeBase) -> None:
    """q1's answer counts now (q0 is unanswered), but q0 without o0 and o1 would make it ignored: not settled."""
    answers = {**_pinned(conditional), "hx_q1": "o0"}
    assert _brute(conditional, answers, "framework") is False
    assert settled(conditional, evaluate(conditional, answers), conditional.decisions["framework"], answers) is False
    assert recommend(conditional, {**answers, "hx_q0": ("o2",)}).ignored == {"hx_q1": "o0"}


def test_a_question_with_an_unknown_when_takes_an_answer_only_where_it_holds(conditional: KnowledgeBase) -> None:
    """0.9 let q1 be answered in completions where q0 has neither o0 nor o1."""
    for answers in ({**_pinned(conditional)}, {**_pinned(conditional), "hx_q0": ("o2",)}):
        scoring = evaluate(conditional, answers)
        for pool in conditional.decisions.values():
            assert settled(conditional, scoring, pool, answers) is _brute(conditional, answers, pool)


def _pinned(kb: KnowledgeBase) -> dict[str, Any]:
    """Every shipped question answered, so only the pack's own questions are open (brute force stays small),
    the first such profile (in option order) where the +5 of q1's rule decides the framework."""
    shipped = [q for q in kb.questions if not q.startswith("hx_")]
    for goal, data in product(kb.options["goal"], kb.options["data"]):
        profile: dict[str, Any] = {"goal": goal, "data": (data,)}
        for q in shipped:
            if q not in profile:
                profile[q] = kb.options[q][0] if kb.questions[q]["kind"] == "one" else ()
        profile = completed(kb, profile)
        pool = kb.decisions["framework"]
        if top_of(evaluate(kb, profile).scores, pool) != top_of(evaluate(kb, {**profile, "hx_q1": "o0",
                                                                            "hx_q0": ("o0",)}).scores, pool):
            return profile
    raise AssertionError("no profile where the pack's rule decides the framework")


# --- exactness on random small packs, against brute force --------------------------------------

QUESTIONS = {"q0": ("many", ["o0", "o1", "o2"]), "q1": ("one", ["a", "b", "c"]), "q2": ("many", ["x", "y"]),
             "q3": ("one", ["u", "v"])}
TEXT = {"en": "x", "zh": "x"}


def _leaf(q: str) -> st.SearchStrategy[dict[str, Any]]:
    kind, options = QUESTIONS[q]
    if kind == "one":
        return st.sampled_from(options).map(lambda o: {"equals": {q: o}})
    return st.one_of(st.sampled_from(options).map(lambda o: {"contains": {q: o}}),
                     st.lists(st.sampled_from(options), min_size=1, max_size=2, unique=True).map(
                         lambda os: {"contains_any": {q: os}}))


def _condition(over: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    leaf = st.sampled_from(over).flatmap(_leaf)
    return st.recursive(leaf, lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=3).map(lambda cs: {"all": cs}),
        st.lists(inner, min_size=1, max_size=3).map(lambda cs: {"any": cs}),
        inner.map(lambda c: {"not": c})), max_leaves=4)


def _requires(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Maybe a requirement (r0 or r1) stated by an option."""
    found = draw(st.lists(st.sampled_from(["r0", "r1"]), max_size=1))
    return [{"id": r, "decision": "framework", "label": TEXT, "why": TEXT, "source": "s"} for r in found]


@st.composite
def small_packs(draw: st.DrawFn) -> KnowledgeBase:
    """q1, q2, q3 may each be asked only when a condition on the earlier questions holds; options may state
    requirements (r0, r1) that candidates may provide."""
    order = list(QUESTIONS)
    questions = []
    for index, (q, (kind, options)) in enumerate(QUESTIONS.items()):
        spec: dict[str, Any] = {"id": q, "kind": kind, "options": [
            {"id": o, "label": TEXT, "requires": _requires(draw)} for o in options]}
        if index and draw(st.booleans()):
            spec["when"] = draw(_condition(order[:index]))
        questions.append(spec)
    effects = st.dictionaries(st.sampled_from(["a", "b", "c"]), st.integers(-3, 3).filter(bool), min_size=1,
                              max_size=2)
    rules = draw(st.lists(st.tuples(_condition(order), effects), min_size=1, max_size=6))
    return KnowledgeBase({
        "questions": questions,
        "candidates": [{"id": c, "packages": [], "decision": "framework", "provides": [
            {"id": r, "source": "s"} for r in draw(st.lists(st.sampled_from(["r0", "r1"]), unique=True))]}
            for c in "abc"],
        "sources": [{"id": "s", "section": "x"}],
        "rules": [{"id": f"r{i}", "kind": "advice", "when": w, "effects": e, "text": TEXT, "source": "s"}
                  for i, (w, e) in enumerate(rules)],
        "tests": [], "settings": {"confidence": {"high": 4, "medium": 2}},
    })


def _values(kb: KnowledgeBase, q: str) -> list[Any]:
    options = kb.options[q]
    if kb.questions[q]["kind"] == "one":
        return list(options)
    return [tuple(c) for c in chain.from_iterable(combinations(options, n) for n in range(len(options) + 1))]


def _brute(kb: KnowledgeBase, answers: dict[str, Any], pool: tuple[str, ...] | str) -> bool:
    """Settled by enumeration: every completion (each unanswered question given every value, then only the
    answers whose `when` holds kept) has the outcome the answers have now."""
    pool = kb.decisions[pool] if isinstance(pool, str) else pool
    now = top_of(evaluate(kb, answers).scores, pool)
    rest = [q for q in kb.questions if q not in answers]
    for values in product(*(_values(kb, q) for q in rest)):
        complete = completed(kb, {**answers, **dict(zip(rest, values, strict=True))})
        if top_of(evaluate(kb, complete).scores, pool) != now:
            return False
    return True


def _profiles(kb: KnowledgeBase) -> st.SearchStrategy[dict[str, Any]]:
    parts = {q: st.one_of(st.none(), st.sampled_from(_values(kb, q))) for q in kb.questions}
    return st.fixed_dictionaries(parts).map(lambda d: {k: v for k, v in d.items() if v is not None})


def _check(kb: KnowledgeBase, answers: dict[str, Any]) -> None:
    kept = kb.effective(answers)[0]
    scoring = evaluate(kb, kept)
    pool = kb.decisions["framework"]
    expected = _brute(kb, dict(kept), pool)
    assert contests(top_of(scoring.scores, pool), pool)
    assert settled(kb, scoring, pool, kept) is expected
    assert settled(kb, scoring, pool, kept, Memo()) is expected
    assert settled(kb, scoring, pool, kept, Memo(witness=True)) is expected


def _requirements_first(kb: KnowledgeBase, answers: dict[str, Any]) -> None:
    """A candidate lacking a stated requirement ranks after every one that has them all; among those (or
    among all, when none has them all) the points decide; what the decision shows as unmet is exactly that."""
    kept = kb.effective(answers)[0]
    decision = recommend(kb, kept, what_if=False).decision("framework")
    aside = {u.candidate for u in decision.unmet}
    assert aside == {c for c in "abc" if any(
        _chosen(kept, t.question, t.option) for r in requirements.lacking(kb.candidates[c], kb.requirements)
        for t in kb.requirements[r][1])}
    points = dict(decision.ranking)
    meeting = [c for c in "abc" if c not in aside] or list("abc")
    best = max(points[c] for c in meeting)
    assert set(decision.top) == {c for c in meeting if points[c] == best}
    order = [c for c, _ in decision.ranking]
    assert all(order.index(c) < order.index(d) for c in meeting for d in aside if c not in aside)


def _chosen(answers: dict[str, Any], question: str, option: str) -> bool:
    value = answers.get(question)
    return value == option if isinstance(value, str) else value is not None and option in value


@settings(max_examples=30, deadline=None)
@given(data=st.data())
@pytest.mark.slow
def test_requirements_decide_before_the_points(data: st.DataObject) -> None:
    kb = data.draw(small_packs())
    _requirements_first(kb, data.draw(_profiles(kb)))


@settings(max_examples=60, deadline=None)
@given(data=st.data())
@pytest.mark.slow
def test_settled_is_exact_with_conditional_questions_quick(data: st.DataObject) -> None:
    kb = data.draw(small_packs())
    _check(kb, data.draw(_profiles(kb)))


@pytest.mark.slow
@settings(max_examples=3000, deadline=None)
@given(data=st.data())
def test_settled_is_exact_with_conditional_questions(data: st.DataObject) -> None:
    kb = data.draw(small_packs())
    _check(kb, data.draw(_profiles(kb)))

