"""Monotone evidence (a property of issue 8, hypothesis): adding an answer never un-fires a rule and never
lowers the candidate the newly fired rules favour.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from recommender.engine.scoring import evaluate
from recommender.knowledge.model import KnowledgeBase


@st.composite
def answers_and_one_more(draw: st.DrawFn, kb: KnowledgeBase) -> tuple[dict[str, Any], str, Any]:
    questions = sorted(kb.questions)
    answered = draw(st.lists(st.sampled_from(questions), unique=True, max_size=len(questions) - 1))
    answers = {q: _value(draw, kb, q) for q in answered}
    extra = draw(st.sampled_from([q for q in questions if q not in answers]))
    return answers, extra, _value(draw, kb, extra)


def _value(draw: st.DrawFn, kb: KnowledgeBase, question: str) -> Any:
    options = kb.option_ids(question)
    if kb.questions[question]["kind"] == "one":
        return draw(st.sampled_from(options))
    chosen = draw(st.lists(st.sampled_from(options), unique=True, min_size=1))
    return tuple(o for o in options if o in chosen)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
@pytest.mark.slow
def test_adding_an_answer_never_lowers_the_candidate_its_rules_favour(data: st.DataObject, kb: KnowledgeBase) -> None:
    answers, question, value = data.draw(answers_and_one_more(kb))
    # An answer that makes another question's `when` false drops that answer (issue 17 item 8,
    # tests/engine/test_conditional.py); among the answers that count, evidence only grows.
    assume(not kb.effective({**answers, question: value})[1])
    before = evaluate(kb, answers)
    after = evaluate(kb, {**answers, question: value})
    fired_before = {r.id for r in before.fired}
    fired_after = {r.id for r in after.fired}
    assert fired_before <= fired_after  # three-valued logic: knowing more never un-fires a rule
    new = [r for r in after.fired if r.id not in fired_before]
    for candidate in kb.candidates:
        if new and all(r.effects.get(candidate, 0) > 0 for r in new):
            assert after.scores[candidate] > before.scores[candidate]
        if all(r.effects.get(candidate, 0) >= 0 for r in new):
            assert after.scores[candidate] >= before.scores[candidate]
