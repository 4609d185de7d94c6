"""The Python API: cheap to import, typed, and the same answers as the CLI."""

from __future__ import annotations

import doctest
import json
import subprocess
import sys
import typing

import pytest

import recommender
from recommender import api
from tests.helpers import raw_profiles


def test_import_is_cheap() -> None:
    code = "import sys, recommender; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", "import json; " + code], capture_output=True, text=True, check=True)
    loaded = json.loads(out.stdout)
    heavy = [m for m in loaded if m.split(".")[0] in ("yaml", "jsonschema", "click") or m.startswith("recommender.")]
    assert heavy == []


def test_public_names_resolve_to_their_definitions() -> None:
    from recommender.engine.recommend import recommend as _  # noqa: F401  the engine is what the API wraps
    from recommender.engine.result import Change, Confidence, Reason, Result, WhatIf
    from recommender.knowledge.load import load_knowledge_base
    from recommender.knowledge.model import KnowledgeBase

    assert recommender.load_knowledge_base is load_knowledge_base
    assert recommender.KnowledgeBase is KnowledgeBase
    assert (recommender.Result, recommender.Reason, recommender.Confidence) == (Result, Reason, Confidence)
    assert (recommender.WhatIf, recommender.Change) == (WhatIf, Change)
    assert set(recommender.__all__) == set(recommender._LAZY)
    assert set(recommender.__all__) <= set(dir(recommender))
    with pytest.raises(AttributeError):
        recommender.no_such_name  # noqa: B018


def test_recommend_is_typed() -> None:
    from recommender.engine.result import Result

    hints = typing.get_type_hints(api.recommend)
    assert hints["return"] is Result
    from pathlib import Path

    assert (Path(recommender.__file__).parent / "py.typed").is_file()


def test_raw_answers_are_normalized_like_the_cli(cli, kb) -> None:
    from recommender.answers import normalize
    from recommender.engine.recommend import recommend as engine_recommend

    raw = {"goal": "production", "data": "image,text", "deploy": ["browser", "mobile"]}
    result = recommender.recommend(raw, kb=kb)
    assert result == engine_recommend(kb, normalize(kb, raw))
    assert result.answers["data"] == tuple(o for o in kb.option_ids("data") if o in ("image", "text"))
    shown = cli("recommend", "--goal", "production", "--data", "image,text", "--deploy", "browser,mobile",
                "--format", "json")
    assert shown.code == 0
    assert recommender.format_result(result, "json", kb=kb) == shown.out


def test_keyword_answers_and_what_if_switch(kb) -> None:
    by_keywords = recommender.recommend(goal="research", data=["text"], kb=kb, what_if=False)
    by_mapping = recommender.recommend({"goal": "research"}, data="text", kb=kb)
    assert by_keywords.what_if == ()
    assert by_keywords.winner == by_mapping.winner and by_keywords.ranking == by_mapping.ranking


def test_score_is_the_ranking_of_recommend(kb) -> None:
    for raw in raw_profiles(kb, 60, seed=11):
        assert recommender.score(raw, kb=kb) == recommender.recommend(raw, kb=kb, what_if=False).ranking
    assert recommender.score({"goal": "research"}, data="text", kb=kb) == recommender.score(
        goal="research", data=["text"], kb=kb)
    with pytest.raises(recommender.AnswersError, match="--goal"):
        recommender.score(goal="reserch", kb=kb)
    assert typing.get_type_hints(api.score)["return"] == tuple[tuple[str, int], ...]


def test_default_knowledge_base_is_loaded_once() -> None:
    assert api.shipped_knowledge_base() is api.shipped_knowledge_base()


def test_bad_answers_raise_a_usage_error(kb) -> None:
    with pytest.raises(recommender.AnswersError, match=r"--goal: 'reserch' is not one of .*did you mean 'research'"):
        recommender.recommend({"goal": "reserch"}, kb=kb)
    with pytest.raises(recommender.UsageError, match="unknown question"):
        recommender.recommend(colour="red", kb=kb)


def test_rules_folders_layer_over_the_shipped_pack(tmp_path, kb) -> None:
    target = sorted(kb.candidates)[-1]
    (tmp_path / "boost.yaml").write_text(
        "rules:\n"
        "  - id: api-test-boost\n"
        "    kind: advice\n"
        f"    effects: {{{target}: 7}}\n"
        "    text: {en: boost, zh: 提升}\n"
        "    source: beyond\n",
        encoding="utf-8",
    )
    plain = recommender.recommend(goal="research", kb=kb, what_if=False)
    layered = recommender.recommend(goal="research", rules=[tmp_path], what_if=False)
    assert layered.scores[target] == plain.scores[target] + 7


def test_format_result_rejects_an_unknown_format(kb) -> None:
    result = recommender.recommend(goal="research", kb=kb, what_if=False)
    with pytest.raises(recommender.UsageError, match="unknown format"):
        recommender.format_result(result, "pdf", kb=kb)


@pytest.mark.parametrize("module", ["recommender", "recommender.api"])
def test_docstring_examples_run(module: str) -> None:
    mod = sys.modules[module] if module in sys.modules else __import__(module, fromlist=["_"])
    failed, tried = doctest.testmod(mod, optionflags=doctest.ELLIPSIS)
    assert tried > 0 and failed == 0


def test_the_api_shares_one_settled_memo_and_gives_the_one_shot_verdicts() -> None:
    """Calls on one knowledge base share a memo (the witness's searches run once), and every confidence is
    the one a single check without a memo gives."""
    from recommender.engine.recommend import recommend as one_shot

    kb = api.shipped_knowledge_base()
    assert api.memo_of(kb) is api.memo_of(kb) and api.memo_of(kb).witness
    for raw in raw_profiles(kb, 40, seed=8):
        shared = api.recommend(raw, kb=kb, what_if=False)
        alone = one_shot(kb, api.check(raw, kb=kb), what_if=False)
        assert [d.confidence for d in shared.decisions] == [d.confidence for d in alone.decisions]
    assert api.memo_of(kb).favoured is not None  # the shared memo was used, not bypassed
