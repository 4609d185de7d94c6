"""HOW the verdict was reached: per candidate, the rules that fired and those that could.

Pure: no I/O. For every candidate, in ranking order:
- each fired rule that names it, with its weight, the answers that fired it and its source;
- each rule that names it but did not fire and could, with a smallest set of answer
  changes that would fire it (found by exact search, see `firing_changes`).
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

    @property
    def total(self) -> int:
        """The sum of the fired weights: equals `score` by the engine's definition."""
        return sum(r.weight for r in self.fired)


def explain(kb: KnowledgeBase, result: Result) -> tuple[CandidateExplanation, ...]:
    """One explanation per candidate, in ranking order."""
    answers = dict(result.answers)
    fired_ids = {r.rule for r in result.reasons}
    out = []
    for cid, score in result.ranking:
        missed = []
        for rule in kb.rules:
            if cid not in rule.effects or rule.id in fired_ids:
                continue
            found = firing_changes(kb, rule, answers)
            if found is not None:
                missed.append(Missed(rule, rule.effects[cid], found))
        # Biggest effect first: what matters most to the verdict leads.
        missed.sort(key=lambda m: (-abs(m.weight), -m.weight, len(m.changes), m.rule.id))
        out.append(CandidateExplanation(cid, score, result.reasons_for(cid), tuple(missed)))
    return tuple(out)


def firing_changes(kb: KnowledgeBase, rule: Rule, answers: dict[str, Value]) -> tuple[Change, ...] | None:
    """A smallest set of answer changes that makes `rule` fire, or None if none can.

    Exact: the condition reads only the options it names, so for each question
    it suffices to try the options it names plus one it does not (one-choice),
    or every way of toggling the named options (many-choice). Fewest questions
    changed wins, then fewest options toggled, then question and option order.
    """
    variants = {qid: list(_variants(kb, rule, qid, answers.get(qid))) for qid in rule.questions}
    order = list(kb.questions)
    questions = sorted(rule.questions, key=order.index)
    for size in range(1, len(questions) + 1):
        best: tuple[int, tuple[Change, ...]] | None = None
        for chosen in combinations(questions, size):
            for values in product(*(variants[q] for q in chosen)):
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
