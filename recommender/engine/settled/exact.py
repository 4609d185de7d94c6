"""Could the unanswered questions still change the winner? An exact answer.

A question is *open* while it is unanswered and its `when` condition is not
definitely false (a question that would never be asked stays unanswered, and a
test on it never fires). For each rival, the most it can gain on the leader
over every combination of answers to the open questions is found by max-sum
variable elimination over the undecided rules' fire tables: exact, because it
maximises over every combination, and sound where a `when` is still unknown
(the question may then also stay unanswered: its domain includes None).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import combinations, product
from operator import itemgetter
from typing import NamedTuple

from recommender.engine.scoring import overtakes
from recommender.engine.settled.memo import Memo
from recommender.knowledge.conditions import Answers, Value, named_options
from recommender.knowledge.model import KnowledgeBase, Rule

# A variable's value: an answer, None (never answered) or, for one option of a split question, yes/no.
Cell = Value | bool | None
Key = tuple[Cell, ...]
Factor = tuple[tuple[str, ...], dict[Key, int]]

# Past this many combinations in one elimination step, fall back to a looser
# (still sound) bound: the sum of each remaining factor's own maximum.
MAX_TABLE = 20_000


class Tables(NamedTuple):
    domains: dict[str, list[Cell]]
    rules: list[tuple[Rule, tuple[str, ...], dict[Key, bool]]]


def live_rules(kb: KnowledgeBase, answers: Answers, undecided: Iterable[Rule] | None = None) -> list[Rule]:
    """Undecided rules (all of them, or those of `undecided`) that an open question could still fire."""
    still = set(kb.open_questions(answers))
    pool = [r for r in kb.rules if r.test(answers) is None] if undecided is None else undecided
    return [r for r in pool if still.intersection(r.questions)]


def option_values(kb: KnowledgeBase, question: str) -> list[Value]:
    """Every answer a question can get: an option, or for many-choice any subset of options."""
    ids = kb.option_ids(question)
    if kb.questions[question]["kind"] == "one":
        return list(ids)
    return [tuple(c) for size in range(len(ids) + 1) for c in combinations(ids, size)]


def domain(kb: KnowledgeBase, answers: Answers, question: str) -> list[Cell]:
    """The answers an open question may get; None (never asked) while its `when` is unknown."""
    values: list[Cell] = list(option_values(kb, question))
    return values + [None] if kb.asked_when[question](answers) is None else values


def fire_tables(kb: KnowledgeBase, answers: Answers, rules: list[Rule], memo: Memo | None = None) -> Tables:
    """For each rule: the variables it reads and whether it fires, per combination of their values.

    A one-choice question is one variable. A many-choice question that will be
    asked is one yes/no variable per option, because conditions only test
    membership: a rule then reads just the options it names, which keeps the
    tables and their joins small. One whose `when` is still unknown stays a
    single variable over every subset, or None.
    """
    tables = (memo or Memo()).tables
    still = kb.open_questions(answers)
    split = {q for q in still if kb.questions[q]["kind"] == "many" and kb.asked_when[q](answers) is True}
    domains: dict[str, list[Cell]] = {q: domain(kb, answers, q) for q in still if q not in split}
    out: list[tuple[Rule, tuple[str, ...], dict[Key, bool]]] = []
    context = (tuple(still), tuple(sorted(split)))
    for rule in rules:
        scope = tables.get((rule.id, context))
        if scope is None:
            scope = tables[(rule.id, context)] = _scope(rule, still, split)
        for var in scope:
            domains.setdefault(var, [False, True])
        # A rule's table depends only on its own answers and its variables' domains,
        # which many profiles share: a batch or a questionnaire builds each once.
        key = (rule.id, scope, tuple(answers.get(q) for q in rule.questions), tuple(len(domains[v]) for v in scope))
        table = tables.get(key)
        if table is None:
            table = tables[key] = _table(kb, rule, answers, scope, domains)
        out.append((rule, scope, table))
    return Tables(domains, out)


def _scope(rule: Rule, still: list[str], split: set[str]) -> tuple[str, ...]:
    """The variables a rule reads: open questions, or `question:option` for a split one."""
    named = named_options(rule.when) if split.intersection(rule.questions) else {}
    scope: list[str] = []
    for q in still:
        if q in split and q in named:
            scope += [f"{q}:{option}" for option in sorted(named[q])]
        elif q in rule.questions:
            scope.append(q)
    return tuple(scope)


def _table(
    kb: KnowledgeBase, rule: Rule, answers: Answers, scope: tuple[str, ...], domains: dict[str, list[Cell]]
) -> dict[Key, bool]:
    """Whether the rule fires for each combination of its variables' values (its other answers as given)."""
    base = {q: answers[q] for q in rule.questions if q in answers}
    parsed = [var.partition(":") for var in scope]
    return {
        values: rule.test(_trial(kb, base, parsed, values)) is True
        for values in product(*(domains[v] for v in scope))
    }


