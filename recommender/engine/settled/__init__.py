"""Settled: could any answers to the open questions still change the winner?

A cheap sound bound first, then exact tests: `exact` (max-sum elimination)
for a single check; for a caller that keeps a `Memo` over many checks,
`witness` (a completion favouring a rival), `groups` (each rule group's best
case, branch and bound) and `exact` when those run out of budget.
"""

from __future__ import annotations

from recommender.engine.scoring import Scoring, contests, overtakes, top_of
from recommender.engine.settled.exact import can_change
from recommender.engine.settled.memo import Memo
from recommender.knowledge.conditions import Answers
from recommender.knowledge.model import KnowledgeBase, Rule


def settled(
    kb: KnowledgeBase, scoring: Scoring, pool: tuple[str, ...], answers: Answers | None = None,
    memo: Memo | None = None, scratch: Memo | None = None,
) -> bool:
    """True when no answers to the unanswered questions could change the outcome of the decision over `pool`:
    its winner stays the winner (no rival draws level), or its tie stays the same tie.

    First a cheap sound bound: each undecided rule may or may not fire,
    independently, so a leader's worst case is its score plus every negative
    weight still possible, and each rival's best case its score plus every
    positive weight. When that cannot decide and the answers are given, the
    exact answer (questions whose `when` is false stay unanswered). Without a
    memo that is the full elimination (`exact.can_change`), built from scratch:
    the cheap path for one check. With the caller's memo, cheapest test first:
    a completion favouring a rival (`witness`, when the memo asks for it), the
    rule groups' best cases (`groups`), and the elimination when the groups'
    search runs out of budget.
    """
    top = top_of(scoring.scores, pool)
    pairs = contests(top, pool)
    if _bound_settled(scoring, pairs):
        return True
    if answers is None:
        return False
    if memo is None:  # `scratch`: tables the checks of one recommendation share (both decisions read them)
        return not can_change(kb, answers, scoring.scores, pairs, naming(scoring, pool), scratch)
    # deferred: the group and witness searches pay off only over many checks; one-shot runs never import them
    from recommender.engine.settled.groups import open_domains, quick_verdict
    from recommender.engine.settled.witness import unseats

    domains = open_domains(kb, answers, memo)
    if memo.witness and unseats(kb, answers, tuple(domains), scoring.scores, pool, memo):
        return False
    verdict = quick_verdict(kb, answers, scoring.scores, pairs, memo, domains)
    if verdict is None:
        verdict = can_change(kb, answers, scoring.scores, pairs, naming(scoring, pool), memo)
    return not verdict


def naming(scoring: Scoring, pool: tuple[str, ...]) -> list[Rule]:
    """The undecided rules that name a candidate of the decision: no other rule moves its contest."""
    return [rule for rule in scoring.undecided if any(c in pool for c in rule.effects)]


def _bound_settled(scoring: Scoring, pairs: list[tuple[str, str, int]]) -> bool:
    high, low = scoring.high, scoring.low
    if high is None or low is None:
        low = dict(scoring.scores)
        high = dict(scoring.scores)
        for rule in scoring.undecided:
            for candidate, weight in rule.effects.items():
                (high if weight > 0 else low)[candidate] += weight
    return not any(overtakes(high[rival] - low[leader], need) for rival, leader, need in pairs)
