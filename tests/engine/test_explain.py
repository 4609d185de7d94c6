"""`recommend --explain`: every candidate's fired rules add up to its score; every missed rule
comes with answers that really fire it."""

from __future__ import annotations

import json
import re

import pytest

from recommender.engine.explain import explain, firing_changes
from recommender.engine.whatif import apply, asked

PROFILES: list[list[str]] = [
    ["--goal", "research", "--data", "text"],
    ["--goal", "production", "--deploy", "mobile"],
    ["--goal", "application", "--data", "text", "--task", "translation", "--pretrained", "yes"],
    ["--goal", "learning", "--hardware", "cpu", "--deploy", "none", "--priorities", "debugging,simplicity"],
    [],
]


@pytest.mark.parametrize("args", PROFILES)
def test_json_weights_sum_to_scores(cli, args: list[str]) -> None:
    doc = json.loads(cli("recommend", *args, "--format", "json", "--explain").out)
    scores = {item["id"]: item["score"] for item in doc["ranking"]}
    assert [item["candidate"] for item in doc["explain"]] == list(scores)
    for item in doc["explain"]:
        assert sum(r["weight"] for r in item["fired"]) == item["score"] == scores[item["candidate"]]
        # The contract's reasons are the same fired rules.
        assert item["fired"] == [r for r in doc["reasons"] if r["candidate"] == item["candidate"]]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("args", PROFILES)
def test_text_weights_sum_to_scores(cli, args: list[str], lang: str) -> None:
    """Each "Label: score = +w +w …" line adds up, matches the ranking, and lists each fired weight."""
    out = cli("recommend", *args, "--explain", "--lang", lang).out
    doc = json.loads(cli("recommend", *args, "--format", "json", "--lang", lang).out)
    totals = {}
    for line in out.splitlines():
        match = re.fullmatch(r"(.+?)(?:: |：)(-?\d+) = ((?:[+-]\d+ ?)+|0)", line)
        if match:
            weights = [int(w) for w in match.group(3).split()]
            assert sum(weights) == int(match.group(2)), line
            totals[match.group(1)] = int(match.group(2))
    assert totals == {item["label"]: item["score"] for item in doc["ranking"]}


def test_explain_is_only_added(cli) -> None:
    """--explain adds the `explain` field and leaves every contract field as it was."""
    plain = json.loads(cli("recommend", "--goal", "research", "--format", "json").out)
    explained = json.loads(cli("recommend", "--goal", "research", "--format", "json", "--explain").out)
    assert "explain" not in plain
    explained.pop("explain")
    assert explained == plain


@pytest.mark.parametrize("args", PROFILES)
def test_missed_rules_fire_with_the_shown_answers(kb, args: list[str]) -> None:
    from recommender.answers import normalize
    from recommender.cli.flags import flag_answers
    from recommender.engine.recommend import recommend

    answers = _answers(kb, args, normalize, flag_answers)
    result = recommend(kb, answers, what_if=False)
    fired = {r.rule for r in result.reasons}
    for item in explain(kb, result):
        for missed in item.missed:
            assert missed.rule.id not in fired
            after = apply(answers, missed.changes)
            assert missed.rule.test(after) is True, missed.rule.id
            assert all(asked(kb, c.question, after) for c in missed.changes)
            assert missed.weight == missed.rule.effects[item.candidate]


def test_missed_rules_are_every_rule_that_could_fire(kb) -> None:
    """A rule naming a candidate is listed unless it fired or no answers can fire it."""
    from recommender.engine.recommend import recommend

    result = recommend(kb, {"goal": "research"}, what_if=False)
    fired = {r.rule for r in result.reasons}
    for item in explain(kb, result):
        listed = {m.rule.id for m in item.missed}
        for rule in kb.rules:
            if item.candidate in rule.effects and rule.id not in fired:
                assert (rule.id in listed) == (firing_changes(kb, rule, dict(result.answers)) is not None)


def test_firing_changes_are_minimal(kb) -> None:
    """No smaller set of changed questions fires the rule: checked by brute force over all options."""
    from itertools import combinations, product

    from recommender.engine.result import Change

    answers = {"goal": "production", "deploy": ("mobile",)}
    for rule in kb.rules:
        found = firing_changes(kb, rule, answers)
        if found is None or len(found) == 1:
            continue
        for size in range(1, len(found)):
            for questions in combinations(rule.questions, size):
                for values in product(*(_all_values(kb, q) for q in questions)):
                    picked = tuple(Change(q, answers.get(q), v) for q, v in zip(questions, values, strict=True))
                    assert not rule.test(apply(answers, picked)), (rule.id, picked)


def _all_values(kb, qid):
    from itertools import combinations

    options = kb.option_ids(qid)
    if kb.questions[qid]["kind"] == "one":
        return options
    return [tuple(c) for n in range(len(options) + 1) for c in combinations(options, n)]


def _answers(kb, args, normalize, flag_answers):
    raw: dict[str, list[str]] = {}
    for flag, value in zip(args[::2], args[1::2], strict=True):
        raw.setdefault(flag[2:].replace("-", "_"), []).append(value)
    # As click gives them: one tuple per flag given (one-choice flags too, so a repeat can be refused).
    values = {q: tuple(tuple(v.split(",")) if kb.questions[q]["kind"] == "many" else (v,) for v in vs)
              for q, vs in raw.items()}
    return dict(normalize(kb, flag_answers(kb, values)))


def test_text_names_rules_sources_and_answers(cli, kb) -> None:
    out = cli("recommend", "--goal", "research", "--explain").out
    assert "advice-research-pytorch" in out and "--goal research" in out
    assert kb.sources["s6.advice"]["title"]["en"] in out
