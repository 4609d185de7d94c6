"""The result types the engine returns and every renderer and script reads: named tuples."""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import NamedTuple
else:  # the same classes, built without compiling anything: see record.py
    from recommender.engine.record import NamedTuple

from recommender.knowledge.conditions import Value

SCHEMA_VERSION = 3
LEVELS = ("low", "medium", "high")


class Reason(NamedTuple):
    """A fired rule's effect on one candidate."""

    rule: str
    candidate: str
    weight: int
    answers: dict[str, Value]
    text: dict[str, str]
    source: str
    kind: str
    quote: str | None = None
    also: tuple[str, ...] = ()  # other sections that make the same claim


class Change(NamedTuple):
    """One answer changed: `before` None means unanswered."""

    question: str
    before: Value | None
    after: Value


class WhatIf(NamedTuple):
    """Answer changes that change one decision: its new top (one winner, or the candidates that tie)."""

    changes: tuple[Change, ...]
    decision: str
    top: tuple[str, ...]
    margin: int  # in points (may be 0 or less when `requirement`)
    requirement: bool = False  # the new winner meets every stated requirement and the runner-up does not

    @property
    def winner(self) -> str | None:
        return self.top[0] if len(self.top) == 1 else None


class Confidence(NamedTuple):
    """`settled`: no answer to the unanswered questions could change the outcome (a winner, or a tie).

    `why` says what set the level: "tie" (low), "margin" (the lead is below the
    high threshold), "open" (a lead large enough, but `open` unanswered
    questions could still change it: medium) or "settled" (high).
    """

    level: str
    margin: int
    settled: bool
    why: str = ""
    open: int = 0


class Unmet(NamedTuple):
    """A stated requirement a candidate does not meet: it ranks after every candidate that does."""

    candidate: str
    requirement: str
    why: dict[str, str]
    source: str


class Dated(NamedTuple):
    """Where a claim the output uses has aged since the article (`source` beyond it, as a rule)."""

    id: str
    text: dict[str, str]
    source: str


class Decision(NamedTuple):
    """One of the verdict's decisions (the framework, the approach) among its own candidates.

    `ranking` is in the order of the full scores, requirements included, but shows each candidate's
    points without a requirement's penalty: a candidate set aside (`unmet`) comes after every other."""

    name: str
    ranking: tuple[tuple[str, int], ...]
    top: tuple[str, ...]  # the winner, or every candidate tied at the top score
    confidence: Confidence
    unmet: tuple[Unmet, ...] = ()

    @property
    def winner(self) -> str | None:
        return self.top[0] if len(self.top) == 1 else None


def named(decisions: tuple[Decision, ...], name: str) -> Decision:
    """One decision; a knowledge base without candidates for it gives an empty one (no winner)."""
    found = next((d for d in decisions if d.name == name), None)
    return found or Decision(name, (), (), Confidence("low", 0, True, "tie"))


class Result(NamedTuple):
    """The recommendation: `winner` is the approach when it is a named architecture (with its `backend`),
    else the framework; None when the framework decision is a tie and no named architecture won."""

    winner: str | None
    backend: str | None
    ranking: tuple[tuple[str, int], ...]
    confidence: Confidence
    reasons: tuple[Reason, ...]
    backend_reasons: tuple[Reason, ...]
    caveats: tuple[Reason, ...]
    what_if: tuple[WhatIf, ...]
    unanswered: tuple[str, ...]  # the open questions: a question that will not be asked (`when` false) is not listed
    answers: dict[str, Value]
    packages: tuple[str, ...]
    decisions: tuple[Decision, ...] = ()
    default_backend: Reason | None = None  # the stated reason for the backend when the framework tied
    variants: tuple[str, ...] = ()  # the winning approach's variants that fit the answers
    ignored: dict[str, Value] = {}  # answers to questions whose `when` is false: never fire a rule (not mutated)
    dated: tuple[Dated, ...] = ()  # the aged claims among what the output uses, each once

    def decision(self, name: str) -> Decision:
        return named(self.decisions, name)

    @property
    def scores(self) -> dict[str, int]:
        return dict(self.ranking)

    def reasons_for(self, candidate: str) -> tuple[Reason, ...]:
        return tuple(r for r in self.reasons if r.candidate == candidate)
