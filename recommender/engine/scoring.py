"""Scoring: answers and a knowledge base in, scores out. Pure: no I/O, no printing.

A candidate's score is the sum of the weights of the fired rules that name it.
Each decision (the framework, the approach) ranks its own candidates; equal
top scores are a tie (`overtakes`, `top_of`), listed by id but never a win.
"""

from __future__ import annotations

from collections.abc import Iterable
from operator import itemgetter

from recommender.knowledge.conditions import Answers
from recommender.knowledge.model import KnowledgeBase, Outcome, Rule
from recommender.knowledge.profile import Profile


class Scoring:
    """Scores, fired and undecided rules; `high`/`low` bound each score over the undecided ones.

    Built without the bounds (as a caller narrowing `undecided` may), `settled`
    derives them from `undecided`.
    """

    __slots__ = ("scores", "fired", "undecided", "high", "low", "outcomes")

    def __init__(
        self,
        scores: dict[str, int],
        fired: list[Rule],
        undecided: list[Rule],
        high: dict[str, int] | None = None,
        low: dict[str, int] | None = None,
        outcomes: list[Outcome] | None = None,
    ) -> None:
        self.scores = scores
        self.fired = fired
        self.undecided = undecided
        self.high = high
        self.low = low
        self.outcomes = outcomes  # per rule group, as `evaluate` found them


def evaluate(kb: KnowledgeBase, answers: Answers | Profile) -> Scoring:
    """Scores, the rules that fired, and those that unanswered questions could still fire (answers to a
    question whose `when` is false are ignored: a profile's own `answers`, else `KnowledgeBase.effective`)."""
    outcomes = _outcomes(kb, counting(kb, answers))
    # Each outcome's vector packs effects, gains and losses per candidate: one int addition per group.
    count = len(kb.candidates)
    columns = kb.packings[0].unpack(sum([outcome.vector for outcome in outcomes]), len(outcomes))
    totals, gains, losses = columns[:count], columns[count:2 * count], columns[2 * count:]
    scores = dict(zip(kb.candidates, totals, strict=True))
    high = {c: total + gain for c, total, gain in zip(kb.candidates, totals, gains, strict=True)}
    low = {c: total + loss for c, total, loss in zip(kb.candidates, totals, losses, strict=True)}
    fired = [rule for outcome in outcomes for rule in outcome.fired]
    undecided = [rule for outcome in outcomes for rule in outcome.undecided]
    return Scoring(scores, fired, undecided, high, low, outcomes)


def _outcomes(kb: KnowledgeBase, answers: Answers) -> list[Outcome]:
    """Each group's outcome: `group.outcome` inlined, a tenth of the time (an Outcome is never false)."""
    return [memo.get(key(answers)) or fill(answers) for memo, key, fill in kb.lookups]


def counting(kb: KnowledgeBase, answers: Answers | Profile) -> Answers:
    """The answers that count: a checked profile's, as they are; raw answers less those ignored."""
    return answers.answers if isinstance(answers, Profile) else kb.effective(answers)[0]


def scores_of(kb: KnowledgeBase, answers: Answers | Profile, *, counted: bool = False) -> dict[str, int]:
    """Only the scores, without the rules behind them; `counted`: the answers all count already (a
    completion), so none is looked for to set aside."""
    outcomes = _outcomes(kb, answers if counted and not isinstance(answers, Profile) else counting(kb, answers))
    totals = kb.packings[1].unpack(sum([outcome.totals for outcome in outcomes]), len(outcomes))
    return dict(zip(kb.candidates, totals, strict=True))


class Rescorer:
    """Scores of small changes to one profile: only the rule groups reading a changed question are looked up again."""

    def __init__(self, kb: KnowledgeBase, answers: Answers | Profile) -> None:
        self.kb = kb
        answers = counting(kb, answers)
        self.answers = answers
        self.base = [group.outcome(answers) for group in kb.groups]
        self.scores = dict.fromkeys(kb.candidates, 0)
        for outcome in self.base:
            for candidate, weight in outcome.effects:
                self.scores[candidate] += weight

    def scores_after(self, changed: Iterable[str], answers: Answers) -> dict[str, int]:
        """Scores for `answers`, which differ from the base only in the `changed` questions (and in the
        answers a change makes ignored)."""
        answers, ignored = self.kb.effective(answers)
        scores = dict(self.scores)
        for index in sorted({i for q in (*changed, *ignored) for i in self.kb.groups_reading.get(q, ())}):
            for candidate, weight in self.base[index].effects:
                scores[candidate] -= weight
            for candidate, weight in self.kb.groups[index].effects(answers):
                scores[candidate] += weight
        return scores


def overtakes(lead: int, need: int) -> bool:
    """The tie rule, the one copy: a rival changes a decision's outcome when it gets `lead` ≥ `need` over a
    leader, where `need` is 0 for a rival outside the top (drawing level makes a tie, which is news) and 1 for
    one tied at the top (only a lead breaks the tie). Equal scores are a tie, never a win by name."""
    return lead >= need


def top_of(scores: dict[str, int], pool: tuple[str, ...]) -> tuple[str, ...]:
    """The decision's outcome: its one winner, or every candidate tied at the highest score."""
    best = max(scores[c] for c in pool)
    return tuple(c for c in pool if scores[c] == best)


def contests(top: tuple[str, ...], pool: tuple[str, ...]) -> list[tuple[str, str, int]]:
    """Every (rival, leader, need) whose `overtakes` would change the outcome `top` of a decision over `pool`."""
    return [(rival, leader, int(rival in top)) for leader in top for rival in pool if rival != leader]


def rank(scores: dict[str, int]) -> list[tuple[str, int]]:
    """Highest score first; equal scores (a tie) listed by id: sorted by id, then stably by score."""
    return sorted(sorted(scores.items()), key=itemgetter(1), reverse=True)


def margin_of(ranking: list[tuple[str, int]] | tuple[tuple[str, int], ...]) -> int:
    """The lead of the first over the second; 0 for a tie."""
    return ranking[0][1] - ranking[1][1] if len(ranking) > 1 else ranking[0][1]


def outcomes(kb: KnowledgeBase, scores: dict[str, int]) -> dict[str, tuple[str, ...]]:
    """Each decision's top for these scores."""
    return {name: top_of(scores, pool) for name, pool in kb.decisions.items()}
