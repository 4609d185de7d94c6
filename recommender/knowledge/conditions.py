"""The condition language: three-valued evaluation, references, cross-checks.

A test on an unanswered question is unknown (None); `not` keeps unknown; `all`
and `any` follow Kleene logic. Knowing more answers never turns a true or false
condition unknown, which is what lets the engine bound what unanswered
questions could still change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

Value = str | tuple[str, ...]
Answers = Mapping[str, Value]
Test = Callable[[Answers], bool | None]
Condition = Mapping[str, Any]

ONE_KIND = {"equals": "one", "one_of": "one", "contains": "many", "contains_any": "many"}


def compile_condition(cond: Condition | None) -> Test:
    """A function of the answers giving True, False or None (unknown)."""
    if cond is None:
        return lambda answers: True
    (op, arg), = cond.items()
    if op == "all":
        return _all([compile_condition(c) for c in arg])
    if op == "any":
        return _any([compile_condition(c) for c in arg])
    if op == "not":
        inner = compile_condition(arg)
        return lambda answers: None if (v := inner(answers)) is None else not v
    (question, expected), = arg.items()
    return _leaf(op, question, expected)


# Compiled conditions by the condition's identity (kept with it, so an id is never reused while it is here):
# explaining a fired rule and listing a starter's modules test the same few conditions for every profile.
_COMPILED: dict[int, tuple[Condition, Test]] = {}
MAX_COMPILED = 4096  # conditions remembered at once: a process loading many packs cannot grow it without end


def compiled(cond: Condition) -> Test:
    """`compile_condition`, remembered per condition object."""
    found = _COMPILED.get(id(cond))
    if found is None or found[0] is not cond:
        if len(_COMPILED) >= MAX_COMPILED:
            _COMPILED.clear()
        found = _COMPILED[id(cond)] = (cond, compile_condition(cond))
    return found[1]


def firing(cond: Condition | None, answers: Answers, holds: bool = True) -> list[str]:
    """The questions whose answers make a condition come out `holds` (True for a fired rule): the tests
    that came out that way, through `all`, `any` and `not`; an `any` names only its members that hold."""
    if cond is None:
        return []
    (op, arg), = cond.items()
    if op == "not":
        return firing(arg, answers, not holds)
    if op in ("all", "any"):
        parts = [c for c in arg if compiled(c)(answers) is holds] if (op == "any") is holds else arg
        return list(dict.fromkeys(q for c in parts for q in firing(c, answers, holds)))
    (question, _), = arg.items()
    return [question] if compiled(cond)(answers) is holds else []


def _leaf(op: str, question: str, expected: Any) -> Test:
    if op == "equals":
        return lambda a: None if (v := a.get(question)) is None else v == expected
    if op == "one_of":
        allowed = frozenset(expected)
        return lambda a: None if (v := a.get(question)) is None else v in allowed
    if op == "contains":
        return lambda a: None if (v := a.get(question)) is None else expected in v
    wanted = frozenset(expected)
    return lambda a: None if (v := a.get(question)) is None else not wanted.isdisjoint(v)


def _all(tests: list[Test]) -> Test:
    def run(answers: Answers) -> bool | None:
        unknown = False
        for test in tests:
            value = test(answers)
            if value is False:
                return False
            unknown = unknown or value is None
        return None if unknown else True

    return run


def _any(tests: list[Test]) -> Test:
    def run(answers: Answers) -> bool | None:
        unknown = False
        for test in tests:
            value = test(answers)
            if value is True:
                return True
            unknown = unknown or value is None
        return None if unknown else False

    return run


def leaves(cond: Condition | None, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str, str, Any]]:
    """Every leaf test as (path, operator, question, expected value or values)."""
    if cond is None:
        return
    (op, arg), = cond.items()
    if op in ("all", "any"):
        for index, sub in enumerate(arg):
            yield from leaves(sub, path + (op, index))
    elif op == "not":
        yield from leaves(arg, path + (op,))
    else:
        (question, expected), = arg.items()
        yield path + (op, question), op, question, expected


def named_options(*conds: Condition | None) -> dict[str, set[str]]:
    """Question → the options the conditions' tests name, questions in first-use order."""
    named: dict[str, set[str]] = {}
    for cond in conds:
        for _, _, question, expected in leaves(cond):
            named.setdefault(question, set()).update(expected if isinstance(expected, list) else [expected])
    return named


class _Other:
    """A one-choice answer that none of some conditions name: they all see it alike."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "OTHER"


OTHER = _Other()


def seen_as(value: Value | None, named: frozenset[str]) -> Any:
    """An answer as conditions naming the options `named` see it (their tests read nothing else): a named
    one-choice answer, else OTHER; the named options a many-choice answer ticks; None when unanswered."""
    if value is None:
        return None
    if type(value) is str:
        return value if value in named else OTHER
    return tuple([o for o in value if o in named])


def alike_options(options: Iterable[str], conds: Iterable[Condition | None], question: str) -> dict[str, str]:
    """Each option → the first option (in the order given) that the conditions' tests of `question` treat
    alike: one-choice tests are `equals` and `one_of`, so options in exactly the same of their lists give
    every condition the same value."""
    lists = [frozenset(e if isinstance(e, list) else [e]) for cond in conds for _, _, q, e in leaves(cond)
             if q == question]
    first: dict[tuple[bool, ...], str] = {}
    return {o: first.setdefault(tuple([o in e for e in lists]), o) for o in options}


def questions_of(cond: Condition | None) -> list[str]:
    """The questions a condition reads, in first-use order."""
    return list(dict.fromkeys(question for _, _, question, _ in leaves(cond)))


def problems(
    cond: Condition | None, questions: Mapping[str, Mapping[str, Any]]
) -> Iterator[tuple[tuple[Any, ...], str]]:
    """(relative path, message) for each unknown question or option, or wrong operator."""
    for path, op, question, expected in leaves(cond):
        spec = questions.get(question)
        if spec is None:
            yield path, f"unknown question {question!r}{did_you_mean(question, questions)}"
            continue
        if spec["kind"] != ONE_KIND[op]:
            better = "contains" if spec["kind"] == "many" else "equals"
            yield path, f"{op} does not apply to {spec['kind']}-choice question {question!r}; use {better}"
        options = [o["id"] for o in spec["options"]]
        values = expected if isinstance(expected, list) else [expected]
        for index, value in enumerate(values):
            if value not in options:
                where = path + ((index,) if isinstance(expected, list) else ())
                yield where, f"{value!r} is not an option of {question!r} ({', '.join(options)})"


def did_you_mean(word: str, choices: Mapping[str, Any] | list[str]) -> str:
    """' (did you mean 'x'?)' for the closest choice, or nothing."""
    from difflib import get_close_matches

    close = get_close_matches(word, list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""

