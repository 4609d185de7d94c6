"""Settled: could any completion of the answers still change the winner?

A cheap sound bound first, then exact tests: `exact` (max-sum elimination)
for a single check; for a caller that keeps a `Memo` over many checks, the
completion favouring a rival (`witness`, when the memo asks for it), each rule
group's best case seen through the options its rules name (`groups`), a climb
from the favoured completion (`witness`), and `exact` when those cannot decide.
"""

from __future__ import annotations

from recommender.engine.scoring import Scoring, contests, overtakes, top_of
from recommender.engine.settled.exact import can_change, doubtful
from recommender.engine.settled.memo import Memo
from recommender.knowledge.conditions import Answers
from recommender.knowledge.model import KnowledgeBase, Rule
from recommender.knowledge.profile import Profile, profile_of


def settled(
    kb: KnowledgeBase, scoring: Scoring, pool: tuple[str, ...], answers: Answers | Profile | None = None,
    memo: Memo | None = None, scratch: Memo | None = None,
) -> bool:
    """True when no completion of the answers could change the outcome of the decision over `pool`: its
    winner stays the winner (no rival draws level), or its tie stays the same tie. `state` says more."""
    return state(kb, scoring, pool, answers, memo, scratch) is True


def state(
    kb: KnowledgeBase, scoring: Scoring, pool: tuple[str, ...], answers: Answers | Profile | None = None,
    memo: Memo | None = None, scratch: Memo | None = None,
) -> bool | None:
    """True: settled; False: some completion changes the outcome (or, without `answers`, the bound cannot
    tell); None: not decided within the budget (a pack at its limits), so not settled either.

    First a cheap sound bound: each undecided rule may or may not fire,
    independently (and a fired rule reading a doubtful answer may stop firing),
    so a leader's worst case is its score plus every negative weight still
    possible, and each rival's best case its score plus every positive weight.
    When that cannot decide and the answers are given, the exact answer over the
    completions (a question is answered exactly where its `when` holds). Without
    a memo that is the full elimination (`exact.can_change`), built from
    scratch: the cheap path for one check. With the caller's memo, cheapest test
    first: the completion favouring a rival (when the memo asks for the
    witness), the rule groups' best cases (`groups`), the climb from the favoured
    completion (witness again), and the elimination when those cannot decide.
    `answers` is best the checked profile, as scoring saw it; raw answers are
    checked here (ignored answers fire nothing).
    """
    profile = None if answers is None else profile_of(kb, answers)
    top = top_of(scoring.scores, pool)
    pairs = contests(top, pool)
    if _bound_settled(kb, scoring, pairs, None if profile is None else profile.answers):
        return True
    if profile is None:
        return False
    if memo is None:  # `scratch`: tables the checks of one recommendation share (both decisions read them)
        return _negate(can_change(kb, profile, scoring.scores, pairs, naming(scoring, pool), scratch))
    # deferred: the group and witness searches pay off only over many checks; one-shot runs never import them
    from recommender.engine.settled.groups import quick_verdict
    from recommender.engine.settled.witness import unseats

    counted = profile.answers
    if memo.witness and unseats(kb, counted, profile.open, scoring.scores, pool, memo):
        return False  # the completion favouring a rival: the cheapest "yes"
    verdict = quick_verdict(kb, counted, profile.open, scoring.scores, pairs, memo, doubtful(kb, counted))
    if verdict is None and memo.witness and unseats(kb, counted, profile.open, scoring.scores, pool, memo, climb=True):
        return False
    if verdict is None:
        verdict = can_change(kb, profile, scoring.scores, pairs, naming(scoring, pool), memo)
    return _negate(verdict)


def _negate(can: bool | None) -> bool | None:
    return None if can is None else not can


def naming(scoring: Scoring, pool: tuple[str, ...]) -> list[Rule]:
    """The undecided rules that name a candidate of the decision: no other rule moves its contest."""
    names = frozenset(pool)
    return [rule for rule in scoring.undecided if not names.isdisjoint(rule.effects)]


def _bound_settled(kb: KnowledgeBase, scoring: Scoring, pairs: list[tuple[str, str, int]],
                   answers: Answers | None) -> bool:
    high, low = scoring.high, scoring.low
    if high is None or low is None:
        low = dict(scoring.scores)
        high = dict(scoring.scores)
        for rule in scoring.undecided:
            for candidate, weight in rule.effects.items():
                (high if weight > 0 else low)[candidate] += weight
    unsure = set(doubtful(kb, answers)) if answers is not None else set()
    if unsure:  # a fired rule reading a doubtful answer may lose its weight in some completion
        high, low = dict(high), dict(low)
        for rule in scoring.fired:
            if unsure.intersection(rule.questions):
                for candidate, weight in rule.effects.items():
                    (low if weight > 0 else high)[candidate] -= weight
    return not any(overtakes(high[rival] - low[leader], need) for rival, leader, need in pairs)
