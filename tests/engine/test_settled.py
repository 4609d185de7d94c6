"""The quick settled test (each rule group's best case, seen through the options its rules name) agrees with
the full elimination, and decides most checks."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from recommender.engine import scoring as engine
from recommender.engine import settled as settle
from recommender.engine.settled import exact as bounds
from recommender.engine.settled import groups as groupbest
from recommender.engine.settled.memo import Memo
from recommender.knowledge.model import KnowledgeBase
from recommender.knowledge.profile import profile_of
from tests.helpers import KB, answer_profiles, raw_profiles


def _pairs(kb: KnowledgeBase, scores: dict[str, int], pool: tuple[str, ...]) -> list[tuple[str, str, int]]:
    return engine.contests(engine.top_of(scores, pool), pool)


def _quick(kb: KnowledgeBase, answers: dict, scores: dict[str, int], pool: tuple[str, ...],
           memo: Memo | None = None) -> bool | None:
    profile = profile_of(kb, answers)
    return groupbest.quick_verdict(kb, profile.answers, profile.open, scores, _pairs(kb, scores, pool),
                                   memo or Memo(), bounds.doubtful(kb, profile.answers))


def _verdicts(kb: KnowledgeBase, answers: dict, pool: tuple[str, ...]) -> tuple[bool | None, bool, bool]:
    scoring = engine.evaluate(kb, answers)
    pairs = _pairs(kb, scoring.scores, pool)
    quick = _quick(kb, answers, scoring.scores, pool)
    full = bounds.can_change(kb, answers, scoring.scores, pairs, scoring.undecided)
    return quick, full, settle.settled(kb, scoring, pool, answers, Memo())


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


@settings(max_examples=25, deadline=None)
@given(answer_profiles(KB))
def test_quick_verdict_is_the_elimination_verdict_quick(answers: dict) -> None:
    _agree(answers)


def _shipped_checks(count: int, seed: int) -> list[tuple[dict, tuple[str, ...]]]:
    from recommender.answers import normalize

    return [(normalize(KB, raw), pool) for raw in raw_profiles(KB, count, seed=seed) for pool in KB.decisions.values()]


def test_the_groups_decide_most_checks_the_bound_leaves_and_agree_with_the_elimination() -> None:
    """The shortcut is taken, not just sound: both ways ("no completion can", "this one does"), doubtful
    answers included."""
    decided: dict[bool, int] = {True: 0, False: 0}
    doubtful_decided = 0
    memo = Memo()
    for answers, pool in _shipped_checks(150, seed=21):
        scoring = engine.evaluate(KB, answers)
        quick = _quick(KB, answers, scoring.scores, pool, memo)
        if quick is None:
            continue
        assert quick is bounds.can_change(KB, answers, scoring.scores, _pairs(KB, scoring.scores, pool))
        decided[quick] += 1
        doubtful_decided += bool(bounds.doubtful(KB, profile_of(KB, answers).answers))
    assert decided[True] > 20 and decided[False] > 20 and doubtful_decided > 5, (decided, doubtful_decided)


def test_profiles_that_look_the_same_to_a_group_share_its_view() -> None:
    """A group sees a many-choice answer only through the options its rules name: answers differing in an
    option none of them names share one view."""
    lenses = [groupbest.Lens(KB, i) for i in range(len(KB.groups))]
    lens = next(x for x in lenses if any(x.many[q] and x.unnamed[q] for q in x.questions))
    q = next(q for q in lens.questions if lens.many[q] and lens.unnamed[q])
    named, unnamed = lens.named[q][:1], sorted(lens.unnamed[q])[:1]
    marks = {other: groupbest.OPEN for other in lens.questions if other != q}
    one = lens.key({q: tuple(named)}, marks)
    two = lens.key({q: tuple(o for o in KB.options[q] if o in {*named, *unnamed})}, marks)
    assert one == two


def test_a_doubtful_answer_that_may_be_dropped_is_weighed() -> None:
    """An answer whose `when` reads an open question counts now but may be dropped in a completion: where
    dropping it changes the outcome, the groups say so (or leave it to the elimination), never "settled"."""
    found = 0
    for answers, pool in _shipped_checks(100, seed=8):
        counted = profile_of(KB, answers).answers
        if not bounds.doubtful(KB, counted):
            continue
        scoring = engine.evaluate(KB, answers)
        full = bounds.can_change(KB, answers, scoring.scores, _pairs(KB, scoring.scores, pool))
        quick = _quick(KB, answers, scoring.scores, pool)
        assert quick in (None, full)
        found += quick is True
    assert found > 20


def test_a_rule_the_caller_lists_already_is_weighed_once() -> None:
    """`ask` passes its live rules as the undecided ones, and those include the fired rules reading a
    doubtful answer, which the elimination adds itself: each rule is still weighed once (twice, it doubled
    that rule's gain, and ask's check said "could still change" where nothing could)."""
    found = 0
    for answers, _ in _shipped_checks(60, seed=8)[::2]:
        counted = profile_of(KB, answers).answers
        live = bounds.live_rules(KB, counted)
        assert bounds.live_rules(KB, counted, live) == live
        found += any(rule.test(counted) is True for rule in live)
    assert found > 5, found


def test_a_group_with_too_many_open_answers_is_left_to_the_elimination(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(groupbest, "MAX_VIEW", 1)
    for answers, pool in _shipped_checks(20, seed=4):
        quick, full, settled = _verdicts(KB, answers, pool)
        assert quick is None or not profile_of(KB, answers).open
        assert settled is not full


def test_a_view_reads_nothing_of_the_profile_it_was_made_for() -> None:
    """The questionnaire adds answers to one dict as it goes: a view built from it stays as it was."""
    used, clean = Memo(), Memo()
    start, pool = _shipped_checks(1, seed=2)[0]
    answers = dict(start)
    for memo, profile in ((used, answers), (clean, dict(start))):
        scoring = engine.evaluate(KB, profile)
        _quick(KB, profile, scoring.scores, pool, memo)
    answers.update({q: KB.option_ids(q)[0] for q, spec in KB.questions.items() if spec["kind"] == "one"})
    pairs = [(r, leader) for r in pool for leader in pool if r != leader]
    assert used.views, "no view was made for the profile"
    assert used.views.keys() == clean.views.keys()
    for key, view in used.views.items():
        assert [view.top(*pair) for pair in pairs] == [clean.views[key].top(*pair) for pair in pairs]


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
