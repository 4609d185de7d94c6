"""A hand-compiled scorer of a rule pack: the limit a general scorer of the same pack can be measured against.

    python bench/compiled_scorer.py [--profiles 2000]

`source(kb)` writes one straight-line Python function over the answers: take the answers (option ids, a
list for a many-choice question), set aside those whose question's `when` is definitely false, one `if` per
rule (its condition definitely true, under the same three-valued logic as the engine), and the ranking in
points, ordered by the full scores as `recommender.score` orders it. Nothing is interpreted at run time: no
condition trees, no memo, no checking of the answers (the input is assumed well formed). Run as a script,
it checks that it agrees with `recommender.score` on seeded profiles.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from recommender.knowledge.model import KnowledgeBase  # noqa: E402

Scorer = Callable[[Mapping[str, Any]], tuple[tuple[str, int], ...]]


def definitely(cond: Mapping[str, Any] | None, truth: bool = True, local: bool = False) -> str:
    """A Python expression, true exactly when `cond` is definitely `truth` (a test on an unanswered
    question is unknown, neither): over the answers `a`, or with `local` over one variable per question
    (`v_<question>`, None when unanswered)."""
    if cond is None:
        return repr(truth)
    ((op, arg),) = cond.items()
    if op == "not":
        return definitely(arg, not truth, local)
    if op in ("all", "any"):
        joiner = " and " if (op == "all") == truth else " or "
        return "(" + joiner.join(definitely(c, truth, local) for c in arg) + ")"
    ((question, expected),) = arg.items()
    if local:
        value = f"v_{question}" if op in ("equals", "one_of") else f"(v_{question} or ())"
        answered = f"v_{question} is not None"
    else:
        value = f"a.get({question!r})" if op in ("equals", "one_of") else f"a.get({question!r}, ())"
        answered = f"{question!r} in a"
    test = {
        "equals": f"{value} == {expected!r}",
        "one_of": f"{value} in {tuple(sorted(expected))!r}",
        "contains": f"{expected!r} in {value}",
        "contains_any": " or ".join(f"{option!r} in {value}" for option in sorted(expected)),
    }[op]
    return f"({test})" if truth else f"({answered} and not ({test}))"


def source(kb: KnowledgeBase) -> str:
    """The scorer's code for this pack (requirement rules included, as the engine scores them)."""
    names = {cid: f"s{n}" for n, cid in enumerate(kb.candidates)}
    lines = ["def score(raw):", "    a = {}"]
    for q, spec in kb.questions.items():
        convert = "tuple(v)" if spec["kind"] == "many" else "v"
        lines += [f"    v = raw.get({q!r})", f"    if v is not None: a[{q!r}] = {convert}"]
    gated = [q for q in kb.questions if kb.questions[q].get("when") is not None]
    if gated:  # an answer whose question would not be asked counts for nothing (again after each removal)
        lines += ["    while True:", "        dropped = ["]
        lines += [f"            {q!r} if {q!r} in a and {definitely(kb.questions[q]['when'], False)} else None,"
                  for q in gated]
        lines += ["        ]", "        gone = [q for q in dropped if q]", "        if not gone: break",
                  "        for q in gone: del a[q]"]
    lines += [f"    {name} = 0" for name in names.values()]
    lines += [f"    v_{q} = a.get({q!r})" for q in kb.questions]
    for rule in kb.scored_rules:
        lines.append(f"    if {definitely(rule.when, local=True)}:")
        lines += [f"        {names[c]} += {w}" for c, w in rule.effects.items()]
    scores = ", ".join(f"({cid!r}, {names[cid]})" for cid in sorted(kb.candidates))
    lines += [f"    ranked = sorted([{scores}], key=lambda item: -item[1])",
              f"    return tuple((c, s + {kb.penalty} if s < -{kb.reach} else s) for c, s in ranked)"]
    return "\n".join(lines) + "\n"


def compiled(kb: KnowledgeBase) -> Scorer:
    """The pack's scorer as a function (its code from `source`, compiled once)."""
    space: dict[str, Any] = {}
    exec(compile(source(kb), "<compiled pack>", "exec"), space)  # noqa: S102 (the bench's own generated code)
    scorer: Scorer = space["score"]
    return scorer


def main(argv: list[str] | None = None) -> int:
    from bench.batch_throughput import profiles
    from recommender.api import score
    from recommender.knowledge.load import load_knowledge_base

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=2_000)
    args = parser.parse_args(argv)
    kb = load_knowledge_base()
    scorer = compiled(kb)
    raw = profiles(kb, args.profiles)
    wrong = [p for p in raw if scorer(p) != score(p, kb=kb)]
    print(f"{len(raw) - len(wrong):,} of {len(raw):,} profiles scored as recommender.score scores them")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
