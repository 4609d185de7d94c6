"""The result types the engine returns and every renderer and script reads."""

from __future__ import annotations

from typing import NamedTuple

from recommender.knowledge.conditions import Value

SCHEMA_VERSION = 1
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


class Change(NamedTuple):
    """One answer changed: `before` None means unanswered."""

    question: str
    before: Value | None
    after: Value


class WhatIf(NamedTuple):
    changes: tuple[Change, ...]
    winner: str
    backend: str | None
    margin: int


class Confidence(NamedTuple):
    """`settled`: no answer to the unanswered questions could change the winner."""

    level: str
    margin: int
    settled: bool


class Result(NamedTuple):
    winner: str
    backend: str | None
    ranking: tuple[tuple[str, int], ...]
    confidence: Confidence
    reasons: tuple[Reason, ...]
    backend_reasons: tuple[Reason, ...]
    caveats: tuple[Reason, ...]
    what_if: tuple[WhatIf, ...]
    unanswered: tuple[str, ...]
    answers: dict[str, Value]
    packages: tuple[str, ...]

    @property
    def scores(self) -> dict[str, int]:
        return dict(self.ranking)

    def reasons_for(self, candidate: str) -> tuple[Reason, ...]:
        return tuple(r for r in self.reasons if r.candidate == candidate)
