"""The quick settled test (each group's best case, then branch and bound) agrees with the full elimination."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from recommender.engine import scoring as engine
from recommender.engine import settled as settle
from recommender.engine.settled import exact as bounds
from recommender.engine.settled import groups as groupbest
from recommender.engine.settled.memo import Memo
from recommender.knowledge.model import KnowledgeBase
from tests.helpers import KB, answer_profiles, raw_profiles


def _verdicts(kb: KnowledgeBase, answers: dict) -> tuple[bool | None, bool, bool]:
    scoring = engine.evaluate(kb, answers)
    leader = engine.rank(scoring.scores)[0][0]
    memo = Memo()
    quick = groupbest.quick_verdict(kb, answers, scoring.scores, leader, memo)
    full = bounds.can_change(kb, answers, scoring.scores, leader, scoring.undecided)
    return quick, full, settle.settled(kb, scoring, leader, answers, memo)


@settings(max_examples=400, deadline=None)
@given(answer_profiles(KB))
def test_quick_verdict_is_the_elimination_verdict(answers: dict) -> None:
    quick, full, settled = _verdicts(KB, answers)
    assert quick in (None, full)
    assert settled is not full


def test_disputed_profiles_are_decided_by_branching() -> None:
    """A profile whose groups' best cases disagree on a shared question still gets the exact verdict."""
    answers = {"data": ("text",), "deploy": ("server",), "hardware": "gpu"}
    scoring = engine.evaluate(KB, answers)
    leader = engine.rank(scoring.scores)[0][0]
    memo = Memo()
    domains = groupbest.open_domains(KB, answers, memo)
    touched, shared = groupbest._touched(KB, domains, memo)
    views = [groupbest._view(memo, i, KB.groups[i], answers, domains) for i in touched]
    rival = next(c for c in KB.candidates if c != leader)
    assert groupbest._disputed([view.top(rival, leader) for view in views], shared), "the case no longer branches"
    quick, full, settled = _verdicts(KB, answers)
    assert quick is full and settled is not full


def test_a_search_out_of_budget_falls_back_to_the_elimination(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(groupbest._Search, "BUDGET", 0)
    answers = {"data": ("text",), "deploy": ("server",), "hardware": "gpu"}
    quick, full, settled = _verdicts(KB, answers)
    assert quick is None
    assert settled is not full


def test_a_profile_changed_after_the_check_does_not_change_later_verdicts() -> None:
    """The questionnaire adds answers to one dict as it goes: the memo may not keep a reference to it."""
    used, clean = Memo(), Memo()
    answers: dict = {}
    for memo, profile in ((used, answers), (clean, {})):
        scoring = engine.evaluate(KB, profile)
        groupbest.quick_verdict(KB, profile, scoring.scores, engine.rank(scoring.scores)[0][0], memo)
    answers.update({q: KB.option_ids(q)[0] for q, spec in KB.questions.items() if spec["kind"] == "one"})
    pairs = [(r, leader) for r in KB.candidates for leader in KB.candidates if r != leader]
    assert used.views, "no view was made for the empty profile"
    assert used.views.keys() == clean.views.keys()
    for key, view in used.views.items():
        fresh = clean.views[key]
        assert [view.top(*pair) for pair in pairs] == [fresh.top(*pair) for pair in pairs]


def test_the_favoured_completions_agree_with_the_elimination() -> None:
    """Once a knowledge base is warm, the favoured profiles answer most checks; the verdicts stay exact."""
    from recommender.answers import normalize
    from recommender.engine.settled import witness

    fresh = KnowledgeBase(KB.data)
    memo = Memo(witness=True)

    unseated = 0
    for raw in raw_profiles(fresh, 300, seed=5):
        answers = normalize(fresh, raw)
        scoring = engine.evaluate(fresh, answers)
        leader = engine.rank(scoring.scores)[0][0]
        domains = groupbest.open_domains(fresh, answers, memo)
        if witness.unseats(fresh, answers, tuple(domains), scoring.scores, leader, memo):
            unseated += 1
            assert bounds.can_change(fresh, answers, scoring.scores, leader, scoring.undecided)
        assert settle.settled(fresh, scoring, leader, answers, memo) is not bounds.can_change(
            fresh, answers, scoring.scores, leader, scoring.undecided)
    assert unseated > 150  # the shortcut is taken, not just sound


def test_the_engine_keeps_no_state_between_calls() -> None:
    """Same inputs, same work: a knowledge base used many times is read the same way as a fresh one."""
    from recommender.engine.recommend import recommend

    fresh = KnowledgeBase(KB.data)
    answers = {"data": ("text",), "deploy": ("server",), "hardware": "gpu"}
    before = vars(fresh).keys() - {"groups"}
    for _ in range(60):
        recommend(fresh, answers, what_if=False)
    assert vars(fresh).keys() - {"groups"} == before
    assert not any(hasattr(fresh, name) for name in ("settled_checks", "fire_memo"))
    assert recommend(fresh, answers) == recommend(KnowledgeBase(KB.data), answers)
