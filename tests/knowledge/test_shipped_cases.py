"""Every `tests:` case of the shipped knowledge base, one pytest item each."""

from __future__ import annotations

import pytest

from recommender.ruletools import runner
from recommender.ruletools.runner import run_test
from tests.helpers import KB

CASES = KB.tests


def test_the_shipped_pack_has_rule_tests():
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_rule_pack_case(kb, case):
    """Each case as `rules test` checks it (the one comparison of expectations and results)."""
    outcome = run_test(kb, case)
    assert outcome.passed, runner.failure_line(outcome)
