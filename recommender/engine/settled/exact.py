"""Could the unanswered questions still change the winner? An exact answer, in bounded work.

A question is *open* while it is unanswered and its `when` condition is not
definitely false. A question is asked exactly when its `when` holds, so in a
complete profile (a *completion* of these answers) a question is answered if
and only if its `when` is true there; an answer to a question whose `when` is
false is ignored. For each rival, the most it can gain on the leader over every
completion is found by max-sum variable elimination over fire tables:

* a one-choice open question is one variable over its options, plus None
  (never asked) while its `when` is unknown; options that every condition of
  the pack treats alike (in the same `equals` and `one_of` lists) are one value
  (`alike`);
* a many-choice open question is one yes/no variable per option a condition
  names (conditions only test membership, so each option is ticked or not
  independently and no table lists subsets), plus `q:?` (asked at all) while
  its `when` is unknown;
* an answer whose `when` is still unknown (*doubtful*: it counts only in
  completions where its `when` holds) is one variable: the answer, or None;
* each question with a variable "never asked" gets a constraint table: it is
  answered exactly where its `when` holds. So a question whose `when` is
  unknown takes an answer only in completions where that `when` holds.

Every table is bounded by the pack's limits (`knowledge.limits`, checked when
a pack is compiled); the rows built in one check by `ROW_BUDGET` and each
elimination step by `MAX_TABLE`. Past a budget the answer is None: "not
decided within the budget", which callers treat as "could change".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from itertools import combinations, product
from operator import itemgetter
from weakref import WeakKeyDictionary

from recommender.engine.scoring import overtakes
from recommender.engine.settled.memo import Memo
from recommender.knowledge.conditions import Answers, Condition, Value, alike_options, named_options
from recommender.knowledge.model import KnowledgeBase, Rule
from recommender.knowledge.profile import Profile, profile_of

# A variable's value: an answer, None (never answered) or, for one option of a split question, yes/no.
Cell = Value | bool | None
Key = tuple[Cell, ...]
Factor = tuple[tuple[str, ...], dict[Key, int]]

# Past this many combinations in one elimination step, or `STEPS_BUDGET` in one rival's elimination,
# fall back to a looser (still sound) bound: the sum of each remaining factor's own maximum.
MAX_TABLE = 20_000
STEPS_BUDGET = 400_000
# Rows of fire and constraint tables one check may build (memoised tables are free). The shipped pack
# needs at most a few thousand; a pack at the limits stays within it, and past it the answer is None.
ROW_BUDGET = 200_000
PRESENT = "?"  # the option part of `q:?`: is a many-choice question whose `when` is unknown answered at all
IMPOSSIBLE = -(1 << 40)  # a constraint table's value where a question's presence contradicts its `when`


class Space:
    """The variables of one check: see the module's docstring."""

    __slots__ = ("whole", "split", "gated", "firm")

    def __init__(
        self,
        whole: dict[str, list[Cell]],
        split: dict[str, bool],
        gated: frozenset[str],
        firm: dict[str, Value],
    ) -> None:
        self.whole = whole  # one-choice open questions and doubtful answers → their values
        self.split = split  # many-choice open questions → whether they have an `asked at all` variable
        self.gated = gated  # the questions with a constraint table: "never asked" is one of their values
        self.firm = firm  # the answers that count in every completion


class Tables:
    __slots__ = ("domains", "rules", "constraints", "cut")

    def __init__(
        self,
        domains: dict[str, list[Cell]],
        rules: list[tuple[Rule, tuple[str, ...], dict[Key, int]]],
        constraints: dict[str, Factor],
        cut: bool,
    ) -> None:
        self.domains = domains
        self.rules = rules  # each rule's scope and fired-now-minus-then
        self.constraints = constraints  # per gated question: 0 where consistent, IMPOSSIBLE elsewhere
        self.cut = cut  # the row budget ran out: some tables are missing


