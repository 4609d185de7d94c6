"""The exact searches behind lint agree with brute force over every answer profile of small random packs."""

from __future__ import annotations

from itertools import chain, combinations, product
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recommender.engine.scoring import evaluate, top_of
from recommender.knowledge.model import KnowledgeBase
from recommender.ruletools import analysis

CANDIDATES = ("alpha", "beta", "gamma")
QUESTIONS = {"q1": ("one", ("a", "b", "c")), "q2": ("many", ("x", "y", "z")), "q3": ("one", ("m", "n"))}


def _leaf() -> st.SearchStrategy[dict[str, Any]]:
    one = st.sampled_from(["q1", "q3"]).flatmap(lambda q: st.one_of(
        st.sampled_from(QUESTIONS[q][1]).map(lambda o: {"equals": {q: o}}),
        st.lists(st.sampled_from(QUESTIONS[q][1]), min_size=1, max_size=2, unique=True)
        .map(lambda os: {"one_of": {q: os}}),
    ))
    many = st.one_of(
        st.sampled_from(QUESTIONS["q2"][1]).map(lambda o: {"contains": {"q2": o}}),
        st.lists(st.sampled_from(QUESTIONS["q2"][1]), min_size=1, max_size=2, unique=True)
        .map(lambda os: {"contains_any": {"q2": os}}),
    )
    return st.one_of(one, many)


conditions = st.recursive(
    _leaf(),
    lambda inner: st.one_of(
        inner.map(lambda c: {"not": c}),
        st.lists(inner, min_size=1, max_size=3).map(lambda cs: {"all": cs}),
        st.lists(inner, min_size=1, max_size=3).map(lambda cs: {"any": cs}),
    ),
    max_leaves=5,
)
effects = st.dictionaries(st.sampled_from(CANDIDATES), st.integers(-4, 4).filter(bool), min_size=1, max_size=3)
rules = st.lists(st.tuples(st.one_of(st.none(), conditions), effects), min_size=1, max_size=6)


def make_kb(spec: list[tuple[dict[str, Any] | None, dict[str, int]]]) -> KnowledgeBase:
    text = {"en": "x", "zh": "x"}
    data: dict[str, Any] = {
        "questions": [
            {"id": q, "kind": kind, "options": [{"id": o, "label": text} for o in options]}
            for q, (kind, options) in QUESTIONS.items()
        ],
        "candidates": [{"id": c, "packages": [], "decision": "framework"} for c in CANDIDATES],
        "sources": [{"id": "s", "section": "一"}],
        "rules": [
            {"id": f"r{i}", "kind": "advice", "effects": eff, "text": text, "source": "s", **({"when": w} if w else {})}
            for i, (w, eff) in enumerate(spec)
        ],
        "tests": [],
        "settings": {"confidence": {"high": 4, "medium": 2}},
    }
    return KnowledgeBase(data)


def every_profile() -> list[dict[str, Any]]:
    """The full answer space: unanswered or any option (one-choice), unanswered or any subset (many)."""
    choices = []
    for q, (kind, options) in QUESTIONS.items():
        if kind == "one":
            values: list[Any] = [None, *options]
        else:
            subsets = chain.from_iterable(combinations(options, n) for n in range(len(options) + 1))
            values = [None, *subsets]
        choices.append([(q, v) for v in values])
    return [{q: v for q, v in combo if v is not None} for combo in product(*choices)]


PROFILES = every_profile()


@settings(max_examples=150, deadline=None)
@given(rules)
@pytest.mark.slow
def test_winnable_candidates_match_brute_force(spec) -> None:
    kb = make_kb(spec)
    pool = kb.decisions["framework"]
    winners = {top_of(evaluate(kb, answers).scores, pool) for answers in PROFILES}
    for candidate in CANDIDATES:
        witness = analysis.winning_profile(kb, candidate)
        assert (witness is not None) == ((candidate,) in winners)  # a tie is no win
        if witness is not None:
            assert top_of(evaluate(kb, witness).scores, pool) == (candidate,)


@settings(max_examples=150, deadline=None)
@given(rules)
@pytest.mark.slow
def test_firing_and_equivalence_match_brute_force(spec) -> None:
    kb = make_kb(spec)
    fired = [{r.id for r in evaluate(kb, answers).fired} for answers in PROFILES]
    for rule in kb.rules:
        witness = analysis.firing_profile(kb, rule)
        assert (witness is not None) == any(rule.id in f for f in fired)
        if witness is not None:
            assert rule.test(witness) is True
    for first, second in combinations(kb.rules, 2):
        same = all((first.id in f) == (second.id in f) for f in fired)
        assert analysis.equivalent(kb, first, second) == same


def test_a_contradiction_needs_the_unanswered_case() -> None:
    """`not equals a` and `not not equals a` never fire together, but each fires alone."""
    kb = make_kb([({"not": {"equals": {"q1": "a"}}}, {"alpha": 1}), ({"equals": {"q1": "a"}}, {"alpha": 1})])
    first, second = kb.rules
    assert analysis.firing_profile(kb, first) == {"q1": "b"}
    assert not analysis.equivalent(kb, first, second)


def test_a_tie_is_no_win_even_at_zero() -> None:
    """With no rule firing every score is 0: a tie, which no candidate wins by its name."""
    kb = make_kb([({"equals": {"q1": "a"}}, {"alpha": -1})])
    assert analysis.winning_profile(kb, "alpha") is None
    assert analysis.winning_profile(kb, "beta") is None
    assert analysis.winning_profile(kb, "gamma") is None
