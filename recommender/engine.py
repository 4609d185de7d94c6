"""Scoring: answers and a knowledge base in, a Result out. Pure: no I/O, no printing.

A candidate's score is the sum of the weights of the fired rules that name it.
Ranking is by score, highest first; equal scores are ordered by candidate id.
"""

from __future__ import annotations

from collections.abc import Iterable
from operator import itemgetter
from typing import NamedTuple

from recommender.conditions import Answers
from recommender.kb import KnowledgeBase, Outcome, Rule
from recommender.result import Confidence, Reason, Result


class Scoring(NamedTuple):
    """Scores, fired and undecided rules; `high`/`low` bound each score over the undecided ones.

    Built without the bounds (as a caller narrowing `undecided` may), `settled`
    derives them from `undecided`.
    """

    scores: dict[str, int]
    fired: list[Rule]
    undecided: list[Rule]
    high: dict[str, int] | None = None
    low: dict[str, int] | None = None
    outcomes: list[Outcome] | None = None  # per rule group, as `evaluate` found them


def evaluate(kb: KnowledgeBase, answers: Answers) -> Scoring:
    """Scores, the rules that fired, and those that unanswered questions could still fire."""
    outcomes = _outcomes(kb, answers)
    # Each outcome's vector holds effects, gains and losses per candidate: summed column by column.
    count = len(kb.candidates)
    columns = [sum(c) for c in zip(*[outcome.vector for outcome in outcomes], strict=True)] or [0] * (3 * count)
    totals, gains, losses = columns[:count], columns[count:2 * count], columns[2 * count:]
    scores = dict(zip(kb.candidates, totals, strict=True))
    high = {c: total + gain for c, total, gain in zip(kb.candidates, totals, gains, strict=True)}
    low = {c: total + loss for c, total, loss in zip(kb.candidates, totals, losses, strict=True)}
    fired = [rule for outcome in outcomes for rule in outcome.fired]
    undecided = [rule for outcome in outcomes for rule in outcome.undecided]
    return Scoring(scores, fired, undecided, high, low, outcomes)


def _outcomes(kb: KnowledgeBase, answers: Answers) -> list[Outcome]:
    """Each group's outcome: `group.outcome` inlined, a tenth of the time (an Outcome is never false)."""
    return [group.memo.get(group.key(answers)) or group.fill(answers) for group in kb.groups]


def scores_of(kb: KnowledgeBase, answers: Answers) -> dict[str, int]:
    """Only the scores, without the rules behind them."""
    outcomes = _outcomes(kb, answers)
    totals = [sum(c) for c in zip(*[outcome.totals for outcome in outcomes], strict=True)]
    return dict(zip(kb.candidates, totals, strict=True)) if totals else dict.fromkeys(kb.candidates, 0)


class Rescorer:
    """Scores of small changes to one profile: only the rule groups reading a changed question are looked up again."""

    def __init__(self, kb: KnowledgeBase, answers: Answers) -> None:
        self.kb = kb
        self.answers = answers
        self.base = [group.outcome(answers) for group in kb.groups]
        self.scores = dict.fromkeys(kb.candidates, 0)
        for outcome in self.base:
            for candidate, weight in outcome.effects:
                self.scores[candidate] += weight

    def winner(self, changed: Iterable[str], answers: Answers) -> tuple[str, str | None, int]:
        """Winner, backend and margin for `answers`, which differ from the base only in `changed`."""
        scores = dict(self.scores)
        for index in sorted({i for q in changed for i in self.kb.groups_reading.get(q, ())}):
            for candidate, weight in self.base[index].effects:
                scores[candidate] -= weight
            for candidate, weight in self.kb.groups[index].outcome(answers).effects:
                scores[candidate] += weight
        ranking = rank(scores)
        return ranking[0][0], backend_of(self.kb, ranking), _margin(ranking)


def rank(scores: dict[str, int]) -> list[tuple[str, int]]:
    """Highest score first, equal scores by id: sorted by id, then stably by score (no Python-level key)."""
    return sorted(sorted(scores.items()), key=itemgetter(1), reverse=True)


