"""The shipped knowledge base passes the whole toolchain, as CI runs it."""

from __future__ import annotations

import json


def test_shipped_pack_validates(cli) -> None:
    got = cli("rules", "validate")
    assert (got.code, got.err) == (0, "")
    assert got.out.startswith("valid: ")


def test_shipped_pack_lints_without_errors(cli) -> None:
    got = cli("rules", "lint", "--format", "json")
    errors = [f for f in json.loads(got.out)["findings"] if f["severity"] == "error"]
    assert errors == []
    assert got.code == 0


def test_shipped_rule_tests_pass_and_are_enough(cli, kb) -> None:
    got = cli("rules", "test")
    assert got.code == 0, got.out
    assert got.out.splitlines()[-1] == f"{len(kb.tests)} passed, 0 failed"
    assert len(kb.tests) >= 30


def test_shipped_coverage_is_complete(cli) -> None:
    got = cli("rules", "coverage", "--fail-under", "100")
    assert got.code == 0, got.out + got.err
    doc = json.loads(cli("rules", "coverage", "--format", "json").out)
    assert doc["rules"]["never_fired"] == []
    # Sections 二–六 decide; 一 (principles) may be cited by the candidates' profiles alone.
    assert set(doc["uncited_sections"]) <= {"一"}
    assert {s["section"] for s in doc["sections"]} >= {"一", "二", "三", "四", "五", "六"}
