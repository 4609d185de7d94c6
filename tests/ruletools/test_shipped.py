"""The shipped knowledge base passes the whole toolchain, as CI runs it."""

from __future__ import annotations

import json
import re

import pytest


def test_shipped_pack_validates(cli) -> None:
    got = cli("rules", "validate")
    assert (got.code, got.err) == (0, "")
    assert got.out.startswith("valid: ")


@pytest.mark.slow
def test_shipped_pack_lints_without_errors_or_warnings(cli) -> None:
    """What `rules lint` asks of any pack, the shipped one meets in full: its warnings are the policies
    (a starter per candidate, what-if wording per question, a rule test each candidate wins)."""
    got = cli("rules", "lint", "--format", "json")
    found = [f"{f['file']}:{f['line']}: {f['message']}" for f in json.loads(got.out)["findings"]
             if f["severity"] in ("error", "warning")]
    assert found == []
    assert got.code == 0


@pytest.mark.slow
def test_rules_test_runs_every_shipped_case(cli, kb) -> None:
    """Whether they pass is tests/knowledge/test_shipped_cases.py's, one item per file: a moved verdict
    fails there, once."""
    got = cli("rules", "test")
    passed, failed = (int(n) for n in re.fullmatch(r"(\d+) passed, (\d+) failed", got.out.splitlines()[-1]).groups())
    assert passed + failed == len(kb.tests) >= 30
    assert got.code == (1 if failed else 0)


def test_shipped_coverage_is_complete(cli) -> None:
    got = cli("rules", "coverage", "--fail-under", "100")
    assert got.code == 0, got.out + got.err
    doc = json.loads(cli("rules", "coverage", "--format", "json").out)
    assert doc["rules"]["never_fired"] == []
    # Sections 二–六 decide; 一 (principles) may be cited by the candidates' profiles alone.
    assert set(doc["uncited_sections"]) <= {"一"}
    assert {s["section"] for s in doc["sections"]} >= {"一", "二", "三", "四", "五", "六"}