def doubtful(kb: KnowledgeBase, answers: Answers) -> list[str]:
    """Answered questions whose answer may be ignored in some completion: their `when` is not yet true
    once the other doubtful answers are set aside. The rest are firm: they count in every completion."""
    firm = completed(kb, answers)
    return [q for q in kb.questions if q in answers and q not in firm]


def completed(kb: KnowledgeBase, answers: Answers) -> dict[str, Value]:
    """The answers that count once every question is answered or left: drop, until none is left, the
    answers whose `when` is not true (a question is asked exactly where its `when` holds)."""
    kept = dict(answers)
    # Only a question with a `when` can be dropped: the others' is always true.
    while dropped := [q for q in kb.conditional if q in kept and kb.asked_when[q](kept) is not True]:
        for q in dropped:
            del kept[q]
    return kept


def space(kb: KnowledgeBase, answers: Answers, still: Sequence[str] | None = None) -> Space:
    """The variables for these answers (`still`: their open questions, when the caller has them)."""
    unsure = doubtful(kb, answers)
    firm = {q: v for q, v in answers.items() if q not in unsure}
    whole: dict[str, list[Cell]] = {q: [answers[q], None] for q in unsure}
    split: dict[str, bool] = {}
    gated = set(unsure)
    for q in kb.open_questions(answers) if still is None else still:
        unknown = kb.asked_when[q](firm) is not True
        if unknown:
            gated.add(q)
        if kb.questions[q]["kind"] == "one":
            whole[q] = [*alike(kb)[q], None] if unknown else list(alike(kb)[q])
        else:
            split[q] = unknown
    return Space(whole, split, frozenset(gated), firm)


# Per knowledge base, per one-choice question, one option for each class of options no condition tells apart.
_ALIKE: WeakKeyDictionary[KnowledgeBase, dict[str, tuple[str, ...]]] = WeakKeyDictionary()


def alike(kb: KnowledgeBase) -> dict[str, tuple[str, ...]]:
    """Per one-choice question, the first option of each class of options that every condition of the pack
    (its rules' and its questions' `when`s) treats alike (`conditions.alike_options`): a variable needs only one of
    them (a task of nine options is three values for the shipped pack)."""
    found = _ALIKE.get(kb)
    if found is None:
        conditions = [*(rule.when for rule in kb.scored_rules), *(spec.get("when") for spec in kb.questions.values())]
        found = _ALIKE[kb] = {q: tuple(dict.fromkeys(alike_options(kb.options[q], conditions, q).values()))
                              for q, spec in kb.questions.items() if spec["kind"] == "one"}
    return found


def live_rules(kb: KnowledgeBase, answers: Answers, undecided: Iterable[Rule] | None = None,
               open_questions: Sequence[str] | None = None) -> list[Rule]:
    """The rules a completion may still change: undecided ones (all of them, or those of `undecided`)
    reading an open question or a doubtful answer, and fired ones reading a doubtful answer. A rule that
    is false now is false in every completion (removing an answer never turns false into true)."""
    unsure = set(doubtful(kb, answers))
    still = set(kb.open_questions(answers) if open_questions is None else open_questions) | unsure
    pool = [r for r in kb.scored_rules if r.test(answers) is None] if undecided is None else list(undecided)
    live = [r for r in pool if still.intersection(r.questions)]
    if unsure:  # each once, though a caller's `undecided` may list them already (ask's live rules do)
        listed = {rule.id for rule in live}
        live += [r for r in kb.scored_rules
                 if r.id not in listed and unsure.intersection(r.questions) and r.test(answers) is True]
    return live


def option_values(kb: KnowledgeBase, question: str) -> list[Value]:
    """Every answer a question can get: an option, or for many-choice any subset of options (2^n of them:
    only for questions known to be small; the searches here never list subsets)."""
    ids = kb.option_ids(question)
    if kb.questions[question]["kind"] == "one":
        return list(ids)
    return [tuple(c) for size in range(len(ids) + 1) for c in combinations(ids, size)]


