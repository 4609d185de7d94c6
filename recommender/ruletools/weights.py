"""How the weights behave over many projects: each answer's largest swing, the rules that decide verdicts,
the shares of winners, backends and ties. `rules analyze` prints it; `rules lint` holds the swing to
`settings.swing_cap`.

The profiles are a seeded sample, so the same pack gives the same figures: each question is answered
or not with even odds (a question whose `when` is false stays unanswered), a one-choice question with
any option, a many-choice one with each option ticked with odds of one in three (at least one), and a
profile whose answers contradict an option's `fits` is drawn again.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from recommender.engine.recommend import verdict
from recommender.engine.requirements import points
from recommender.engine.scoring import evaluate, scores_of, top_of
from recommender.engine.whatif import fits
from recommender.knowledge.conditions import Value
from recommender.knowledge.model import KnowledgeBase
from recommender.knowledge.requirements import KIND as REQUIREMENT

PROFILES = 1000
SEED = 1
# Work allowed per profile asked for, in answers tried times rules (`profile_cost`): the swing search scores a
# profile once per answer, and a scoring costs about as much as the rules it may have to test (measured at
# 0.25-0.5 us a unit on the shipped pack and on packs at the limits). The shipped pack costs 3,604 a profile;
# a pack of 200 rules at the limits about 80,000, which the budget cuts to 146 of 1,000 profiles.
WORK_PER_PROFILE = 12_000


def profile_cost(kb: KnowledgeBase) -> int:
    """The work one profile's swings may take: each answer tried, times the rules a scoring may test."""
    answers = sum(len(spec["options"]) for spec in kb.questions.values())
    return max(answers * len(kb.rules), 1)


