"""The starter stack: data-aware packages, key modules from section 五, snippets that run."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

import pytest

from recommender.engine.starter import modules_of, snippet_of, starter


def snippets(kb) -> list[tuple[str, str | None, str]]:
    out = []
    for cid, spec in kb.candidates.items():
        block = spec.get("starter", {})
        if block.get("snippet"):
            out.append((cid, None, block["snippet"]))
        out += [(cid, backend, code) for backend, code in block.get("backends", {}).items()]
    return out


def test_every_shipped_candidate_has_a_starter(kb) -> None:
    for cid, spec in kb.candidates.items():
        block = spec["starter"]
        backends = spec.get("backends", [])
        assert block.get("snippet") or set(block.get("backends", {})) == set(backends), cid
        assert set(block.get("backends", {})) <= set(backends)
        names = {m["name"] for m in spec["profile"]["modules"]}
        assert set(block["modules"]) <= names, f"{cid}: starter modules must be the profile's (section 五)"


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
    code = snippet_of(kb, "pytorch", None)
    assert code
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
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
        assert stack.snippet == kb.candidates["transformer"]["starter"]["backends"][backend]
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
