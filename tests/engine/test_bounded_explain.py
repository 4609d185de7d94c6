"""`--explain` has a work budget (issue 25 item 1): on a pack of many rules at the limits it says what it
left out rather than running for minutes (the 200-rule pack took 11-23 s, the 1,000-rule one 107 s).

Counted, never timed: the counter wraps every leaf test of the condition language, as in test_bounded.py.
The packs are written by tests/hostile/heavy.py (8 many-choice questions of 32 options, rules naming 13
options: 8,192 combinations, the limit).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recommender.engine import explain as explaining
from recommender.engine.recommend import recommend
from recommender.knowledge.load import load_knowledge_base
from recommender.knowledge.model import KnowledgeBase
from tests.helpers import LeafCount
from tests.hostile import heavy

ANSWERS: dict[str, Any] = {"goal": "research"}


def heavy_kb(folder: Path, pack: dict[str, Any]) -> KnowledgeBase:
    return load_knowledge_base([heavy.write(folder, pack=pack)], use_cache=False)


@pytest.fixture(scope="module")
def wide(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The shipped pack with the 8 wide questions, compiled once; a drawn pack adds its rules to it."""
    return heavy_kb(tmp_path_factory.mktemp("wide"), heavy.wide_pack(0)).data


def with_rules(data: dict[str, Any], shapes: list[heavy.Shape]) -> KnowledgeBase:
    rules = heavy.wide_pack_of(shapes)["rules"]
    return KnowledgeBase({**data, "rules": [*data["rules"], *rules]})


@pytest.mark.slow
def test_past_the_budget_the_rules_left_are_counted_not_guessed(tmp_path: Path, cli,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(explaining, "BUDGET", 15_000)  # a tenth of 8 rules' searches: the 200-rule pack's share
    kb = heavy_kb(tmp_path / "pack", heavy.wide_pack(8))
    result = recommend(kb, ANSWERS)
    cut = explaining.explain(kb, result)
    whole = explaining.explain(kb, result, budget=10**9)
    assert sum(c.unexplained for c in cut) > 0 and not any(c.unexplained for c in whole)
    for part, full in zip(cut, whole, strict=True):
        # What was explained is what the unbounded search finds; the rest is counted, not dropped.
        assert set(part.missed) <= set(full.missed)
        assert len(part.missed) + part.unexplained >= len(full.missed)
    text = cli("recommend", "--rules", str(tmp_path / "pack"), "--goal", "research", "--explain").out
    assert "more rules naming it not explained within the budget" in text
    doc = json.loads(cli("recommend", "--rules", str(tmp_path / "pack"), "--goal", "research", "--explain",
                         "--format", "json").out)
    assert [e.get("unexplained", 0) for e in doc["explain"]] == [c.unexplained for c in cut]


def test_the_shipped_pack_is_explained_whole(kb) -> None:
    for answers in ({}, {"goal": "research", "data": ("text",)}, {"goal": "production", "deploy": ("mobile",)}):
        assert not any(c.unexplained for c in explaining.explain(kb, recommend(kb, answers)))


# --- packs at the limits (property): the condition tests an explanation makes stay proportional to its budget

SMALL = 5_000  # a budget small enough that every drawn pack exceeds it in a quick run
TESTS_PER_TRY = 4  # a tried answer tests one rule (one or two leaves) and whether its question is asked


@st.composite
def wide_shapes(draw: st.DrawFn) -> list[heavy.Shape]:
    count = draw(st.integers(8, 24))
    question, start = st.integers(0, heavy.QUESTIONS - 1), st.integers(0, heavy.OPTIONS - 13)
    return [(draw(question), draw(question), draw(start)) for _ in range(count)]


def _explain_is_bounded(wide: dict[str, Any], counter: LeafCount, monkeypatch: pytest.MonkeyPatch,
                        shapes: list[heavy.Shape], budget: int) -> None:
    monkeypatch.setattr(explaining, "BUDGET", budget)
    kb = with_rules(wide, shapes)
    result = recommend(kb, ANSWERS)
    counter.count = 0
    explaining.explain(kb, result)
    assert counter.count <= TESTS_PER_TRY * budget


@settings(max_examples=2, deadline=None, suppress_health_check=list(HealthCheck))
@given(shapes=wide_shapes())
@pytest.mark.slow
def test_an_explanation_at_the_limits_is_bounded_quick(wide: dict[str, Any], counter: LeafCount,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      shapes: list[heavy.Shape]) -> None:
    _explain_is_bounded(wide, counter, monkeypatch, shapes, SMALL)


@pytest.mark.slow
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(shapes=wide_shapes().map(lambda s: s * 8))  # 64 to 192 rules, with the real budget
def test_an_explanation_at_the_limits_is_bounded(wide: dict[str, Any], counter: LeafCount,
                                                monkeypatch: pytest.MonkeyPatch, shapes: list[heavy.Shape]) -> None:
    _explain_is_bounded(wide, counter, monkeypatch, shapes, explaining.BUDGET)
