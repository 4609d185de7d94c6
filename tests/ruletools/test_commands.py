"""`rules validate|lint|test|coverage` on small packs of their own, written to temporary folders."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import rule, text, write_pack


def base_pack() -> dict[str, Any]:
    """Two sections, two questions, three candidates, rules that all fire and can all be won."""
    return {
        "sources": [
            {"id": "s2.uses", "section": "二", "title": text("2. Use cases", "二、适用范围")},
            {"id": "s6.advice", "section": "六", "title": text("6. Advice", "六、选择建议")},
            {"id": "beyond", "section": "beyond", "title": text("Beyond the article", "超出原文")},
        ],
        "questions": [
            {"id": "goal", "kind": "one", "prompt": text("Goal?"), "help": text("Why we ask."),
             "what_if": {"set": text("the goal were {value}")},
             "options": [{"id": o, "label": text(o.title())} for o in ("research", "production", "learning")]},
            {"id": "data", "kind": "many", "prompt": text("Data?"), "help": text("Why we ask."),
             "what_if": {"set": text("the data were {value}")},
             "options": [{"id": o, "label": text(o.title())} for o in ("text", "image", "tabular")]},
        ],
        "candidates": [
            {"id": cid, "label": text(cid), "kind": "framework", "summary": text(f"About {cid}."),
             "packages": [{"name": cid}], "starter": {"snippet": f"import {cid}\n"}}
            for cid in ("pytorch", "tensorflow", "transformer")
        ],
        "rules": [
            rule("advice-research", {"equals": {"goal": "research"}}, {"pytorch": 5}, "s6.advice"),
            rule("advice-production", {"equals": {"goal": "production"}}, {"tensorflow": 5}, "s6.advice"),
            rule("text-transformer", {"contains_any": {"data": ["text", "image"]}}, {"transformer": 3}, "s2.uses"),
            rule("learning-tabular", {"all": [{"equals": {"goal": "learning"}}, {"contains": {"data": "tabular"}}]},
                 {"pytorch": 1, "tensorflow": 2}, "beyond"),
        ],
        "tests": [
            {"id": "research", "answers": {"goal": "research"}, "expect": {"winner": "pytorch"}},
            {"id": "production", "answers": {"goal": "production"},
             "expect": {"winner": "tensorflow", "min_confidence": "medium", "reasons": ["advice-production"]}},
            {"id": "text", "answers": {"data": ["text"]}, "expect": {"winner": "transformer"}},
        ],
    }


@pytest.fixture
def pack_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    write_pack(tmp_path / "pack", base_pack())
    return Path("pack")


# --- validate ---------------------------------------------------------------------------------

def test_validate_a_valid_pack(cli, pack_dir: Path) -> None:
    got = cli("rules", "validate", "--standalone", str(pack_dir))
    assert (got.code, got.err) == (0, "")
    assert got.out == "valid: 1 file, 3 candidates, 2 questions, 4 rules, 3 tests\n"


def test_validate_reports_every_error_of_every_file(cli, pack_dir: Path) -> None:
    (pack_dir / "b-broken.yaml").write_text("rules:\n  - id: x\n    kind: advice\n    effects: {pytorch: 0}\n")
    (pack_dir / "c-broken.yaml").write_text("tests:\n  - id: t\n    answers: {goal: reserch}\n"
                                             "    expect: {winner: pytorch}\n")
    got = cli("rules", "validate", "--standalone", str(pack_dir))
    assert got.code == 3
    assert got.out == ""
    assert got.err.splitlines() == [
        "pack/b-broken.yaml:2:5: $.rules[0]: 'source' is a required property",
        "pack/b-broken.yaml:2:5: $.rules[0]: 'text' is a required property",
        "pack/b-broken.yaml:4:24: $.rules[0].effects.pytorch: a weight of 0 has no effect; "
        "remove the effect or give it a weight",
        "pack/c-broken.yaml:3:21: $.tests[0].answers.goal: 'reserch' is not an option of 'goal'",
    ]


def test_validate_json_for_ci(cli, pack_dir: Path) -> None:
    (pack_dir / "z.yaml").write_text(
        "questions:\n  - id: v\n    kind: one\n    prompt: {en: a, zh: b}\n    help: {en: a, zh: b}\n"
        "    options:\n      - {id: 3.10, label: {en: a, zh: b}}\n      - {id: '3.12', label: {en: a, zh: b}}\n"
    )
    got = cli("rules", "validate", "--standalone", "--format", "json", str(pack_dir))
    assert got.code == 3
    doc = json.loads(got.out)
    assert doc["status"] == "invalid"
    (error,) = doc["errors"]
    assert error["file"] == "pack/z.yaml"
    assert (error["line"], error["column"], error["path"]) == (7, 14, "$.questions[0].options[0].id")
    assert 'quote it: "3.10"' in error["message"]
    valid = json.loads(cli("rules", "validate", "--format", "json", "--standalone", "pack/pack.yaml").out)
    assert valid == {"status": "valid", "errors": []}


def test_validate_a_layer_over_the_shipped_pack(cli, tmp_path: Path) -> None:
    layer = {"rules": [rule("layer-research", {"equals": {"goal": "research"}}, {"pytorch": 1}, "beyond")]}
    write_pack(tmp_path / "layer", layer)
    got = cli("rules", "validate", str(tmp_path / "layer"))
    assert got.code == 0, got.err
    layer["rules"][0]["when"] = {"equals": {"goal": "reseach"}}
    write_pack(tmp_path / "layer", layer)
    got = cli("rules", "validate", str(tmp_path / "layer"))
    assert got.code == 3
    assert "$.rules[0].when.equals.goal: 'reseach' is not an option of 'goal'" in got.err


def test_validate_bad_paths_are_usage_errors(cli, tmp_path: Path) -> None:
    assert cli("rules", "validate", str(tmp_path / "missing")).code == 2
    (tmp_path / "f.yaml").write_text("rules: []\n")
    got = cli("rules", "validate", "--rules", str(tmp_path / "f.yaml"))
    assert got.code == 2
    assert "--rules: not a folder" in got.err


def test_invalid_pack_stops_lint_test_and_coverage_with_exit_3(cli, pack_dir: Path) -> None:
    (pack_dir / "bad.yaml").write_text("rules: [1]\n")
    for command in ("lint", "test", "coverage"):
        got = cli("rules", command, "--standalone", str(pack_dir))
        assert got.code == 3
        assert got.err.startswith("pack/bad.yaml:1:9: $.rules[0]: ")


# --- lint -------------------------------------------------------------------------------------

def lint(cli, pack: dict[str, Any], folder: Path, *args: str) -> tuple[int, list[str]]:
    write_pack(folder, pack)
    got = cli("rules", "lint", "--standalone", str(folder), *args)
    return got.code, got.out.splitlines()


def test_lint_clean_pack(cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, lines = lint(cli, base_pack(), Path("p"))
    assert code == 0
    assert lines == [
        "p/pack.yaml:147:3: note: rule 'learning-tabular' cites no section of the article (source 'beyond') "
        "[no-source]",
        "0 errors, 0 warnings, 1 note",
    ]


def test_lint_contradictory_rule_is_an_error(cli, tmp_path: Path) -> None:
    pack = base_pack()
    pack["rules"] += [
        rule("both-goals", {"all": [{"equals": {"goal": "research"}}, {"equals": {"goal": "production"}}]},
             {"pytorch": 1}),
        rule("text-and-not", {"all": [{"contains": {"data": "text"}}, {"not": {"contains_any": {"data": ["text"]}}}]},
             {"pytorch": 1}),
        rule("not-not-any", {"not": {"one_of": {"goal": ["research", "production", "learning"]}}}, {"pytorch": 1}),
    ]
    code, lines = lint(cli, pack, tmp_path / "p")
    assert code == 1
    never = [line for line in lines if "[never-fires]" in line]
    assert len(never) == 3
    assert all(": error: rule '" in line and "can never fire" in line for line in never)
    assert lines[-1].startswith("3 errors, ")


def test_lint_never_wins_is_decided_jointly_over_all_rivals(cli, tmp_path: Path) -> None:
    """jax beats pytorch for some answers and tensorflow for others, but never both at once."""
    pack = base_pack()
    pack["candidates"].append({**pack["candidates"][0], "id": "jax"})
    pack["rules"] = [
        rule("base", None, {"pytorch": 1, "tensorflow": 1}),
        rule("r1", {"equals": {"goal": "research"}}, {"jax": 2, "tensorflow": 5}),
        rule("r2", {"equals": {"goal": "production"}}, {"jax": 2, "pytorch": 5}),
    ]
    pack["tests"] = []
    code, lines = lint(cli, pack, tmp_path / "p")
    assert code == 1
    assert [line.split(": ", 2)[2] for line in lines if "never-wins" in line] == [
        "candidate 'transformer' cannot win for any answers: its rules never outweigh its rivals' [never-wins]",
        "candidate 'jax' cannot win for any answers: its rules never outweigh its rivals' [never-wins]",
    ]


def test_lint_warnings_alone_exit_0(cli, tmp_path: Path) -> None:
    pack = base_pack()
    pack["questions"].append({**pack["questions"][0], "id": "unused_q"})
    pack["sources"].append({"id": "s3.none", "section": "三", "title": text("3", "三")})
    pack["rules"].append(rule("advice-research-again", {"one_of": {"goal": ["research"]}}, {"pytorch": 5}))
    pack["rules"].append(rule("untranslated", {"equals": {"goal": "research"}}, {"pytorch": 1},
                              text=text("Research is helped by this rule.", "Research is helped by this rule.")))
    pack["settings"] = {"swing_cap": 20}  # the restated research rule adds up; here only the warnings count
    code, lines = lint(cli, pack, tmp_path / "p")
    assert code == 0
    codes = [line.rsplit(" [", 1)[1].rstrip("]") for line in lines[:-1]]
    assert sorted(set(codes)) == ["no-source", "shadowed", "untranslated", "unused-question", "unused-source"]
    shadowed = next(line for line in lines if "[shadowed]" in line)
    assert "rule 'advice-research-again' is identical to rule 'advice-research'" in shadowed
    assert ": warning: " in shadowed


def test_lint_unused_option_and_blank_text(cli, tmp_path: Path) -> None:
    pack = base_pack()
    pack["rules"] = [r for r in pack["rules"] if r["id"] != "learning-tabular"]
    pack["candidates"][0]["summary"] = {"en": "About PyTorch.", "zh": "   "}
    code, lines = lint(cli, pack, tmp_path / "p")
    assert code == 1
    assert any("option 'tabular' of question 'data' is named by no condition [unused-option]" in x for x in lines)
    assert any(": error: candidate 'pytorch': summary has no Chinese text [missing-text]" in x for x in lines)


def test_lint_json_and_focus_on_paths(cli, pack_dir: Path, tmp_path: Path) -> None:
    write_pack(tmp_path / "layer", {"rules": [rule("dup", {"equals": {"goal": "research"}}, {"pytorch": 5})]})
    got = cli("rules", "lint", "--standalone", "--rules", str(pack_dir), "--format", "json", str(tmp_path / "layer"))
    doc = json.loads(got.out)
    assert got.code == 0
    assert doc["status"] == "ok"
    assert [(f["code"], f["severity"]) for f in doc["findings"]] == [("shadowed", "warning")]
    assert doc["findings"][0]["file"].endswith("layer/pack.yaml")
    assert doc["counts"] == {"error": 0, "warning": 1, "note": 0}


# --- test -------------------------------------------------------------------------------------

def test_rule_tests_pass(cli, pack_dir: Path) -> None:
    got = cli("rules", "test", "--standalone", str(pack_dir))
    assert (got.code, got.out) == (0, "3 passed, 0 failed\n")
    verbose = cli("rules", "test", "--standalone", "-v", str(pack_dir))
    assert verbose.out.splitlines() == ["PASS production", "PASS research", "PASS text", "3 passed, 0 failed"]


def test_rule_tests_fail_one_line_each_with_expected_got_and_reasons(cli, pack_dir: Path) -> None:
    pack = base_pack()
    pack["tests"] += [
        {"id": "wrong-winner", "answers": {"goal": "research"}, "expect": {"winner": "tensorflow"}},
        {"id": "too-confident", "answers": {"data": ["text"], "goal": "learning"},
         "expect": {"winner": "transformer", "min_confidence": "high", "reasons": ["advice-research"]}},
    ]
    write_pack(pack_dir, pack)
    got = cli("rules", "test", "--standalone", str(pack_dir))
    assert got.code == 1
    assert got.out.splitlines() == [
        "FAIL too-confident (pack/pack.yaml:187): expected confidence at least high, got medium; expected reason "
        "advice-research to fire; did not | ranking: transformer 3, pytorch 0, tensorflow 0 | top reasons: "
        "text-transformer (transformer +3)",
        "FAIL wrong-winner (pack/pack.yaml:182): expected winner tensorflow, got pytorch | ranking: pytorch 5, "
        "tensorflow 0, transformer 0 | top reasons: advice-research (pytorch +5)",
        "3 passed, 2 failed",
    ]


def test_rule_tests_json_and_paths_select_tests(cli, pack_dir: Path, tmp_path: Path) -> None:
    extra = {"tests": [{"id": "extra", "answers": {"goal": "production"}, "expect": {"winner": "pytorch"}}]}
    write_pack(tmp_path / "more", extra)
    got = cli("rules", "test", "--standalone", "--rules", str(pack_dir), "--format", "json", str(tmp_path / "more"))
    assert got.code == 1
    doc = json.loads(got.out)
    assert (doc["passed"], doc["failed"]) == (0, 1)
    (result,) = doc["results"]
    assert result["id"] == "extra"
    assert result["problems"] == ["expected winner pytorch, got tensorflow"]
    both = cli("rules", "test", "--standalone", str(pack_dir), str(tmp_path / "more"))
    assert both.out.endswith("3 passed, 1 failed\n")
    assert cli("rules", "test", "--standalone", "--rules", str(pack_dir), "--rules", str(tmp_path / "more")).out \
        .endswith("3 passed, 1 failed\n")


def test_rule_test_backend_expectation(cli, pack_dir: Path) -> None:
    pack = base_pack()
    pack["candidates"][2].update(kind="architecture", backends=["pytorch", "tensorflow"])
    pack["tests"] = [
        {"id": "tf-backend", "answers": {"data": ["text"], "goal": "production"},
         "expect": {"winner": "transformer", "backend": "tensorflow"}},
        {"id": "wrong-backend", "answers": {"data": ["text"], "goal": "research"},
         "expect": {"winner": "transformer", "backend": "tensorflow"}},
    ]
    pack["rules"][2]["effects"] = {"transformer": 8}
    write_pack(pack_dir, pack)
    got = cli("rules", "test", "--standalone", str(pack_dir))
    assert got.code == 1
    assert "FAIL wrong-backend" in got.out and "expected backend tensorflow, got pytorch" in got.out
    assert got.out.endswith("1 passed, 1 failed\n")


# --- coverage ---------------------------------------------------------------------------------

def test_coverage_sections_and_fired_share(cli, pack_dir: Path) -> None:
    got = cli("rules", "coverage", "--standalone", str(pack_dir))
    assert got.code == 0
    assert got.out.splitlines() == [
        "Sections of the article and the rules citing each:",
        "  二: 1 rule: text-transformer",
        "  六: 2 rules: advice-production, advice-research",
        "  beyond: 1 rule: learning-tabular",
        "Sections no rule cites: none",
        "Sections cited by rules or profiles: 2/2 (100.0%)",
        "Rules fired by at least one test: 3/4 (75.0%)",
        "  never fired: learning-tabular (pack/pack.yaml:147)",
    ]
    assert cli("rules", "coverage", "--standalone", str(pack_dir), "--fail-under", "75").code == 0
    below = cli("rules", "coverage", "--standalone", str(pack_dir), "--fail-under", "75.1")
    assert below.code == 1
    assert "recommender: --fail-under: coverage below 75.1%" in below.err


def test_coverage_uncited_section_and_json(cli, pack_dir: Path) -> None:
    pack = base_pack()
    pack["sources"].append({"id": "s4.models", "section": "四", "title": text("4", "四")})
    pack["tests"].append({"id": "tabular", "answers": {"goal": "learning", "data": ["tabular"]},
                          "expect": {"winner": "tensorflow"}})
    write_pack(pack_dir, pack)
    got = cli("rules", "coverage", "--standalone", "--format", "json", str(pack_dir), "--fail-under", "100")
    doc = json.loads(got.out)
    assert doc["uncited_sections"] == ["四"]
    assert doc["rules"] == {"fired": 4, "total": 4, "never_fired": []}
    assert doc["section_share"] == {"cited": 2, "total": 3}
    assert [s["section"] for s in doc["sections"]] == ["二", "四", "六", "beyond"]
    assert got.code == 1
    pack["candidates"][0]["profile"] = {"models": [{"name": "GPT", "domain": text("NLP"), "technique": text("T"),
                                                    "source": "s4.models"}]}
    write_pack(pack_dir, pack)
    text_out = cli("rules", "coverage", "--standalone", str(pack_dir), "--fail-under", "100")
    assert text_out.code == 0
    assert "  四: no rule (and 1 profile items)" in text_out.out
    assert "Sections no rule cites: 四" in text_out.out


def test_rules_help_lists_the_four_commands(cli) -> None:
    got = cli("rules", "--help")
    assert got.code == 0
    for command in ("validate", "lint", "test", "coverage"):
        assert command in got.out


def test_base_pack_is_not_shared_between_tests() -> None:
    assert copy.deepcopy(base_pack()) == base_pack()
