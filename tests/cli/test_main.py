"""`recommender recommend` and `questions`: flags from YAML, answers files, formats, errors."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import jsonschema
import pytest

from recommender.knowledge.model import flag_name
from tests.helpers import SCHEMA

CONTRACT = {
    "goal": ("one", ["research", "production", "learning", "application"]),
    "data": ("many", ["text", "image", "sequence", "multimodal", "tabular", "protein"]),
    "task": ("one", ["classification", "generation", "translation", "question-answering", "detection",
                     "image-generation", "retrieval", "structure-prediction", "other"]),
    "deploy": ("many", ["server", "mobile", "embedded", "browser", "none"]),
    "scale": ("one", ["single", "multi-gpu", "cluster"]),
    "hardware": ("one", ["cpu", "gpu", "tpu"]),
    "pretrained": ("one", ["yes", "no"]),
    "languages": ("many", ["python", "javascript", "c", "other"]),
    "priorities": ("many", ["debugging", "flexibility", "simplicity", "performance", "cross-platform",
                            "visualization", "community"]),
    "experience": ("many", ["none", "numpy", "pytorch", "tensorflow"]),  # several answers since the verdict work
    "industry": ("one", ["general", "healthcare", "finance", "other"]),
    "similar_model": ("one", ["none", "gpt", "bert", "vit", "dall-e", "clip", "alphafold", "stable-diffusion"]),
    "custom": ("one", ["yes", "no"]),
}


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_questions_match_the_contract(kb):
    for qid, (kind, options) in CONTRACT.items():
        assert kb.questions[qid]["kind"] == kind
        assert set(options) <= set(kb.option_ids(qid))
        for lang in ("en", "zh"):
            assert kb.questions[qid]["prompt"][lang] and kb.questions[qid]["help"][lang]


def test_json_validates_against_the_shipped_schema(cli):
    out = cli("recommend", "--goal", "research", "--data", "text", "--format", "json")
    assert out.code == 0, out.err
    document = json.loads(out.out)
    jsonschema.validate(document, json.loads(SCHEMA.read_text()))
    rec, decisions = document["recommendation"], document["decisions"]
    assert rec["framework"] == decisions["framework"]["winner"] == decisions["framework"]["ranking"][0]["id"]
    assert rec["approach"] == decisions["approach"]["winner"] == decisions["approach"]["ranking"][0]["id"]
    assert rec["id"] in (rec["framework"], rec["approach"])
    assert rec["backend"] == (rec["framework"] if rec["id"] == rec["approach"] else None)


@pytest.mark.parametrize("args", [[], ["--goal", "learning"], ["--data", "text"],
                                  ["--goal", "production", "--deploy", "mobile"]])
def test_every_json_document_validates_ties_included(cli, args):
    document = json.loads(cli("recommend", *args, "--format", "json").out)
    jsonschema.validate(document, json.loads(SCHEMA.read_text()))
    for item in document["decisions"].values():
        assert (item["winner"] is None) == (len(item["tie"]) > 1)
    if document["recommendation"]["id"] is None:
        assert document["recommendation"]["tie"] == document["decisions"]["framework"]["tie"]


def test_many_choice_flag_repeated_or_comma_separated(cli):
    a = cli("recommend", "--data", "text", "--data", "image", "--format", "json")
    b = cli("recommend", "--data", "text,image", "--format", "json")
    assert a.out == b.out and json.loads(a.out)["answers"]["data"] == ["text", "image"]


def test_bad_flag_value_lists_the_choices(cli):
    out = cli("recommend", "--goal", "reserch")
    assert out.code == 2 and out.out == ""
    assert out.err.count("\n") == 1
    assert "--goal" in out.err and "research, production, learning, application" in out.err
    assert "did you mean 'research'" in out.err


def test_unknown_flag_is_one_line_exit_2(cli):
    out = cli("recommend", "--gaol", "research")
    assert out.code == 2 and out.err.count("\n") == 1 and "--gaol" in out.err


def test_answers_file_yes_unquoted_and_flags_override(cli, tmp_path):
    answers = write(tmp_path, "a.yaml", "pretrained: yes\ngoal: research\ndeploy: no\n")
    out = cli("recommend", "--answers", str(answers), "--goal", "production", "--format", "json")
    assert out.code == 0, out.err
    used = json.loads(out.out)["answers"]
    assert used["pretrained"] == "yes" and used["goal"] == "production" and used["deploy"] == ["none"]


def test_answers_file_errors_name_file_line_and_field(cli, tmp_path):
    answers = write(tmp_path, "a.yaml", "goal: research\ndata: [text, imgae]\n")
    out = cli("recommend", "--answers", str(answers))
    assert out.code == 2
    assert out.err.startswith(f"{answers}:2:") and "$.data" in out.err and "'imgae'" in out.err


def test_json_answers_file(cli, tmp_path):
    answers = write(tmp_path, "a.json", '{"similar_model": "bert", "data": ["text"]}')
    out = cli("recommend", "--answers", str(answers), "--format", "json")
    assert json.loads(out.out)["recommendation"]["backend"] == "tensorflow"


MINI_QUESTION = """\
questions:
  - id: budget_level
    order: 200
    kind: one
    prompt: {en: "How big is the budget?", zh: "预算多大？"}
    help: {en: "Budget decides hardware.", zh: "预算决定硬件。"}
    options:
      - {id: tiny, label: {en: Tiny, zh: 很少}}
      - {id: huge, label: {en: Huge, zh: 很多}}
