"""The two decisions are independent where the knowledge says so: an answer that only one decision's rules
read can never move the other decision."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recommender.engine.recommend import recommend
from tests.helpers import KB, answer_profiles


def _readers(question: str) -> set[str]:
    """The decisions whose rules read a question."""
    return {_decision_of(c)
            for rule in KB.rules if question in rule.questions for c in rule.effects}


def _decision_of(cid: str) -> str:
    return next(name for name, pool in KB.decisions.items() if cid in pool)


ONLY = {
    name: [q for q in KB.questions if _readers(q) == {name}]
    for name in KB.decisions
}


def test_each_decision_has_questions_of_its_own() -> None:
    assert ONLY["framework"] and ONLY["approach"], ONLY


@settings(max_examples=100, deadline=None)
@given(answer_profiles(KB), st.data())
@pytest.mark.slow
def test_an_answer_read_only_by_one_decision_never_flips_the_other(answers: dict, data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted(KB.decisions)))
    other = next(n for n in KB.decisions if n != name)
    question = data.draw(st.sampled_from(ONLY[name]))
    option = data.draw(st.sampled_from(KB.option_ids(question)))
    value = option if KB.questions[question]["kind"] == "one" else (option,)
    before = recommend(KB, answers, what_if=False).decision(other)
    after = recommend(KB, {**answers, question: value}, what_if=False).decision(other)
    assert (after.top, after.ranking) == (before.top, before.ranking)
