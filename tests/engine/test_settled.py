"""The quick settled test (each group's best case, then branch and bound) agrees with the full elimination."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings

from recommender.engine import scoring as engine
from recommender.engine import settled as settle
from recommender.engine.settled import exact as bounds
from recommender.engine.settled import groups as groupbest
from recommender.engine.settled.memo import Memo
from recommender.knowledge.model import KnowledgeBase
from tests.helpers import KB, answer_profiles, raw_profiles


def _pairs(kb: KnowledgeBase, scores: dict[str, int], pool: tuple[str, ...]) -> list[tuple[str, str, int]]:
    return engine.contests(engine.top_of(scores, pool), pool)


def _verdicts(kb: KnowledgeBase, answers: dict, pool: tuple[str, ...]) -> tuple[bool | None, bool, bool]:
    scoring = engine.evaluate(kb, answers)
    pairs = _pairs(kb, scoring.scores, pool)
    memo = Memo()
    quick = groupbest.quick_verdict(kb, answers, scoring.scores, pairs, memo)
    full = bounds.can_change(kb, answers, scoring.scores, pairs, scoring.undecided)
    return quick, full, settle.settled(kb, scoring, pool, answers, memo)


def _agree(answers: dict) -> None:
    for pool in KB.decisions.values():
        quick, full, settled = _verdicts(KB, answers, pool)
        assert quick in (None, full)
        assert settled is not full


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(answer_profiles(KB))
def test_quick_verdict_is_the_elimination_verdict(answers: dict) -> None:
    _agree(answers)


@settings(max_examples=40, deadline=None)
@given(answer_profiles(KB))
@pytest.mark.slow
def test_quick_verdict_is_the_elimination_verdict_quick(answers: dict) -> None:
    _agree(answers)


def test_disputed_profiles_are_decided_by_branching() -> None:
    """A profile whose groups' best cases disagree on a shared question still gets the exact verdict."""
    answers, pool = DISPUTED
    scoring = engine.evaluate(KB, answers)
    memo = Memo()
    domains = groupbest.open_domains(KB, answers, memo)
    touched, shared = groupbest._touched(KB, domains, memo)
    views = [groupbest._view(memo, i, KB.groups[i], answers, domains) for i in touched]
    assert any(
        groupbest._disputed([view.top(rival, leader) for view in views], shared)
        for rival, leader, _ in _pairs(KB, scoring.scores, pool)
    ), "the case no longer branches"
    quick, full, settled = _verdicts(KB, answers, pool)
    assert quick is full and settled is not full


def _disputed_case() -> tuple[dict, tuple[str, ...]]:
    """A profile and a decision whose groups' best cases disagree on a shared question, so the quick
    check must branch: found by a seeded search over small profiles, as the weights may change."""
    rng = random.Random(3)
    for _ in range(5000):
        answers: dict = {}
        for q in rng.sample(list(KB.questions), rng.randint(1, 4)):
            option = rng.choice(KB.option_ids(q))
            answers[q] = option if KB.questions[q]["kind"] == "one" else (option,)
        scores = engine.evaluate(KB, answers).scores
        for pool in KB.decisions.values():
            if _branches(answers, scores, pool):
                return answers, pool
    raise AssertionError("no profile makes the quick check branch")


def _branches(answers: dict, scores: dict[str, int], pool: tuple[str, ...]) -> bool:
    memo = Memo()
    domains = groupbest.open_domains(KB, answers, memo)
    if domains is None:  # a doubtful answer: the groups leave it to the elimination
        return False
    touched, shared = groupbest._touched(KB, domains, memo)
    if any(groupbest._space(KB.groups[i], domains) > groupbest.MAX_VIEW for i in touched):
        return False
    views = [groupbest._view(memo, i, KB.groups[i], answers, domains) for i in touched]
    for rival, leader, need in _pairs(KB, scores, pool):
        bests = [view.top(rival, leader) for view in views]
        reach = scores[rival] - scores[leader] - need + sum(gain for gain, _ in bests)
        if reach >= 0 and groupbest._disputed(bests, shared):
            return groupbest.quick_verdict(KB, answers, scores, _pairs(KB, scores, pool), Memo()) is not None
    return False


DISPUTED = _disputed_case()


def test_a_search_out_of_budget_falls_back_to_the_elimination(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(groupbest._Search, "BUDGET", 0)
    answers, pool = DISPUTED
    quick, full, settled = _verdicts(KB, answers, pool)
    assert quick is None
    assert settled is not full


def test_a_profile_changed_after_the_check_does_not_change_later_verdicts() -> None:
    """The questionnaire adds answers to one dict as it goes: the memo may not keep a reference to it."""
    start, pool = DISPUTED
    used, clean = Memo(), Memo()
    answers: dict = dict(start)
    for memo, profile in ((used, answers), (clean, dict(start))):
        scoring = engine.evaluate(KB, profile)
        groupbest.quick_verdict(KB, profile, scoring.scores, _pairs(KB, scoring.scores, pool), memo)
    answers.update({q: KB.option_ids(q)[0] for q, spec in KB.questions.items() if spec["kind"] == "one"})
    pairs = [(r, leader) for r in pool for leader in pool if r != leader]
    assert used.views, "no view was made for the profile"
    assert used.views.keys() == clean.views.keys()
    for key, view in used.views.items():
        fresh = clean.views[key]
        assert [view.top(*pair) for pair in pairs] == [fresh.top(*pair) for pair in pairs]


@pytest.mark.slow
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
        still = tuple(fresh.open_questions(answers))
        for pool in fresh.decisions.values():
            pairs = _pairs(fresh, scoring.scores, pool)
            full = bounds.can_change(fresh, answers, scoring.scores, pairs, scoring.undecided)
            if witness.unseats(fresh, answers, still, scoring.scores, pool, memo):
                unseated += 1
                assert full
            assert settle.settled(fresh, scoring, pool, answers, memo) is not full
    assert unseated > 100  # the shortcut is taken, not just sound


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


def test_a_bounded_memo_stays_small_and_gives_the_same_verdicts() -> None:
    """A batch's memo forgets its tables when full: memory stays flat and no verdict moves."""
    from recommender.answers import normalize

    small, whole = Memo(witness=True, limit=8), Memo(witness=True)
    for raw in raw_profiles(KB, 60, seed=11):
        answers = normalize(KB, raw)
        scoring = engine.evaluate(KB, answers)
        for pool in KB.decisions.values():
            assert settle.state(KB, scoring, pool, answers, small) is settle.state(KB, scoring, pool, answers, whole)
            assert len(small.tables) <= 8 and len(small.views) <= 8
    assert len(whole.tables) > 8  # the bound was reached, not just respected
