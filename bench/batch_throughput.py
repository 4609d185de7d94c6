"""Batch throughput: 100,000 generated profiles end to end through the CLI, and scoring through the API.

    python bench/batch_throughput.py [--profiles 100000] [--compare 2000]

Prints profiles per second for:
  * the CLI, `recommender recommend --batch FILE` in a fresh process (start-up, reading, checking,
    scoring, compact JSON out), in one process and with `--jobs 0` (one per CPU); target >= 20,000/s;
  * the API: `recommender.score` on raw answers (checking and scoring; target >= 100,000/s), the
    engine's `evaluate` on checked answers, `recommend(what_if=False)` and the full `recommend`;
  * the same rules in a general rule engine (`rule-engine`, installed only for this benchmark:
    `pip install rule-engine`), checked to give the same scores, and the ratio.

Profiles come from the knowledge base's own questions (seeded): nothing is hardcoded.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from recommender.answers import normalize  # noqa: E402
from recommender.api import recommend as api_recommend  # noqa: E402
from recommender.api import score  # noqa: E402
from recommender.engine.recommend import recommend  # noqa: E402
from recommender.engine.scoring import evaluate  # noqa: E402
from recommender.knowledge.conditions import Value  # noqa: E402
from recommender.knowledge.load import load_knowledge_base  # noqa: E402
from recommender.knowledge.model import KnowledgeBase  # noqa: E402

CLI_TARGET = 20_000
API_TARGET = 100_000


def profiles(kb: KnowledgeBase, count: int, seed: int = 20240) -> list[dict[str, Any]]:
    """Raw profiles like a script would send: each question answered with probability 0.6."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        answers: dict[str, Any] = {}
        for qid, spec in kb.questions.items():
            if rng.random() < 0.6:
                ids = kb.option_ids(qid)
                many = ticked(kb, qid, rng.sample(ids, rng.randint(1, 3))) if spec["kind"] == "many" else None
                answers[qid] = many or rng.choice(ids)
        out.append(answers)
    return out


def ticked(kb: KnowledgeBase, qid: str, picked: list[str]) -> list[str]:
    """A many-choice answer as a person can give it: an `exclusive` option (deploy's `none`) alone."""
    alone = [o for o in picked if o in kb.exclusive[qid]]
    return alone[:1] or picked


def rate(count: int, seconds: float) -> float:
    return count / seconds if seconds > 0 else float("inf")


def cpu_rate(count: int) -> float:
    """Profiles per CPU-second of the last timed run."""
    return rate(count, CPU_SECONDS[-1])


def timed(run: Callable[[], Any]) -> float:
    """Wall-clock seconds; CPU seconds (this process and its children) are kept in CPU_SECONDS."""
    start, cpu = time.perf_counter(), _cpu()
    run()
    CPU_SECONDS.append(_cpu() - cpu)
    return time.perf_counter() - start


CPU_SECONDS: list[float] = []


