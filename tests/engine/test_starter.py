"""The starter stack: data-aware packages, key modules from section 五, snippets that run."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys

import pytest

from recommender.engine.starter import module_names, modules_of, snippet_of, starter
from recommender.ruletools import policies
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
    snippet = snippet_of(kb, "pytorch", None, {})
    assert snippet
    modules = ("torch", *[name.replace("-", "_") for name in snippet.packages])  # what its printed line installs
    needed = [m for m in modules if importlib.util.find_spec(m) is None]
    if needed:
        reason = f"{', '.join(needed)} not installed: pip install torch==2.13.0 (CPU build) numpy to run it"
        print(reason)
        pytest.skip(reason)
    proc = subprocess.run([sys.executable, "-c", snippet.code], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("loss: ")


def test_packages_are_the_snippets(kb, shipped_stacks) -> None:
    """A package is printed exactly when the snippet printed with it imports it: torchvision with the CNN that
    uses it, never beside a Transformer's snippet for the same images (`rules lint` holds it for every stack)."""
    modules = policies.provided(kb)
    for stack in shipped_stacks:
        assert stack.snippet is not None
        used = policies.imports(stack.snippet.code)
        assert all(modules[name] & used for name in stack.packages), (stack.snippet.id, stack.packages)
    cnn = snippet_of(kb, "conventional", "pytorch", {"data": ("image",)})
    vit = snippet_of(kb, "transformer", "pytorch", {"data": ("image",)})
    assert cnn and vit and cnn.packages == ("torchvision",) and vit.packages == ()


def test_recommendation_and_starter_print_the_same_packages(cli) -> None:
    for args in (["--goal", "research", "--data", "image"], ["--goal", "production", "--data", "tabular"]):
        doc = starter_doc(cli, *args)
        assert doc["starter"]["packages"] == doc["recommendation"]["packages"]


@pytest.mark.parametrize(("backend", "library"), [("pytorch", "transformers"), ("tensorflow", "keras_hub")])
def test_transformer_starter_follows_the_backend(kb, backend: str, library: str, shipped_stacks) -> None:
    """On TensorFlow the Transformer is KerasHub on Keras 3 (transformers 5 dropped TensorFlow): its package,
    its key module, its snippets; the legacy transformers<5 + tf-keras route is only the package's dated note."""
    stack = starter(kb, "transformer", backend, {}, ("x", backend))
    assert stack.snippet and stack.snippet.id == f"transformer-classifier-{backend}"  # the backend's fallback
    names = [m.name for m in stack.modules]
    assert names == [library, *(m.name for m in modules_of(kb, backend, {}))]
    assert library in policies.imports(stack.snippet.code)
    printed = {name for s in shipped_stacks if s.backend == backend for name in s.packages}
    assert library.replace("_", "-") in printed and not {"transformers<5", "tf-keras"} & printed


def test_the_legacy_tensorflow_route_is_a_dated_note_not_a_printed_line(cli) -> None:
    doc = starter_doc(cli, "--goal", "production", "--production-scale", "large", "--data", "text")
    assert doc["recommendation"]["backend"] == "tensorflow"
    assert doc["starter"]["packages"] == ["keras-hub", "tensorflow"]
    legacy = [d for d in doc["dated"] if d["id"] == "transformer.packages.keras-hub"]
    assert legacy and "'transformers<5' tf-keras tensorflow" in legacy[0]["text"]


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
APPLICATION = ["--goal", "application", "--data", "text", "--task", "classification"]
CUSTOM = ["--goal", "research", "--data", "text", "--custom", "yes"]


def starter_doc(cli, *args: str) -> dict:
    return json.loads(cli("recommend", *args, "--format", "json").out)


@pytest.mark.parametrize(("args", "expected"), [
    (CHATBOT, "transformer-causal-lm-"),  # a text-generation chatbot close to GPT: a causal LM, not a classifier
    (TEXT_CLASSIFIER, "transformer-classifier-"),
    (TABLES, "trees-"),  # gradient-boosted trees, with the scikit-learn and xgboost the line installs
    (APPLICATION, "transformer-inference-"),  # an existing model applied: inference, no training
    (CUSTOM, "transformer-custom-"),  # a new attention variant: a module of one's own
], ids=["chatbot", "text-classifier", "tables", "application", "custom"])
def test_the_snippet_fits_the_task_and_data(cli, args: list[str], expected: str) -> None:
    doc = starter_doc(cli, *args)
    assert doc["starter"]["snippet_id"].startswith(expected), doc["starter"]["snippet_id"]


