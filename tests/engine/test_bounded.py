"""Bounded work on untrusted rule packs (issue 17 item 1): every command stays within a fixed budget of
operations, counted (condition tests evaluated), never timed.

The counter wraps every leaf test of the condition language before the knowledge base is built, so it
sees every rule, `when` and `fits` evaluated anywhere: scoring, settled, what-if, the questionnaire; and
it counts every row the exact searches enumerate (fire tables and elimination steps). Past its budget it
raises, so a pack that would run for minutes fails in a second.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from itertools import product
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recommender.api import recommend as api_recommend
from recommender.ask.adaptive import Plan
from recommender.batch.scorer import Scorer
from recommender.engine.recommend import recommend
from recommender.engine.settled import exact
from recommender.knowledge import conditions, limits
from recommender.knowledge.load import load_knowledge_base
from recommender.knowledge.model import KnowledgeBase
from recommender.render.options import RenderOptions
from tests.helpers import HOSTILE

# Operations (condition tests and search rows) one command may take. The shipped pack needs under
# 20,000 for a recommend and about 190,000 for ask's second question; the packs at the limits drawn
# here up to about 1,000,000.
BUDGET = 3_000_000


class OverBudget(Exception):
    pass


class Counter:
    def __init__(self) -> None:
        self.count = 0
        self.limit = BUDGET

    def start(self, limit: int = BUDGET) -> None:
        self.count, self.limit = 0, limit

    def tick(self) -> None:
        self.count += 1
        if self.count > self.limit:
            raise OverBudget(f"more than {self.limit} condition tests")


@pytest.fixture
def counter(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter]:
    """Counts leaf tests of every knowledge base built while the fixture is active."""
    found = Counter()
    leaf = conditions._leaf

    def counted(op: str, question: str, expected: Any) -> conditions.Test:
        test = leaf(op, question, expected)

        def run(answers: conditions.Answers) -> bool | None:
            found.tick()
            return test(answers)

        return run

    def rows(*domains: Iterable[Any]) -> Iterator[tuple[Any, ...]]:
        for row in product(*domains):
            found.tick()
            yield row

    monkeypatch.setattr(conditions, "_leaf", counted)
    monkeypatch.setattr(exact, "product", rows)
    yield found


def _layered(tmp_path: Path, *names: str) -> Path:
    folder = tmp_path / "pack"
    folder.mkdir()
    shutil.copy(HOSTILE / "base.yaml", folder / "00-base.yaml")
    for index, name in enumerate(names, 1):
        shutil.copy(HOSTILE / "limits" / name, folder / f"{index:02d}-{name}")
    return folder


# --- the packs of the issue ---------------------------------------------------------------------

PROFILES: list[dict[str, Any]] = [
    {"data": ("text",)},
    {"data": ("image",), "deploy": ("mobile",)},
    {"hardware": "gpu", "data": ("text", "image")},
    {"goal": "research", "data": ("text",)},
    {"goal": "research", "hx_many": ("o0", "o5")},
    {"experience": "numpy"},
]


def test_a_wide_many_choice_question_with_an_unknown_when_is_bounded(counter: Counter, tmp_path: Path) -> None:
    """0.9 listed the 2^20 subsets of `hx_many` in every check: seconds and hundreds of MB per recommend."""
    kb = load_knowledge_base([_layered(tmp_path, "many-unknown-when.yaml")], use_cache=False)
    for answers in PROFILES:
        counter.start(200_000)
        result = recommend(kb, answers)
        assert result.decisions


def test_a_batch_of_many_checks_is_bounded_per_line(counter: Counter, tmp_path: Path) -> None:
    """0.9's batch, once its memo took over (after 50 checks), built the subsets of every open question."""
    kb = load_knowledge_base([_layered(tmp_path, "many-unknown-when.yaml")], use_cache=False)
    scorer = Scorer(kb, {}, RenderOptions("en"))
    for number in range(60):
        counter.start(200_000)
        line = scorer.compact(number, dict(PROFILES[number % len(PROFILES)]))
        assert line.startswith('{"line":')


@pytest.mark.slow
def test_asks_first_questions_are_bounded(counter: Counter, tmp_path: Path) -> None:
    """0.9's `ask --data text` showed no prompt within 30 s on this pack."""
    kb = load_knowledge_base([_layered(tmp_path, "many-unknown-when.yaml")], use_cache=False)
    plan = Plan(kb)
    for answers in ({}, {"data": ("text",)}, {"goal": "research"}):
        counter.start(400_000)  # the shipped pack's second question (after the goal) takes about 190,000
        assert plan.next_question(answers) is not None


def test_the_shipped_pack_needs_far_less_than_the_budget(counter: Counter) -> None:
    kb = load_knowledge_base(use_cache=False)
    for answers in [{}, *PROFILES[:4]]:
        counter.start()
        recommend(kb, answers)
        assert counter.count < 100_000


# --- packs at the limits (property) --------------------------------------------------------------

TEXT = {"en": "x", "zh": "x"}
WIDE = [f"o{i}" for i in range(limits.MAX_OPTIONS)]
NARROW = [f"o{i}" for i in range(8)]


def _question(qid: str, kind: str, options: list[str], when: dict[str, Any] | None) -> dict[str, Any]:
    spec: dict[str, Any] = {"id": qid, "kind": kind, "prompt": TEXT, "help": TEXT,
                            "options": [{"id": o, "label": TEXT} for o in options]}
    return {**spec, "when": when} if when else spec


