"""The starter stack: data-aware packages, key modules from section 五, snippets that run."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

import pytest

from recommender.engine.starter import module_names, modules_of, snippet_of, starter
from recommender.ruletools import policies
from recommender.ruletools.stacks import stacks
from tests.helpers import write_pack


def snippets(kb) -> list[tuple[str, str | None, str]]:
    out = []
    for cid, spec in kb.candidates.items():
        block = spec.get("starter", {})
        if block.get("snippet"):
            out.append((cid, None, block["snippet"]))
        out += [(cid, backend, code) for backend, code in block.get("backends", {}).items()]
        out += [(cid, item.get("backend"), item["code"]) for item in block.get("snippets", [])]
    return out


def test_starter_modules_are_the_profiles(kb) -> None:
    """A starter lists modules its candidate's profile explains (section 五). That every candidate has a
    starter, and every import an installed package, `rules lint` holds (tests/ruletools/test_policies.py)."""
    for cid, spec in kb.candidates.items():
        names = {m["name"] for m in spec.get("profile", {}).get("modules", [])}
        assert set(module_names(kb, cid)) <= names, f"{cid}: starter modules must be the profile's (section 五)"


def test_every_snippet_compiles(kb) -> None:
    for cid, backend, code in snippets(kb):
        compile(code, f"<{cid} {backend or ''} starter>", "exec")


def test_snippets_download_nothing(kb) -> None:
    for cid, backend, code in snippets(kb):
        for word in ("load_data(", "datasets.", "urlopen", "requests"):
            assert word not in code, (cid, backend, word)
        code_lines = [line for line in code.splitlines() if not line.lstrip().startswith("#")]
        assert "from_pretrained(" not in "\n".join(code_lines)


@pytest.mark.slow  # imports torch and trains a step: seconds
def test_pytorch_snippet_runs(kb) -> None:
    if importlib.util.find_spec("torch") is None:
        reason = "torch is not installed: pip install torch==2.13.0 (CPU build) to run the PyTorch starter"
        print(reason)
        pytest.skip(reason)
    snippet = snippet_of(kb, "pytorch", None, {})
    assert snippet
    proc = subprocess.run([sys.executable, "-c", snippet.code], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("loss: ")


def test_packages_are_data_aware(cli) -> None:
    def starter_of(*args: str) -> dict:
        return json.loads(cli("recommend", *args, "--format", "json").out)

    for args in (["--goal", "research", "--data", "image"], ["--goal", "research", "--data", "text"]):
        doc = starter_of(*args)
        packages = doc["recommendation"]["packages"]
        assert doc["starter"]["packages"] == packages
        if doc["recommendation"]["id"] == "pytorch":
            assert ("torchvision" in packages) == ("image" in doc["answers"]["data"])
            assert ("torchvision" in [m["name"] for m in doc["starter"]["modules"]]) == ("torchvision" in packages)


def test_transformer_starter_follows_the_backend(kb) -> None:
    for backend in kb.candidates["transformer"]["backends"]:
        stack = starter(kb, "transformer", backend, {}, ("transformers", backend))
        assert stack.snippet and stack.snippet.id == f"transformer-classifier-{backend}"  # the backend's fallback
        names = [m.name for m in stack.modules]
        assert names[0] == "transformers"
        assert [m.name for m in modules_of(kb, backend, {})] == names[1:]


def test_text_output_shows_the_starter(cli) -> None:
    doc = json.loads(cli("recommend", "--goal", "research", "--format", "json").out)
    out = cli("recommend", "--goal", "research").out
    assert f"pip install {' '.join(doc['recommendation']['packages'])}" in out
    for module in doc["starter"]["modules"]:
        assert module["name"] in out
    assert doc["starter"]["snippet"].splitlines()[0] in out


# --- snippets and modules follow the verdict and the answers ---------------------------------------

CHATBOT = ["--goal", "application", "--data", "text", "--task", "generation", "--similar-model", "gpt"]
ON_DEVICE_IMAGES = ["--goal", "production", "--deploy", "mobile", "--data", "image", "--task", "classification",
                    "--pretrained", "yes"]
TEXT_CLASSIFIER = ["--goal", "research", "--data", "text", "--task", "classification"]
TABLES = ["--goal", "research", "--data", "tabular", "--task", "classification"]


def starter_doc(cli, *args: str) -> dict:
    return json.loads(cli("recommend", *args, "--format", "json").out)


@pytest.mark.parametrize(("args", "expected"), [
    (CHATBOT, "transformer-causal-lm-"),  # a text-generation chatbot close to GPT: a causal LM, not a classifier
    (TEXT_CLASSIFIER, "transformer-classifier-"),
    (TABLES, "mlp-"),
], ids=["chatbot", "text-classifier", "tables"])
def test_the_snippet_fits_the_task_and_data(cli, args: list[str], expected: str) -> None:
    doc = starter_doc(cli, *args)
    assert doc["starter"]["snippet_id"].startswith(expected), doc["starter"]["snippet_id"]


def test_an_on_device_image_classifier_gets_an_image_model_converted_for_the_device(cli) -> None:
    doc = starter_doc(cli, *ON_DEVICE_IMAGES)
    assert doc["recommendation"]["framework"] == "tensorflow"
    assert doc["starter"]["snippet_id"] == "cnn-lite-tensorflow"
    assert "tf.lite.TFLiteConverter" in doc["starter"]["snippet"]
    assert "Bert" not in doc["starter"]["snippet"]


def test_the_first_fitting_snippet_wins_and_the_last_is_the_fallback(kb) -> None:
    generation_on_images = {"data": ("image",), "task": "generation"}
    assert snippet_of(kb, "transformer", "pytorch", generation_on_images).id == "transformer-causal-lm-pytorch"
    assert snippet_of(kb, "transformer", "pytorch", {"data": ("image",)}).id == "transformer-vit-pytorch"
    assert snippet_of(kb, "transformer", "pytorch", {}).id == "transformer-classifier-pytorch"
    assert snippet_of(kb, "conventional", "tensorflow", {"data": ("image",)}).id == "cnn-tensorflow"


@pytest.mark.parametrize(("answers", "shown"), [
    ({"deploy": ("server",), "scale": "single"}, []),  # a server-only bank: no tensorflow.lite
    ({"deploy": ("mobile",), "scale": "single"}, ["tensorflow.lite"]),  # a single-GPU phone app: no distribute
    ({"deploy": ("server",), "scale": "cluster"}, ["tensorflow.distribute"]),
    ({"deploy": ("embedded",), "scale": "multi-gpu"}, ["tensorflow.lite", "tensorflow.distribute"]),
    ({}, []),
])
def test_tensorflow_modules_follow_deployment_and_scale(kb, answers: dict, shown: list[str]) -> None:
    names = [m.name for m in modules_of(kb, "tensorflow", answers)]
    assert names == ["tensorflow.keras", "tensorflow.data", *shown]


def test_pytorch_modules_follow_scale_and_deployment(kb) -> None:
    def names(answers: dict) -> list[str]:
        return [m.name for m in modules_of(kb, "pytorch", answers)]

    assert "torch.distributed" in names({"scale": "cluster"})
    assert "torch.distributed" not in names({"scale": "single"})
    assert "torch.jit" in names({"goal": "production"})
    assert "torch.jit" not in names({"goal": "research", "deploy": ("server",)})


# --- Chinese comments, identical code ------------------------------------------------------------


def code_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if not line.lstrip().startswith("#")]


def test_every_snippet_comment_is_translated_and_the_code_is_the_same(kb) -> None:
    for stack in stacks(kb):
        snippet = stack.snippet
        assert snippet is not None
        zh = snippet.text("zh")
        assert code_lines(zh) == code_lines(snippet.code), snippet.id
        assert snippet.text("en") == snippet.code
        for en_line, zh_line in zip(snippet.code.splitlines(), zh.splitlines(), strict=True):
            if en_line.lstrip().startswith("#"):
                assert zh_line != en_line, f"{snippet.id}: untranslated comment {en_line.strip()!r}"
            else:
                assert "#" not in en_line, f"{snippet.id}: a comment must have its own line to be translated"


def test_zh_output_prints_chinese_comments_over_the_same_code(cli) -> None:
    en = starter_doc(cli, *CHATBOT)["starter"]["snippet"]
    zh = starter_doc(cli, *CHATBOT, "--lang", "zh")["starter"]["snippet"]
    assert code_lines(zh) == code_lines(en)
    assert "# 生成：模型逐个 token 续写提示" in zh
    assert "# 生成" in cli("recommend", *CHATBOT, "--lang", "zh").out
    assert "# 生成" in cli("recommend", *CHATBOT, "--lang", "zh", "--format", "markdown").out


# --- every stack: reachable, imports installed ---------------------------------------------------

def test_every_stack_installs_what_its_backend_needs(kb) -> None:
    for stack in stacks(kb):
        assert stack.snippet is not None
        if "tensorflow" in stack.packages and "transformers" in policies.imports(stack.snippet.code):
            assert {"transformers<5", "tf-keras"} <= set(stack.packages)
        if "tensorflow-gnn" in stack.packages:  # TF-GNN refuses Keras 3: it needs tf-keras
            assert "tf-keras" in stack.packages


def test_a_snippet_on_an_unknown_backend_is_an_invalid_pack(cli, kb, tmp_path) -> None:
    spec = json.loads(json.dumps(kb.candidates["transformer"]))
    spec["starter"]["snippets"][0]["backend"] = "jax"
    write_pack(tmp_path / "layer", {"candidates": [spec]})
    got = cli("recommend", "--rules", str(tmp_path / "layer"), "--goal", "research")
    assert got.code == 3
    assert "'jax' is not one of this candidate's backends" in got.err
