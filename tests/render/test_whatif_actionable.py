"""What-if a person can act on: questions say whether an answer is a fact of the project or a choice; the
short text proposes only choices and unanswered questions, the JSON keeps every change, marked."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings

from recommender.engine.recommend import recommend
from recommender.engine.whatif import actionable, nature
from recommender.render.text import what_if_shortlist
from tests.helpers import KB, answer_profiles, run_in_process

IMAGE_APP = ("recommend", "--goal", "application", "--data", "image")


def test_every_shipped_question_says_fact_or_choice() -> None:
    unmarked = [q for q, spec in KB.questions.items() if spec.get("nature") not in ("fact", "choice")]
    assert unmarked == []
    assert nature(KB, "data") == "fact" and nature(KB, "pretrained") == "choice"


def test_the_short_text_never_suggests_changing_the_data_of_an_image_app() -> None:
    out = run_in_process(*IMAGE_APP).out
    block = out.split("What would change it:\n", 1)[1].split("\n\n", 1)[0]
    assert block.startswith("  If ") and "work with" not in block and "your goal were" not in block
    doc = json.loads(run_in_process(*IMAGE_APP, "--format", "json").out)
    facts = [w for w in doc["what_if"] if not w["actionable"]]
    assert facts and all(any(c["nature"] == "fact" and c["from"] is not None for c in w["changes"]) for w in facts)
    assert any(c["question"] == "data" for w in facts for c in w["changes"])


@settings(max_examples=60, deadline=None)
@given(profile=answer_profiles(KB))
@pytest.mark.slow
def test_the_shortlist_holds_only_what_a_person_can_act_on(profile: dict) -> None:
    result = recommend(KB, KB.effective(profile)[0])
    shown = what_if_shortlist(KB, result)
    assert all(actionable(KB, w) for w in shown)
    for w in shown:
        assert all(c.before is None or nature(KB, c.question) == "choice" for c in w.changes)
