"""The full recommendation: both decisions, their confidence, reasons, packages and what-if in one Result.

The verdict is two decisions, as the knowledge's advice is: a framework, and an
approach (a named architecture, or the conventional
baseline) that runs on a framework. Each ranks its own candidates; a tie at the
top stays a tie.
"""

from __future__ import annotations

from recommender.engine import dated, requirements
from recommender.engine.result import LEVELS, Confidence, Decision, Reason, Result, named
from recommender.engine.scoring import Scoring, evaluate, margin_of, rank, top_of
from recommender.engine.settled import naming, state
from recommender.engine.settled.memo import Memo
from recommender.engine.starter import Snippet, chosen_snippet
from recommender.engine.whatif import search
from recommender.knowledge.conditions import Answers, firing
from recommender.knowledge.model import KnowledgeBase, Rule
from recommender.knowledge.profile import Profile, profile_of
from recommender.knowledge.requirements import KIND as REQUIREMENT


def confidence(
    kb: KnowledgeBase, scoring: Scoring, ranking: tuple[tuple[str, int], ...],
    answers: Answers | Profile | None = None, memo: Memo | None = None, scratch: Memo | None = None,
) -> Confidence:
    """A tie: low. Else high when the margin reaches the `high` setting and nothing unanswered can change
    the outcome; medium when the margin reaches `medium` (or `high` but still open); else low.
    `ranking` is the decision's own. When the settled check ran out of budget (a rule pack at its
    limits) it is not settled, and `why` says "budget" rather than "open" or "margin"."""
    thresholds = kb.settings["confidence"]
    pool = tuple(cid for cid, _ in ranking)
    margin = margin_of(ranking) if len(ranking) > 1 else 0
    profile = None if answers is None else profile_of(kb, answers)
    found = state(kb, scoring, pool, profile, memo, scratch)
    is_settled = found is True
    still = 0 if is_settled or profile is None else len(_open_for(scoring, pool, profile.open))
    if margin == 0:
        return Confidence("low", 0, is_settled, "tie", still)
    if margin >= thresholds["high"]:
        return Confidence("high", margin, True, "settled") if is_settled else Confidence(
            "medium", margin, False, "open" if found is False else "budget", still)
    level = "medium" if margin >= thresholds["medium"] else "low"
    return Confidence(level, margin, is_settled, "margin" if found is not None else "budget", still)


def _open_for(scoring: Scoring, pool: tuple[str, ...], still: tuple[str, ...]) -> list[str]:
    """The open questions that some undecided rule of this decision reads."""
    reading = {q for rule in naming(scoring, pool) for q in rule.questions}
    return [q for q in still if q in reading]


def decide(kb: KnowledgeBase, scoring: Scoring, name: str, answers: Answers | Profile, memo: Memo | None,
           scratch: Memo | None = None, settle: bool = True) -> Decision:
    """One decision's outcome, ranking, confidence and unmet requirements; without `settle`, the confidence
    rests on the sound bound alone."""
    pool, profile = kb.decisions[name], profile_of(kb, answers)
    ranking = tuple(rank({c: scoring.scores[c] for c in pool}))
    checked = confidence(kb, scoring, ranking, profile if settle else None, memo, scratch)
    conf = requirements.confidence(kb, ranking, checked)
    return Decision(name, requirements.shown(kb, ranking), top_of(scoring.scores, pool), conf,
                    requirements.unmet(kb, profile.answers, pool))


def reasons(kb: KnowledgeBase, scoring: Scoring, answers: Answers, order: list[str]) -> tuple[Reason, ...]:
    """One reason per fired rule and candidate it names: by rank, then weight, then rule id."""
    position = {cid: index for index, cid in enumerate(order)}
    out = [
        Reason(
            rule.id, candidate, weight, {q: answers[q] for q in questions},
            rule.text, rule.source, rule.kind, rule.quote, rule.also,
        )
        for rule, questions in _firing(scoring, answers)
        if rule.kind != REQUIREMENT  # shown as the decision's `unmet`, not as a reason
        for candidate, weight in rule.effects.items()
    ]
    out.sort(key=lambda r: (position[r.candidate], -abs(r.weight), -r.weight, r.rule))
    return tuple(out)


def _firing(scoring: Scoring, answers: Answers) -> list[tuple[Rule, list[str]]]:
    """Each fired rule and the questions that make it fire, from its group's outcome when scoring kept them."""
    if scoring.outcomes is None:
        return [(rule, firing(rule.when, answers)) for rule in scoring.fired]
    return [pair for outcome in scoring.outcomes for pair in zip(outcome.fired, outcome.firing(answers), strict=True)]


def packages(kb: KnowledgeBase, approach: str | None, framework: str | None, answers: Answers,
             snippet: Snippet | None = None) -> tuple[str, ...]:
    """The printed snippet's own pip packages (what it alone imports), then the approach's for this framework
    (its backend), then the framework's own."""
    names = [*(snippet.packages if snippet else ())] + [
        name
        for cid in filter(None, (approach, framework))
        for name, only_for, test in kb.packages[cid]
        if (only_for or framework) == framework and test(answers)
    ]
    return tuple(dict.fromkeys(names))


