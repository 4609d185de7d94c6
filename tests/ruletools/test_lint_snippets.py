"""`rules lint` finds a snippet that can never be shown: an earlier one always fits first."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from recommender.knowledge.load import load_knowledge_base
from recommender.ruletools.stacks import (
    MAX_ANSWERS,
    TooManyAnswers,
    space_size,
    stacks,
    starter_conditions,
    unreachable,
)
from tests.helpers import write_pack


def layer_with_a_catch_all_first(kb, folder: Path) -> Path:
    spec = json.loads(json.dumps(kb.candidates["transformer"]))
    snippets = spec["starter"]["snippets"]
    catch_all = {**snippets[-1], "id": "catch-all-pytorch", "backend": "pytorch"}
    catch_all.pop("when", None)
    spec["starter"]["snippets"] = [catch_all, *snippets]
    write_pack(folder, {"candidates": [spec]})
    return folder


def pytorch_snippets(kb) -> list[tuple[str, str]]:
    return [("transformer", s["id"]) for s in kb.candidates["transformer"]["starter"]["snippets"]
            if s["backend"] == "pytorch"]


@pytest.mark.slow  # lint walks every printable stack of the shipped pack and the layer: seconds
def test_snippets_behind_an_unconditional_one_are_unreachable(kb, tmp_path: Path) -> None:
    assert unreachable(kb) == []
    layered = load_knowledge_base([layer_with_a_catch_all_first(kb, tmp_path / "layer")], use_cache=False)
    assert unreachable(layered) == pytorch_snippets(kb)
    assert ("transformer", "transformer-causal-lm-pytorch") in unreachable(layered)


@pytest.mark.slow  # rules lint runs every exact search: seconds
def test_lint_reports_each_unreachable_snippet_as_an_error(cli, kb, tmp_path: Path) -> None:
    got = cli("rules", "lint", "--rules", str(layer_with_a_catch_all_first(kb, tmp_path / "layer")))
    assert got.code == 1
    hidden = [line for line in got.out.splitlines() if "[snippet-unreachable]" in line]
    assert len(hidden) == len(pytorch_snippets(kb))
    assert all(": error: candidate 'transformer': snippet '" in line for line in hidden)
    assert any("'transformer-causal-lm-pytorch' is never shown" in line for line in hidden)


def layer_with_snippets_over_every_many_choice_question(kb, folder: Path) -> Path:
    """One snippet per many-choice question, each naming all its options: every condition is small,
    their answer space together is not (an untrusted pack may be written this way)."""
    spec = json.loads(json.dumps(kb.candidates["transformer"]))
    many = [qid for qid, q in kb.questions.items() if q["kind"] == "many"]
    extra = [{**spec["starter"]["snippets"][-1], "id": f"wide-{qid}", "backend": "pytorch",
              "when": {"contains_any": {qid: list(kb.option_ids(qid))}}} for qid in many]
    spec["starter"]["snippets"] = [*extra, *spec["starter"]["snippets"]]
    write_pack(folder, {"candidates": [spec]})
    return folder


def test_a_wide_answer_space_is_refused_before_it_is_walked(kb, tmp_path: Path) -> None:
    layered = load_knowledge_base([layer_with_snippets_over_every_many_choice_question(kb, tmp_path / "l")],
                                  use_cache=False)
    assert space_size(layered, starter_conditions(layered)) > MAX_ANSWERS
    with pytest.raises(TooManyAnswers):
        stacks(layered)
    with pytest.raises(TooManyAnswers):
        unreachable(layered)


@pytest.mark.slow  # rules lint runs every exact search: seconds
def test_lint_says_the_snippets_were_not_checked_instead_of_walking_a_wide_space(cli, kb, tmp_path: Path) -> None:
    got = cli("rules", "lint", "--rules", str(layer_with_snippets_over_every_many_choice_question(kb, tmp_path / "l")))
    assert "[snippets-not-checked]" in got.out
    assert "[snippet-unreachable]" not in got.out