rules:
  - id: huge-budget-tensorflow
    kind: advice
    when: {equals: {budget_level: huge}}
    effects: {tensorflow: 9}
    text: {en: "A huge budget buys a TPU pod.", zh: "预算充足可购买 TPU。"}
    source: beyond
"""


def test_a_question_added_in_yaml_is_a_new_flag(cli, tmp_path):
    write(tmp_path, "budget.yaml", MINI_QUESTION)
    helped = cli("recommend", "--rules", str(tmp_path), "--help")
    assert "--budget-level" in helped.out
    out = cli("recommend", "--rules", str(tmp_path), "--budget-level", "huge", "--format", "json")
    assert out.code == 0, out.err
    document = json.loads(out.out)
    assert document["recommendation"]["id"] == "tensorflow"
    assert any(r["rule"] == "huge-budget-tensorflow" for r in document["reasons"])


JAX = """\
candidates:
  - id: jax
    label: {en: JAX, zh: JAX}
    kind: framework
    summary: {en: "Composable transformations of NumPy programs.", zh: "可组合变换的 NumPy 程序。"}
    packages: [{name: jax}]
rules:
  - id: jax-tpu
    kind: strength
    when: {equals: {hardware: tpu}}
    effects: {jax: 6}
    text: {en: "JAX compiles to TPUs through XLA.", zh: "JAX 通过 XLA 编译到 TPU。"}
    source: beyond
  - id: jax-research
    kind: use-case
    when: {equals: {goal: research}}
    effects: {jax: 4}
    text: {en: "JAX is popular for research.", zh: "JAX 常用于研究。"}
    source: beyond
