"""The text output ends with the verdict in one line, both decisions and their confidence: where a
terminal's screen ends after the long lists, the verdict is still in sight."""

from __future__ import annotations

import json
from typing import Any

import pytest


def last_line(text: str) -> str:
    assert text.endswith("\n") and not text.endswith("\n\n")
    return text.rstrip("\n").rsplit("\n", 1)[-1]


@pytest.mark.parametrize(("args", "expected"), [
    (("--goal", "research", "--data", "text"),
     "Verdict: framework PyTorch (confidence {framework}); approach Transformer approach (confidence {approach})"),
    (("--goal", "application"),
     "Verdict: framework a tie between PyTorch and TensorFlow (confidence {framework}); approach a tie between a"
     " conventional architecture suited to the data and Transformer approach (confidence {approach})"),
])
def test_the_last_line_is_the_verdict(cli: Any, args: tuple[str, ...], expected: str) -> None:
    doc = json.loads(cli("recommend", *args, "--format", "json").out)
    levels = {name: doc["decisions"][name]["confidence"]["level"] for name in ("framework", "approach")}
    assert last_line(cli("recommend", *args).out) == expected.format(**levels)


def test_a_conventional_approach_is_named_by_what_it_means_for_the_data(cli: Any) -> None:
    args = ("recommend", "--goal", "production", "--data", "tabular")
    doc = json.loads(cli(*args, "--format", "json").out)
    assert doc["recommendation"]["approach"] == "conventional" and doc["recommendation"]["variants"]
    shown = " or ".join(v["label"] for v in doc["recommendation"]["variants"])
    line = last_line(cli(*args).out)
    assert line.startswith(f"Verdict: framework {doc['recommendation']['label']} (confidence ")
    assert f"; approach {shown} (confidence " in line


def test_in_chinese(cli: Any) -> None:
    line = last_line(cli("recommend", "--goal", "research", "--data", "text", "--lang", "zh").out)
    assert line.startswith("结论：框架 PyTorch（置信度") and "；方案 Transformer 方案（置信度" in line


def test_no_answers_has_no_verdict_to_sum_up(cli: Any) -> None:
    assert "Verdict" not in cli("recommend").out
