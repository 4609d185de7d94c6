"""The example templates, generated non-interactively with the real cookiecutter and copier packages.

The default run generates each template once with its defaults; the other answers are marked slow.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from cookiecutter.exceptions import FailedHookException
from cookiecutter.main import cookiecutter
from copier import run_copy

import recommender
from tests.helpers import ROOT

EXAMPLES = ROOT / "examples"
ADR = Path("docs/adr/0001-deep-learning-framework.md")


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Neither tool may read the user's configuration or leave replay files in the real home."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("COOKIECUTTER_CONFIG", raising=False)


def assert_project(project: Path, answers: dict[str, Any], lang: str = "en") -> None:
    """requirements.txt and the decision record agree with the API for the same answers."""
    result = recommender.recommend(answers, what_if=False)
    lines = (project / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert [line for line in lines if not line.startswith("#")] == list(result.packages)
    adr = (project / ADR).read_text(encoding="utf-8")
    kb = recommender.load_knowledge_base()
    assert adr.startswith("# ") and kb.candidates[result.winner]["label"][lang] in adr.splitlines()[0]
    assert not list(project.rglob("*.tmp"))


@pytest.mark.parametrize(("context", "answers"), [
    ({}, {"goal": "research", "data": "text", "deploy": "server"}),
    pytest.param({"goal": "application", "data": "text,image", "task": "classification", "pretrained": "yes"},
                 {"goal": "application", "data": "text,image", "task": "classification", "deploy": "server",
                  "pretrained": "yes"}, marks=pytest.mark.slow),
    pytest.param({"goal": "production", "data": "image", "deploy": "mobile,browser", "hardware": "cpu", "lang": "zh"},
                 {"goal": "production", "data": "image", "deploy": "mobile,browser", "hardware": "cpu"},
                 marks=pytest.mark.slow),
])
def test_cookiecutter_project(tmp_path: Path, context: dict[str, str], answers: dict[str, str]) -> None:
    out = cookiecutter(str(EXAMPLES / "cookiecutter-dl-project"), no_input=True, extra_context=context,
                       output_dir=str(tmp_path / "out"), default_config=True)
    project = Path(out)
    assert project.name == "my-deep-learning-project"
    assert (project / "README.md").is_file()
    assert_project(project, answers, context.get("lang", "en"))


def test_cookiecutter_bad_answer_fails_and_leaves_no_project(tmp_path: Path) -> None:
    with pytest.raises(FailedHookException):
        cookiecutter(str(EXAMPLES / "cookiecutter-dl-project"), no_input=True,
                     extra_context={"data": "pictures"}, output_dir=str(tmp_path / "out"), default_config=True)
    assert not (tmp_path / "out" / "my-deep-learning-project").exists()


@pytest.mark.parametrize("data", [
    {},
    pytest.param({"goal": "application", "data": ["text"], "task": "generation", "pretrained": "yes"},
                 marks=pytest.mark.slow),
    pytest.param({"goal": "production", "data": ["image"], "deploy": ["mobile", "browser"], "lang": "zh"},
                 marks=pytest.mark.slow),
])
def test_copier_project(tmp_path: Path, data: dict[str, Any]) -> None:
    project = tmp_path / "project"
    run_copy(str(EXAMPLES / "copier-dl-project"), str(project), data=data, defaults=True, unsafe=True,
             quiet=True, vcs_ref=None)
    answers: dict[str, Any] = {"goal": "research", "data": ["text"], "deploy": ["server"]}
    answers.update({k: v for k, v in data.items() if k != "lang"})
    assert (project / "README.md").is_file() and (project / ".copier-answers.yml").is_file()
    assert_project(project, answers, data.get("lang", "en"))
