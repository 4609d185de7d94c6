"""An option marked `exclusive` (deploy's `none`) is chosen alone, everywhere (issue 16).

`--deploy server,none`, an answers file or a batch line with both, was accepted: "Not deployed" and
"Servers" at once. The rule is data (`exclusive: true` on the option in `rules/questions.yaml`), so a
pack marks its own; what-if and explain never propose such a pair.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from recommender.answers import normalize
from recommender.engine.recommend import recommend
from recommender.errors import AnswersError
from tests.helpers import KB, ROOT, assert_one_error, raw_profiles

EXCLUSIVE = [(q, o) for q, alone in KB.exclusive.items() for o in sorted(alone)]


def test_the_shipped_pack_marks_deploys_none_exclusive() -> None:
    assert ("deploy", "none") in EXCLUSIVE


@pytest.mark.parametrize("question,option", EXCLUSIVE)
def test_a_flag_with_it_and_another_option_is_one_error_naming_the_flag(cli: Any, question: str, option: str) -> None:
    other = next(o for o in KB.option_ids(question) if o != option)
    flag = "--" + question.replace("_", "-")
    for args in ([flag, f"{other},{option}"], [flag, other, flag, option]):
        res = cli("recommend", *args)
        assert_one_error(res, 2, starts=f"recommender: {flag}: ", message=f"{option!r} excludes the other options")
    assert cli("recommend", flag, option).code == 0


def test_an_alias_counts_as_the_option(cli: Any) -> None:
    res = cli("recommend", "--deploy", "server,no")  # `no` is an alias of `none`
    assert_one_error(res, 2, starts="recommender: --deploy: ",
                     message="'none' excludes the other options (here server)")


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_an_answers_file_is_a_located_error(cli: Any, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"answers{suffix}"
    path.write_text(json.dumps({"goal": "research", "deploy": ["mobile", "none"]}), "utf-8")
    res = cli("recommend", "--answers", str(path))
    assert_one_error(res, 2, starts=f"{path}:1:", field="$.deploy", message="'none' excludes the other options")


def test_a_batch_line_is_a_located_error_and_the_others_are_scored(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text('{"deploy": ["none"]}\n{"deploy": ["server", "none"]}\n', "utf-8")
    res = cli("recommend", "--batch", str(path), "--format", "json")
    assert res.code == 1
    records = [json.loads(line) for line in res.out.splitlines()]
    assert "error" not in records[0] and "excludes the other options" in records[1]["error"]
    assert "2" in res.err and "$.deploy" in res.err


def test_the_api_refuses_it() -> None:
    with pytest.raises(AnswersError, match="'none' excludes"):
        normalize(KB, {"deploy": ("server", "none")})


def test_no_what_if_suggestion_pairs_it_with_another_option() -> None:
    """Every suggested change is a valid answer: it normalizes back to itself."""
    for raw in raw_profiles(KB, 40, seed=11):
        answers = normalize(KB, raw)
        for what_if in recommend(KB, answers).what_if:
            changed = {**answers, **{c.question: c.after for c in what_if.changes}}
            assert normalize(KB, changed) == changed


def _layer_marking(tmp_path: Path, question: str, option: str) -> Path:
    """A rule-pack layer that replaces `question` with a copy whose `option` is exclusive."""
    shipped = yaml.safe_load((ROOT / "rules" / "questions.yaml").read_text("utf-8"))
    spec = next(q for q in shipped["questions"] if q["id"] == question)
    for item in spec["options"]:
        if item["id"] == option:
            item["exclusive"] = True
    folder = tmp_path / "layer"
    folder.mkdir()
    (folder / "questions.yaml").write_text(yaml.safe_dump({"questions": [spec]}, allow_unicode=True), "utf-8")
    return folder


def test_a_pack_marks_its_own_exclusive_option(cli: Any, tmp_path: Path) -> None:
    layer = _layer_marking(tmp_path, "priorities", "community")
    res = cli("recommend", "--rules", str(layer), "--priorities", "debugging,community")
    assert_one_error(res, 2, starts="recommender: --priorities: ", message="'community' excludes the other options")
    assert cli("recommend", "--priorities", "debugging,community").code == 0  # not without the layer


def test_exclusive_on_a_one_choice_question_is_an_invalid_pack(cli: Any, tmp_path: Path) -> None:
    layer = _layer_marking(tmp_path, "goal", "research")
    res = cli("rules", "validate", "--rules", str(layer))
    assert res.code == 3
    assert "exclusive" in res.err and "many-choice" in res.err