def test_an_on_device_image_classifier_gets_an_image_model_converted_for_the_device(cli) -> None:
    doc = starter_doc(cli, *ON_DEVICE_IMAGES)
    assert doc["recommendation"]["framework"] == "tensorflow"
    assert doc["starter"]["snippet_id"] == "cnn-lite-tensorflow"
    code = doc["starter"]["snippet"]
    assert "tf.lite.TFLiteConverter" in code and "from ai_edge_litert.interpreter import Interpreter" in code
    assert "tf.lite.Interpreter" not in code  # scheduled for deletion: LiteRT's runtime runs the model
    assert doc["starter"]["packages"] == ["ai-edge-litert", "tensorflow"]


# What the user's data is, as the snippets tell it apart (unanswered: the fallback).
DATA_KINDS = [{"data": ("image",)}, {"data": ("text",)}, {"data": ("sequence",)}, {"data": ("tabular",)}, {}]
# A graph network (proteins) converts and exports too; in a browser it has no TensorFlow.js path.
DEPLOYED_KINDS = [*DATA_KINDS, {"data": ("protein",)}]
TENSORFLOW_STARTERS = [("conventional", "tensorflow"), ("tensorflow", None), ("transformer", "tensorflow")]
PYTORCH_STARTERS = [("conventional", "pytorch"), ("pytorch", None)]


@pytest.mark.parametrize("data", DATA_KINDS, ids=lambda d: "-".join(d.get("data", ("unanswered",))))
def test_a_browser_app_gets_a_tensorflow_js_path(kb, data: dict) -> None:
    """Text in the browser as well as images: a SavedModel the TensorFlow.js converter turns into a web model."""
    for candidate, backend in TENSORFLOW_STARTERS:
        snippet = snippet_of(kb, candidate, backend, {**data, "deploy": ("browser",)})
        assert snippet and "tensorflowjs_converter" in snippet.code, (candidate, snippet and snippet.id)
        assert 'model.export("saved_model"' in snippet.code


@pytest.mark.parametrize("device", ["mobile", "embedded"])
@pytest.mark.parametrize("data", DEPLOYED_KINDS, ids=lambda d: "-".join(d.get("data", ("unanswered",))))
def test_a_device_stack_converts_its_model(kb, data: dict, device: str) -> None:
    """On a phone or a device every TensorFlow starter converts to LiteRT (the conventional ones, and a
    Transformer's, check it with LiteRT's own interpreter) and every PyTorch one exports with torch.export."""
    answers = {**data, "deploy": (device,)}
    for candidate, backend in TENSORFLOW_STARTERS:
        snippet = snippet_of(kb, candidate, backend, answers)
        assert snippet and "tf.lite.TFLiteConverter" in snippet.code, (candidate, snippet and snippet.id)
        assert "tf.lite.Interpreter" not in snippet.code  # scheduled for deletion: LiteRT's runtime runs it
        if candidate != "tensorflow":
            assert "from ai_edge_litert.interpreter import Interpreter" in snippet.code, snippet.id
            assert "ai-edge-litert" in snippet.packages, snippet.id
    for candidate, backend in [*PYTORCH_STARTERS, ("transformer", "pytorch")]:
        snippet = snippet_of(kb, candidate, backend, answers)
        assert snippet and "torch.export.export(" in snippet.code, (candidate, snippet and snippet.id)
        assert "ExecuTorch" in snippet.code


@pytest.mark.parametrize("data", DEPLOYED_KINDS, ids=lambda d: "-".join(d.get("data", ("unanswered",))))
def test_pytorch_in_production_exports_with_torch_export(kb, data: dict) -> None:
    for candidate, backend in PYTORCH_STARTERS:
        snippet = snippet_of(kb, candidate, backend, {**data, "goal": "production"})
        assert snippet and "torch.export.export(" in snippet.code, (candidate, snippet and snippet.id)
        assert "torch.jit" not in snippet.code and "ExecuTorch" in snippet.code
    research = snippet_of(kb, "conventional", "pytorch", {"data": ("image",), "goal": "research"})
    assert research and "torch.export" not in research.code  # a research run has nothing to deploy


def test_no_torch_line_leaves_out_numpy(kb, shipped_stacks) -> None:
    """torch does not install NumPy and warns at import without it: a snippet printed with torch alone makes
    its data with NumPy, so its line installs it, and the CPU-only note no longer has to say so."""
    lone = [s for s in shipped_stacks if set(s.packages) <= {"torch", "numpy"}]
    assert lone and all("numpy" in s.packages for s in lone), [(s.snippet and s.snippet.id, s.packages) for s in lone]
    assert all("numpy" in policies.imports(s.snippet.code) for s in lone if s.snippet)
    note = next(p["note"]["en"] for p in kb.candidates["pytorch"]["packages"] if p["name"] == "torch")
    assert "numpy" not in note.lower()


