"""Packed sums: scoring adds a profile's rule groups as ints and must read back the exact per-field sums."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recommender.knowledge.model import KnowledgeBase
from recommender.knowledge.packing import Packing

FIELDS = 3
MAGNITUDE = 50


@given(st.lists(st.lists(st.integers(-MAGNITUDE, MAGNITUDE), min_size=FIELDS, max_size=FIELDS), max_size=40))
def test_the_sum_of_packs_unpacks_to_the_sums_of_each_field(rows: list[list[int]]) -> None:
    packing = Packing(FIELDS, MAGNITUDE, len(rows))
    total = sum(packing.pack(row) for row in rows)
    expected = [sum(column) for column in zip(*rows, strict=True)] if rows else [0] * FIELDS
    assert packing.unpack(total, len(rows)) == expected


def test_a_value_past_the_magnitude_is_refused_not_carried_into_the_next_field() -> None:
    with pytest.raises(ValueError, match="magnitude 50"):
        Packing(FIELDS, MAGNITUDE, 2).pack([51, 0, 0])


def test_scoring_reads_the_same_sums_as_adding_the_rules_weights(kb: KnowledgeBase) -> None:
    from recommender.engine.scoring import scores_of

    answers = {"goal": "research", "data": ("text",), "deploy": ("server",)}
    expected = dict.fromkeys(kb.candidates, 0)
    for rule in kb.scored_rules:
        if rule.test(answers) is True:
            for candidate, weight in rule.effects.items():
                expected[candidate] += weight
    assert scores_of(kb, answers) == expected
