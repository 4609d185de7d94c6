"""`rules analyze` and `rules lint` have work budgets (issue 25 item 1): on packs of many rules at the limits
they say what they left out rather than running for minutes (`analyze` on a pack of 200 rules was still
running at 300 s; `lint` took 10-13 s on it, and both tens of seconds on 40 chained questions).

Counted, never timed. The packs are written by tests/hostile/heavy.py.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recommender.knowledge.load import load_knowledge_base
from recommender.knowledge.model import KnowledgeBase
from recommender.ruletools import lint, space, stacks, weights
from tests.helpers import LeafCount
from tests.hostile import heavy


@pytest.fixture(scope="module")
def chain(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return heavy.write(tmp_path_factory.mktemp("chain"), chain=40)


@pytest.fixture(scope="module")
def wide(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return heavy.write(tmp_path_factory.mktemp("wide"), rules=24)


@pytest.mark.slow
def test_analyze_past_its_budget_says_how_many_profiles_it_left_out(cli, chain: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(weights, "WORK_PER_PROFILE", 1_000)  # a tenth of what the chain needs, to keep this quick
    kb = load_knowledge_base([chain])
    done = weights.affordable(kb, 200)
    assert 0 < done < 200 and done == 200 * 1_000 // weights.profile_cost(kb)
    run = cli("rules", "analyze", "--rules", str(chain), "--profiles", "200", "--format", "json")
    doc = json.loads(run.out)
    assert (doc["profiles"], doc["not_analysed"]) == (done, 200 - done)
    text = cli("rules", "analyze", "--rules", str(chain), "--profiles", "200").out.splitlines()
    assert text[:2] == [f"{done} profiles (seeded); swing cap 6",
                        f"… {200 - done} of 200 profiles not analysed within the budget (the figures are over "
                        "the first ones of the same sample)"]


def test_the_shipped_pack_is_analysed_whole(kb) -> None:
    assert weights.affordable(kb, 100_000) == 100_000  # --profiles at its largest


@pytest.mark.slow
def test_the_shipped_pack_is_linted_whole(kb) -> None:
    assert not [f for f in lint.lint(kb, kb.files) if f.code == "not-checked"]


@pytest.mark.slow
def test_lint_past_its_budget_says_what_it_left_out(cli, wide: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lint, "SEARCH_BUDGET", 20_000)
    monkeypatch.setattr(weights, "WORK_PER_PROFILE", 500)
    run = cli("rules", "lint", "--rules", str(wide), "--format", "json")
    left = [f for f in json.loads(run.out)["findings"] if f["code"] == "not-checked"]
    assert left and all(f["severity"] == "warning" for f in left)
    assert any("shadowed not checked for" in f["message"] for f in left)
    assert any("swing-over-cap checked on" in f["message"] for f in left)


# --- packs at the limits (property): the condition tests stay proportional to the budgets ---------------

SEARCH = 5_000  # small budgets, which every drawn pack exceeds in a quick run
PER_PROFILE = 300
TESTS_PER_UNIT = 3  # a unit tests one rule (one or two leaves), or judges one condition, or one fits


@st.composite
def wide_shapes(draw: st.DrawFn) -> list[heavy.Shape]:
    count = draw(st.integers(8, 24))
    question, start = st.integers(0, heavy.QUESTIONS - 1), st.integers(0, heavy.OPTIONS - 13)
    return [(draw(question), draw(question), draw(start)) for _ in range(count)]


@pytest.fixture(scope="module")
def wide_data(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The shipped pack with the 8 wide questions, compiled once (with its origins, which lint reads)."""
    kb = load_knowledge_base([heavy.write(tmp_path_factory.mktemp("w"), rules=1)], use_cache=False)
    return {**kb.data, "origins": kb.section("origins"), "tests": kb.tests}


def with_rules(data: dict[str, Any], shapes: list[heavy.Shape]) -> KnowledgeBase:
    rules = [{**r, "id": f"drawn-{i}"} for i, r in enumerate(heavy.wide_pack_of(shapes)["rules"])]
    origins = {**data["origins"], "rules": {**data["origins"]["rules"], **{r["id"]: ["drawn.yaml", 1, 1]
                                                                           for r in rules}}}
    return KnowledgeBase({**data, "rules": [*data["rules"], *rules], "origins": origins})


def _tools_are_bounded(data: dict[str, Any], counter: LeafCount, monkeypatch: pytest.MonkeyPatch,
                       shapes: list[heavy.Shape], search: int, per_profile: int) -> None:
    monkeypatch.setattr(lint, "SEARCH_BUDGET", search)
    monkeypatch.setattr(weights, "WORK_PER_PROFILE", per_profile)
    kb = with_rules(data, shapes)
    sample = weights.PROFILES * per_profile
    counter.count = 0
    weights.analyze(kb)
    assert counter.count <= TESTS_PER_UNIT * sample
    # lint also walks every printable stack: bounded on its own, by counting the answers it would try
    # before trying any (stacks.MAX_ANSWERS), not by lint's search budget
    counter.count = 0
    with contextlib.suppress(stacks.TooManyAnswers):
        stacks.stacks(kb)
    walk = counter.count
    counter.count = 0
    lint.lint(kb, [])
    assert counter.count <= TESTS_PER_UNIT * (sample + search) + walk


@settings(max_examples=2, deadline=None, suppress_health_check=list(HealthCheck))
@given(shapes=wide_shapes())
@pytest.mark.slow
def test_analyze_and_lint_at_the_limits_are_bounded_quick(wide_data: dict[str, Any], counter: LeafCount,
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          shapes: list[heavy.Shape]) -> None:
    _tools_are_bounded(wide_data, counter, monkeypatch, shapes, SEARCH, PER_PROFILE)


@pytest.mark.slow
@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
@given(shapes=wide_shapes().map(lambda s: s * 8))  # 64 to 192 rules, with the real budgets
def test_analyze_and_lint_at_the_limits_are_bounded(wide_data: dict[str, Any], counter: LeafCount,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    shapes: list[heavy.Shape]) -> None:
    _tools_are_bounded(wide_data, counter, monkeypatch, shapes, lint.SEARCH_BUDGET, weights.WORK_PER_PROFILE)


def test_a_search_past_the_shared_budget_is_out_of_work_not_wrong(kb) -> None:
    rule = kb.rules[0]
    work = space.Work(0)
    with pytest.raises(space.OutOfWork):
        from recommender.ruletools import analysis

        analysis.firing_profile(kb, rule, work)
