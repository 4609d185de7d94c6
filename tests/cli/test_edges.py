"""Small edges a user hits: option values in any case, a one-choice flag given twice, the file a run
wrote, a batch line's `id`, plural forms, and the names a question may not take."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

import recommender
from tests.helpers import ROOT, assert_one_error

# --- option values in any case ---------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "plain"), [
    (("--goal", "Research", "--data", "TEXT,Image"), ("--goal", "research", "--data", "text,image")),
    (("--goal", "PRODUCTION", "--deploy", "Mobile", "--deploy", "BROWSER"),
     ("--goal", "production", "--deploy", "mobile", "--deploy", "browser")),
    (("--goal", "research", "--format", "JSON", "--lang", "ZH"), ("--goal", "research", "--format", "json",
                                                                 "--lang", "zh")),
])
def test_a_flag_value_in_any_case_is_the_option(cli: Any, typed: tuple[str, ...], plain: tuple[str, ...]) -> None:
    got, expected = cli("recommend", *typed), cli("recommend", *plain)
    assert got.code == 0 and got == expected


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_an_answers_file_value_in_any_case_is_the_option(cli: Any, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"a{suffix}"
    answers = {"goal": "Research", "data": ["Text"], "pretrained": "YES"}
    path.write_text(json.dumps(answers) if suffix == ".json" else yaml.safe_dump(answers), "utf-8")
    got = cli("recommend", "--answers", str(path), "--format", "json")
    assert got.code == 0, got.err
    assert json.loads(got.out)["answers"] == {"goal": "research", "data": ["text"], "pretrained": "yes"}


def test_a_batch_line_and_the_api_take_any_case(cli: Any, tmp_path: Path, kb: Any) -> None:
    lines = tmp_path / "p.jsonl"
    lines.write_text('{"goal": "RESEARCH", "data": "Text"}\n', "utf-8")
    record = json.loads(cli("recommend", "--batch", str(lines)).out)
    assert record["answers"] == {"goal": "research", "data": ["text"]}
    assert recommender.recommend(goal="Research", kb=kb, what_if=False).answers == {"goal": "research"}


def test_a_misspelt_value_in_any_case_still_gets_its_hint(cli: Any) -> None:
    assert_one_error(cli("recommend", "--goal", "RESERCH"), 2, starts="recommender: --goal: 'RESERCH' is not one of",
                     message="(did you mean 'research'?)")
    assert_one_error(cli("recommend", "--format", "Jsn"), 2, message="(did you mean 'json'?)")


# --- a one-choice flag given twice -------------------------------------------------------------------


def test_a_one_choice_flag_given_twice_names_both_values(cli: Any) -> None:
    got = cli("recommend", "--goal", "research", "--data", "text", "--goal", "Production")
    assert_one_error(got, 2, starts="recommender: --goal: ",
                     message="given more than once, as 'research' and 'production'; give one")


def test_the_same_value_twice_is_no_contradiction(cli: Any) -> None:
    assert cli("recommend", "--goal", "research", "--goal", "research") == cli("recommend", "--goal", "research")


def test_a_many_choice_flag_still_repeats(cli: Any) -> None:
    assert cli("recommend", "--data", "text", "--data", "image") == cli("recommend", "--data", "text,image")


# --- the file a run wrote ------------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "said"), [("en", "recommender: wrote {}\n"), ("zh", "recommender: 已写入 {}\n")])
def test_output_says_which_file_it_wrote(cli: Any, tmp_path: Path, lang: str, said: str) -> None:
    target = tmp_path / "adr.md"
    got = cli("recommend", "--goal", "research", "--lang", lang, "--output", str(target))
    assert (got.code, got.out, got.err) == (0, "", said.format(target))
    assert target.read_text("utf-8").startswith("# ")


@pytest.mark.parametrize("flag", ["-q", "--quiet"])
def test_quiet_says_nothing(cli: Any, tmp_path: Path, flag: str) -> None:
    target = tmp_path / "r.json"
    assert cli("recommend", "--goal", "research", "--output", str(target), flag) == (0, "", "")
    assert target.is_file()


def test_a_batch_output_says_it_too_failed_lines_and_all(cli: Any, tmp_path: Path) -> None:
    lines, target = tmp_path / "p.jsonl", tmp_path / "out.jsonl"
    lines.write_text('{"goal": "research"}\n{"goal": "reserch"}\n', "utf-8")
    got = cli("recommend", "--batch", str(lines), "--output", str(target))
    assert got.code == 1 and got.err.endswith(f"recommender: wrote {target}\n")
    assert len(target.read_text("utf-8").splitlines()) == 2


def test_nothing_written_says_no_file(cli: Any, tmp_path: Path) -> None:
    target = tmp_path / "r.json"
    target.write_text("keep", "utf-8")
    got = cli("recommend", "--goal", "research", "--output", str(target))
    assert got.code == 1 and "wrote" not in got.err


# --- a batch line's id -----------------------------------------------------------------------------------


def test_a_batch_line_id_is_echoed_first_in_its_record(cli: Any, tmp_path: Path) -> None:
    lines = tmp_path / "p.jsonl"
    lines.write_text('{"id": "alice", "goal": "research"}\n{"goal": "production", "id": 7}\n{"goal": "learning"}\n'
                     '{"id": "bob", "goal": "reserch"}\n', "utf-8")
    got = cli("recommend", "--batch", str(lines))
    records = [json.loads(line) for line in got.out.splitlines()]
    assert [list(r)[:2] for r in records] == [["line", "id"], ["line", "id"], ["line", "recommendation"],
                                               ["line", "id"]]
    assert [r.get("id") for r in records] == ["alice", 7, None, "bob"]
    assert "id" not in records[0]["answers"] and "error" in records[3]  # an error record keeps the id
    alone = tmp_path / "one.jsonl"
    alone.write_text('{"goal": "research"}\n', "utf-8")
    without = json.loads(cli("recommend", "--batch", str(alone)).out)
    assert {k: v for k, v in records[0].items() if k != "id"} == without


def test_an_explained_batch_record_carries_the_id(cli: Any, tmp_path: Path) -> None:
    lines = tmp_path / "p.jsonl"
    lines.write_text('{"id": "x-1", "goal": "research"}\n', "utf-8")
    record = json.loads(cli("recommend", "--batch", str(lines), "--explain").out)
    assert list(record)[:3] == ["line", "id", "schema_version"] and record["id"] == "x-1"


@pytest.mark.parametrize("ident", ["[1]", "true", "1.5", "null", json.dumps("x" * 201)])
def test_an_id_that_is_not_text_or_an_integer_fails_its_line(cli: Any, tmp_path: Path, ident: str) -> None:
    lines = tmp_path / "p.jsonl"
    lines.write_text(f'{{"id": {ident}, "goal": "research"}}\n', "utf-8")
    got = cli("recommend", "--batch", str(lines))
    assert got.code == 1
    record = json.loads(got.out)
    assert record["error"].startswith(f"{lines}:1: $.id: expected text of at most 200 characters or an integer")


@pytest.mark.parametrize("qid", ["id", "quiet"])
def test_a_question_may_not_take_the_name_of_a_batch_key_or_an_option(cli: Any, tmp_path: Path, qid: str) -> None:
    shipped = yaml.safe_load((ROOT / "rules" / "questions.yaml").read_text("utf-8"))
    spec = {**next(q for q in shipped["questions"] if q["id"] == "industry"), "id": qid}
    folder = tmp_path / "layer"
    folder.mkdir()
    (folder / "questions.yaml").write_text(yaml.safe_dump({"questions": [spec]}, allow_unicode=True), "utf-8")
    got = cli("rules", "validate", "--rules", str(folder))
    assert got.code == 3 and f"question id {qid!r} is reserved" in got.out + got.err


# --- plural forms ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("count", "word"), [(1, ": 1 profile,"), (2, ": 2 profiles,")])
def test_the_batch_counter_counts_in_the_singular_too(monkeypatch: pytest.MonkeyPatch, count: int,
                                                      word: str) -> None:
    from recommender.batch import scorer

    shown: list[str] = []
    monkeypatch.setattr(scorer, "_to_stderr", shown.append)
    scorer._Progress(None).tick(count, 10)
    assert shown and word in shown[0]


def test_analyze_counts_in_the_singular_too(cli: Any) -> None:
    assert cli("rules", "analyze", "--profiles", "1").out.startswith("1 profile (seeded)")
