"""Requirements before weights: a candidate that lacks a stated requirement ranks after every one that has it,
is named with the reason in every format, is never a reason itself, and the settled check, what-if and the
rule tools see it as the verdict does."""

from __future__ import annotations

import json
from pathlib import Path

from recommender.engine.recommend import recommend
from recommender.knowledge.load import load_knowledge_base
from recommender.ruletools.weights import analyze
from tests.helpers import KB, run_in_process, text, write_pack

BROWSER = {"goal": "research", "deploy": ("browser",), "priorities": ("debugging",)}


def test_a_requirement_sets_a_higher_scoring_candidate_aside() -> None:
    result = recommend(KB, BROWSER)
    framework = result.decision("framework")
    points = dict(framework.ranking)
    assert framework.winner == "tensorflow" and points["pytorch"] > points["tensorflow"]
    assert [c for c, _ in framework.ranking] == ["tensorflow", "pytorch"]
    assert [(u.candidate, u.requirement, u.source) for u in framework.unmet] == [
        ("pytorch", "browser-runtime", "s2.tensorflow")]
    assert framework.confidence.why == "requirement" and framework.confidence.level == "high"


def test_the_points_shown_are_the_reasons_sums_and_no_requirement_is_a_reason() -> None:
    result = recommend(KB, BROWSER)
    assert not [r for r in result.reasons if r.kind == "requirement"]
    for cid, score in result.ranking:
        assert score == sum(r.weight for r in result.reasons_for(cid))


def test_the_text_names_what_was_set_aside_and_why_in_both_languages() -> None:
    args = ["recommend", "--goal", "research", "--deploy", "browser"]
    out = run_in_process(*args).out
    assert "  PyTorch set aside: the article names no browser runtime for it [§2]" in out.splitlines()
    zh = run_in_process(*args, "--lang", "zh").out
    assert "  PyTorch 被排除：原文没有提到它的浏览器运行时 [二]" in zh.splitlines()


def test_json_yaml_markdown_and_env_carry_the_unmet_requirement() -> None:
    args = ["recommend", "--goal", "research", "--hardware", "tpu"]
    doc = json.loads(run_in_process(*args, "--format", "json").out)
    assert doc["schema_version"] == 3
    assert doc["decisions"]["framework"]["unmet"] == [{
        "candidate": "pytorch", "requirement": "tpu", "why": "the article credits TPU support to TensorFlow alone",
        "source": "s3.tensorflow"}]
    assert doc["decisions"]["approach"]["unmet"] == []
    assert "requirement: \"tpu\"" in run_in_process(*args, "--format", "yaml").out
    assert "- PyTorch set aside: the article credits TPU support" in run_in_process(*args, "--format", "markdown").out
    assert "RECOMMENDER_UNMET_FRAMEWORK=pytorch:tpu" in run_in_process(*args, "--format", "env").out.splitlines()


def test_an_unanswered_deploy_question_can_still_change_the_framework() -> None:
    """The settled check sees the requirements: research alone is not settled, and what-if names the browser."""
    result = recommend(KB, {"goal": "research"})
    framework = result.decision("framework")
    assert framework.winner == "pytorch" and not framework.confidence.settled
    moves = [w for w in result.what_if if w.decision == "framework" and w.winner == "tensorflow"]
    assert any(c.question in ("deploy", "hardware", "languages") for w in moves for c in w.changes)


def test_a_phone_stays_a_weight() -> None:
    result = recommend(KB, {"goal": "research", "deploy": ("mobile",)})
    assert result.decision("framework").winner == "pytorch" and not result.decision("framework").unmet


def test_when_no_candidate_meets_every_requirement_the_scores_decide(tmp_path: Path) -> None:
    layer = tmp_path / "npu"
    write_pack(layer, {"questions": [{
        "id": "accelerator", "order": 65, "kind": "one", "prompt": text("Which accelerator?"),
        "help": text("An accelerator no framework here supports."),
        "options": [
            {"id": "npu", "label": text("An NPU"), "requires": [{
                "id": "npu-runtime", "decision": "framework", "label": text("an NPU runtime"),
                "why": text("nothing here names an NPU runtime for it"), "source": "beyond"}]},
            {"id": "none", "label": text("None"), "neutral": True}]}]})
    kb = load_knowledge_base([layer], use_cache=False)
    result = recommend(kb, {"goal": "research", "accelerator": "npu"})
    framework = result.decision("framework")
    assert {u.candidate for u in framework.unmet} == {"pytorch", "tensorflow"}
    assert framework.winner == "pytorch" and framework.confidence.why != "requirement"
    out = run_in_process("recommend", "--rules", str(layer), "--goal", "research", "--accelerator", "npu").out
    assert "  No framework meets every stated requirement: the scores decide." in out.splitlines()


def test_a_candidate_cannot_provide_what_no_option_requires(tmp_path: Path) -> None:
    layer = tmp_path / "bad"
    write_pack(layer, {"candidates": [{
        "id": "jax", "label": text("JAX"), "kind": "framework", "decision": "framework", "summary": text("JAX."),
        "packages": [{"name": "jax"}], "provides": [{"id": "tpus", "source": "beyond"}]}]})
    res = run_in_process("rules", "validate", str(layer))
    assert res.code == 3 and "no option requires 'tpus'" in res.err


def test_the_rule_tools_weigh_no_requirement() -> None:
    """rules analyze: no requirement penalty counts as a swing or a deciding rule; what it sets aside is
    tallied apart."""
    found = analyze(KB, count=60)
    assert not found.over_cap(KB.settings["swing_cap"])
    assert not [r for r in found.decisive if r.startswith("requires:")]
    assert found.set_aside["pytorch"] > 0


def test_ask_does_not_stop_while_an_open_question_could_still_state_a_requirement() -> None:
    """Everything answered but the deployment, for a research text project on GPUs: only a requirement
    (the browser, an embedded device, JavaScript or C) could still move the framework, and ask keeps asking."""
    from recommender.ask.adaptive import Plan

    plan = Plan(KB)
    answers = {"goal": "research", "data": ("text",), "task": "classification", "scale": "single",
               "model_size": "standard", "hardware": "gpu", "pretrained": "yes", "priorities": ("debugging",),
               "experience": ("pytorch",), "industry": "general", "similar_model": "none", "custom": "no"}
    assert not plan.settled(answers)
    assert plan.settled({**answers, "deploy": ("none",)})
    assert recommend(KB, {**answers, "deploy": ("browser",)}).decision("framework").winner == "tensorflow"
