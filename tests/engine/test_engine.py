"""The engine: exact explanations, determinism, ties, bounds, and no knowledge of candidates."""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import given, settings

from recommender.engine import scoring as engine
from recommender.engine.recommend import recommend
from recommender.knowledge.model import KnowledgeBase
from tests.helpers import KB, PACKAGE, answer_profiles


@settings(max_examples=120, deadline=None)
@given(answer_profiles(KB))
@pytest.mark.slow
def test_reasons_add_up_to_every_score(answers):
    result = recommend(KB, answers, what_if=False)
    for candidate, score in result.ranking:
        assert sum(r.weight for r in result.reasons_for(candidate)) == score


@pytest.mark.slow  # brute force over completions; test_conditional and test_settled check settled quickly
@settings(max_examples=200, deadline=None)
@given(answer_profiles(KB))
def test_settled_means_no_completion_changes_the_outcome(answers):
    """When a decision is settled, random completions of the profile keep its winner (or its tie)."""
    result = recommend(KB, answers, what_if=False)
    settled = [d for d in result.decisions if d.confidence.settled]
    if not settled:
        return
    rng = random.Random(repr(sorted(answers.items())))
    for _ in range(20):
        full = dict(answers)
        for qid, spec in KB.questions.items():
            # A question whose `when` is false is never asked, and the bound counts it so.
            if qid not in full and KB.asked_when[qid](full) is not False:
                ids = [o["id"] for o in spec["options"]]
                full[qid] = rng.choice(ids) if spec["kind"] == "one" else tuple(o for o in ids if rng.random() < 0.4)
        completed = recommend(KB, full, what_if=False)
        assert all(completed.decision(d.name).top == d.top for d in settled)


def test_rule_order_does_not_change_the_result():
    answers = {"goal": "research", "data": ("text", "image"), "deploy": ("mobile",)}
    expected = recommend(KB, answers)
    for seed in range(5):
        data = dict(KB.data)
        data["rules"] = random.Random(seed).sample(KB.data["rules"], len(KB.data["rules"]))
        assert recommend(KnowledgeBase(data), answers) == expected


def test_a_tie_is_reported_as_a_tie_never_a_win_by_name():
    data = dict(KB.data)
    data["rules"] = []
    result = recommend(KnowledgeBase(data), {})
    assert [cid for cid, _ in result.ranking] == sorted(KB.candidates)  # listed by id, but:
    assert result.winner is None and result.backend is None and result.packages == ()
    for item in result.decisions:
        assert item.winner is None and item.top == KB.decisions[item.name]
        assert (item.confidence.level, item.confidence.why) == ("low", "tie")


def test_a_framework_tie_under_a_named_architecture_takes_its_stated_default_backend():
    data = dict(KB.data)
    approach = next(c for c in KB.data["candidates"] if c.get("default_backend"))
    named = {r["id"] for r in KB.data["rules"] if set(r["effects"]) == {approach["id"]}}
    data["rules"] = [r for r in KB.data["rules"] if r["id"] in named]
    kb = KnowledgeBase(data)
    profile = next(p for p in answer_profiles_for(kb) if recommend(kb, p, what_if=False).winner == approach["id"])
    result = recommend(kb, profile, what_if=False)
    assert result.decision("framework").winner is None
    assert result.backend == approach["default_backend"]["id"]
    assert result.default_backend is not None and result.default_backend.source == approach["default_backend"]["source"]


def answer_profiles_for(kb: KnowledgeBase):
    """Profiles that answer one question with one option each, in question order."""
    for qid, spec in kb.questions.items():
        for option in spec["options"]:
            yield {qid: option["id"] if spec["kind"] == "one" else (option["id"],)}


def test_unanswered_questions_fire_no_rule():
    result = recommend(KB, {}, what_if=False)
    always = {r.id for r in KB.rules if r.when is None}
    assert {r.rule for r in result.reasons} == always
    assert result.unanswered == tuple(KB.questions)


def test_engine_code_names_no_candidate():
    pattern = re.compile(r"pytorch|tensorflow|transformer|\bjax\b", re.IGNORECASE)
    modules = [*PACKAGE.glob("engine/**/*.py"), *PACKAGE.glob("knowledge/*.py"), PACKAGE / "answers.py"]
    for module in modules:
        assert not pattern.search(module.read_text()), module


def test_what_if_changes_really_change_the_decision():
    answers = {"goal": "research", "data": ("text",)}
    result = recommend(KB, answers)
    assert {item.decision for item in result.what_if} == {"framework", "approach"}
    for item in result.what_if:
        changed = dict(answers)
        for change in item.changes:
            changed[change.question] = change.after
        pool = KB.decisions[item.decision]
        assert engine.top_of(engine.scores_of(KB, changed), pool) == item.top != result.decision(item.decision).top
