"""What the requirement rules (knowledge/requirements.py) mean for a decision: who is set aside and why, and
each candidate's points without the penalty, for display; the verdict itself comes from the full scores."""

from __future__ import annotations

from recommender.engine.result import Confidence, Unmet
from recommender.knowledge.conditions import Answers
from recommender.knowledge.model import KnowledgeBase


def points(kb: KnowledgeBase, score: int) -> int:
    """A score without its requirement penalty: the sum of the reasons shown for the candidate."""
    return score + kb.penalty if score < -kb.reach else score


def set_aside(kb: KnowledgeBase, score: int) -> bool:
    return score < -kb.reach


def shown(kb: KnowledgeBase, ranking: tuple[tuple[str, int], ...]) -> tuple[tuple[str, int], ...]:
    """A ranking in the full scores' order, with points."""
    return tuple((cid, points(kb, score)) for cid, score in ranking)


def lead(kb: KnowledgeBase, ranking: tuple[tuple[str, int], ...] | list[tuple[str, int]]) -> int:
    """The margin in points between the first two of a full ranking (may be negative when the second is set
    aside: the requirement decides, not the points)."""
    if len(ranking) < 2:
        return points(kb, ranking[0][1]) if ranking else 0
    return points(kb, ranking[0][1]) - points(kb, ranking[1][1])


def confidence(kb: KnowledgeBase, ranking: tuple[tuple[str, int], ...], found: Confidence) -> Confidence:
    """The confidence worked out from the full ranking, its margin in points; `why` is "requirement" when the
    winner meets every requirement and the runner-up does not (the level stays: high once settled)."""
    if len(ranking) < 2 or found.why == "tie":
        return found
    why = found.why
    if not set_aside(kb, ranking[0][1]) and set_aside(kb, ranking[1][1]):
        why = "requirement" if found.why in ("settled", "open") else found.why
    return found._replace(margin=lead(kb, ranking), why=why)


def unmet(kb: KnowledgeBase, answers: Answers, pool: tuple[str, ...]) -> tuple[Unmet, ...]:
    """Per candidate of the pool (in pool order), each requirement an answer states that it does not provide,
    in requirement id order. Only answers given count: an open question states nothing yet."""
    found: list[Unmet] = []
    for cid in pool:
        for rid in kb.lacking[cid]:
            req, triggers = kb.requirements[rid]
            if any(_chosen(answers, t.question, t.option) for t in triggers):
                found.append(Unmet(cid, rid, req["why"], req["source"]))
    return tuple(found)


def _chosen(answers: Answers, question: str, option: str) -> bool:
    value = answers.get(question)
    return value == option if isinstance(value, str) else value is not None and option in value


def stated(kb: KnowledgeBase, answers: Answers) -> list[str]:
    """The requirements some answer states, in id order."""
    return [rid for rid, (_, triggers) in sorted(kb.requirements.items())
            if any(_chosen(answers, t.question, t.option) for t in triggers)]
