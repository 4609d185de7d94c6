"""Answers are checked once per recommendation, at its entry, whichever entry it is: one normalization,
one set of answers that count, one set of open questions, which the engine, what-if, the settled check
and the renderers then read. A step that derives them again shows up here as a second call."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from recommender import answers as answers_module
from recommender.api import recommend
from recommender.knowledge.model import KnowledgeBase
from recommender.knowledge.profile import profile_of

# research with a production scale: the scale's `when` is false, so the answers that count differ
# from those given, and what-if, settled and the renderers all have something to re-derive.
GIVEN = {"goal": "research", "production_scale": "large", "data": ("text",)}


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch, kb: KnowledgeBase) -> Iterator[Counter[str]]:
    """Counts the checks of the project's own answers (what-if's changed profiles are other answers)."""
    calls: Counter[str] = Counter()
    own = [dict(GIVEN), dict(profile_of(kb, GIVEN).answers)]

    def counting(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            answers = next(a for a in args if isinstance(a, Mapping))
            if (name == "normalize" and answers) or dict(answers) in own:  # a batch's base (no flags) is empty
                calls[name] += 1
            return real(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(answers_module, "normalize", counting("normalize", answers_module.normalize))
    for method in ("effective", "open_questions"):
        monkeypatch.setattr(KnowledgeBase, method, counting(method, getattr(KnowledgeBase, method)))
    yield calls


ONCE = {"normalize": 1, "effective": 1, "open_questions": 1}


def test_the_command_line_checks_once(cli, counted: Counter[str], tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("goal: research\nproduction_scale: large\n", encoding="utf-8")
    result = cli("recommend", "--answers", str(answers), "--data", "text", "--format", "json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["ignored"], "the profile should have an ignored answer to re-derive"
    assert counted == ONCE


def test_the_api_checks_once(counted: Counter[str], kb: KnowledgeBase) -> None:
    result = recommend(GIVEN, kb=kb)
    assert result.what_if and result.ignored
    assert counted == ONCE


def test_a_batch_checks_each_line_once(cli, counted: Counter[str], tmp_path: Path) -> None:
    lines = tmp_path / "profiles.jsonl"
    lines.write_text(json.dumps({**GIVEN, "data": ["text"]}) + "\n", encoding="utf-8")
    result = cli("recommend", "--batch", str(lines))
    assert result.code == 0, result.err
    assert counted == ONCE
