"""Batch throughput: seeded profiles end to end through the CLI, and through the API, per CPU-second.

    python bench/batch_throughput.py [--profiles 4000] [--compare 2000] [--rss]

Prints profiles per second (wall clock, and per CPU-second: the figure to compare on a shared machine)
and each figure as a share of a hand-compiled scorer of the same pack (`compiled_scorer.py`: straight-line
Python over the answers, checked here to agree with `recommender.score`):
  * the CLI, `recommender recommend --batch FILE` in a fresh process (start-up, reading, checking,
    scoring, the settled check, compact JSON out), in one process (target >= 15,000 per CPU-second) and
    with `--jobs 0` (one per CPU; target: >= 1.6x the one process's wall-clock rate on 2 cores), against
    the compiled scorer parsing each JSON line, scoring it and dumping its ranking; and two one-process
    batches at once over one alone: what the machine's CPUs give work that shares nothing, the ceiling
    of `--jobs 0`;
  * the API: `recommender.score` on raw answers (target >= 100,000 per CPU-second), the engine's
    `evaluate` on checked answers, `recommender.recommend(what_if=False)` (target >= 5,000 per
    CPU-second) and the full `recommend`, against the compiled scorer on the raw answers (and that
    scorer after `answers.normalize`, the check `score()` makes: the most a checking scorer reaches);
  * the same rules in a general rule engine (`rule-engine`, installed only for this benchmark:
    `pip install rule-engine`), checked to give the same scores, and the ratio.
With `--rss`: the peak resident memory of one-process batches of 10,000, 30,000 and 100,000 distinct
profiles (target <= 60 MiB, flat).

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

CLI_TARGET = 15_000  # per CPU-second
API_TARGET = 100_000  # score(), per CPU-second
RECOMMEND_TARGET = 5_000  # recommend(what_if=False), per CPU-second
JOBS_TARGET = 1.6  # --jobs 0 over one process, wall clock, on 2 cores
RSS_TARGET_MIB = 60


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


def bench_cli(raw: list[dict[str, Any]], folder: Path, limit: float) -> list[Row]:
    """`limit`: the compiled scorer's lines per CPU-second (parse, score, dump)."""
    source = folder / "profiles.jsonl"
    source.write_text("".join(json.dumps(p) + "\n" for p in raw), encoding="utf-8")
    command = [sys.executable, "-m", "recommender", "recommend", "--batch", str(source)]
    subprocess.run([*command[:-1], "-"], input=b"{}\n", capture_output=True, check=True, cwd=ROOT)  # warm the cache
    rows, outputs, walls = [], [], []
    for jobs in ("1", "0"):
        target = folder / f"results-{jobs}.jsonl"
        with open(target, "wb") as out:
            run = [*command, "--jobs", jobs]
            seconds = timed(lambda: subprocess.run(run, stdout=out, check=True, cwd=ROOT))  # noqa: B023 (called at once)
        outputs.append(target.read_bytes())
        lines = outputs[-1].count(b"\n")
        assert lines == len(raw), f"{lines} results for {len(raw)} profiles"
        walls.append(rate(len(raw), seconds))
        cpu = cpu_rate(len(raw))
        if jobs == "1":
            rows.append(("CLI recommend --batch, one process", walls[-1], cpu, _share(cpu, limit) + ", "
                         + _verdict(cpu, CLI_TARGET)))
        else:
            speedup = walls[1] / walls[0]
            rows.append(("CLI recommend --batch --jobs 0", walls[-1], cpu, _share(cpu, limit)
                         + f", {speedup:.2f}x one process (wall): {'met' if speedup >= JOBS_TARGET else 'MISSED'}"))
    assert outputs[0] == outputs[1], "--jobs changed the output"
    rows.append(_machine_ceiling(command, len(raw), walls[0]))
    return rows


def _machine_ceiling(command: list[str], count: int, one: float) -> Row:
    """Two one-process batches of the same file at once, over one alone (wall clock, `one` lines per second):
    what this machine's two CPUs give work that shares nothing, the ceiling of any `--jobs 0`."""
    def both() -> None:
        runs = [subprocess.Popen([*command, "--jobs", "1"], stdout=subprocess.DEVNULL, cwd=ROOT) for _ in range(2)]
        codes = [run.wait() for run in runs]  # both waited for, whatever the first gives
        assert codes == [0, 0], f"a batch failed: exit codes {codes}"

    together = rate(2 * count, timed(both))
    return ("two one-process batches at once", together, cpu_rate(2 * count),
            f"{together / one:.2f}x one process (wall): this machine's ceiling for --jobs 0")


def _share(value: float, limit: float) -> str:
    return f"{value / limit:.1%} of compiled"


