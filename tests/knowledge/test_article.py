"""The article's own advice and famous-model table, as golden cases of the shipped knowledge."""

from __future__ import annotations

import pytest

from recommender.engine.recommend import recommend

# 六、选择建议, combined: 序列数据建模 → a Transformer, on PyTorch or TensorFlow; 研究或实验 → PyTorch;
# 大规模生产部署 → TensorFlow. (framework, approach) each decision's winner; None: not decided by these answers.
ADVICE = [
    ({"goal": "research"}, "pytorch", None),
    ({"data": ("sequence",)}, None, "transformer"),
    ({"goal": "research", "data": ("text",)}, "pytorch", "transformer"),
    ({"goal": "production", "production_scale": "large", "data": ("text",)}, "tensorflow", "transformer"),
    ({"goal": "production", "scale": "cluster", "deploy": ("server",)}, "tensorflow", None),
]

# 四、知名大模型的应用: a project close to the model, with data that fits it → (approach, backends the table names).
# ViT lists both TensorFlow and PyTorch, so either backend agrees with the table. AlphaFold: deep learning with a
# graph neural network on TensorFlow (no Transformer), so a conventional approach and TensorFlow.
MODELS = [
    ("gpt", ("text",), "transformer", {"pytorch"}),
    ("bert", ("text",), "transformer", {"tensorflow"}),
    ("vit", ("image",), "transformer", {"pytorch", "tensorflow"}),
    ("dall-e", ("image", "text"), "transformer", {"pytorch"}),
    ("clip", ("image", "text"), "transformer", {"pytorch"}),
    ("alphafold", ("protein",), "conventional", {"tensorflow"}),
    ("stable-diffusion", ("image",), "transformer", {"pytorch"}),
]


@pytest.mark.parametrize(("answers", "framework", "approach"), ADVICE, ids=lambda v: str(v))
def test_choosing_advice(kb, answers, framework, approach):
    result = recommend(kb, answers)
    if framework:
        assert result.decision("framework").winner == framework
    if approach:
        assert result.decision("approach").winner == approach
    else:
        assert result.decision("approach").winner is None  # nothing about the data: a tie, not a guess


@pytest.mark.parametrize(("model", "data", "approach", "backends"), MODELS, ids=[m[0] for m in MODELS])
def test_famous_model_rows(kb, model, data, approach, backends):
    result = recommend(kb, {"similar_model": model, "data": data})
    assert result.decision("approach").winner == approach
    assert (result.backend or result.decision("framework").winner) in backends


def test_a_model_row_weighs_only_when_the_data_fits(kb):
    close = recommend(kb, {"similar_model": "alphafold", "data": ("protein",)})
    misfit = recommend(kb, {"similar_model": "alphafold", "data": ("text",)})
    assert any(r.rule.startswith("model-alphafold") for r in close.reasons)
    assert not any(r.rule.startswith("model-alphafold") for r in misfit.reasons)


def test_transformer_win_names_backend_and_why(kb):
    result = recommend(kb, {"similar_model": "bert", "data": ("text",)})
    assert result.backend == "tensorflow"
    assert result.decision("framework").winner == "tensorflow"
    # transformers 5 dropped TensorFlow, so that backend gets the 4.x line.
    assert result.packages[:1] == ("transformers<5",) and "tensorflow" in result.packages
    assert recommend(kb, {"similar_model": "gpt", "data": ("text",)}).packages[:2] == ("transformers", "torch")


def test_every_rule_cites_a_known_section(kb):
    assert kb.rules
    for rule in kb.rules:
        assert rule.source in kb.sources
        assert rule.text["en"] and rule.text["zh"]


def test_sections_two_to_six_are_all_cited(kb):
    cited = {kb.sources[r.source]["section"] for r in kb.rules}
    assert {"二", "三", "四", "五", "六"} <= cited
