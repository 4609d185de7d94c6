"""Golden files for every output format, both languages, rendered from a small fixed rule pack
(`tests/golden/pack/`), so a change of the shipped weights moves none of them: the shipped verdicts are
pinned by the pack's own rule tests (`rules/tests-*.yaml`). The other tests here read the shipped pack
but no weight.

A change of the output itself: regenerate with `UPDATE_GOLDEN=1 python -m pytest -q tests/render/test_formats.py`
and review the diff of tests/golden/ like any other change.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
import yaml

from recommender.api import format_result, recommend
from recommender.knowledge.load import load_knowledge_base
from recommender.knowledge.model import KnowledgeBase
from tests.helpers import TESTS

GOLDEN = TESTS / "golden"  # docs/explanations.md points here
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"

# Profiles of the golden pack that between them show every field: a winner on both decisions with a
# caveat (an aged one, with its Today line), a candidate set aside by a requirement, and what-if; a
# framework tie settled by the approach's default backend; the other framework with the baseline
# approach and its variant; a tie on both decisions (no recommendation) with an ignored answer; no
# answers at all (the hint).
GOLDEN_PROFILES: dict[str, dict[str, Any]] = {
    "explore-words-cpu": {"goal": "explore", "data": ["words"], "device": "cpu"},
    "learn-words": {"goal": "learn", "data": ["words"]},
    "ship-big-pictures": {"goal": "ship", "size": "big", "data": ["pictures"]},
    "learn-ignored": {"goal": "learn", "size": "big"},
    "no-answers": {},
}
# Shipped profiles for the tests below that check formats against each other, not against a file.
PROFILES: dict[str, list[str]] = {
    "research-text": ["--goal", "research", "--data", "text"],
    "production-mobile": ["--goal", "production", "--deploy", "mobile", "--data", "image", "--task",
                          "classification", "--pretrained", "yes"],
    "no-answers": [],
}
FORMATS = {"text": "txt", "json": "json", "markdown": "md", "yaml": "yaml"}
LANGS = ("en", "zh")


@pytest.fixture(scope="module")
def golden_kb() -> KnowledgeBase:
    return load_knowledge_base([GOLDEN / "pack"], shipped=False)


def check_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(actual, encoding="utf-8")
        return
    if not path.exists():
        pytest.fail(f"missing golden file {path}; run with UPDATE_GOLDEN=1 to create it")
    assert actual == path.read_text(encoding="utf-8"), f"{name} differs; UPDATE_GOLDEN=1 regenerates it"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("profile", GOLDEN_PROFILES)
def test_golden(golden_kb: KnowledgeBase, profile: str, fmt: str, lang: str) -> None:
    result = recommend(GOLDEN_PROFILES[profile], kb=golden_kb)
    check_golden(f"{profile}.{lang}.{FORMATS[fmt]}", format_result(result, fmt, kb=golden_kb, lang=lang))


def test_golden_profiles_show_every_field(golden_kb: KnowledgeBase) -> None:
    results = [recommend(answers, kb=golden_kb) for answers in GOLDEN_PROFILES.values()]
    winners = {d.winner for r in results for d in r.decisions}
    assert winners - {None} == set(golden_kb.candidates), "each candidate should win a decision once"
    assert any(r.winner is None for r in results), "a tie with no recommendation"
    assert any(r.default_backend for r in results), "a backend from the approach's default"
    assert all(any(getattr(r, field) for r in results)
               for field in ("caveats", "what_if", "ignored", "variants", "dated"))
    assert any(d.unmet for r in results for d in r.decisions), "a candidate set aside by a requirement"


def test_the_command_line_prints_what_the_api_formats(cli, kb: KnowledgeBase) -> None:
    """The goldens come through the API; the command prints the same text for the same answers."""
    for lang in LANGS:
        for fmt in FORMATS:
            out = cli("recommend", *PROFILES["research-text"], "--format", fmt, "--lang", lang).out
            expected = format_result(recommend({"goal": "research", "data": "text"}, kb=kb), fmt, kb=kb, lang=lang)
            assert out == expected, (fmt, lang)


@pytest.mark.parametrize("explain", [False, True])
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("profile", PROFILES)
def test_yaml_is_the_json_document(cli, profile: str, lang: str, explain: bool) -> None:
    extra = ["--explain"] if explain else []
    as_json = cli("recommend", *PROFILES[profile], "--format", "json", "--lang", lang, *extra).out
    as_yaml = cli("recommend", *PROFILES[profile], "--format", "yaml", "--lang", lang, *extra).out
    assert yaml.safe_load(as_yaml) == json.loads(as_json)


def test_yaml_keeps_yes_no_on_as_text() -> None:
    from recommender.render.yamlout import dump

    data = {"pretrained": "yes", "custom": "no", "x": ["on", "off", "1.0", "null", "~"], "no": "y", "code": "a\n  b\n"}
    assert yaml.safe_load(dump(data)) == data


@pytest.mark.parametrize("explain", [False, True])
@pytest.mark.parametrize("profile", PROFILES)
def test_json_validates_against_the_shipped_schema(cli, profile: str, explain: bool) -> None:
    from recommender.knowledge.schema import validator

    extra = ["--explain"] if explain else []
    doc = json.loads(cli("recommend", *PROFILES[profile], "--format", "json", *extra).out)
    validator("result").validate(doc)


@pytest.mark.parametrize("lang", LANGS)
def test_markdown_is_a_decision_record(cli, lang: str) -> None:
    from recommender.render.i18n import t

    out = cli("recommend", *PROFILES["production-mobile"], "--format", "markdown", "--lang", lang).out
    doc = json.loads(cli("recommend", *PROFILES["production-mobile"], "--format", "json", "--lang", lang).out)
    assert out.startswith("# ")
    headings = [line[3:] for line in out.splitlines() if line.startswith("## ")]
    keys = ["adr.status", "adr.context", "adr.decision", "adr.consequences", "adr.alternatives", "adr.change"]
    keys += ["today_heading"] if doc["dated"] else []  # the aged claims' section, only when there are some
    assert headings == [t(k, lang) for k in keys]
    for item in doc["ranking"]:
        assert f"| {item['label']} | {item['score']} |" in out
    for caveat in doc["caveats"]:
        assert caveat["text"] in out
    for entry in doc["what_if"]:
        assert f"- {entry['text']}" in out


def test_markdown_can_be_written_as_an_adr_file(cli, tmp_path: Path) -> None:
    target = tmp_path / "docs" / "adr"
    target.mkdir(parents=True)
    path = target / "0001-deep-learning-framework.md"
    result = cli("recommend", *PROFILES["research-text"], "--format", "markdown", "--output", str(path))
    assert result.code == 0, result.err
    assert path.read_text("utf-8").startswith("# Deep-learning framework: ")


@pytest.mark.parametrize("profile", PROFILES)
def test_chinese_output_has_no_english_frame(cli, profile: str) -> None:
    out = cli("recommend", *PROFILES[profile], "--lang", "zh", "--explain").out
    assert out.startswith(("推荐：", "尚无推荐："))
    for word in ("Recommendation", "Why", "Ranking", "would win", "fires if", "because", "Install"):
        assert word not in out
