"""Every `tests:` case of the shipped knowledge base, one pytest item each."""

from __future__ import annotations

import pytest

from recommender.answers import normalize
from recommender.engine.recommend import recommend
from recommender.engine.result import LEVELS
from tests.helpers import KB

CASES = KB.tests


def test_the_shipped_pack_has_rule_tests():
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_rule_pack_case(kb, case):
    result = recommend(kb, normalize(kb, case["answers"]), what_if=False)
    expect = case["expect"]
    assert result.winner == expect["winner"], result.ranking
    if "backend" in expect:
        assert result.backend == expect["backend"]
    if "min_confidence" in expect:
        assert LEVELS.index(result.confidence.level) >= LEVELS.index(expect["min_confidence"])
    fired = {r.rule for r in result.reasons}
    assert set(expect.get("reasons", [])) <= fired
