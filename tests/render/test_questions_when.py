"""`recommender questions` says when a question is asked in words, in both languages (issue 16)."""

from __future__ import annotations

import pytest

from recommender.render.questions import condition_words


@pytest.mark.parametrize(("lang", "line"), [
    ("en", "    asked when goal is production"),
    ("en", "    asked when deploy does not include none"),
    ("zh", "    仅当 goal 为 production 时询问"),
    ("zh", "    仅当 deploy 不包括 none 时询问"),
])
def test_the_listing_says_the_condition_in_words(cli, lang, line) -> None:
    res = cli("questions", "--lang", lang)
    assert res.code == 0 and line in res.out.splitlines()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_condition_is_shown_as_json(cli, kb, lang) -> None:
    out = cli("questions", "--lang", lang).out
    conditional = [q for q, spec in kb.questions.items() if spec.get("when")]
    shown = [line for line in out.splitlines() if line.startswith(("    asked when ", "    仅当 "))]
    assert len(shown) == len(conditional) > 0
    assert not any(mark in line for line in shown for mark in '{}"[')


@pytest.mark.parametrize(("cond", "en", "zh"), [
    ({"one_of": {"goal": ["research", "learning"]}}, "goal is one of research, learning",
     "goal为research、learning之一"),
    ({"not": {"one_of": {"goal": ["research"]}}}, "goal is none of research", "goal不为research中的任何一项"),
    ({"contains_any": {"data": ["text", "image"]}}, "data includes any of text, image",
     "data包括text、image中的任一项"),
    ({"not": {"contains_any": {"deploy": ["mobile"]}}}, "deploy includes none of mobile",
     "deploy不包括mobile中的任何一项"),
    ({"all": [{"equals": {"goal": "production"}}, {"any": [{"contains": {"deploy": "mobile"}},
                                                            {"equals": {"scale": "cluster"}}]}]},
     "goal is production and (deploy includes mobile or scale is cluster)",
     "goal为production且（deploy包括mobile或scale为cluster）"),
    ({"not": {"all": [{"equals": {"goal": "production"}}, {"equals": {"scale": "cluster"}}]}},
     "not (goal is production and scale is cluster)", "并非（goal为production且scale为cluster）"),
])
def test_every_operator_reads_as_words(cond, en, zh) -> None:
    assert condition_words(cond, "en") == en
    assert condition_words(cond, "zh") == zh
