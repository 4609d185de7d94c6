"""How much work a rule pack may ask of the engine: the limits `rules validate` holds every pack to.

The exact searches (settled, ask's room, explain) build one table per rule,
and one per conditional question, over the answers its condition reads: a
one-choice question is one variable over its options (plus "never asked" when
the question has a `when`), a many-choice question one yes/no variable per
option the condition names (plus "asked or not" when it has a `when`). The
table's worst-case size is the product of those variables' sizes, so it is
known from the pack alone, before any answer is given. Packs are untrusted
(they come with templates), so a pack whose worst case exceeds a limit is
refused when it is compiled, with the rule or question named.

Why these numbers: the shipped pack's largest rule table has 1,728 rows and
its largest question 11 options; the limits leave room for packs several
times richer, while one table at the limit takes well under 0.1 s to build
(docs/knowledge-format.md, Limits).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from recommender.knowledge.conditions import named_options

MAX_OPTIONS = 32  # options of one question: what-if tries each, and each is a yes/no variable
MAX_ROWS = 8192  # worst-case rows of one rule's (or one `when`'s) table


def variable_sizes(cond: Mapping[str, Any] | None, questions: Mapping[str, Mapping[str, Any]]) -> Iterator[int]:
    """The sizes of the variables a condition reads, as the exact searches split them (unknown questions
    are left to the cross-check)."""
    for question, options in named_options(cond).items():
        spec = questions.get(question)
        if spec is None:
            continue
        gated = spec.get("when") is not None
        if spec["kind"] == "one":
            yield len(spec["options"]) + gated
        else:
            yield from [2] * (len(options) + gated)


def worst_rows(cond: Mapping[str, Any] | None, questions: Mapping[str, Mapping[str, Any]], own: int = 1) -> int:
    """The worst-case rows of a table over a condition's variables (times `own`, a question's own size)."""
    rows = own
    for size in variable_sizes(cond, questions):
        rows *= size
        if rows > MAX_ROWS:  # stop early: the product of 32 yes/no variables is already far past the limit
            break
    return rows


def own_size(spec: Mapping[str, Any]) -> int:
    """A conditional question's own variables in its `when` table: its answer or "never asked", or for a
    many-choice question "asked or not" (its options do not enter its own `when`)."""
    return len(spec["options"]) + 1 if spec["kind"] == "one" else 2


def rule_problem(rule: Mapping[str, Any], questions: Mapping[str, Mapping[str, Any]]) -> str | None:
    """Why a rule's table would be too large, or None."""
    rows = worst_rows(rule.get("when"), questions)
    if rows > MAX_ROWS:
        return f"condition needs a table of more than {MAX_ROWS} answer combinations; split the rule ({_hint()})"
    return None


def question_problems(spec: Mapping[str, Any], questions: Mapping[str, Mapping[str, Any]]) -> Iterator[tuple[str, str]]:
    """(field, message) for each limit a question exceeds."""
    if len(spec["options"]) > MAX_OPTIONS:
        yield "options", f"{len(spec['options'])} options; at most {MAX_OPTIONS} are allowed"
    when = spec.get("when")
    if when is not None and worst_rows(when, questions, own_size(spec)) > MAX_ROWS:
        yield "when", f"condition needs a table of more than {MAX_ROWS} answer combinations ({_hint()})"


def _hint() -> str:
    return "see docs/knowledge-format.md, Limits"
