"""Exact questions about a knowledge base, answered by searching the abstract answer space."""

from __future__ import annotations

from recommender.engine.scoring import overtakes
from recommender.knowledge.conditions import Value
from recommender.knowledge.model import KnowledgeBase, Rule
from recommender.ruletools.space import Space, State, Verdict, Work, fires


def firing_profile(kb: KnowledgeBase, rule: Rule, work: Work | None = None) -> dict[str, Value] | None:
    """Answers under which the rule fires, or None when its condition is contradictory."""
    space = Space(kb, [rule.when], work=work)

    def judge(state: State) -> tuple[Verdict, float]:
        verdict = fires(space.outcome(rule.when, state))
        return (Verdict.PRUNE if verdict is False else Verdict.FOUND if verdict else Verdict.GO), 0.0

    found = space.search(judge)
    return None if found is None else space.answers(found)


def equivalent(kb: KnowledgeBase, first: Rule, second: Rule, work: Work | None = None) -> bool:
    """True when the two rules fire for exactly the same answer profiles."""
    space = Space(kb, [first.when, second.when], work=work)

    def judge(state: State) -> tuple[Verdict, float]:
        a = fires(space.outcome(first.when, state))
        b = fires(space.outcome(second.when, state))
        if a is None or b is None:
            return Verdict.GO, 0.0
        return (Verdict.PRUNE if a == b else Verdict.FOUND), 0.0

    return space.search(judge) is None


def winning_profile(kb: KnowledgeBase, candidate: str, work: Work | None = None) -> dict[str, Value] | None:
    """Answers under which `candidate` wins its decision outright (a tie is no win), or None when none can.

    Branch and bound: under a partial profile each rule fires surely, surely not,
    or maybe. Against each rival the candidate's lead is at most the sure
    differences plus every maybe-rule that helps it (engine.settled's bound,
    per pair so a rule helping both cancels out); if that cannot beat some
    rival, no completion wins. If the lead at its worst already beats every
    rival, every completion wins.
    """
    pool = next(p for p in kb.decisions.values() if candidate in p)
    rivals = sorted(c for c in pool if c != candidate)
    deltas = [
        (rule, [rule.effects.get(candidate, 0) - rule.effects.get(r, 0) for r in rivals]) for rule in kb.rules
    ]
    deltas = [(rule, d) for rule, d in deltas if any(d)]
    space = Space(kb, [rule.when for rule, _ in deltas], work=work)
    space.order(_weights(deltas))

    def judge(state: State) -> tuple[Verdict, float]:
        low = [0] * len(rivals)
        high = [0] * len(rivals)
        for rule, delta in deltas:
            verdict = fires(space.outcome(rule.when, state))
            if verdict is False:
                continue
            for i, d in enumerate(delta):
                if verdict or d > 0:
                    high[i] += d
                if verdict or d < 0:
                    low[i] += d
        if not all(overtakes(high[i], 1) for i in range(len(rivals))):
            return Verdict.PRUNE, 0.0
        if all(overtakes(low[i], 1) for i in range(len(rivals))):
            return Verdict.FOUND, 0.0
        return Verdict.GO, float(min(high, default=0))

    found = space.search(judge)
    return None if found is None else space.answers(found)




def _weights(deltas: list[tuple[Rule, list[int]]]) -> dict[str, int]:
    out: dict[str, int] = {}
    for rule, delta in deltas:
        for question in rule.questions:
            out[question] = out.get(question, 0) + max(abs(d) for d in delta)
    return out