def fire_tables(kb: KnowledgeBase, answers: Answers, rules: list[Rule], memo: Memo | None = None,
                still: Sequence[str] | None = None) -> Tables:
    """For each rule: the variables it reads and, per combination of their values, how much more it fires
    there than now (1, 0 or -1); and the constraint table of every gated question they lead to.

    A rule's table depends only on its own firm answers and its variables' domains, which many
    profiles share: a batch or a questionnaire builds each once.
    """
    found = space(kb, answers, still)
    builder = _Builder(kb, answers, found, (memo or Memo()).tables)
    out: list[tuple[Rule, tuple[str, ...], dict[Key, int]]] = []
    for rule in rules:
        scope = builder.scope(rule.questions, rule.when)
        now = int(rule.test(answers) is True)
        table = builder.table(("rule", rule.id, now), scope, rule.questions, _change(rule, now))
        if table is None:
            return Tables(builder.domains, out, {}, True)
        out.append((rule, scope, table))
    constraints = builder.constraints({v.partition(":")[0] for _, scope, _ in out for v in scope})
    return Tables(builder.domains, out, constraints or {}, constraints is None)


class _Builder:
    """Builds the tables of one check within `ROW_BUDGET` rows."""

    def __init__(self, kb: KnowledgeBase, answers: Answers, found: Space, memo: dict[tuple[object, ...], object]):
        self.kb, self.answers, self.space, self.memo = kb, answers, found, memo
        self.domains: dict[str, list[Cell]] = {}
        self.left = ROW_BUDGET

    def scope(self, questions: list[str], cond: Condition | None) -> tuple[str, ...]:
        """The variables a condition reads, in question order: one per one-choice open question or doubtful
        answer, and per named option (with `q:?` first while gated) of a many-choice open question."""
        named = named_options(cond)
        out: list[str] = []
        for q in sorted(questions, key=list(self.kb.questions).index):
            if q in self.space.whole:
                out.append(q)
                self.domains[q] = self.space.whole[q]
            elif q in self.space.split:
                parts = ([PRESENT] if self.space.split[q] else []) + sorted(named.get(q, ()))
                out += [f"{q}:{part}" for part in parts]
                self.domains.update({f"{q}:{part}": [False, True] for part in parts})
        return tuple(out)

    def table(self, name: tuple[object, ...], scope: tuple[str, ...], questions: list[str],
              value: Callable[[dict[str, Value]], int]) -> dict[Key, int] | None:
        """`value` of the answers each combination of the scope gives (memoised); None past the budget."""
        base = {q: self.space.firm[q] for q in questions if q in self.space.firm}
        key = (*name, scope, tuple(sorted(base.items())), tuple(tuple(self.domains[v]) for v in scope))
        table: dict[Key, int] | None = self.memo.get(key)  # type: ignore[assignment]
        if table is not None:
            return table
        rows = 1
        for v in scope:
            rows *= len(self.domains[v])
        self.left -= rows
        if self.left < 0:
            return None
        trial = _trials(self.kb, base, scope)
        table = {values: value(trial(values)) for values in product(*(self.domains[v] for v in scope))}
        self.memo[key] = table
        return table

    def constraints(self, reached: set[str]) -> dict[str, Factor] | None:
        """The constraint table of every gated question the variables lead to, through `when`s."""
        out: dict[str, Factor] = {}
        todo = sorted(reached & self.space.gated)
        while todo:
            q = todo.pop()
            if q in out:
                continue
            when = self.kb.questions[q].get("when")
            reads = list(named_options(when))
            own = f"{q}:{PRESENT}" if q in self.space.split else q
            self.domains[own] = [False, True] if q in self.space.split else self.space.whole[q]
            scope = (own, *self.scope(reads, when))
            table = self.table(("when", q), scope, reads, _consistent(q, self.kb.asked_when[q]))
            if table is None:
                return None
            out[q] = (scope, table)
            todo += sorted({v.partition(":")[0] for v in scope} & self.space.gated - out.keys())
        return out