"""


def test_a_fourth_candidate_is_a_yaml_change(cli, tmp_path):
    write(tmp_path, "jax.yaml", JAX)
    out = cli("recommend", "--rules", str(tmp_path), "--hardware", "tpu", "--goal", "research", "--format", "json")
    assert out.code == 0, out.err
    document = json.loads(out.out)
    assert "jax" in [r["id"] for r in document["ranking"]]
    jax_reasons = [r for r in document["reasons"] if r["candidate"] == "jax"]
    assert {r["rule"] for r in jax_reasons} == {"jax-tpu", "jax-research"}
    score = next(r["score"] for r in document["ranking"] if r["id"] == "jax")
    assert score == sum(r["weight"] for r in jax_reasons) == 10


def test_a_rule_with_the_same_id_replaces_the_shipped_one(cli, kb, tmp_path):
    rule_id = kb.rules[0].id
    write(tmp_path, "override.yaml", f"""\
    rules:
      - id: {rule_id}
        kind: advice
        when: {{equals: {{goal: learning}}}}
        effects: {{tensorflow: 7}}
        text: {{en: "Replaced.", zh: "已替换。"}}
        source: beyond
    """)
    out = cli("recommend", "--rules", str(tmp_path), "--goal", "learning", "--format", "json")
    reasons = [r for r in json.loads(out.out)["reasons"] if r["rule"] == rule_id]
    assert [(r["candidate"], r["weight"], r["text"]) for r in reasons] == [("tensorflow", 7, "Replaced.")]


@pytest.mark.parametrize(
    ("content", "line", "fragment"),
    [
        ("rules:\n  - !!python/object/apply:os.system ['touch {marker}']\n", 2, "tag"),
        ("rules:\n  - id: a\n    id: b\n", 3, "duplicate key 'id'"),
        (
            "rules:\n  - id: x-rule\n    kind: advice\n    when: {{equals: {{budget: big}}}}\n"
            "    effects: {{pytorch: 1}}\n    text: {{en: a, zh: b}}\n    source: beyond\n",
            4, "unknown question 'budget'",
        ),
    ],
    ids=["python-tag", "duplicate-key", "unknown-question"],
)
def test_hostile_rule_files_exit_3_located_and_run_nothing(run, tmp_path, content, line, fragment):
    marker = tmp_path / "pwned"
    pack = tmp_path / "pack"
    pack.mkdir()
    bad = write(pack, "bad.yaml", content.format(marker=marker))
    out = run("recommend", "--rules", str(pack), "--goal", "research")
    assert out.code == 3 and out.out == ""
    assert out.err.count("\n") == 1 and "Traceback" not in out.err
    assert out.err.startswith(f"{bad}:{line}:") and fragment in out.err
    assert not marker.exists()


def test_lang_zh_and_locale_default(cli, run):
    zh = cli("recommend", "--goal", "research", "--lang", "zh")
    assert "推荐" in zh.out
    locale = {"RECOMMENDER_LANG": "", "LANG": "zh_CN.UTF-8", "LC_ALL": ""}
    by_locale = run("recommend", "--goal", "research", env=locale)
    assert by_locale.out == zh.out


def test_text_output_shows_ranking_reasons_confidence_and_install(cli, kb):
    out = cli("recommend", "--goal", "production", "--deploy", "mobile")
    assert out.code == 0
    for word in ("Recommendation:", "Framework:", "Approach:", "Framework scores:", "Approach scores:", "█",
                 "Why TensorFlow:", "confidence", "Install: pip install"):
        assert word in out.out
    assert any(kb.sources[s]["title"]["en"] in out.out for s in kb.sources)


@pytest.mark.parametrize("command", ["recommend", "questions", "candidates", "ask", "rules"])
def test_every_command_has_help_with_examples(cli, command):
    out = cli(command, "--help")
    assert out.code == 0 and "Usage:" in out.out


def test_recommend_help_has_examples_and_question_flags(cli):
    out = cli("recommend", "--help")
    assert "Examples:" in out.out
    for qid in CONTRACT:
        assert flag_name(qid) in out.out


def test_version(cli):
    from recommender import __version__

    assert __version__ in cli("--version").out


def test_questions_text_and_json(cli):
    text = cli("questions")
    assert "--similar-model" in text.out and "stable-diffusion" in text.out
    document = json.loads(cli("questions", "--format", "json", "--lang", "zh").out)
    ids = [q["id"] for q in document["questions"]]
    assert set(CONTRACT) <= set(ids)
    assert all(q["flag"] == flag_name(q["id"]) for q in document["questions"])


def test_same_input_same_bytes_across_hash_seeds(run):
    outs = {
        run("recommend", "--goal", "research", "--data", "text,image", "--format", "json",
            env={"PYTHONHASHSEED": seed}).out
        for seed in ("0", "1", "12345")
    }
    assert len(outs) == 1