def _trial(kb: KnowledgeBase, base: dict[str, Value], parsed: list[tuple[str, str, str]],
           values: Key) -> dict[str, Value]:
    trial = dict(base)
    chosen: dict[str, set[str]] = {}
    for (question, _, option), value in zip(parsed, values, strict=True):
        if option:
            chosen.setdefault(question, set()).update([option] if value else [])
        elif value is not None:
            trial[question] = value  # type: ignore[assignment]  # a one-choice or whole many-choice answer
    for question, options in chosen.items():
        trial[question] = tuple(o for o in kb.options[question] if o in options)
    return trial


def max_gain(tables: Tables, rival: str, leader: str) -> int:
    """The most `rival` can gain on `leader` over every answer to the open questions."""
    merged: dict[tuple[str, ...], dict[Key, int]] = {}
    for rule, scope, fires in tables.rules:
        delta = rule.effects.get(rival, 0) - rule.effects.get(leader, 0)
        if delta:
            # Rules reading the same variables add up into one factor.
            table = merged.setdefault(scope, dict.fromkeys(fires, 0))
            for key, fired in fires.items():
                if fired:
                    table[key] += delta
    return _eliminate(list(merged.items()), tables.domains)


def can_change(
    kb: KnowledgeBase, answers: Answers, scores: dict[str, int], pairs: list[tuple[str, str, int]],
    undecided: Iterable[Rule] | None = None, memo: Memo | None = None,
) -> bool:
    """True when some answers to the open questions give a rival the lead it needs over a leader
    (`pairs` as `scoring.contests` lists them), which changes the decision's outcome.

    `undecided`, when the caller has it from scoring, saves testing every rule again.
    """
    tables = fire_tables(kb, answers, live_rules(kb, answers, undecided), memo)
    for rival, leader, need in pairs:
        if overtakes(scores[rival] - scores[leader] + max_gain(tables, rival, leader), need):
            return True
    return False


def _eliminate(factors: list[Factor], domains: dict[str, list[Cell]]) -> int:
    """The maximum of the factors' sum: each group of factors sharing variables on its own."""
    return sum(
        max(component[0][1].values()) if len(component) == 1 else _eliminate_all(component, domains)
        for component in _components(factors)
    )


def _components(factors: list[Factor]) -> list[list[Factor]]:
    """Factors grouped so that no two groups share a variable."""
    groups: list[tuple[set[str], list[Factor]]] = []
    for factor in factors:
        variables = set(factor[0])
        joined = [g for g in groups if g[0] & variables]
        for group in joined:
            groups.remove(group)
            variables |= group[0]
        groups.append((variables, [f for g in joined for f in g[1]] + [factor]))
    return [members for _, members in groups]


def _eliminate_all(factors: list[Factor], domains: dict[str, list[Cell]]) -> int:
    while True:
        variables = {q for scope, _ in factors for q in scope}
        if not variables:
            return sum(table[()] for _, table in factors)
        sizes = {q: _joint_size(factors, domains, q) for q in variables}
        var = min(sorted(variables), key=sizes.__getitem__)
        if sizes[var] > MAX_TABLE:
            return sum(max(table.values()) for _, table in factors)
        factors = _eliminate_one(factors, domains, var)


def _joint_size(factors: list[Factor], domains: dict[str, list[Cell]], var: str) -> int:
    size = 1
    for q in {q for scope, _ in factors if var in scope for q in scope}:
        size *= len(domains[q])
    return size


def _eliminate_one(factors: list[Factor], domains: dict[str, list[Cell]], var: str) -> list[Factor]:
    involved = [f for f in factors if var in f[0]]
    rest = [f for f in factors if var not in f[0]]
    scope = tuple(sorted({q for s, _ in involved for q in s} - {var}))
    # Each factor's key read straight from a row of (scope..., var) by position: no dict per row.
    full = (*scope, var)
    keys = [(_key_reader([full.index(q) for q in s]), table) for s, table in involved]
    own = domains[var]
    result: dict[Key, int] = {}
    for values in product(*(domains[q] for q in scope)):
        result[values] = max(sum(table[read((*values, value))] for read, table in keys) for value in own)
    return rest + [(scope, result)]


def _key_reader(positions: list[int]) -> Callable[[Key], Key]:
    """A function from a row to a factor's key (always a tuple, as the tables are keyed)."""
    if len(positions) > 1:
        return itemgetter(*positions)  # a tuple for two or more positions
    if positions:
        (position,) = positions
        return lambda row: (row[position],)
    return lambda row: ()