def _change(rule: Rule, now: int) -> Callable[[dict[str, Value]], int]:
    """1 where the rule fires and does not now, -1 where it stops firing, else 0."""
    return lambda trial: int(rule.test(trial) is True) - now


def _consistent(question: str, test: Callable[[Answers], bool | None]) -> Callable[[dict[str, Value]], int]:
    """A question is answered exactly where its `when` holds."""
    return lambda trial: 0 if (question in trial) == (test(trial) is True) else IMPOSSIBLE


def _trials(kb: KnowledgeBase, base: dict[str, Value], scope: tuple[str, ...]) -> Callable[[Key], dict[str, Value]]:
    """The answers each combination of the scope's variables gives: a split question's answer is its
    ticked options in option order (none ticked is an answer too), unless its `q:?` says it is never
    asked. Where each value lands is worked out once per table, not once per row."""
    whole: list[tuple[int, str]] = []  # (position, question): a one-choice answer or a doubtful one
    split: dict[str, tuple[list[int], list[tuple[int, str]]]] = {}  # question → (its `q:?`, its options)
    for index, variable in enumerate(scope):
        question, _, option = variable.partition(":")
        if not option:
            whole.append((index, question))
            continue
        present, ticks = split.setdefault(question, ([], []))
        if option == PRESENT:
            present.append(index)
        else:
            ticks.append((index, option))
    parts: list[tuple[str, list[int], list[tuple[int, str]]]] = []
    for question, (present, ticks) in split.items():
        order = kb.options[question]  # ticks in option order: a row's answer reads them in order
        parts.append((question, present, sorted((t for t in ticks if t[1] in order), key=lambda t: order.index(t[1]))))

    def trial(values: Key) -> dict[str, Value]:
        answers = dict(base)
        for index, question in whole:
            if values[index] is not None:
                answers[question] = values[index]  # type: ignore[assignment]  # a one-choice answer (text)
        for question, present, ticks in parts:
            if all(values[i] for i in present):
                answers[question] = tuple(option for i, option in ticks if values[i])
        return answers

    return trial


def max_gain(tables: Tables, rival: str, leader: str) -> int:
    """The most `rival` can gain on `leader` over every completion (an upper bound past a budget)."""
    return gain_of(tables, rival, leader)[0]


def gain_of(tables: Tables, rival: str, leader: str) -> tuple[int, bool]:
    """`max_gain`, and whether it is exact (False: an elimination step was past `MAX_TABLE`)."""
    merged: dict[tuple[str, ...], dict[Key, int]] = {}
    for rule, scope, fires in tables.rules:
        delta = rule.effects.get(rival, 0) - rule.effects.get(leader, 0)
        if delta:
            # Rules reading the same variables add up into one factor.
            table = merged.setdefault(scope, dict.fromkeys(fires, 0))
            for key, change in fires.items():
                if change:
                    table[key] += delta * change
    reached = {v.partition(":")[0] for scope in merged for v in scope}
    factors = list(merged.items()) + _needed(tables.constraints, reached)
    return _eliminate(factors, tables.domains)


def _needed(constraints: dict[str, Factor], reached: set[str]) -> list[Factor]:
    """The constraints of the questions the factors read, and of those their `when`s read, in turn."""
    out: dict[str, Factor] = {}
    todo = sorted(reached & constraints.keys())
    while todo:
        q = todo.pop()
        if q not in out:
            out[q] = constraints[q]
            todo += sorted({v.partition(":")[0] for v in out[q][0]} & constraints.keys() - out.keys())
    return [out[q] for q in sorted(out)]