def affordable(kb: KnowledgeBase, count: int) -> int:
    """How many of `count` profiles the budget (WORK_PER_PROFILE each) covers for this pack."""
    return min(count, WORK_PER_PROFILE * count // profile_cost(kb))


def sample(kb: KnowledgeBase, count: int = PROFILES, seed: int = SEED) -> list[dict[str, Value]]:
    """`count` consistent partial profiles, the same for the same seed."""
    rng = random.Random(seed)
    out: list[dict[str, Value]] = []
    while len(out) < count:
        profile = _draw(kb, rng)
        if fits(kb, profile):
            out.append(profile)
    return out


def _draw(kb: KnowledgeBase, rng: random.Random) -> dict[str, Value]:
    profile: dict[str, Value] = {}
    for qid, spec in kb.questions.items():
        if rng.random() < 0.5 or kb.asked_when[qid](profile) is False:
            continue
        options = kb.option_ids(qid)
        if spec["kind"] == "one":
            profile[qid] = rng.choice(options)
            continue
        ticked = [o for o in options if rng.random() < 1 / 3] or [rng.choice(options)]
        alone = [o for o in ticked if o in kb.exclusive[qid]]
        profile[qid] = (alone[0],) if alone else tuple(ticked)
    return profile


Answer = tuple[str, str]  # (question, option)


def with_answer(profile: dict[str, Value], kb: KnowledgeBase, answer: Answer) -> dict[str, Value] | None:
    """The profile with this option given (added, for a many-choice question), or None if it already has it."""
    qid, option = answer
    current = profile.get(qid)
    if kb.questions[qid]["kind"] == "one":
        return None if current is not None else {**profile, qid: option}
    chosen = set(current or ())
    if option in chosen:
        return None
    return {**profile, qid: tuple(o for o in kb.option_ids(qid) if o in chosen | {option})}


def swings(kb: KnowledgeBase, profiles: list[dict[str, Value]]) -> dict[Answer, dict[str, int]]:
    """Per answer, per candidate: the largest change giving that answer makes to the candidate's score."""
    out: dict[Answer, dict[str, int]] = {}
    for profile in profiles:
        before = _points(kb, profile)
        for qid in kb.questions:
            for option in kb.option_ids(qid):
                after_profile = with_answer(profile, kb, (qid, option))
                if after_profile is None or not fits(kb, after_profile):
                    continue
                after = _points(kb, after_profile)
                biggest = out.setdefault((qid, option), {})
                for cid, score in after.items():
                    change = abs(score - before[cid])
                    if change > biggest.get(cid, 0):
                        biggest[cid] = change
    return {a: found for a, found in out.items() if found}


def _points(kb: KnowledgeBase, profile: dict[str, Value]) -> dict[str, int]:
    """The scores without the requirements' penalty: a requirement is not a weight, so no swing."""
    return {cid: points(kb, score) for cid, score in scores_of(kb, profile).items()}


def over_cap(found: dict[Answer, dict[str, int]], cap: int) -> list[tuple[Answer, str, int]]:
    """Every (answer, candidate, swing) past the cap, in order."""
    return sorted((a, c, s) for a, swing in found.items() for c, s in swing.items() if s > cap)


@dataclass
class Analysis:
    profiles: int  # analysed: the first of the sample that the budget covers
    swings: dict[Answer, dict[str, int]]
    requested: int = 0  # asked for (--profiles); more than `profiles` when the budget ran out
    decisive: Counter[str] = field(default_factory=Counter)  # rule → profiles where it alone decides an outcome
    winners: Counter[str] = field(default_factory=Counter)  # recommendation id ("tie" when none)
    backends: Counter[str] = field(default_factory=Counter)
    ties: Counter[str] = field(default_factory=Counter)  # decision → profiles where it is a tie
    ties_as_wins: int = 0
    set_aside: Counter[str] = field(default_factory=Counter)  # candidate → profiles where a requirement sets it aside

    def over_cap(self, cap: int) -> list[tuple[Answer, str, int]]:
        return over_cap(self.swings, cap)

    def as_dict(self, cap: int) -> dict[str, Any]:
        n = max(self.profiles, 1)
        return {
            "profiles": self.profiles,
            **({"not_analysed": self.requested - self.profiles} if self.requested > self.profiles else {}),
            "swing_cap": cap,
            "over_cap": [
                {"question": q, "option": o, "candidate": c, "swing": s} for (q, o), c, s in self.over_cap(cap)
            ],
            "swings": [{"question": q, "option": o, "largest": dict(sorted(found.items()))}
                       for (q, o), found in sorted(self.swings.items())],
            "decisive_rules": [{"rule": r, "share": round(k / n, 4)} for r, k in _ordered(self.decisive)],
            "winners": {w: round(k / n, 4) for w, k in _ordered(self.winners)},
            "backends": {b: round(k / n, 4) for b, k in _ordered(self.backends)},
            "ties": {d: round(k / n, 4) for d, k in _ordered(self.ties)},
            "ties_presented_as_wins": self.ties_as_wins,
            "set_aside": {c: round(k / n, 4) for c, k in _ordered(self.set_aside)},
        }


def _ordered(counts: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def analyze(kb: KnowledgeBase, count: int = PROFILES, seed: int = SEED) -> Analysis:
    """The figures over the first profiles of the seeded sample that the budget covers (`affordable`)."""
    profiles = sample(kb, count, seed)[:affordable(kb, count)]
    found = Analysis(len(profiles), swings(kb, profiles), requested=count)
    for profile in profiles:
        _tally(kb, profile, found)
    return found


def _tally(kb: KnowledgeBase, profile: dict[str, Value], found: Analysis) -> None:
    scoring = evaluate(kb, profile)
    outcome = verdict(kb, scoring, profile, settle=False)  # no figure here reads the confidence
    found.winners[outcome.winner or "tie"] += 1
    if outcome.backend:
        found.backends[outcome.backend] += 1
    for item in outcome.decisions:
        if item.winner is None:
            found.ties[item.name] += 1
            found.ties_as_wins += outcome.winner in item.top
    tops = {d.name: d.top for d in outcome.decisions}
    found.set_aside.update(u.candidate for item in outcome.decisions for u in item.unmet)
    for rule in scoring.fired:
        if rule.kind == REQUIREMENT:  # counted above, as what it sets aside
            continue
        without = dict(scoring.scores)
        for cid, weight in rule.effects.items():
            without[cid] -= weight
        if any(top_of(without, pool) != tops[name] for name, pool in kb.decisions.items()):
            found.decisive[rule.id] += 1


def render_text(kb: KnowledgeBase, found: Analysis, cap: int) -> str:
    n = max(found.profiles, 1)
    lines = [f"{found.profiles} profile{'' if found.profiles == 1 else 's'} (seeded); swing cap {cap}"]
    if found.requested > found.profiles:
        lines.append(f"… {found.requested - found.profiles} of {found.requested} profiles not analysed within the "
                     "budget (the figures are over the first ones of the same sample)")
    lines += ["", "Largest swing of each answer, per candidate:"]
    for (qid, option), biggest in sorted(found.swings.items()):
        parts = ", ".join(f"{c} {s}{' (over the cap)' if s > cap else ''}" for c, s in sorted(biggest.items()))
        lines.append(f"  {qid}={option}: {parts}")
    lines += ["", "Rules that alone decide an outcome (share of profiles):"]
    lines += [f"  {k / n:6.1%}  {rule}" for rule, k in _ordered(found.decisive)]
    lines += ["", "Recommendation shares:"] + [f"  {k / n:6.1%}  {w}" for w, k in _ordered(found.winners)]
    lines += ["", "Backend shares:"] + [f"  {k / n:6.1%}  {b}" for b, k in _ordered(found.backends)]
    ties = ", ".join(f"{d} {found.ties[d] / n:.1%}" for d in kb.decisions)
    lines += ["", "Set aside by a stated requirement:"]
    lines += [f"  {k / n:6.1%}  {c}" for c, k in _ordered(found.set_aside)] or ["  none"]
    lines += ["", f"Ties: {ties}; ties presented as wins: {found.ties_as_wins}"]
    over = found.over_cap(cap)
    lines += [f"Answers over the swing cap: {len(over)}"]
    return "\n".join(lines) + "\n"
