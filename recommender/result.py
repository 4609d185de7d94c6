"""The result types the engine returns and every renderer and script reads."""

from __future__ import annotations

from dataclasses import dataclass

from recommender.conditions import Value

SCHEMA_VERSION = 1
LEVELS = ("low", "medium", "high")


@dataclass(frozen=True)
class Reason:
    """A fired rule's effect on one candidate."""

    rule: str
    candidate: str
    weight: int
    answers: dict[str, Value]
    text: dict[str, str]
    source: str
    kind: str
    quote: str | None = None


@dataclass(frozen=True)
class Change:
    """One answer changed: `before` None means unanswered."""

    question: str
    before: Value | None
    after: Value


@dataclass(frozen=True)
class WhatIf:
    changes: tuple[Change, ...]
    winner: str
    backend: str | None
    margin: int


@dataclass(frozen=True)
class Confidence:
    """`settled`: no answer to the unanswered questions could change the winner."""

    level: str
    margin: int
    settled: bool


@dataclass(frozen=True)
class Result:
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
