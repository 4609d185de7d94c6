"""Aged claims: whenever a dated item fires or is printed, the text adds a Today line (如今 in Chinese), once
per change, and the JSON lists every such item under `dated`; `rules lint` warns on an unlabelled one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import run_in_process, text, write_pack

ALPHAFOLD = ["recommend", "--data", "protein", "--task", "structure-prediction", "--similar-model", "alphafold"]


def test_a_fired_dated_rule_adds_one_today_line_in_both_languages() -> None:
    out = run_in_process(*ALPHAFOLD).out.splitlines()
    today = [line for line in out if line.strip().startswith("Today: AlphaFold 2")]
    assert len(today) == 1
    zh = run_in_process(*ALPHAFOLD, "--lang", "zh").out.splitlines()
    assert len([line for line in zh if line.strip().startswith("如今：AlphaFold 2")]) == 1


def test_the_json_lists_every_dated_item_beyond_the_article() -> None:
    doc = json.loads(run_in_process(*ALPHAFOLD, "--format", "json").out)
    ids = [d["id"] for d in doc["dated"]]
    assert {"model-protein-structure", "model-alphafold", "conventional.variants.graph"} <= set(ids)
    assert len(ids) == len(set(ids)) and {d["source"] for d in doc["dated"]} == {"beyond"}


def test_a_printed_stack_says_where_it_has_aged() -> None:
    out = run_in_process("recommend", "--data", "text", "--deploy", "browser").out
    install = out.index("Install: pip install keras-hub tensorflow")
    assert "Today: Hugging Face transformers 5 (2025) dropped its TensorFlow classes" in out[install:]
    assert "pip install 'transformers<5' tf-keras tensorflow" in out[install:]  # the legacy route, as a note


def test_no_dated_item_no_today_line() -> None:
    out = run_in_process("recommend", "--goal", "research", "--data", "text").out
    assert "Today:" not in out
    assert json.loads(run_in_process("recommend", "--goal", "research", "--format", "json").out)["dated"] == []


@pytest.mark.slow
def test_lint_warns_on_a_beyond_text_without_a_label(tmp_path: Path) -> None:
    layer = tmp_path / "layer"
    write_pack(layer, {"rules": [{
        "id": "x-dated", "kind": "strength", "when": {"equals": {"goal": "research"}}, "effects": {"pytorch": 1},
        "text": text("A rule whose dated note cites the article."), "source": "s3.pytorch",
        "dated": {"text": text("Changed since."), "source": "s3.pytorch"}}]})
    res = run_in_process("rules", "lint", "--rules", str(layer), str(layer))
    assert "[unlabelled-beyond]" in res.out and res.code == 0


def test_the_candidates_profile_prints_a_today_line_under_each_aged_item() -> None:
    out = run_in_process("candidates", "tensorflow").out.splitlines()
    hub = next(i for i, line in enumerate(out) if "(TensorFlow Hub)" in line)
    assert out[hub + 1].startswith("    Today: TensorFlow Hub's models moved to Kaggle Models")
    doc = json.loads(run_in_process("candidates", "tensorflow", "--format", "json").out)
    aged = [i for i in doc["profile"]["strengths"] if "dated" in i]
    assert aged and all(i["dated"]["source"] == "beyond" for i in aged)
    assert "如今：" in run_in_process("candidates", "tensorflow", "--lang", "zh").out
