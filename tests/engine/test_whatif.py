"""What-if: each suggested change, applied and re-run through `recommend`, gives the stated winner;
the search is exact (no single change is missed, pairs only when no single change works)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

PROFILES: list[list[str]] = [
    ["--goal", "research", "--data", "text"],
    ["--goal", "production", "--deploy", "mobile"],
    ["--goal", "application", "--data", "text", "--task", "translation", "--pretrained", "yes"],
    ["--goal", "research", "--data", "text", "--task", "translation", "--pretrained", "yes"],
    ["--goal", "learning", "--hardware", "cpu", "--deploy", "none"],
    ["--deploy", "mobile,browser", "--languages", "javascript"],
]


def _entries(cli, args: list[str]) -> tuple[dict, list[tuple[int, dict]]]:
    doc = json.loads(cli("recommend", *args, "--format", "json").out)
    return doc, list(enumerate(doc["what_if"]))


@pytest.mark.parametrize("args", PROFILES, ids=lambda a: " ".join(a) or "none")
def test_every_what_if_gives_its_winner(cli, tmp_path: Path, args: list[str]) -> None:
    doc, entries = _entries(cli, args)
    assert entries, "each profile here has at least one what-if"
    for index, entry in entries:
        answers = dict(doc["answers"])
        for change in entry["changes"]:
            assert answers.get(change["question"]) == change["from"]
            answers[change["question"]] = change["to"]
        path = tmp_path / f"what-if-{index}.json"
        path.write_text(json.dumps(answers), "utf-8")
        rerun = json.loads(cli("recommend", "--answers", str(path), "--format", "json").out)
        assert rerun["recommendation"]["id"] == entry["winner"] != doc["recommendation"]["id"], entry["text"]
        assert rerun["recommendation"]["backend"] == entry["backend"]
        assert rerun["confidence"]["margin"] == entry["margin"]


@pytest.mark.parametrize("args", PROFILES, ids=lambda a: " ".join(a) or "none")
def test_search_is_exact(kb, args: list[str]) -> None:
    """Brute force over every option of every question, written independently of whatif.py."""
    from recommender.engine.recommend import recommend
    from recommender.engine.scoring import winner_of
    from recommender.knowledge.conditions import compile_condition

    doc_answers = _normalized(kb, args)
    result = recommend(kb, doc_answers)
    flips = []
    for qid, spec in kb.questions.items():
        current = doc_answers.get(qid)
        for option in kb.option_ids(qid):
            if spec["kind"] == "one":
                after = option
            else:
                chosen = set(current or ())
                chosen ^= {option}
                if "none" in chosen and len(chosen) > 1:
                    chosen = {"none"} if option == "none" else chosen - {"none"}
                after = tuple(o for o in kb.option_ids(qid) if o in chosen)
            when = compile_condition(spec.get("when"))
            if after == current or when({**doc_answers, qid: after}) is False:
                continue
            if winner_of(kb, {**doc_answers, qid: after})[0] != result.winner:
                flips.append((qid, after))
    sizes = {len(w.changes) for w in result.what_if}
    if flips:
        assert sizes == {1}
        shown = {(w.changes[0].question, w.changes[0].after) for w in result.what_if}
        assert shown <= set(flips)
        assert len(shown) == min(len(flips), 10)
    else:
        assert sizes <= {2}


def test_none_is_exclusive(kb) -> None:
    from recommender.engine.whatif import changes

    offered = [c.after for c in changes(kb, {"deploy": ("mobile",)}) if c.question == "deploy"]
    assert ("none",) in offered
    assert not any("none" in after and len(after) > 1 for after in offered)


def test_unasked_questions_are_not_suggested(kb) -> None:
    from recommender.engine.whatif import changes

    assert not [c for c in changes(kb, {"deploy": ("none",)}) if c.question == "languages"]


def _normalized(kb, args: list[str]) -> dict:
    from recommender.answers import normalize

    raw: dict[str, object] = {}
    for flag, value in zip(args[::2], args[1::2], strict=True):
        qid = flag[2:].replace("-", "_")
        raw[qid] = value.split(",") if kb.questions[qid]["kind"] == "many" else value
    return dict(normalize(kb, raw))
