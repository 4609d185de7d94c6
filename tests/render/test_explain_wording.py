"""`--explain` reads as sentences, and no format ignores it silently (issue 16)."""

from __future__ import annotations

import re

import pytest

from recommender.render.text import inline, phrase_label

PLAIN = re.compile(r"^(A|[A-Z][a-z]+)$")  # a capitalized word and nothing more: "Several", "A"


def test_the_issues_examples_read_lower_case(cli) -> None:
    out = cli("recommend", "--goal", "research", "--explain").out
    assert "fires if you prioritized a simple API" in out and "ran on several GPUs on one machine" in out
    assert "prioritized A simple API" not in out and "on Several GPUs" not in out


def test_every_option_label_reads_mid_sentence(kb) -> None:
    for qid, spec in kb.questions.items():
        for option in spec["options"]:
            words = phrase_label(kb, qid, option["id"], "en").split(" ")
            name = len(words) > 1 and PLAIN.match(words[1].strip("(,"))  # Stable Diffusion: a name
            assert not PLAIN.match(words[0]) or name or words[0] == "Python", (qid, option["id"], words)


@pytest.mark.parametrize(("label", "shown"), [
    ("Mobile phones", "mobile phones"), ("A simple API", "a simple API"), ("GPU", "GPU"),
    ("Stable Diffusion (image generation)", "Stable Diffusion (image generation)"), ("NumPy", "NumPy"),
])
def test_inline(label, shown) -> None:
    assert inline(label, "en") == shown and inline(label, "zh") == label


def test_a_list_of_labels_is_lowered_item_by_item(kb) -> None:
    assert phrase_label(kb, "deploy", ("server", "mobile"), "en") == "servers or the cloud, mobile phones"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_markdown_with_explain_has_the_explanation_section(cli, lang) -> None:
    plain = cli("recommend", "--goal", "research", "--format", "markdown", "--lang", lang).out
    explained = cli("recommend", "--goal", "research", "--format", "markdown", "--lang", lang, "--explain").out
    heading = {"en": "## How the scores add up", "zh": "## 得分如何构成"}[lang]
    assert heading not in plain and heading in explained.splitlines()
    assert "`advice-research-pytorch`" in explained and explained.endswith(plain.split("---\n")[-1])
    assert explained.count("\n### ") - plain.count("\n### ") >= 4  # one per candidate


@pytest.mark.parametrize("args", [("--format", "env"), ("--output", "x.env")])
def test_env_with_explain_is_refused_naming_the_flag(cli, tmp_path, monkeypatch, args) -> None:
    monkeypatch.chdir(tmp_path)
    res = cli("recommend", "--goal", "research", "--explain", *args)
    assert res.code == 2 and res.out == "" and res.err.count("\n") == 1
    assert res.err.startswith("recommender: --explain: --format env")
    assert list(tmp_path.iterdir()) == []
