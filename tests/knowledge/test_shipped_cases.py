"""The shipped knowledge base's own rule tests, one pytest item per file of them: a change of weights
fails the files whose cases it moves, and each failure lists every case it broke with its scores, as
`recommender rules test` prints them."""

from __future__ import annotations

from collections import defaultdict

import pytest

from recommender.ruletools import runner
from recommender.ruletools.packs import origin
from tests.helpers import KB

BY_FILE: dict[str, list[dict]] = defaultdict(list)
for case in KB.tests:
    BY_FILE[origin(KB, "tests", case["id"])[0]].append(case)
FILES = sorted(BY_FILE)


def test_the_shipped_pack_has_rule_tests() -> None:
    assert len(KB.tests) >= 30


@pytest.mark.parametrize("file", FILES, ids=[f.rsplit("/", 1)[-1] for f in FILES])
def test_rule_tests_of(kb, file: str) -> None:
    """Each case as `rules test` checks it (the one comparison of expectations and results)."""
    outcomes = [runner.run_test(kb, case) for case in BY_FILE[file]]
    failed = [runner.failure_line(o) for o in outcomes if not o.passed]
    assert not failed, "the shipped verdicts these rule tests pin have moved:\n" + "\n".join(failed)