def bench_compiled(kb: KnowledgeBase, raw: list[dict[str, Any]]) -> tuple[list[Row], float, float]:
    """The hand-compiled scorer: on raw answers (the API's limit) and on JSON lines (the CLI's)."""
    from bench.compiled_scorer import compiled

    scorer = compiled(kb)
    for answers in raw[:2_000]:
        assert scorer(answers) == score(answers, kb=kb), f"the compiled scorer disagrees on {answers}"
    lines = [json.dumps(p) for p in raw]
    wall = rate(len(raw), timed(lambda: [scorer(p) for p in raw]))
    api = cpu_rate(len(raw))
    dumps, loads = json.dumps, json.loads
    cli_wall = rate(len(raw), timed(lambda: [dumps(scorer(loads(line))) for line in lines]))
    cli = cpu_rate(len(raw))
    # score() checks the answers first; the compiled scorer trusts them, so with the check it is score()'s ceiling.
    checking_wall = rate(len(raw), timed(lambda: [scorer(normalize(kb, p)) for p in raw]))
    checking = cpu_rate(len(raw))
    return [("compiled scorer, raw answers (100 %)", wall, api, "agrees with score() on 2,000"),
            ("compiled scorer after answers.normalize", checking_wall, checking,
             _share(checking, api) + ": the most a checking score() can reach"),
            ("compiled scorer, parse + score + dump (100 %)", cli_wall, cli, "")], api, cli


_PEAK = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True); "
         "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def bench_rss(kb: KnowledgeBase, folder: Path) -> list[Row]:
    """Peak RSS of a one-process batch of distinct profiles, at three sizes."""
    rows: list[Row] = []
    for count in (10_000, 30_000, 100_000):
        source = folder / f"rss-{count}.jsonl"
        source.write_text("".join(json.dumps(p) + "\n" for p in profiles(kb, count, seed=11)), encoding="utf-8")
        command = [sys.executable, "-m", "recommender", "recommend", "--batch", str(source)]
        # Started from a small interpreter: Linux keeps a process's peak RSS across exec, so a child
        # forked from this one (which holds the profiles) would report this process's peak.
        report = subprocess.run([sys.executable, "-c", _PEAK, *command], capture_output=True, check=True, cwd=ROOT)
        mib = int(report.stdout) / 1024
        rows.append((f"peak RSS, batch of {count:,} (MiB)", mib, mib,
                     f"target <= {RSS_TARGET_MIB} MiB: {'met' if mib <= RSS_TARGET_MIB else 'MISSED'}"))
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
    compiled = [(rule_engine.Rule(definitely(rule.when), context=context), rule.effects) for rule in kb.scored_rules]

    def score(answers: Mapping[str, Value]) -> dict[str, int]:
        data = {q: list(v) if isinstance(v, tuple) else v for q, v in answers.items()}
        scores = dict.fromkeys(kb.candidates, 0)
        for rule, effects in compiled:
            if rule.matches(data):
                for candidate, weight in effects.items():
                    scores[candidate] += weight
        return scores

    return score


def bench_api(kb: KnowledgeBase, raw: list[dict[str, Any]], compare: int, limit: float) -> list[Row]:
    """`limit`: the compiled scorer's profiles per CPU-second on raw answers."""
    rows: list[Row] = []

    def measure(name: str, items: list[Any], run: Callable[[Any], Any], target: int = 0) -> float:
        wall = rate(len(items), timed(lambda: [run(item) for item in items]))
        cpu = cpu_rate(len(items))
        rows.append((name, wall, cpu, _share(cpu, limit) + (", " + _verdict(cpu, target) if target else "")))
        return wall

    normalized = [normalize(kb, p) for p in raw]
    measure("recommender.score, first pass (memo filling)", raw, lambda p: score(p, kb=kb))
    measure("recommender.score, raw answers", raw, lambda p: score(p, kb=kb), API_TARGET)
    measure("answers.normalize", raw, lambda p: normalize(kb, p))
    scoring = measure("engine.evaluate (scores, fired and undecided rules, bounds)", normalized,
                      lambda a: evaluate(kb, a))
    measure("recommender.recommend(what_if=False), raw answers", raw,
            lambda p: api_recommend(p, kb=kb, what_if=False), RECOMMEND_TARGET)
    measure("engine.recommend(what_if=False), no memo (one-shot)", normalized[:compare],
            lambda a: recommend(kb, a, what_if=False))
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
    parser.add_argument("--profiles", type=int, default=4_000)
    parser.add_argument("--compare", type=int, default=2_000, help="profiles for what-if and rule-engine timings")
    parser.add_argument("--rss", action="store_true", help="also the peak RSS of batches of 10k to 100k lines")
    args = parser.parse_args(argv)
    kb = load_knowledge_base()
    raw = profiles(kb, args.profiles)
    print(f"{len(kb.rules)} rules, {len(kb.questions)} questions, {len(raw):,} profiles, {os.cpu_count()} CPUs")
    compiled_rows, api_limit, cli_limit = bench_compiled(kb, raw)
    with tempfile.TemporaryDirectory() as folder:
        cli = bench_cli(raw, Path(folder), cli_limit)
        memory = bench_rss(kb, Path(folder)) if args.rss else []
    rows = [*compiled_rows, *cli, *bench_api(kb, raw, args.compare, api_limit), *memory]
    width = max(len(name) for name, *_ in rows)
    print(f"{'':<{width}}  {'profiles/s':>12}  {'per CPU-s':>12}")
    for name, wall, cpu, note in rows:
        print(f"{name:<{width}}  {wall:>12,.0f}  {cpu:>12,.0f}  {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
