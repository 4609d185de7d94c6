"""How many questions the adaptive questionnaire asks, over random complete answer profiles.

    python bench/ask_questions.py [--profiles 1000] [--seed 1]

Each profile answers every question whose `when` holds; the questionnaire is
driven through the pure adaptive logic, answering from the profile. Reports the
mean and max number of questions asked as a fraction of all questions (target:
mean <= 60 %), and checks every run ends with both decisions of the full profile.
Beside it, for the first --oracle profiles, a small settling set found knowing the
answers: greedily, the answer that leaves the least room, until both decisions are
settled (an upper bound on the smallest set; no questionnaire can know the answers).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from recommender.ask.adaptive import Plan  # noqa: E402
from recommender.engine import recommend as engine  # noqa: E402
from recommender.engine.settled.exact import option_values  # noqa: E402
from recommender.knowledge.conditions import Value  # noqa: E402
from recommender.knowledge.load import load_knowledge_base  # noqa: E402

TARGET_MEAN = 0.60


def random_profile(plan: Plan, rng: random.Random) -> dict[str, Value]:
    """One answer for every question whose `when` holds, chosen uniformly among its values."""
    drawn = {q: rng.choice(option_values(plan.kb, q)) for q in plan.kb.questions}
    return complete(plan, drawn)


def complete(plan: Plan, drawn: dict[str, Value]) -> dict[str, Value]:
    """The profile a person would give: answers in question order, only where `when` holds."""
    profile: dict[str, Value] = {}
    for q in plan.kb.questions:
        if plan.whens[q](profile) is True:
            profile[q] = drawn[q]
    return profile


def knowing(plan: Plan, profile: dict[str, Value]) -> dict[str, Value]:
    """Answers taken from the profile one at a time, each the one leaving the least room, until settled."""
    chosen: dict[str, Value] = {}
    while not plan.settled(chosen):
        left = [q for q in profile if q not in chosen and plan.whens[q](chosen) is not False]
        best = min(left, key=lambda q: plan.room({**chosen, q: profile[q]}))
        chosen[best] = profile[best]
    return chosen


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--oracle", type=int, default=100, help="profiles for the knowing-the-answers figure")
    args = parser.parse_args()
    plan = Plan(load_knowledge_base())
    rng = random.Random(args.seed)
    total = len(plan.kb.questions)
    fractions, wrong, oracle = [], 0, []
    for index in range(args.profiles):
        profile = random_profile(plan, rng)
        answers, asked = plan.run({}, profile.__getitem__)
        fractions.append(len(asked) / total)
        full = engine.recommend(plan.kb, profile, what_if=False)
        wrong += plan.outcome(answers) != {d.name: d.top for d in full.decisions}
        if index < args.oracle:
            oracle.append(len(knowing(plan, profile)) / total)
    mean, worst = statistics.fmean(fractions), max(fractions)
    print(f"profiles: {args.profiles} (seed {args.seed}), questions: {total}")
    print(f"asked: mean {mean:.1%} ({mean * total:.2f} questions), max {worst:.1%} ({round(worst * total)} questions), "
          f"min {min(fractions):.1%}")
    if oracle:
        print(f"knowing the answers (greedy, {len(oracle)} profiles): mean {statistics.fmean(oracle):.1%}")
    print(f"a decision differs from the full profile's: {wrong}")
    ok = mean <= TARGET_MEAN and wrong == 0
    print(f"target mean <= {TARGET_MEAN:.0%}: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
