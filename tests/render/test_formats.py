"""Golden files for every output format, three profiles, both languages.

The rule weights may still change: regenerate with `UPDATE_GOLDEN=1 python -m pytest -q tests/render/test_formats.py`
and review the diff of tests/golden/ like any other change.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

from tests.helpers import TESTS

GOLDEN = TESTS / "golden"  # docs/explanations.md points here
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"

# Profiles on which each candidate wins its decision once (with the current rules; the goldens record it):
# a Transformer on PyTorch, a Transformer on TensorFlow, TensorFlow with a conventional CNN on a phone,
# and no answers at all (no verdict, a hint).
PROFILES: dict[str, list[str]] = {
    "research-text": ["--goal", "research", "--data", "text"],
    "production-mobile": ["--goal", "production", "--deploy", "mobile", "--data", "image", "--task",
                          "classification", "--pretrained", "yes"],
    "app-translation-pretrained": ["--goal", "application", "--data", "text", "--task", "translation",
                                   "--pretrained", "yes"],
    "no-answers": [],
}
FORMATS = {"text": "txt", "json": "json", "markdown": "md", "yaml": "yaml"}
LANGS = ("en", "zh")


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
@pytest.mark.parametrize("profile", PROFILES)
def test_golden(cli, profile: str, fmt: str, lang: str) -> None:
    result = cli("recommend", *PROFILES[profile], "--format", fmt, "--lang", lang)
    assert result.code == 0, result.err
    check_golden(f"{profile}.{lang}.{FORMATS[fmt]}", result.out)


def test_profiles_cover_every_candidate(cli, kb) -> None:
    docs = [json.loads(cli("recommend", *args, "--format", "json").out) for args in PROFILES.values()]
    winners = {d["decisions"][name]["winner"] for d in docs for name in kb.decisions}
    assert winners - {None} == set(kb.candidates), "the golden profiles should show each candidate winning once"


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