def backend(kb: KnowledgeBase, approach: str, framework: Decision) -> tuple[str | None, Reason | None]:
    """The framework an approach runs on: the framework decision's winner among its backends; on a tie,
    the approach's stated default (with its reason) when it is among the tied, else none (still a tie)."""
    backends = kb.candidates[approach].get("backends", [])
    if not backends:
        return None, None
    if framework.winner in backends:
        return framework.winner, None
    default = kb.candidates[approach].get("default_backend")
    if default and default["id"] in framework.top:
        reason = Reason(f"{approach}.default_backend", default["id"], 0, {}, default["text"], default["source"],
                        "default", default.get("quote"))
        return default["id"], reason
    # A framework outside the backends won (a framework added in YAML): the best backend, if it leads them.
    ranked = [(c, s) for c, s in framework.ranking if c in backends]
    if framework.winner is None or len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None, None
    return ranked[0][0], None


def headline(
    kb: KnowledgeBase, framework: Decision, approach: Decision
) -> tuple[str | None, str | None, Reason | None]:
    """The recommendation's id, its backend and the default's reason: the approach when a named architecture
    won (run on a backend), else the framework (None when the framework decision is a tie)."""
    named = approach.winner
    if named is not None and not kb.candidates[named].get("baseline"):
        on, default = backend(kb, named, framework)
        return named, on, default
    return framework.winner, None, None


def overall(framework: Decision, approach: Decision) -> Confidence:
    """The recommendation's confidence: the framework's; when the approach is decided too (the
    recommendation then names it), the weaker of the two."""
    if approach.winner is None:
        return framework.confidence
    return min(framework.confidence, approach.confidence, key=lambda c: (LEVELS.index(c.level), c.margin))


def variants(kb: KnowledgeBase, approach: str | None, answers: Answers) -> tuple[str, ...]:
    """The winning approach's variants (a CNN for images …) whose condition holds for the answers."""
    if approach is None:
        return ()
    compiled = kb.variant_tests.get(approach, ())
    return tuple(vid for vid, test in compiled if test(answers))


class Verdict:
    """Both decisions and what they make of the recommendation: no reasons' texts, no what-if."""

    __slots__ = ("decisions", "winner", "backend", "default_backend", "confidence", "packages", "chosen", "snippet")

    def __init__(
        self,
        decisions: tuple[Decision, ...],
        winner: str | None,
        backend: str | None,
        default_backend: Reason | None,
        confidence: Confidence,
        packages: tuple[str, ...],
        chosen: tuple[str, ...],
        snippet: Snippet | None = None,
    ) -> None:
        self.decisions = decisions
        self.winner = winner
        self.backend = backend
        self.default_backend = default_backend
        self.confidence = confidence
        self.packages = packages
        self.chosen = chosen  # the candidates the recommendation stands for: its weaknesses are its caveats
        self.snippet = snippet  # the starter's snippet (its packages lead `packages`), when there is a winner


def starter_snippet(kb: KnowledgeBase, winner: str, on: str | None, framework: Decision, approach: Decision,
                    answers: Answers) -> Snippet | None:
    """The snippet the starter prints: a named architecture's on its backend, else the framework's (or its
    baseline approach's for it)."""
    cid = winner if on else winner or framework.winner
    return chosen_snippet(kb, cid, on, answers, approach.winner) if cid else None


def verdict(kb: KnowledgeBase, scoring: Scoring, answers: Answers | Profile, memo: Memo | None = None,
            settle: bool = True) -> Verdict:
    """Both decisions and the headline for a scored profile (raw answers are checked into one first).
    Without `settle` the confidence rests on the sound bound alone (no exact search): for callers that
    read only the outcomes (`rules analyze`)."""
    profile = profile_of(kb, answers)
    answers = profile.answers  # the scoring ignored the rest too
    scratch = Memo() if memo is None else None  # one call: the two decisions still share their tables
    decisions = tuple(decide(kb, scoring, name, profile, memo, scratch, settle) for name in kb.decisions)
    framework, approach = (named(decisions, n) for n in ("framework", "approach"))
    winner, on, default = headline(kb, framework, approach)
    chosen = tuple(dict.fromkeys(c for c in (winner, on, approach.winner) if c))
    snippet = starter_snippet(kb, winner, on, framework, approach, answers) if winner else None
    found = packages(kb, approach.winner, on or framework.winner, answers, snippet) if winner else ()
    return Verdict(decisions, winner, on, default, overall(framework, approach), found, chosen, snippet)


def recommend(
    kb: KnowledgeBase, answers: Answers | Profile, *, what_if: bool = True, memo: Memo | None = None,
) -> Result:
    """The full, explained recommendation for a checked profile (`answers.checked`; normalized answers are
    made one); `memo` as for `settled`. Answers to a question whose `when` is false are ignored
    (`Result.ignored`): nothing below sees them."""
    profile = profile_of(kb, answers)
    answers = profile.answers
    scoring = evaluate(kb, profile)
    ranking = rank(scoring.scores)
    found = verdict(kb, scoring, profile, memo)
    all_reasons = reasons(kb, scoring, answers, [cid for cid, _ in ranking])
    on = found.backend
    result = Result(
        winner=found.winner,
        backend=on,
        ranking=requirements.shown(kb, tuple(ranking)),
        confidence=found.confidence,
        reasons=all_reasons,
        backend_reasons=tuple(r for r in all_reasons if on and r.candidate == on),
        caveats=tuple(r for r in all_reasons if r.candidate in found.chosen and r.kind == "weakness"),
        what_if=search(kb, profile, {d.name: d.top for d in found.decisions}) if what_if else (),
        unanswered=profile.open,
        answers={q: answers[q] for q in kb.questions if q in answers},
        packages=found.packages,
        decisions=found.decisions,
        default_backend=found.default_backend,
        variants=variants(kb, named(found.decisions, "approach").winner, answers),
        ignored=profile.ignored,
    )
    return result._replace(dated=dated.collect(kb, answers, scoring.fired, found))
