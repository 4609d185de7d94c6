"""HOW the verdict was reached: per candidate, the rules that fired and those that could.

Pure: no I/O. For every candidate, in ranking order:
- each fired rule that names it, with its weight, the answers that fired it and its source;
- each rule that names it but did not fire and could, with a smallest set of answer
  changes that would fire it (found by exact search, see `firing_changes`).

The searches of one explanation share a work budget (BUDGET: answers tried, each
a profile built or tested). A rule pack at its limits can ask for minutes of
them (a many-choice condition naming 13 options has 8,191 ways to toggle them);
past the budget, the rules left are counted as not explained, never guessed.
"""

from collections.abc import Iterator
from itertools import combinations, product
from typing import NamedTuple

from recommender.engine.result import Change, Reason, Result
from recommender.engine.whatif import apply, asked
from recommender.knowledge.conditions import Value, named_options
from recommender.knowledge.model import KnowledgeBase, Rule


class Missed(NamedTuple):
    """A rule that did not fire for this candidate, and the changes that would fire it."""

    rule: Rule
    weight: int
    changes: tuple[Change, ...]


class CandidateExplanation(NamedTuple):
    candidate: str
    score: int
    fired: tuple[Reason, ...]
    missed: tuple[Missed, ...]
    unexplained: int = 0  # rules naming it, not fired, that the budget left unsearched


    @property
    def total(self) -> int:
        """The sum of the fired weights: equals `score` by the engine's definition."""
        return sum(r.weight for r in self.fired)


BUDGET = 200_000  # answers tried per explanation; the shipped pack needs under 1,000 (948 at most over 300 profiles)


class OutOfBudget(Exception):
    """The explanation's searches used up BUDGET."""


class Work:
    """The answers tried so far by one explanation's searches."""

    __slots__ = ("left",)

    def __init__(self, budget: int = BUDGET) -> None:
        self.left = budget

    def spend(self, amount: int = 1) -> None:
        self.left -= amount
        if self.left < 0:
            raise OutOfBudget


def explain(kb: KnowledgeBase, result: Result, budget: int | None = None) -> tuple[CandidateExplanation, ...]:
    """One explanation per candidate, in ranking order; `budget` (default BUDGET) bounds the searches."""
    answers = dict(result.answers)
    fired_ids = {r.rule for r in result.reasons}
    work = Work(BUDGET if budget is None else budget)
    out = []
    for cid, score in result.ranking:
        missed, unexplained = [], 0
        for rule in kb.rules:
            if cid not in rule.effects or rule.id in fired_ids:
                continue
            try:
                found = firing_changes(kb, rule, answers, work)
            except OutOfBudget:
                unexplained += 1
                continue
            if found is not None:
                missed.append(Missed(rule, rule.effects[cid], found))
        # Biggest effect first: what matters most to the verdict leads.
        missed.sort(key=lambda m: (-abs(m.weight), -m.weight, len(m.changes), m.rule.id))
        out.append(CandidateExplanation(cid, score, result.reasons_for(cid), tuple(missed), unexplained))
    return tuple(out)


def firing_changes(kb: KnowledgeBase, rule: Rule, answers: dict[str, Value],
                   work: Work | None = None) -> tuple[Change, ...] | None:
    """A smallest set of answer changes that makes `rule` fire, or None if none can; OutOfBudget when `work`
    runs out first (each answer built or tried costs one).

    Exact: the condition reads only the options it names, so for each question
    it suffices to try the options it names plus one it does not (one-choice),
    or every way of toggling the named options (many-choice). Fewest questions
    changed wins, then fewest options toggled, then question and option order.
    """
    work = work or Work()
    variants = {qid: _listed(_variants(kb, rule, qid, answers.get(qid)), work) for qid in rule.questions}
    order = list(kb.questions)
    questions = sorted(rule.questions, key=order.index)
    for size in range(1, len(questions) + 1):
        best: tuple[int, tuple[Change, ...]] | None = None
        for chosen in combinations(questions, size):
            for values in product(*(variants[q] for q in chosen)):
                work.spend()
                picked = tuple(Change(q, answers.get(q), v) for q, (v, _) in zip(chosen, values, strict=True))
                cost = sum(c for _, c in values)
                if best is not None and cost >= best[0]:
                    continue
                after = apply(answers, picked)
                if rule.test(after) and all(asked(kb, q, after) for q in chosen):
                    best = (cost, picked)
        if best is not None:
            return best[1]
    return None


def _listed(variants: Iterator[tuple[Value, int]], work: Work) -> list[tuple[Value, int]]:
    out = []
    for item in variants:
        work.spend()
        out.append(item)
    return out


def _variants(kb: KnowledgeBase, rule: Rule, qid: str, current: Value | None) -> Iterator[tuple[Value, int]]:
    """Each different answer worth trying for `qid`, with its cost in options toggled."""
    named = _named_options(rule, qid)
    options = kb.option_ids(qid)
    if kb.questions[qid]["kind"] == "one":
        unnamed = [o for o in options if o not in named]
        for option in [o for o in options if o in named] + unnamed[:1]:
            if option != current:
                yield option, 1
        return
    base = set(current or ())
    toggles = [o for o in options if o in named]
    alone = kb.exclusive[qid]
    seen: set[tuple[str, ...]] = set()
    for size in range(1, len(toggles) + 1):
        for flipped in combinations(toggles, size):
            chosen = base ^ set(flipped)
            # An `exclusive` option (`none`) excludes the others: adding it clears them, adding another clears it.
            if added := [o for o in options if o in chosen & alone and o not in base]:
                chosen = {added[0]}
            elif chosen & alone and len(chosen) > 1:
                chosen -= alone
            value = tuple(o for o in options if o in chosen)
            if value != current and value not in seen:
                seen.add(value)
                yield value, size


def _named_options(rule: Rule, qid: str) -> set[str]:
    return named_options(rule.when).get(qid, set())
