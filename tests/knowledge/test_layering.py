"""Layering over the shipped pack via the CLI: add a candidate, replace a rule by id, disable one by id."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from recommender.ruletools.analysis import firing_profile
from tests.helpers import rule, text, write_pack

JAX = {
    "questions": [
        {"id": "transformations", "order": 999, "kind": "one", "prompt": text("Need grad/jit/vmap?"),
         "help": text("JAX is built around them."), "what_if": {"set": text("you needed {value}")},
         "options": [{"id": "yes", "label": text("Yes")}, {"id": "no", "label": text("No")}]},
    ],
    "candidates": [
        {"id": "jax", "label": text("JAX", "JAX"), "kind": "framework", "summary": text("Composable transformations."),
         "packages": [{"name": "jax"}], "starter": {"snippet": "import jax\n\nprint(jax.numpy.ones(2))\n"}},
    ],
    "rules": [rule("jax-transformations", {"equals": {"transformations": "yes"}}, {"jax": 6}, "beyond")],
    "tests": [{"id": "jax-wins", "answers": {"transformations": "yes"}, "expect": {"winner": "jax"}}],
}


@pytest.fixture(scope="module")
def target(kb) -> tuple[str, dict[str, Any]]:
    """A shipped rule that fires for answers we can state, found from the pack itself (no hard-coded id)."""
    for candidate in kb.rules:
        if candidate.when is not None:
            profile = firing_profile(kb, candidate)
            if profile is not None:
                return candidate.id, {q: list(v) if isinstance(v, tuple) else v for q, v in profile.items()}
    pytest.skip("the shipped pack has no conditional rule")


def recommend(cli, answers: dict[str, Any], tmp_path: Path, *args: str) -> dict[str, Any]:
    answers_file = tmp_path / "answers.json"
    answers_file.write_text(json.dumps(answers))
    got = cli("recommend", "--answers", str(answers_file), "--format", "json", "--no-cache", *args)
    assert got.code == 0, got.err
    return json.loads(got.out)


def reasons(doc: dict[str, Any]) -> dict[str, str]:
    return {r["rule"]: r["candidate"] for r in doc["reasons"]}


@pytest.mark.slow
def test_a_layer_adds_a_candidate_question_rule_and_test(cli, tmp_path: Path) -> None:
    write_pack(tmp_path / "jax", JAX)
    doc = recommend(cli, {"transformations": "yes"}, tmp_path, "--rules", str(tmp_path / "jax"))
    assert doc["recommendation"]["id"] == "jax"
    assert doc["recommendation"]["packages"] == ["jax"]
    assert cli("rules", "validate", "--rules", str(tmp_path / "jax")).code == 0
    tested = cli("rules", "test", str(tmp_path / "jax"))
    assert (tested.code, tested.out) == (0, "1 passed, 0 failed\n")
    linted = cli("rules", "lint", str(tmp_path / "jax"))
    assert linted.code == 0
    assert linted.out.splitlines()[-1].startswith("0 errors, ")


def test_a_layer_replaces_a_shipped_rule_by_id(cli, tmp_path: Path, target) -> None:
    rule_id, answers = target
    assert rule_id in reasons(recommend(cli, answers, tmp_path))
    layer = {**JAX, "rules": [rule(rule_id, None, {"jax": 7}, "beyond")], "tests": []}
    write_pack(tmp_path / "replace", layer)
    doc = recommend(cli, answers, tmp_path, "--rules", str(tmp_path / "replace"))
    assert reasons(doc)[rule_id] == "jax"
    assert [r["weight"] for r in doc["reasons"] if r["rule"] == rule_id] == [7]


def test_a_layer_disables_a_shipped_rule_by_id(cli, tmp_path: Path, target) -> None:
    rule_id, answers = target
    write_pack(tmp_path / "off", {"disable": [rule_id]})
    doc = recommend(cli, answers, tmp_path, "--rules", str(tmp_path / "off"))
    assert rule_id not in reasons(doc)
    write_pack(tmp_path / "bad", {"disable": ["no-such-rule"]})
    got = cli("rules", "validate", "--rules", str(tmp_path / "bad"))
    assert got.code == 3
    assert got.err.endswith(": $.disable[0]: cannot disable unknown rule 'no-such-rule'\n")


@pytest.mark.slow
def test_a_later_layer_wins_and_the_environment_layers_first(run, kb, tmp_path: Path, target) -> None:
    """RECOMMENDER_RULES folders come before --rules folders; the later layer's rule replaces the earlier."""
    rule_id, answers = target
    write_pack(tmp_path / "jax", JAX)
    write_pack(tmp_path / "heavy", {"rules": [rule(rule_id, None, {"jax": 9}, "beyond")]})
    write_pack(tmp_path / "light", {"rules": [rule(rule_id, None, {"jax": 1}, "beyond")]})
    (tmp_path / "answers.json").write_text(json.dumps(answers))
    env = {"RECOMMENDER_RULES": os.pathsep.join([str(tmp_path / "jax"), str(tmp_path / "heavy")])}
    got = run("recommend", "--answers", str(tmp_path / "answers.json"), "--format", "json",
              "--rules", str(tmp_path / "light"), env=env)
    assert got.code == 0, got.err
    weights = [r["weight"] for r in json.loads(got.out)["reasons"] if r["rule"] == rule_id]
    assert weights == [1]
    validated = run("rules", "validate", env=env)
    assert validated.code == 0, validated.err
    assert f"{len(kb.candidates) + 1} candidates" in validated.out  # the shipped ones and JAX


def test_duplicate_ids_within_one_layer_are_errors(cli, tmp_path: Path) -> None:
    write_pack(tmp_path / "dup", {"rules": [rule("same", None, {"pytorch": 1}, "beyond")]}, "a.yaml")
    write_pack(tmp_path / "dup", {"rules": [rule("same", None, {"pytorch": 2}, "beyond")]}, "b.yaml")
    got = cli("rules", "validate", "--rules", str(tmp_path / "dup"))
    assert got.code == 3
    assert "b.yaml:2:7: $.rules[0].id: duplicate id 'same' (first defined at " in got.err


@pytest.mark.slow
def test_disabling_a_rule_a_shipped_test_names_keeps_the_pack_usable(cli, kb, tmp_path: Path) -> None:
    named = sorted({r for t in kb.tests for r in t["expect"].get("reasons", [])})
    if not named:
        pytest.skip("no shipped test names a reason")
    write_pack(tmp_path / "off", {"disable": [named[0]]})
    assert cli("rules", "validate", "--rules", str(tmp_path / "off")).code == 0
    tested = cli("rules", "test", "--rules", str(tmp_path / "off"))
    assert tested.code == 1
    assert f"expected reason {named[0]} to fire" in tested.out or f"{named[0]}, " in tested.out
