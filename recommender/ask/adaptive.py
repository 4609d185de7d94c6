"""Which question to ask next, and when to stop: pure, no I/O.

A question is *open* while it is unanswered and its `when` condition is not
definitely false; it is *askable* once its `when` is definitely true. A rule
that is still undecided only because of questions that will never be asked can
never fire (an unanswered question makes its tests unknown, and unknown never
fires), so the stopping bound leaves such rules out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from recommender import bounds, engine
from recommender.bounds import option_values
from recommender.conditions import Answers, Test, Value
from recommender.kb import KnowledgeBase, Rule

AnswerFn = Callable[[str], Value]


@dataclass
class Plan:
    """The questionnaire over a knowledge base; `whens` are its compiled `when` conditions."""

    kb: KnowledgeBase
    whens: dict[str, Test] = field(init=False)

    def __post_init__(self) -> None:
        self.whens = self.kb.asked_when

    def open_questions(self, answers: Answers) -> list[str]:
        """Unanswered questions that may still be asked, in question order."""
        return bounds.open_questions(self.kb, answers)

    def askable(self, answers: Answers) -> list[str]:
        """Unanswered questions whose `when` holds now, in question order."""
        return [q for q, when in self.whens.items() if q not in answers and when(answers) is True]

    def live_rules(self, answers: Answers) -> list[Rule]:
        """Undecided rules that an open question could still fire."""
        return bounds.live_rules(self.kb, answers)

    def scoring(self, answers: Answers) -> engine.Scoring:
        """The engine's scoring with only the live rules left undecided."""
        base = engine.evaluate(self.kb, answers)
        return engine.Scoring(base.scores, base.fired, self.live_rules(answers))

    def leader(self, answers: Answers) -> str:
        return engine.rank(engine.evaluate(self.kb, answers).scores)[0][0]

    def settled(self, answers: Answers) -> bool:
        """True when no answers to the open questions can change the winner (the engine's exact check)."""
        scoring = self.scoring(answers)
        return engine.settled(self.kb, scoring, engine.rank(scoring.scores)[0][0], answers)

    def next_question(self, answers: Answers, *, ask_all: bool = False) -> str | None:
        """The next question to ask, or None when done.

        Adaptive order: the question whose answer, averaged over its possible
        answers, leaves the least room for the runners-up to overtake the
        leader; ties go to the question that comes first.
        """
        ready = self.askable(answers)
        if not ready:
            return None
        if ask_all:
            return ready[0]
        if self.settled(answers):
            return None
        view = _Bounds.of(self.kb, answers, self.live_rules(answers))
        room = {q: view.expected_room(self.kb, answers, q) for q in ready}
        # min() keeps the first of equal values, and `ready` is in question order.
        return min(ready, key=room.__getitem__)

    def remaining(self, answers: Answers) -> int:
        """How many questions are left unasked that could still be asked."""
        return len(self.open_questions(answers))

    def run(
        self, answers: Mapping[str, Value], answer: AnswerFn, *, ask_all: bool = False
    ) -> tuple[dict[str, Value], list[str]]:
        """Ask until done, taking each answer from `answer`; the answers and the questions asked."""
        current = dict(answers)
        asked: list[str] = []
        while (question := self.next_question(current, ask_all=ask_all)) is not None:
            current[question] = answer(question)
            asked.append(question)
        return current, asked

    def prune(self, answers: Mapping[str, Value], keep: set[str]) -> dict[str, Value]:
        """Drop answers (except those in `keep`) to questions whose `when` no longer holds."""
        current = dict(answers)
        while dropped := [q for q in current if q not in keep and self.whens[q](current) is False]:
            for q in dropped:
                del current[q]
        return current


@dataclass
class _Bounds:
    """Scores and each candidate's worst and best case, to score candidate questions quickly."""

    scores: dict[str, int]
    low: dict[str, int]
    high: dict[str, int]
    live: list[Rule]

    @classmethod
    def of(cls, kb: KnowledgeBase, answers: Answers, live: list[Rule]) -> _Bounds:
        scores = engine.evaluate(kb, answers).scores
        low, high = dict(scores), dict(scores)
        for rule in live:
            _spread(low, high, rule, 1)
        return cls(scores, low, high, live)

    def expected_room(self, kb: KnowledgeBase, answers: Answers, question: str) -> float:
        """Mean, over the question's possible answers, of the room left to overtake the leader."""
        touched = [r for r in self.live if question in r.questions]
        values = option_values(kb, question)
        total = 0
        for value in values:
            trial = {**answers, question: value}
            scores, low, high = dict(self.scores), dict(self.low), dict(self.high)
            for rule in touched:
                _spread(low, high, rule, -1)
                verdict = rule.test(trial)
                if verdict is None:
                    _spread(low, high, rule, 1)
                elif verdict:
                    for cid, weight in rule.effects.items():
                        scores[cid] += weight
                        low[cid] += weight
                        high[cid] += weight
            total += _room(scores, low, high)
        return total / len(values)


def _spread(low: dict[str, int], high: dict[str, int], rule: Rule, sign: int) -> None:
    for cid, weight in rule.effects.items():
        (high if weight > 0 else low)[cid] += sign * weight


def _room(scores: dict[str, int], low: dict[str, int], high: dict[str, int]) -> int:
    """How far, in total, the rivals' best cases reach past the leader's worst case."""
    leader = engine.rank(scores)[0][0]
    return sum(max(0, high[c] - low[leader] + (c < leader)) for c in scores if c != leader)


def option_impact(kb: KnowledgeBase, answers: Answers, question: str) -> dict[str, dict[str, int]]:
    """Per option, per candidate: the total weight of the rules choosing that option could fire.

    For a one-choice question a rule counts when it is not ruled out with that
    answer; for a many-choice question when adding the option to some selection
    turns the rule from false into possible, so an option is not credited with
    rules that other options fire.
    """
    # The question's own answer (when changing it at the review) must not rule anything out.
    answers = {q: v for q, v in answers.items() if q != question}
    rules = [r for r in kb.rules if question in r.questions and r.test(answers) is not False]
    many = kb.questions[question]["kind"] == "many"
    subsets = option_values(kb, question) if many else []
    out: dict[str, dict[str, int]] = {}
    for option in kb.option_ids(question):
        totals: dict[str, int] = {}
        for rule in rules:
            if _can_fire(rule, answers, question, option, subsets):
                for cid, weight in rule.effects.items():
                    totals[cid] = totals.get(cid, 0) + weight
        out[option] = totals
    return out


def _can_fire(rule: Rule, answers: Answers, question: str, option: str, subsets: list[Value]) -> bool:
    if not subsets:
        return rule.test({**answers, question: option}) is not False
    for chosen in subsets:
        if option in chosen:
            without = tuple(o for o in chosen if o != option)
            with_it = rule.test({**answers, question: chosen})
            if with_it is not False and rule.test({**answers, question: without}) is False:
                return True
    return False


def feeding_rules(kb: KnowledgeBase, answers: Answers, question: str) -> list[tuple[Rule, bool | None]]:
    """The rules that read a question, with their verdict on the current answers."""
    return [(r, r.test(answers)) for r in kb.rules if question in r.questions]
