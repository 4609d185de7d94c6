"""Settled: could any answers to the open questions still change the winner?

A cheap sound bound first, then exact tests: `witness` (a completion favouring
a rival), `groups` (each rule group's best case, branch and bound) and `exact`
(max-sum elimination), cheapest first.
"""

from __future__ import annotations

from recommender.engine.scoring import Scoring, overtakes
from recommender.knowledge.conditions import Answers
from recommender.knowledge.model import KnowledgeBase

COLD_CHECKS = 50


def settled(kb: KnowledgeBase, scoring: Scoring, winner: str, answers: Answers | None = None) -> bool:
    """True when no answers to the unanswered questions could change the winner.

    First a cheap sound bound: each undecided rule may or may not fire,
    independently, so the winner's worst case is its score plus every negative
    weight still possible, and each rival's best case its score plus every
    positive weight. When that cannot decide and the answers are given, the
    exact answer (questions whose `when` is false stay unanswered), cheapest
    test first: a completion favouring a rival (`witness`), the rule groups'
    best cases (`groupbest`), and the full elimination (`bounds.can_change`)
    when the groups' search runs out of budget. The first COLD_CHECKS checks of
    a knowledge base go straight to the elimination: the groups' best cases pay
    off only once memoised, and a one-shot `recommend` would wait for them.
    """
    if _bound_settled(kb, scoring, winner):
        return True
    if answers is None:
        return False
    from recommender.engine.settled.exact import can_change

    kb.settled_checks += 1
    if kb.settled_checks <= COLD_CHECKS:
        return not can_change(kb, answers, scoring.scores, winner, scoring.undecided)
    from recommender.engine.settled.groups import open_domains, quick_verdict
    from recommender.engine.settled.witness import unseats

    domains = open_domains(kb, answers)
    if unseats(kb, answers, tuple(domains), scoring.scores, winner):
        return False
    verdict = quick_verdict(kb, answers, scoring.scores, winner, scoring.outcomes, domains)
    if verdict is None:
        verdict = can_change(kb, answers, scoring.scores, winner, scoring.undecided)
    return not verdict


def _bound_settled(kb: KnowledgeBase, scoring: Scoring, winner: str) -> bool:
    high, low = scoring.high, scoring.low
    if high is None or low is None:
        low = dict(scoring.scores)
        high = dict(scoring.scores)
        for rule in scoring.undecided:
            for candidate, weight in rule.effects.items():
                (high if weight > 0 else low)[candidate] += weight
    return not any(overtakes(high[other] - low[winner], other, winner) for other in kb.candidates if other != winner)