def _cpu() -> float:
    """On a shared machine wall time includes others' work; CPU time is this benchmark's own."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


Row = tuple[str, float, float, str]


def bench_cli(raw: list[dict[str, Any]], folder: Path) -> list[Row]:
    source = folder / "profiles.jsonl"
    source.write_text("".join(json.dumps(p) + "\n" for p in raw), encoding="utf-8")
    command = [sys.executable, "-m", "recommender", "recommend", "--batch", str(source)]
    subprocess.run([*command[:-1], "-"], input=b"{}\n", capture_output=True, check=True, cwd=ROOT)  # warm the cache
    rows, outputs = [], []
    for jobs in ("1", "0"):
        target = folder / f"results-{jobs}.jsonl"
        with open(target, "wb") as out:
            run = [*command, "--jobs", jobs]
            seconds = timed(lambda: subprocess.run(run, stdout=out, check=True, cwd=ROOT))  # noqa: B023 (called at once)
        outputs.append(target.read_bytes())
        lines = outputs[-1].count(b"\n")
        assert lines == len(raw), f"{lines} results for {len(raw)} profiles"
        wall = rate(len(raw), seconds)
        name = "CLI recommend --batch, end to end" + (", --jobs 0" if jobs == "0" else ", one process")
        rows.append((name, wall, cpu_rate(len(raw)), _verdict(wall, CLI_TARGET)))
    assert outputs[0] == outputs[1], "--jobs changed the output"
    return rows


# --- the same rules in rule-engine ------------------------------------------------------------------


def _literal(value: Any) -> str:
    return json.dumps(value)


def _leaf(op: str, question: str, expected: Any) -> str:
    if op == "equals":
        return f"{question} == {_literal(expected)}"
    if op == "one_of":
        return f"{question} in {_literal(list(expected))}"
    if op == "contains":
        return f"{_literal(expected)} in {question}"
    return "(" + " or ".join(f"{_literal(v)} in {question}" for v in expected) + ")"


def definitely(cond: Mapping[str, Any] | None, truth: bool = True) -> str:
    """An expression true exactly when `cond` is definitely `truth` under three-valued logic:
    a test on an unanswered question (null) is unknown, as in the recommender."""
    if cond is None:
        return "true" if truth else "false"
    ((op, arg),) = cond.items()
    if op == "not":
        return definitely(arg, not truth)
    if op in ("all", "any"):
        joiner = " and " if (op == "all") == truth else " or "
        return "(" + joiner.join(definitely(c, truth) for c in arg) + ")"
    ((question, expected),) = arg.items()
    test = _leaf(op, question, expected)
    return f"({question} != null and {'' if truth else 'not '}({test}))"


def rule_engine_scorer(kb: KnowledgeBase) -> Callable[[Mapping[str, Value]], dict[str, int]]:
    import rule_engine

    context = rule_engine.Context(default_value=None)
    compiled = [(rule_engine.Rule(definitely(rule.when), context=context), rule.effects) for rule in kb.rules]

    def score(answers: Mapping[str, Value]) -> dict[str, int]:
        data = {q: list(v) if isinstance(v, tuple) else v for q, v in answers.items()}
        scores = dict.fromkeys(kb.candidates, 0)
        for rule, effects in compiled:
            if rule.matches(data):
                for candidate, weight in effects.items():
                    scores[candidate] += weight
        return scores

    return score


def bench_api(kb: KnowledgeBase, raw: list[dict[str, Any]], compare: int) -> list[Row]:
    rows: list[Row] = []

    def measure(name: str, items: list[Any], run: Callable[[Any], Any], target: int = 0) -> float:
        wall = rate(len(items), timed(lambda: [run(item) for item in items]))
        rows.append((name, wall, cpu_rate(len(items)), _verdict(wall, target) if target else ""))
        return wall

    normalized = [normalize(kb, p) for p in raw]
    measure("recommender.score, first pass (memo filling)", raw, lambda p: score(p, kb=kb))
    measure("recommender.score, raw answers", raw, lambda p: score(p, kb=kb), API_TARGET)
    measure("answers.normalize", raw, lambda p: normalize(kb, p))
    scoring = measure("engine.evaluate (scores, fired and undecided rules, bounds)", normalized,
                      lambda a: evaluate(kb, a))
    measure("recommend() via API, raw answers, no what-if", raw[:compare * 10],
            lambda p: api_recommend(p, kb=kb, what_if=False))
    measure("engine.recommend(what_if=False)", normalized, lambda a: recommend(kb, a, what_if=False))
    subset = normalized[:compare]
    measure(f"engine.recommend with what-if ({len(subset):,})", subset, lambda a: recommend(kb, a))
    try:
        scorer = rule_engine_scorer(kb)
    except ImportError:
        rows.append(("rule-engine", 0.0, 0.0, "not installed: pip install rule-engine"))
        return rows
    # The general engine gets the answers that count: an answer to a question that would not be asked
    # (its `when` false) never fires a rule, which the rules alone do not say.
    counted = [dict(kb.effective(a)[0]) for a in subset]
    for answers in counted:
        assert scorer(answers) == evaluate(kb, answers).scores, f"rule-engine disagrees on {answers}"
    general = measure(f"rule-engine, same rules, same scores ({len(counted):,})", counted, scorer)
    name, wall, cpu, _ = rows[-1]
    rows[-1] = (name, wall, cpu, f"engine.evaluate is {scoring / general:,.0f}x faster")
    return rows


def _verdict(value: float, target: int) -> str:
    return f"target {target:,}/s: {'met' if value >= target else 'MISSED'}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=100_000)
    parser.add_argument("--compare", type=int, default=2_000, help="profiles for what-if and rule-engine timings")
    args = parser.parse_args(argv)
    kb = load_knowledge_base()
    raw = profiles(kb, args.profiles)
    print(f"{len(kb.rules)} rules, {len(kb.questions)} questions, {len(raw):,} profiles, {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as folder:
        cli = bench_cli(raw, Path(folder))
    rows = [*cli, *bench_api(kb, raw, args.compare)]
    width = max(len(name) for name, *_ in rows)
    print(f"{'':<{width}}  {'profiles/s':>12}  {'per CPU-s':>12}")
    for name, wall, cpu, note in rows:
        print(f"{name:<{width}}  {wall:>12,.0f}  {cpu:>12,.0f}  {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
