"""The article's own advice and famous-model table, as golden cases of the shipped knowledge."""

from __future__ import annotations

import pytest

from recommender.engine.recommend import recommend

# 六、选择建议: 研究或实验 → PyTorch; 序列数据建模 → Transformer; 大规模生产部署 → TensorFlow.
ADVICE = [
    ({"goal": "research"}, "pytorch"),
    ({"data": ("sequence",)}, "transformer"),
    ({"goal": "production", "scale": "cluster", "deploy": ("server",)}, "tensorflow"),
]

# 四、知名大模型的应用: model → (recommendation, backend framework) as the table names it.
# ViT lists both TensorFlow and PyTorch, so either backend agrees with the table.
MODELS = [
    ("gpt", "transformer", {"pytorch"}),
    ("bert", "transformer", {"tensorflow"}),
    ("vit", "transformer", {"pytorch", "tensorflow"}),
    ("dall-e", "transformer", {"pytorch"}),
    ("clip", "transformer", {"pytorch"}),
    ("alphafold", "tensorflow", {None}),
    ("stable-diffusion", "transformer", {"pytorch"}),
]


@pytest.mark.parametrize(("answers", "winner"), ADVICE, ids=lambda v: str(v))
def test_choosing_advice(kb, answers, winner):
    assert recommend(kb, answers).winner == winner


@pytest.mark.parametrize(("model", "winner", "backends"), MODELS, ids=[m[0] for m in MODELS])
def test_famous_model_rows(kb, model, winner, backends):
    result = recommend(kb, {"similar_model": model})
    assert result.winner == winner
    assert result.backend in backends


def test_transformer_win_names_backend_and_why(kb):
    result = recommend(kb, {"similar_model": "bert"})
    assert result.backend == "tensorflow"
    assert result.backend_reasons and all(r.candidate == "tensorflow" for r in result.backend_reasons)
    # transformers 5 dropped TensorFlow, so that backend gets the 4.x line.
    assert result.packages == ("transformers<5", "tensorflow")
    assert recommend(kb, {"similar_model": "gpt"}).packages == ("transformers", "torch")


def test_every_rule_cites_a_known_section(kb):
    assert kb.rules
    for rule in kb.rules:
        assert rule.source in kb.sources
        assert rule.text["en"] and rule.text["zh"]


def test_sections_two_to_six_are_all_cited(kb):
    cited = {kb.sources[r.source]["section"] for r in kb.rules}
    assert {"二", "三", "四", "五", "六"} <= cited
