"""`recommender candidates`: the list, and each profile with the section of every item."""

from __future__ import annotations

import json

import pytest

from recommender.cli.candidates import SECTIONS, item_line


def test_lists_every_candidate(cli, kb) -> None:
    result = cli("candidates")
    assert result.code == 0, result.err
    for cid, spec in kb.candidates.items():
        assert f"{cid}: {spec['label']['en']}" in result.out


def test_list_as_json(cli, kb) -> None:
    doc = json.loads(cli("candidates", "--format", "json", "--lang", "zh").out)
    assert [c["id"] for c in doc["candidates"]] == list(kb.candidates)
    assert all(c["label"] == kb.candidates[c["id"]]["label"]["zh"] for c in doc["candidates"])


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("cid", ["pytorch", "tensorflow", "transformer"])
def test_profile_shows_every_item_with_its_section(cli, kb, cid: str, lang: str) -> None:
    text = cli("candidates", cid, "--lang", lang).out
    doc = json.loads(cli("candidates", cid, "--lang", lang, "--format", "json").out)
    profile = kb.candidates[cid]["profile"]
    assert set(doc["profile"]) == {part for part in SECTIONS if profile.get(part)}
    for part, items in profile.items():
        assert len(doc["profile"][part]) == len(items)
        for shown, item in zip(doc["profile"][part], items, strict=True):
            source = kb.sources[item["source"]]
            assert (shown["source"], shown["section"]) == (item["source"], source["section"])
            line = item_line(part, shown, lang)
            assert line in text.splitlines()
            assert line.endswith(f"[{source['title'][lang]}]"), line


def test_transformer_profile_names_its_backends_and_the_articles_terms(cli) -> None:
    out = cli("candidates", "transformer", "--lang", "zh").out
    assert "运行于：PyTorch、TensorFlow" in out
    for term in ("劣势", "预训练与微调", "自注意力"):
        assert term in out
    assert "动态计算图" in cli("candidates", "pytorch", "--lang", "zh").out


def test_unknown_candidate_is_a_usage_error(cli) -> None:
    result = cli("candidates", "pytorh")
    assert result.code == 2
    assert "pytorch" in result.err and "Traceback" not in result.err


def test_extra_rule_pack_candidate(cli, tmp_path) -> None:
    (tmp_path / "jax.yaml").write_text(
        "candidates:\n"
        "  - id: jax\n"
        "    label: {en: JAX, zh: JAX}\n"
        "    kind: library\n"
        "    summary: {en: Composable transforms., zh: 可组合的函数变换。}\n"
        "    packages: [{name: jax}]\n",
        "utf-8",
    )
    assert "jax: JAX" in cli("candidates", "--rules", str(tmp_path)).out
    result = cli("candidates", "jax", "--rules", str(tmp_path), "--format", "json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["profile"] == {}


def test_transformer_packages_say_which_backend_they_belong_to(cli) -> None:
    out = cli("candidates", "transformer").out
    assert "transformers (with PyTorch), keras-hub (with TensorFlow)" in out
    assert "transformers（用于 PyTorch）" in cli("candidates", "transformer", "--lang", "zh").out
    doc = json.loads(cli("candidates", "transformer", "--format", "json").out)
    assert [(p["name"], p["backend"]) for p in doc["packages"]] == [
        ("transformers", "pytorch"), ("keras-hub", "tensorflow"),
        ("ai-edge-litert", "tensorflow"), ("ai-edge-litert", "tensorflow")]  # with the two LiteRT examples
    assert {s["backend"] for s in doc["starter"]["snippets"]} == {"pytorch", "tensorflow"}
    assert doc["starter"]["snippets"][0]["when"]  # a condition, as the rules write it


def test_a_snippets_own_packages_are_listed_with_it(cli) -> None:
    out = cli("candidates", "conventional").out
    assert "torchvision (with PyTorch, with the example cnn-pytorch)" in out
    doc = json.loads(cli("candidates", "conventional", "--format", "json").out)
    assert {"name": "xgboost", "backend": "tensorflow", "when": None, "snippet": "trees-tensorflow"} in doc["packages"]
