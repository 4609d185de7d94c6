"""Where a batch line's time goes: CPU microseconds per line for each step, and the settled check by test.

    python bench/batch_breakdown.py [--profiles 4000]

The steps of `recommend --batch` in one process, each timed over every line on its own (CPU time, so
another process on the machine does not count):
  * reading a line's JSON (`Scorer.data`) and checking its answers (`Scorer.answers`);
  * the record without the settled check: `Scorer.compact` with each decision's settled state looked up
    from a table filled beforehand (scoring, both decisions, confidence, headline, starter, aged-claims
    notes, the JSON text);
  * the settled check of both decisions (`settled.state` with a batch's memo, from empty, as a batch
    runs it), and the same checks split by the test that decided them, in `state`'s order (the cheap
    bound, the favoured completion, the rule groups' best cases, the climb, the exact elimination);
    the split is checked to give `state`'s answer for every check.
Then what one line costs in all, the lines per CPU-second that makes, and the ceiling with a settled
check that cost nothing, beside the budget the 15,000 lines per CPU-second target leaves a line.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.batch_throughput import CLI_TARGET, profiles  # noqa: E402
from recommender.batch.scorer import Scorer  # noqa: E402
from recommender.engine import recommend as engine  # noqa: E402
from recommender.engine.scoring import Scoring, contests, evaluate, top_of  # noqa: E402
from recommender.engine.settled import _bound_settled, naming, state  # noqa: E402
from recommender.engine.settled.exact import can_change, doubtful  # noqa: E402
from recommender.engine.settled.groups import quick_verdict  # noqa: E402
from recommender.engine.settled.memo import LIMIT, Memo  # noqa: E402
from recommender.engine.settled.witness import unseats  # noqa: E402
from recommender.knowledge.load import load_knowledge_base  # noqa: E402
from recommender.knowledge.model import KnowledgeBase  # noqa: E402
from recommender.knowledge.profile import Profile  # noqa: E402
from recommender.render import RenderOptions  # noqa: E402

TESTS = ("bound", "favoured completion", "rule groups", "climb", "exact elimination")


def cpu(run: Callable[[], Any]) -> float:
    start = time.process_time()
    run()
    return time.process_time() - start


def split(kb: KnowledgeBase, scoring: Scoring, pool: tuple[str, ...], profile: Profile, memo: Memo,
          spent: dict[str, float], decided: Counter[str]) -> bool | None:
    """`settled.state`'s tests in its order, each timed: the one that decides is counted."""
    answers, still = profile.answers, profile.open
    pairs = contests(top_of(scoring.scores, pool), pool)
    steps: list[tuple[str, Callable[[], bool | None]]] = [
        ("bound", lambda: True if _bound_settled(kb, scoring, pairs, answers) else None),
        ("favoured completion", lambda: False if unseats(kb, answers, still, scoring.scores, pool, memo) else None),
        ("rule groups", lambda: _negated(quick_verdict(kb, answers, still, scoring.scores, pairs, memo,
                                                       doubtful(kb, answers)))),
        ("climb", lambda: False if unseats(kb, answers, still, scoring.scores, pool, memo, climb=True) else None),
        ("exact elimination", lambda: _negated(can_change(kb, profile, scoring.scores, pairs,
                                                          naming(scoring, pool), memo))),
    ]
    for name, step in steps:
        start = time.process_time()
        found = step()
        spent[name] += time.process_time() - start
        if found is not None or name == TESTS[-1]:
            decided[name] += 1
            return found
    return None


def _negated(can: bool | None) -> bool | None:
    return None if can is None else not can


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=4_000)
    args = parser.parse_args(argv)
    gc.disable()  # as a batch runs: its memos would make every automatic collection rescan them
    kb = load_knowledge_base()
    lines = [(n, json.dumps(p).encode()) for n, p in enumerate(profiles(kb, args.profiles), 1)]
    count = len(lines)
    scorer = Scorer(kb, {}, RenderOptions("en"))
    data = [scorer.data(n, raw) or {} for n, raw in lines]  # no line is blank
    checked = [scorer.answers(n, d) for (n, _), d in zip(lines, data, strict=True)]
    scorings = [evaluate(kb, p) for p in checked]
    pools = list(kb.decisions.values())

    memo = Memo(witness=True, limit=LIMIT)
    settled_cpu = cpu(lambda: [state(kb, s, pool, p, memo) for p, s in zip(checked, scorings, strict=True)
                               for pool in pools])
    found: dict[tuple[int, frozenset[str]], bool | None] = {}
    spent = dict.fromkeys(TESTS, 0.0)
    decided: Counter[str] = Counter()
    memo = Memo(witness=True, limit=LIMIT)
    for p, s in zip(checked, scorings, strict=True):
        for pool in pools:
            found[(id(p), frozenset(pool))] = split(kb, s, pool, p, memo, spent, decided)
    again = Memo(witness=True, limit=LIMIT)
    assert all(found[(id(p), frozenset(pool))] == state(kb, s, pool, p, again)
               for p, s in zip(checked, scorings, strict=True) for pool in pools), "the split disagrees with state"

    def looked_up(kb: KnowledgeBase, scoring: Scoring, pool: tuple[str, ...], profile: Any = None,
                  memo: Any = None, scratch: Any = None) -> bool | None:
        return found[(id(profile), frozenset(pool))]  # `decide` may list the pool in another order

    real_state = engine.state  # type: ignore[attr-defined]
    setattr(engine, "state", looked_up)  # noqa: B010 (the record's own steps, each settled state looked up)
    try:
        record_cpu = cpu(lambda: [scorer.compact(n, p) for (n, _), p in zip(lines, checked, strict=True)])
    finally:
        setattr(engine, "state", real_state)  # noqa: B010
    rows = [("read a line's JSON", cpu(lambda: [scorer.data(n, raw) for n, raw in lines])),
            ("check its answers", cpu(lambda: [scorer.answers(n, d) for (n, _), d in zip(lines, data, strict=True)])),
            ("the record without the settled check", record_cpu),
            ("the settled check, both decisions", settled_cpu)]
    report(rows, spent, decided, count)
    return 0


def report(rows: list[tuple[str, float]], spent: dict[str, float], decided: Counter[str], count: int) -> None:
    per_line = {name: seconds / count * 1e6 for name, seconds in rows}
    total = sum(per_line.values())
    checks = sum(decided.values())
    print(f"{count:,} seeded profiles, {checks:,} settled checks; CPU microseconds per line")
    for name, micro in per_line.items():
        print(f"  {name:<48}{micro:8.1f}  {micro / total:6.1%}")
    print("  the settled check by the test that decided it (time of every test tried):")
    for name in TESTS:
        share = decided[name] / checks if checks else 0.0
        print(f"    {name:<46}{spent[name] / count * 1e6:8.1f}  {decided[name]:6,} checks ({share:.0%})")
    free = total - per_line["the settled check, both decisions"]
    print(f"  {'a line in all':<48}{total:8.1f}  = {1e6 / total:,.0f} lines per CPU-second")
    print(f"  {'with a settled check that cost nothing':<48}{free:8.1f}  = {1e6 / free:,.0f} lines per CPU-second")
    print(f"  {'the budget of the target':<48}{1e6 / CLI_TARGET:8.1f}  = {CLI_TARGET:,} lines per CPU-second")


if __name__ == "__main__":
    sys.exit(main())
