"""`rules test`: run the packs' `tests:` cases like a test runner."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from recommender.answers import normalize
from recommender.engine.recommend import recommend
from recommender.engine.result import LEVELS, Result
from recommender.errors import AnswersError
from recommender.knowledge.model import KnowledgeBase
from recommender.knowledge.records import RuleTestSpec
from recommender.knowledge.textcheck import escaped
from recommender.ruletools.packs import Pack, origin

TOP_REASONS = 3


@dataclass
class Outcome:
    id: str
    file: str
    line: int
    problems: list[str] = field(default_factory=list)
    result: Result | None = None

    @property
    def passed(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        got = self.result
        return {
            "id": self.id, "file": self.file, "line": self.line,
            "status": "passed" if self.passed else "failed", "problems": self.problems,
            "winner": got.winner if got else None, "backend": got.backend if got else None,
            "confidence": got.confidence.level if got else None,
        }


def selected(kb: KnowledgeBase, pack: Pack) -> list[RuleTestSpec]:
    """The tests defined in the files in focus, in id order."""
    return [t for t in kb.tests if pack.in_focus(origin(kb, "tests", t["id"])[0])]


def answers_of(kb: KnowledgeBase, test: RuleTestSpec) -> dict[str, Any]:
    return dict(normalize(kb, test["answers"], lambda q: f"$.tests[{test['id']}].answers.{q}"))


def run_test(kb: KnowledgeBase, test: RuleTestSpec) -> Outcome:
    file, line, _ = origin(kb, "tests", test["id"])
    outcome = Outcome(test["id"], file, line)
    try:
        answers = answers_of(kb, test)
    except AnswersError as exc:
        outcome.problems.append(f"bad answers: {exc}")
        return outcome
    outcome.result = recommend(kb, answers, what_if=False)
    outcome.problems = _compare(test["expect"], outcome.result)
    return outcome


def _compare(expect: dict[str, Any], got: Result) -> list[str]:
    problems = []
    if "winner" in expect and got.winner != expect["winner"]:
        problems.append(f"expected winner {expect['winner']}, got {got.winner or 'a tie'}")
    for name in ("framework", "approach"):
        if name in expect:
            problems += _decision_problems(name, expect[name], got.decision(name).top)
    if "backend" in expect and got.backend != expect["backend"]:
        problems.append(f"expected backend {expect['backend']}, got {got.backend or 'none'}")
    if "variant" in expect and expect["variant"] not in got.variants:
        problems.append(f"expected variant {expect['variant']}, got {', '.join(got.variants) or 'none'}")
    problems += _confidence_problems(expect.get("min_confidence"), got)
    fired = {r.rule for r in got.reasons}
    missing = [r for r in expect.get("reasons", []) if r not in fired]
    if missing:
        problems.append(f"expected reason{'s' if len(missing) > 1 else ''} {', '.join(missing)} to fire; did not")
    unwanted = [r for r in expect.get("absent", []) if r in fired]
    if unwanted:
        problems.append(f"expected {', '.join(unwanted)} not to fire; fired")
    problems += _requirement_problems(expect, got)
    wrong = [f"{c} {s} (got {got.scores[c]})" for c, s in expect.get("scores", {}).items() if got.scores[c] != s]
    if wrong:
        problems.append(f"expected scores {', '.join(wrong)}")
    return problems


def _requirement_problems(expect: dict[str, Any], got: Result) -> list[str]:
    """The candidates set aside by a requirement (at least these; `[]`: none), and aged items that must be
    listed."""
    problems = []
    aside = sorted({u.candidate for d in got.decisions for u in d.unmet})
    wanted = expect.get("unmet")
    # These candidates at least (a candidate a layer adds may lack the requirement too); [] is none at all.
    if wanted is not None and (not set(wanted) <= set(aside) if wanted else aside):
        problems.append(f"expected set aside {', '.join(sorted(wanted)) or 'none'}, got {', '.join(aside) or 'none'}")
    listed = {d.id for d in got.dated}
    missing = [i for i in expect.get("dated", []) if i not in listed]
    if missing:
        problems.append(f"expected dated {', '.join(missing)}; listed {', '.join(sorted(listed)) or 'none'}")
    return problems


def _decision_problems(name: str, wanted: str | list[str] | dict[str, list[str]], top: tuple[str, ...]) -> list[str]:
    """A decision's expected winner (an id), exact tie (a list of ids) or tie including some candidates
    (`{tie_including: [ids]}`), against its top."""
    if isinstance(wanted, dict):
        including = set(wanted["tie_including"])
        if len(top) > 1 and including <= set(top):
            return []
        what = "a tie including " + ", ".join(wanted["tie_including"])
    else:
        expected = {wanted} if isinstance(wanted, str) else set(wanted)
        if set(top) == expected:
            return []
        what = wanted if isinstance(wanted, str) else "a tie of " + ", ".join(wanted)
    shown = top[0] if len(top) == 1 else "a tie of " + ", ".join(top)
    return [f"expected {name} {what}, got {shown}"]


def _confidence_problems(wanted: str | dict[str, str] | None, got: Result) -> list[str]:
    """At least the given level: of the whole recommendation, or per decision."""
    if wanted is None:
        return []
    pairs = [("recommendation", wanted, got.confidence.level)] if isinstance(wanted, str) else [
        (name, level, got.decision(name).confidence.level) for name, level in wanted.items()
    ]
    return [
        f"expected {'' if name == 'recommendation' else name + ' '}confidence at least {level}, got {have}"
        for name, level, have in pairs if LEVELS.index(have) < LEVELS.index(level)
    ]


def failure_line(outcome: Outcome) -> str:
    """One line: what was expected, what came out, and why; escaped whole, as it names an untrusted file."""
    return escaped(_failure(outcome), keep="")


def _failure(outcome: Outcome) -> str:
    head = f"FAIL {outcome.id} ({outcome.file}:{outcome.line}): {'; '.join(outcome.problems)}"
    got = outcome.result
    if got is None:
        return head
    ranking = ", ".join(f"{cid} {score}" for cid, score in got.ranking)
    top = ", ".join(f"{r.rule} ({r.candidate} {r.weight:+d})" for r in got.reasons[:TOP_REASONS]) or "no rule fired"
    return f"{head} | ranking: {ranking} | top reasons: {top}"


def run_all(kb: KnowledgeBase, pack: Pack) -> list[Outcome]:
    return [run_test(kb, t) for t in selected(kb, pack)]


def summary(outcomes: list[Outcome]) -> str:
    passed = sum(o.passed for o in outcomes)
    return f"{passed} passed, {len(outcomes) - passed} failed"
