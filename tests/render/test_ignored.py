"""Answers that were ignored (their question would not be asked) are listed by every format (issue 25 item 6)."""

from __future__ import annotations

import json

import pytest

ARGS = ("recommend", "--goal", "research", "--production-scale", "large", "--data", "text")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_markdown_record_lists_ignored_answers(cli, lang: str) -> None:
    doc = json.loads(cli(*ARGS, "--format", "json").out)
    assert [i["question"] for i in doc["ignored"]] == ["production_scale"]
    record = cli(*ARGS, "--format", "markdown", "--lang", lang).out
    text = cli(*ARGS, "--lang", lang).out
    heading = next(line for line in text.splitlines() if "--production-scale" in line).split("--")[0]
    assert f"{heading}`production_scale`" in record.splitlines()


def test_env_names_ignored_answers_and_is_empty_without(cli) -> None:
    assert "RECOMMENDER_IGNORED=production_scale\n" in cli(*ARGS, "--format", "env").out
    assert "RECOMMENDER_IGNORED=''\n" in cli("recommend", "--goal", "production", "--format", "env").out
