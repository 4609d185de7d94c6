"""A rule test can expect a tie that includes some candidates, whoever else ties with them: a
framework added in a layer then joins the tie without breaking the test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import TESTS

PACK = TESTS / "golden" / "pack"
CASES = """\
tests:
  - id: learn-ties-the-frameworks
    answers: {goal: learn}
    expect: {framework: {tie_including: [alpha]}}
"""
# A third framework that the same answers tie with Alpha and Beta.
GAMMA = """\
candidates:
  - id: gamma
    label: {en: "Gamma", zh: "Gamma"}
    kind: framework
    decision: framework
    summary: {en: "A third framework.", zh: "第三个框架。"}
    packages: [{name: gamma}]
rules:
  - id: learn-gamma
    kind: advice
    when: {equals: {goal: learn}}
    effects: {gamma: 1}
    text: {en: "For learning, Gamma too.", zh: "学习时也可以用 Gamma。"}
    source: g.advice
"""


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    folder = tmp_path / "pack"
    shutil.copytree(PACK, folder)
    (folder / "tests.yaml").write_text(CASES, encoding="utf-8")
    return folder


def test_a_tie_including_passes_whoever_else_ties(cli, pack: Path, tmp_path: Path) -> None:
    assert cli("rules", "test", "--standalone", "--rules", str(pack)).code == 0
    layer = tmp_path / "layer"
    layer.mkdir()
    (layer / "gamma.yaml").write_text(GAMMA, encoding="utf-8")
    got = cli("rules", "test", "--standalone", "--rules", str(pack), "--rules", str(layer))
    assert got.code == 0, got.out


def test_a_tie_including_fails_on_a_win_and_says_so(cli, pack: Path) -> None:
    (pack / "tests.yaml").write_text(CASES.replace("{goal: learn}", "{goal: explore}"), encoding="utf-8")
    got = cli("rules", "test", "--standalone", "--rules", str(pack))
    assert got.code == 1
    assert "expected framework a tie including alpha, got alpha" in got.out


def test_a_tie_including_names_only_known_candidates(cli, pack: Path) -> None:
    (pack / "tests.yaml").write_text(CASES.replace("[alpha]", "[alfa]"), encoding="utf-8")
    got = cli("rules", "validate", "--standalone", "--rules", str(pack))
    assert got.code == 3
    assert "tie_including" in got.err and "alfa" in got.err