def can_change(
    kb: KnowledgeBase, answers: Answers | Profile, scores: dict[str, int], pairs: list[tuple[str, str, int]],
    undecided: Iterable[Rule] | None = None, memo: Memo | None = None,
) -> bool | None:
    """True when some completion gives a rival the lead it needs over a leader (`pairs` as
    `scoring.contests` lists them), which changes the decision's outcome; False when none does; None when
    that was not decided within the budget.

    `undecided`, when the caller has it from scoring, saves testing every rule again. Answers to a
    question whose `when` is false are ignored, as scoring ignores them (a checked profile has them
    set aside already).
    """
    profile = profile_of(kb, answers)
    live = live_rules(kb, profile.answers, undecided, profile.open)
    tables = fire_tables(kb, profile.answers, live, memo, profile.open)
    if tables.cut:
        return None
    unsure = False
    for rival, leader, need in pairs:
        gain, exact = gain_of(tables, rival, leader)
        if overtakes(scores[rival] - scores[leader] + gain, need):
            if exact:
                return True
            unsure = True
    return None if unsure else False


def _eliminate(factors: list[Factor], domains: dict[str, list[Cell]]) -> tuple[int, bool]:
    """The maximum of the factors' sum, each group of factors sharing variables on its own; and whether
    it is exact."""
    total, exact = 0, True
    left = [STEPS_BUDGET]
    for component in _components(factors):
        if len(component) == 1:
            total += max(component[0][1].values())
        else:
            best, whole = _eliminate_all(component, domains, left)
            total, exact = total + best, exact and whole
    return total, exact


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


def _eliminate_all(factors: list[Factor], domains: dict[str, list[Cell]], left: list[int]) -> tuple[int, bool]:
    """The exact maximum, and True; or past a budget (`left`: rows still allowed, shared by the
    components) a sound upper bound, and False."""
    while True:
        variables = {q for scope, _ in factors for q in scope}
        if not variables:
            return sum(table[()] for _, table in factors), True
        sizes = {q: _joint_size(factors, domains, q) for q in variables}
        var = min(sorted(variables), key=sizes.__getitem__)
        left[0] -= sizes[var]
        if sizes[var] > MAX_TABLE or left[0] < 0:
            return sum(max(table.values()) for _, table in factors), False
        factors = _eliminate_one(factors, domains, var)


def _joint_size(factors: list[Factor], domains: dict[str, list[Cell]], var: str) -> int:
    size = 1
    for q in {q for scope, _ in factors if var in scope for q in scope}:
        size *= len(domains[q])
    return size


def _eliminate_one(factors: list[Factor], domains: dict[str, list[Cell]], var: str) -> list[Factor]:
    """The factors reading `var` replaced by one factor: their maximum sum over its values."""
    involved = [f for f in factors if var in f[0]]
    rest = [f for f in factors if var not in f[0]]
    scope = tuple(sorted({q for s, _ in involved for q in s} - {var}))
    if len(involved) == 1:  # one factor: maximise along its own rows, no join
        (own_scope, table), = involved
        return rest + [(scope, _max_out(own_scope, table, scope))]
    # One pass over the joint rows of (scope..., var): each factor's key read by position, the
    # maximum kept per row of the scope (the row without its last value).
    full = (*scope, var)
    readers = [(_key_reader([full.index(q) for q in s]), table) for s, table in involved]
    result: dict[Key, int] = {}
    for row in product(*(domains[q] for q in full)):
        total = 0
        for read, table in readers:
            total += table[read(row)]
        key = row[:-1]
        best = result.get(key)
        if best is None or total > best:
            result[key] = total
    return rest + [(scope, result)]


def _max_out(own: tuple[str, ...], table: dict[Key, int], scope: tuple[str, ...]) -> dict[Key, int]:
    """A factor's table maximised over the one variable of `own` that `scope` leaves out."""
    read = _key_reader([own.index(q) for q in scope])
    result: dict[Key, int] = {}
    for row, value in table.items():
        key = read(row)
        best = result.get(key)
        if best is None or value > best:
            result[key] = value
    return result


def _key_reader(positions: list[int]) -> Callable[[Key], Key]:
    """A function from a row to a factor's key (always a tuple, as the tables are keyed)."""
    if len(positions) > 1:
        return itemgetter(*positions)  # a tuple for two or more positions
    if positions:
        (position,) = positions
        return lambda row: (row[position],)
    return lambda row: ()