@st.composite
def packs_at_the_limits(draw: st.DrawFn) -> KnowledgeBase:
    """Questions of the most options, conditional on one another; rules whose tables are as large as the
    limits allow (a `contains_any` over a gated many-choice question, an `all` over gated one-choice ones)."""
    questions = [_question("m0", "many", WIDE, None), _question("g", "one", NARROW, None)]
    questions += [_question(f"m{i}", "many", WIDE, {"contains": {"m0": f"o{i}"}}) for i in (1, 2, 3)]
    questions += [_question(f"c{i}", "one", NARROW, {"equals": {"g": f"o{i}"}}) for i in range(5)]
    specs = {q["id"]: q for q in questions}
    rules: list[dict[str, Any]] = []
    for index in range(draw(st.integers(4, 10))):
        kind = draw(st.sampled_from(["any", "all", "mixed"]))
        if kind == "any":
            question = draw(st.sampled_from(["m0", "m1", "m2", "m3"]))
            options = draw(st.lists(st.sampled_from(WIDE), min_size=12, max_size=12, unique=True))
            when: dict[str, Any] = {"contains_any": {question: options}}
        elif kind == "all":
            chosen = draw(st.lists(st.sampled_from([f"c{i}" for i in range(5)]), min_size=4, max_size=4, unique=True))
            when = {"all": [{"equals": {q: draw(st.sampled_from(NARROW))}} for q in chosen]}
        else:
            when = {"any": [{"contains_any": {"m1": draw(st.lists(st.sampled_from(WIDE), min_size=5, max_size=5,
                                                                 unique=True))}},
                            {"equals": {"c0": "o1"}}, {"not": {"contains": {"m2": "o3"}}}]}
        while limits.worst_rows(when, specs) > limits.MAX_ROWS:  # never: the draws stay within the limits
            raise AssertionError(when)
        effects = draw(st.dictionaries(st.sampled_from(["a", "b", "c"]), st.integers(-3, 3).filter(bool),
                                       min_size=1, max_size=2))
        rules.append({"id": f"r{index}", "kind": "advice", "when": when, "effects": effects, "text": TEXT,
                      "source": "s"})
    data = {
        "questions": questions,
        "candidates": [{"id": c, "label": TEXT, "packages": [], "decision": "framework"} for c in "abc"],
        "sources": [{"id": "s", "section": "x"}], "rules": rules, "tests": [],
        "settings": {"confidence": {"high": 4, "medium": 2}},
    }
    assert all(limits.rule_problem(r, specs) is None for r in rules)
    assert all(not list(limits.question_problems(q, specs)) for q in questions)
    return KnowledgeBase(data)


def _partial(kb: KnowledgeBase) -> st.SearchStrategy[dict[str, Any]]:
    parts = {}
    for qid in kb.questions:
        ids = kb.option_ids(qid)
        if kb.questions[qid]["kind"] == "one":
            value: st.SearchStrategy[Any] = st.sampled_from(ids)
        else:
            value = st.lists(st.sampled_from(ids), max_size=3, unique=True).map(
                lambda v, ids=ids: tuple(o for o in ids if o in v))
        parts[qid] = st.one_of(st.none(), st.none(), value)
    return st.fixed_dictionaries(parts).map(lambda d: {k: v for k, v in d.items() if v is not None})


def _within(counter: Counter, run: Callable[[], object]) -> None:
    counter.start()
    run()
    assert counter.count <= BUDGET


def _at_the_limits(counter: Counter, data: st.DataObject) -> None:
    kb = data.draw(packs_at_the_limits())
    profiles = [data.draw(_partial(kb)) for _ in range(3)]
    scorer = Scorer(kb, {}, RenderOptions("en"))
    plan = Plan(kb)
    for answers in profiles:
        _within(counter, partial(recommend, kb, answers))  # `recommend`
        _within(counter, partial(scorer.compact, 1, dict(answers)))  # a batch line, memo kept across lines
        _within(counter, partial(plan.next_question, answers))  # ask's next question
        _within(counter, partial(api_recommend, answers, kb=kb))  # the Python API


@settings(max_examples=2, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
@pytest.mark.slow
def test_every_command_stays_within_the_budget_at_the_limits_quick(counter: Counter, data: st.DataObject) -> None:
    _at_the_limits(counter, data)


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_every_command_stays_within_the_budget_at_the_limits(counter: Counter, data: st.DataObject) -> None:
    _at_the_limits(counter, data)


def test_past_the_budget_a_decision_is_not_settled_and_says_so(monkeypatch: pytest.MonkeyPatch,
                                                                tmp_path: Path) -> None:
    """A sound answer that says so: `settled: false`, why `budget`, in the JSON and the text."""
    from recommender.render import FORMATS

    kb = load_knowledge_base(use_cache=False)
    answers = {"goal": "research", "data": ("text",)}
    assert recommend(kb, answers).decision("approach").confidence.why != "budget"
    monkeypatch.setattr(exact, "ROW_BUDGET", 10)
    result = recommend(kb, answers)
    cut = [d for d in result.decisions if d.confidence.why == "budget"]
    assert cut and not any(d.confidence.settled for d in cut)
    text = FORMATS["text"](kb, result, RenderOptions("en"))
    assert "not decided within the budget" in text
    json_text = FORMATS["json"](kb, result, RenderOptions("en"))
    assert '"why": "budget"' in json_text
