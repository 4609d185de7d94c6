"""The full recommendation: scoring, confidence, reasons, packages and what-if in one Result."""

from __future__ import annotations

from recommender.engine.result import Confidence, Reason, Result
from recommender.engine.scoring import Scoring, _margin, backend_of, evaluate, rank
from recommender.engine.settled import settled
from recommender.engine.settled.memo import Memo
from recommender.engine.whatif import search
from recommender.knowledge.conditions import Answers
from recommender.knowledge.model import KnowledgeBase, Rule


def confidence(
    kb: KnowledgeBase, scoring: Scoring, ranking: list[tuple[str, int]], answers: Answers | None = None,
    memo: Memo | None = None,
) -> Confidence:
    """high: margin ≥ settings high and settled; medium: margin ≥ settings medium; else low."""
    thresholds = kb.settings["confidence"]
    margin = _margin(ranking)
    is_settled = settled(kb, scoring, ranking[0][0], answers, memo)
    if margin >= thresholds["high"] and is_settled:
        level = "high"
    elif margin >= thresholds["medium"]:
        level = "medium"
    else:
        level = "low"
    return Confidence(level, margin, is_settled)


def reasons(kb: KnowledgeBase, fired: list[Rule], answers: Answers, order: list[str]) -> tuple[Reason, ...]:
    """One reason per fired rule and candidate it names: by rank, then weight, then rule id."""
    position = {cid: index for index, cid in enumerate(order)}
    out = [
        Reason(
            rule.id, candidate, weight, {q: answers[q] for q in rule.questions if q in answers},
            rule.text, rule.source, rule.kind, rule.quote,
        )
        for rule in fired
        for candidate, weight in rule.effects.items()
    ]
    out.sort(key=lambda r: (position[r.candidate], -abs(r.weight), -r.weight, r.rule))
    return tuple(out)


def packages(kb: KnowledgeBase, winner: str, backend: str | None, answers: Answers) -> tuple[str, ...]:
    """The winner's pip packages that apply to these answers, then its backend's."""
    names = [
        name
        for cid in filter(None, (winner, backend))
        for name, only_for, test in kb.packages[cid]
        if (only_for or backend) == backend and test(answers)
    ]
    return tuple(dict.fromkeys(names))


def recommend(kb: KnowledgeBase, answers: Answers, *, what_if: bool = True, memo: Memo | None = None) -> Result:
    """The full, explained recommendation for normalized answers; `memo` as for `settled`."""
    scoring = evaluate(kb, answers)
    ranking = rank(scoring.scores)
    winner = ranking[0][0]
    backend = backend_of(kb, ranking)
    all_reasons = reasons(kb, scoring.fired, answers, [cid for cid, _ in ranking])
    return Result(
        winner=winner,
        backend=backend,
        ranking=tuple(ranking),
        confidence=confidence(kb, scoring, ranking, answers, memo),
        reasons=all_reasons,
        backend_reasons=tuple(r for r in all_reasons if backend and r.candidate == backend),
        caveats=tuple(r for r in all_reasons if r.candidate == winner and r.kind == "weakness"),
        what_if=search(kb, dict(answers), winner) if what_if else (),
        unanswered=tuple(q for q in kb.questions if q not in answers),
        answers={q: answers[q] for q in kb.questions if q in answers},
        packages=packages(kb, winner, backend, answers),
    )
