"""Requirements: what an answer needs of a candidate, as the YAML states it, made into penalty conditions.

An option lists what it `requires` (a browser runtime, a TPU …) of one decision's candidates; a candidate
lists, with a source, what it `provides`. Each candidate that lacks something some option requires gets
one rule, built here as plain data: it fires when any answer requires what the candidate lacks, and it
weighs more than every other rule together. So a candidate that cannot meet a stated requirement ranks
after every one that can, the weights decide among those that can, and when none can, all carry the same
penalty and the weights decide again. Being ordinary rules, they need nothing new in scoring, settled,
what-if or the questionnaire; the engine shows them as `unmet`, never as reasons.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from recommender.knowledge.records import CandidateSpec, QuestionSpec, RequirementSpec

KIND = "requirement"  # the kind of the rules made here: never a reason, never weighed by the rule tools
PREFIX = "requires:"  # their ids: a `:` no rule id of a pack can hold


class Trigger:
    """An option that requires something: the condition that it is chosen."""

    __slots__ = ("question", "option", "condition")

    def __init__(self, question: str, option: str, many: bool) -> None:
        self.question = question
        self.option = option
        self.condition = {("contains" if many else "equals"): {question: option}}


def declared(questions: Iterable[QuestionSpec]) -> dict[str, tuple[RequirementSpec, tuple[Trigger, ...]]]:
    """Every requirement an option states, by id: its first statement (question order) and every option
    that requires it."""
    found: dict[str, tuple[RequirementSpec, tuple[Trigger, ...]]] = {}
    for question in questions:
        for option in question["options"]:
            for spec in option.get("requires", []):
                first, triggers = found.get(spec["id"], (spec, ()))
                trigger = Trigger(question["id"], option["id"], question["kind"] == "many")
                found[spec["id"]] = first, (*triggers, trigger)
    return found


def provided(candidate: CandidateSpec) -> frozenset[str]:
    return frozenset(p["id"] for p in candidate.get("provides", []))


def lacking(
    candidate: CandidateSpec, requirements: Mapping[str, tuple[RequirementSpec, tuple[Trigger, ...]]],
) -> list[str]:
    """The requirements of the candidate's decision that it does not provide, in id order."""
    has = provided(candidate)
    return sorted(r for r, (spec, _) in requirements.items() if spec["decision"] == candidate["decision"]
                  and r not in has)


def condition(
    missing: list[str], requirements: Mapping[str, tuple[RequirementSpec, tuple[Trigger, ...]]],
) -> dict[str, Any] | None:
    """The condition "an answer requires one of these": None when nothing is missing."""
    parts = [t.condition for r in missing for t in requirements[r][1]]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else {"any": parts}


def reach(effects: Iterable[Mapping[str, int]]) -> int:
    """The most the authored rules can move any score: the sum of every weight's size."""
    return sum(abs(w) for e in effects for w in e.values())
