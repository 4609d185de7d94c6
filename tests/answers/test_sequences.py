"""Any sequence is a many-choice answer, and the memo never changes a verdict (issue 17, item 9).

`recommend(result.answers)` failed on a fresh knowledge base (a tuple was not a list), and passed
once a list with the same options had been checked: the memo keys lists and tuples alike.
"""

from __future__ import annotations

import pytest

from recommender.answers import normalize
from recommender.errors import AnswersError
from tests.helpers import shipped_kb


@pytest.mark.parametrize("first", ["tuple", "list"])
def test_a_tuple_and_a_list_give_the_same_answer_in_either_order(first):
    kb = shipped_kb()  # a fresh memo
    as_list, as_tuple = {"data": ["text", "image"]}, {"data": ("text", "image")}
    order = [as_tuple, as_list] if first == "tuple" else [as_list, as_tuple]
    assert [normalize(kb, raw) for raw in order] == [{"data": ("text", "image")}] * 2


def test_a_result_s_answers_can_be_given_back():
    from recommender.api import recommend
    from recommender.knowledge.load import load_knowledge_base

    kb = load_knowledge_base(use_cache=False)
    first = recommend({"goal": "research", "data": ("text",)}, kb=kb)
    again = recommend(first.answers, kb=kb)
    assert again.answers == first.answers and again.ranking == first.ranking


@pytest.mark.parametrize("first", ["tuple", "list"])
def test_a_one_choice_question_refuses_both_whatever_came_first(first):
    kb = shipped_kb()
    values = [("research",), ["research"]] if first == "tuple" else [["research"], ("research",)]
    for value in values:
        with pytest.raises(AnswersError, match="takes one value"):
            normalize(kb, {"goal": value})