def test_an_application_on_tensorflow_runs_inference_first(kb) -> None:
    """As on PyTorch (pipeline): the one call for a real model is shown, a tiny one stands in, nothing trains."""
    snippet = snippet_of(kb, "transformer", "tensorflow", {"goal": "application", "data": ("text",)})
    assert snippet and snippet.id == "transformer-inference-tensorflow"
    code = "\n".join(code_lines(snippet.code))
    assert ".predict(" in code and ".fit(" not in code and ".compile(" not in code
    assert "from_preset(" not in code  # a preset downloads weights: it is shown as a comment only
    assert 'TextClassifier.from_preset("bert_tiny_en_uncased_sst2")' in snippet.code


def test_every_snippet_sets_a_seed_and_pytorch_ones_set_the_mode(kb, shipped_stacks) -> None:
    for stack in shipped_stacks:
        code = stack.snippet.code if stack.snippet else ""
        assert re.search(r"manual_seed\(0\)|set_random_seed\(0\)", code), stack.snippet
        if "import torch" in code and ".backward()" in code:
            assert "model.train()" in code, stack.snippet and stack.snippet.id


def test_fine_tuning_uses_a_fine_tuning_learning_rate(kb, shipped_stacks) -> None:
    """A pre-trained Transformer is fine-tuned at 2e-5 to 5e-5, not at Adam's default 1e-3."""
    for stack in shipped_stacks:
        assert stack.snippet is not None
        if "Fine-tuning" in stack.snippet.code:
            rates = [float(r) for r in re.findall(r"(?:lr|learning_rate)=([0-9.e-]+)", stack.snippet.code)]
            assert rates and all(2e-5 <= r <= 5e-5 for r in rates), (stack.snippet.id, rates)


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
    assert "torch.export" in names({"goal": "production"})
    assert "torch.export" in names({"deploy": ("mobile",)})
    assert "torch.export" not in names({"goal": "research", "deploy": ("server",)})
    assert "torch.jit" not in names({"goal": "production"})  # TorchScript is in maintenance


# --- Chinese comments, identical code ------------------------------------------------------------


def code_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if not line.lstrip().startswith("#")]


def test_every_snippet_comment_is_translated_and_the_code_is_the_same(kb, shipped_stacks) -> None:
    for stack in shipped_stacks:
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
    assert "# 生成：模型逐个 token 续写提示" in zh, zh
    assert "# 生成" in cli("recommend", *CHATBOT, "--lang", "zh").out
    assert "# 生成" in cli("recommend", *CHATBOT, "--lang", "zh", "--format", "markdown").out


# --- every stack: reachable, imports installed ---------------------------------------------------

def test_every_stack_installs_what_its_backend_needs(kb, shipped_stacks) -> None:
    for stack in shipped_stacks:
        assert stack.snippet is not None
        if "tensorflow-gnn" in stack.packages:  # TF-GNN refuses Keras 3: it needs tf-keras
            assert "tf-keras" in stack.packages
        if "keras_hub" in policies.imports(stack.snippet.code):  # Keras 3 on TensorFlow: chosen before import
            assert 'os.environ["KERAS_BACKEND"] = "tensorflow"' in stack.snippet.code


def test_a_pytorch_line_says_how_to_install_the_cpu_only_wheels_without_changing_it(cli) -> None:
    doc = starter_doc(cli, "--goal", "research", "--data", "text")
    assert "torch" in doc["starter"]["packages"]
    assert any("--index-url https://download.pytorch.org/whl/cpu" in note for note in doc["starter"]["notes"])
    out = cli("recommend", "--goal", "research", "--data", "text").out
    install = out.index("Install: pip install ")
    assert "--index-url" not in out[install:].splitlines()[0]
    assert "--index-url https://download.pytorch.org/whl/cpu" in out[install:].splitlines()[1]
    assert starter_doc(cli, "--goal", "production", "--data", "tabular")["starter"]["notes"] == []  # TensorFlow


def test_a_snippet_on_an_unknown_backend_is_an_invalid_pack(cli, kb, tmp_path) -> None:
    spec = json.loads(json.dumps(kb.candidates["transformer"]))
    spec["starter"]["snippets"][0]["backend"] = "jax"
    write_pack(tmp_path / "layer", {"candidates": [spec]})
    got = cli("recommend", "--rules", str(tmp_path / "layer"), "--goal", "research")
    assert got.code == 3
    assert "'jax' is not one of this candidate's backends" in got.err
