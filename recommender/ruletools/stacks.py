"""Every starter stack the knowledge base can print: for `rules lint` (a snippet no answers reach)
and `bench/verify_starters.py` (each stack installed and run for real).

The answers walked are the combinations the packages' and snippets' conditions can tell apart.
A pack is untrusted, so their number is bounded before any is built (`MAX_ANSWERS`): past it,
`stacks` refuses with `TooManyAnswers` and lint says the check was not made.
"""

from collections.abc import Iterator
from itertools import chain, combinations, product
from math import prod
from typing import Any, NamedTuple

from recommender.engine.recommend import packages
from recommender.engine.starter import Snippet, chosen_snippet, install_line
from recommender.knowledge.conditions import Value, named_options
from recommender.knowledge.model import KnowledgeBase

# The shipped pack's conditions need 3,300 combinations (0.07 s); thirty times that stays under a few
# seconds, and an untrusted pack cannot ask for more.
MAX_ANSWERS = 100_000


class TooManyAnswers(Exception):
    """The stacks' answer space is larger than MAX_ANSWERS."""


class Stack(NamedTuple):
    """One (install line, snippet) the knowledge base can print, with answers that print it."""

    packages: tuple[str, ...]
    snippet: Snippet | None
    candidate: str
    backend: str | None
    answers: dict[str, Value]


def verdicts(kb: KnowledgeBase) -> Iterator[tuple[str, str | None, str | None, str]]:
    """Every (candidate, backend, approach, framework) a recommendation's starter is drawn from: a framework
    alone (the approach undecided), a framework with a baseline approach, an approach on each backend."""
    decision = {cid: spec.get("decision", "framework") for cid, spec in kb.candidates.items()}
    frameworks = [c for c, d in decision.items() if d == "framework"]
    for approach in [c for c, d in decision.items() if d == "approach"]:
        spec = kb.candidates[approach]
        on = [f for f in frameworks if f in spec.get("backends", frameworks)]
        yield from ((f, None, approach, f) if spec.get("baseline") else (approach, f, approach, f) for f in on)
    yield from ((f, None, None, f) for f in frameworks)


def stacks(kb: KnowledgeBase) -> list[Stack]:
    """Every distinct (install packages, snippet) over the answers that select them, in a stable order.

    The space is every combination of the answers the packages' and snippets' conditions read (each
    question unanswered, or set to the options they name, or to one they do not); the verdict is taken
    as any the knowledge base has, so this may list a stack no scores reach, never miss one."""
    found: dict[tuple[tuple[str, ...], str | None], Stack] = {}
    conditions = starter_conditions(kb)
    size = space_size(kb, conditions)
    if size > MAX_ANSWERS:
        raise TooManyAnswers(f"the starters' conditions tell {size:,} answer combinations apart "
                             f"(at most {MAX_ANSWERS:,} are walked)")
    for answers in answer_space(kb, conditions):
        for candidate, backend, approach, framework in verdicts(kb):
            snippet = chosen_snippet(kb, candidate, backend, answers, approach, remember=False)
            names = packages(kb, approach, backend or framework, answers, snippet)
            key = (names, snippet.id if snippet else None)
            found.setdefault(key, Stack(names, snippet, candidate, backend, dict(answers)))
    return sorted(found.values(), key=lambda s: (install_line(s.packages), s.snippet.id if s.snippet else ""))


def unreachable(kb: KnowledgeBase, found: list[Stack] | None = None) -> list[tuple[str, str]]:
    """(candidate, snippet id) of each snippet no stack prints (`found`: the stacks, when the caller has
    them): an earlier one always fits first, or its backend never runs the candidate."""
    printed = {stack.snippet.id for stack in (stacks(kb) if found is None else found) if stack.snippet}
    return [
        (cid, item["id"]) for cid, spec in kb.candidates.items()
        for item in spec.get("starter", {}).get("snippets", []) if item["id"] not in printed
    ]


def starter_conditions(kb: KnowledgeBase) -> list[Any]:
    """Every `when` the printed stacks depend on: the candidates' packages' and snippets'."""
    conditions: list[Any] = []
    for spec in kb.candidates.values():
        conditions += [p.get("when") for p in spec["packages"]]
        conditions += [s.get("when") for s in spec.get("starter", {}).get("snippets", [])]
    return conditions


def space_size(kb: KnowledgeBase, conditions: list[Any]) -> int:
    """How many combinations `answer_space` gives, counted without listing them."""
    named = named_options(*conditions)
    return prod(_choice_count(kb, qid, named[qid]) for qid in named)


def _choice_count(kb: KnowledgeBase, qid: str, named: set[str]) -> int:
    """len(_choices(kb, qid, named)), computed."""
    inside = sum(o in named for o in kb.option_ids(qid))
    outside = 1 if len(kb.option_ids(qid)) > inside else 0
    subsets = inside if kb.questions[qid]["kind"] == "one" else 2 ** inside - 1
    return 1 + subsets + outside


def answer_space(kb: KnowledgeBase, conditions: list[Any]) -> Iterator[dict[str, Value]]:
    """Every answer combination that can tell the conditions apart: per question they read, unanswered,
    each option they name (any set of them for a many-choice question) and one option they do not."""
    named = named_options(*conditions)
    choices = [[(qid, value) for value in _choices(kb, qid, named[qid])] for qid in named]
    for combo in product(*choices):
        yield {qid: value for qid, value in combo if value is not None}


def _choices(kb: KnowledgeBase, qid: str, named: set[str]) -> list[Value | None]:
    options = kb.option_ids(qid)
    inside = [o for o in options if o in named]
    outside = [o for o in options if o not in named][:1]
    if kb.questions[qid]["kind"] == "one":
        return [None, *inside, *outside]
    subsets = chain.from_iterable(combinations(inside, n) for n in range(1, len(inside) + 1))
    return [None, *subsets, *[(o,) for o in outside]]
