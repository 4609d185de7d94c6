"""Exact search over the answer space, as far as rule conditions can tell answers apart.

Only the questions the conditions read matter, and of a question only the
options they name: a one-choice question takes "unanswered", each named option,
or one stand-in for all unnamed ones; a many-choice question is "answered or
not" plus one yes/no bit per named option. Any answer profile behaves exactly
like one of these abstract profiles, so searching them is exact.

The search assigns one variable at a time. A partly assigned profile gives
every condition a set of still-possible outcomes (true, false, unknown), from
which callers compute sound bounds and prune; a fully assigned profile gives
exactly one outcome, so what the search finds or rules out is decided, never
sampled.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from recommender.knowledge.conditions import Condition, Value, named_options
from recommender.knowledge.model import KnowledgeBase

T, F, U = 1, 2, 4  # outcome bits: true, false, unknown (a question left unanswered)
Key = tuple[str, str | None]  # (question, None) or (question, option bit)
State = dict[Key, Any]
BUDGET = 2_000_000


class Verdict(Enum):
    PRUNE = 0  # nothing below this profile can be what we look for
    FOUND = 1  # every completion is what we look for
    GO = 2  # undecided: assign more


class Undecided(Exception):
    """The search hit its node budget: the answer is unknown, not guessed."""


class OutOfWork(Undecided):
    """The searches sharing a `Work` budget used it up: this one and those after it are not decided."""


class Work:
    """A budget shared by several searches (one `rules lint`), in conditions judged: each profile a search
    visits costs the number of conditions its space holds."""

    __slots__ = ("left",)

    def __init__(self, budget: int) -> None:
        self.left = budget

    def spend(self, amount: int) -> None:
        self.left -= amount
        if self.left < 0:
            raise OutOfWork("not decided within the budget")


@dataclass(frozen=True)
class Var:
    key: Key
    domain: tuple[Any, ...]


class Space:
    """The abstract answer space of some conditions over a knowledge base's questions."""

    def __init__(self, kb: KnowledgeBase, conditions: Iterable[Condition | None], budget: int = BUDGET,
                 work: Work | None = None) -> None:
        conditions = list(conditions)
        named = named_options(*conditions)
        self.kb = kb
        self.budget = budget
        self.work = work
        self.cost = max(len(conditions), 1)  # conditions judged per profile visited
        self.kinds = {q: kb.questions[q]["kind"] for q in named}
        self.domains: dict[str, tuple[str, ...]] = {}
        self.vars: list[Var] = []
        for question in named:
            options = kb.option_ids(question)
            mentioned = [o for o in options if o in named[question]]
            if self.kinds[question] == "one":
                stand_in = [o for o in options if o not in mentioned][:1]
                self.domains[question] = tuple(mentioned + stand_in)
                self.vars.append(Var((question, None), (None, *self.domains[question])))
            else:
                self.domains[question] = tuple(mentioned)
                self.vars.append(Var((question, None), (True, False)))
                self.vars.extend(Var((question, o), (True, False)) for o in mentioned)

    def order(self, weight: dict[str, int]) -> None:
        """Branch first on the questions that move the most weight; a question's bits stay after it."""
        rank = {q: (-weight.get(q, 0), i) for i, q in enumerate(self.kinds)}
        self.vars.sort(key=lambda v: rank[v.key[0]] + ((0 if v.key[1] is None else 1),))

    def outcome(self, cond: Condition | None, state: State) -> int:
        """The set of outcomes still possible for `cond` under a partial profile."""
        if cond is None:
            return T
        (op, arg), = cond.items()
        if op == "not":
            inner = self.outcome(arg, state)
            return (inner & U) | (T if inner & F else 0) | (F if inner & T else 0)
        if op in ("all", "any"):
            return _combine(op, [self.outcome(c, state) for c in arg])
        (question, expected), = arg.items()
        listed = set(expected) if isinstance(expected, list) else {expected}
        if self.kinds[question] == "one":
            return self._one(question, listed, state)
        return self._many(question, listed, state)

    def _one(self, question: str, listed: set[str], state: State) -> int:
        if (question, None) not in state:
            domain = self.domains[question]
            can_be_true = any(o in listed for o in domain)
            can_be_false = any(o not in listed for o in domain)
            return U | (T if can_be_true else 0) | (F if can_be_false else 0)
        value = state[(question, None)]
        return U if value is None else (T if value in listed else F)

    def _many(self, question: str, listed: set[str], state: State) -> int:
        answered = state.get((question, None))
        if answered is None:
            return T | F | U
        if answered is False:
            return U
        bits = [state.get((question, o)) for o in listed]
        if any(b is True for b in bits):
            return T
        return F if all(b is False for b in bits) else T | F

    def search(self, judge: Callable[[State], tuple[Verdict, float]]) -> State | None:
        """A profile every completion of which the judge accepts, or None if there is none."""
        self.nodes = 0
        if self.work is not None:
            self.work.spend(self.cost)
        verdict, _ = judge({})
        if verdict is Verdict.FOUND:
            return {}
        return None if verdict is Verdict.PRUNE else self._dfs(0, {}, judge)

    def _dfs(self, index: int, state: State, judge: Callable[[State], tuple[Verdict, float]]) -> State | None:
        while index < len(self.vars) and self._skipped(self.vars[index], state):
            index += 1
        if index == len(self.vars):
            return None  # fully assigned yet undecided cannot happen; be safe and prune
        var = self.vars[index]
        children: list[tuple[float, int, Any]] = []
        for position, value in enumerate(var.domain):
            self.nodes += 1
            if self.nodes > self.budget:
                raise Undecided(f"more than {self.budget} profiles to search")
            if self.work is not None:
                self.work.spend(self.cost)
            state[var.key] = value
            verdict, priority = judge(state)
            if verdict is Verdict.FOUND:
                return dict(state)
            if verdict is Verdict.GO:
                children.append((-priority, position, value))
            del state[var.key]
        # Most promising first: a witness is usually found on the first path.
        for _, _, value in sorted(children):
            state[var.key] = value
            found = self._dfs(index + 1, state, judge)
            del state[var.key]
            if found is not None:
                return found
        return None

    @staticmethod
    def _skipped(var: Var, state: State) -> bool:
        """An option bit of a many-choice question left unanswered has no meaning."""
        return var.key[1] is not None and state.get((var.key[0], None)) is False

    def answers(self, state: State) -> dict[str, Value]:
        """Real answers behaving like a (partial) abstract profile: unassigned means unanswered or not chosen."""
        out: dict[str, Value] = {}
        for question, kind in self.kinds.items():
            head = state.get((question, None))
            if kind == "one" and head is not None:
                out[question] = head
            elif kind == "many" and head is True:
                chosen = {o for o in self.domains[question] if state.get((question, o)) is True}
                out[question] = tuple(o for o in self.kb.option_ids(question) if o in chosen)
        return out


def _combine(op: str, parts: list[int]) -> int:
    """Kleene and/or lifted to sets of outcomes (a sound superset when parts share questions)."""
    if op == "all":
        out = F if any(p & F for p in parts) else 0
        if all(p & T for p in parts):
            out |= T
        if all(p & (T | U) for p in parts) and any(p & U for p in parts):
            out |= U
        return out
    out = T if any(p & T for p in parts) else 0
    if all(p & F for p in parts):
        out |= F
    if all(p & (F | U) for p in parts) and any(p & U for p in parts):
        out |= U
    return out


def fires(outcome: int) -> bool | None:
    """True: fires in every completion; False: in none; None: not decided yet."""
    if outcome == T:
        return True
    return None if outcome & T else False