def winner_of(kb: KnowledgeBase, answers: Answers) -> tuple[str, str | None, int]:
    """The winner, its backend and its margin: the cheap path for what-if searches."""
    ranking = rank(scores_of(kb, answers))
    return ranking[0][0], backend_of(kb, ranking), _margin(ranking)


def backend_of(kb: KnowledgeBase, ranking: list[tuple[str, int]]) -> str | None:
    backends = kb.candidates[ranking[0][0]].get("backends")
    if not backends:
        return None
    return next(cid for cid, _ in ranking if cid in backends)


def _margin(ranking: list[tuple[str, int]]) -> int:
    return ranking[0][1] - ranking[1][1] if len(ranking) > 1 else ranking[0][1]


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
    from recommender.bounds import can_change

    kb.settled_checks += 1
    if kb.settled_checks <= COLD_CHECKS:
        return not can_change(kb, answers, scoring.scores, winner, scoring.undecided)
    from recommender.groupbest import open_domains, quick_verdict
    from recommender.witness import unseats

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
    return all(
        _beats(low[winner], winner, high[other], other)
        for other in kb.candidates
        if other != winner
    )


def _beats(score: int, cid: str, rival_score: int, rival: str) -> bool:
    return score > rival_score or (score == rival_score and cid < rival)


def confidence(
    kb: KnowledgeBase, scoring: Scoring, ranking: list[tuple[str, int]], answers: Answers | None = None
) -> Confidence:
    """high: margin ≥ settings high and settled; medium: margin ≥ settings medium; else low."""
    thresholds = kb.settings["confidence"]
    margin = _margin(ranking)
    is_settled = settled(kb, scoring, ranking[0][0], answers)
    if margin >= thresholds["high"] and is_settled:
        level = "high"
    elif margin >= thresholds["medium"]:
        level = "medium"
    else:
        level = "low"
    return Confidence(level, margin, is_settled)


def reasons(kb: KnowledgeBase, fired: list[Rule], answers: Answers, order: list[str]) -> tuple[Reason, ...]:
    """One reason per fired rule and candidate it names: by rank, then weight, then rule id."""
    position = {cid: index for index, cid in enumerate(order)}
    out = [
        Reason(
            rule.id, candidate, weight, {q: answers[q] for q in rule.questions if q in answers},
            rule.text, rule.source, rule.kind, rule.quote,
        )
        for rule in fired
        for candidate, weight in rule.effects.items()
    ]
    out.sort(key=lambda r: (position[r.candidate], -abs(r.weight), -r.weight, r.rule))
    return tuple(out)


def packages(kb: KnowledgeBase, winner: str, backend: str | None, answers: Answers) -> tuple[str, ...]:
    """The winner's pip packages that apply to these answers, then its backend's."""
    names = [
        name
        for cid in filter(None, (winner, backend))
        for name, only_for, test in kb.packages[cid]
        if (only_for or backend) == backend and test(answers)
    ]
    return tuple(dict.fromkeys(names))


def recommend(kb: KnowledgeBase, answers: Answers, *, what_if: bool = True) -> Result:
    """The full, explained recommendation for normalized answers."""
    from recommender.whatif import search

    scoring = evaluate(kb, answers)
    ranking = rank(scoring.scores)
    winner = ranking[0][0]
    backend = backend_of(kb, ranking)
    all_reasons = reasons(kb, scoring.fired, answers, [cid for cid, _ in ranking])
    return Result(
        winner=winner,
        backend=backend,
        ranking=tuple(ranking),
        confidence=confidence(kb, scoring, ranking, answers),
        reasons=all_reasons,
        backend_reasons=tuple(r for r in all_reasons if backend and r.candidate == backend),
        caveats=tuple(r for r in all_reasons if r.candidate == winner and r.kind == "weakness"),
        what_if=search(kb, dict(answers), winner) if what_if else (),
        unanswered=tuple(q for q in kb.questions if q not in answers),
        answers={q: answers[q] for q in kb.questions if q in answers},
        packages=packages(kb, winner, backend, answers),
    )
