"""The text renderer's sentences: what-if changes read naturally in both languages."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_sentences_read_naturally(kb, lang: str) -> None:
    from recommender.engine.result import Change, WhatIf
    from recommender.render.text import what_if_sentence

    item = WhatIf((Change("deploy", ("mobile",), ()),), "framework", ("pytorch",), 2)
    expected = {
        "en": "If you did not deploy to mobile phones, the framework would be PyTorch (margin 2).",
        "zh": "如果不需要部署到移动端，框架将是 PyTorch（领先 2 分）。",
    }
    assert what_if_sentence(kb, item, lang) == expected[lang]
    changes = (Change("goal", "production", "research"), Change("pretrained", None, "no"))
    pair = WhatIf(changes, "approach", ("conventional", "transformer"), 0)
    expected = {
        "en": "If your goal were research or experiments and you trained from scratch, the approach would be "
              "a tie between a conventional architecture suited to the data and Transformer approach.",
        "zh": "如果项目目标改为研究或实验，且从头训练，方案将成为适合数据的常规架构与 Transformer 方案并列。",
    }
    assert what_if_sentence(kb, pair, lang) == expected[lang]


def test_every_question_has_a_phrase(kb) -> None:
    """Every change of every question renders in both languages without the generic fallback."""
    from recommender.engine.whatif import changes
    from recommender.render.text import change_text

    for answers in ({}, {"data": ("text",), "deploy": ("mobile",), "priorities": ("debugging",), "goal": "research"}):
        for change in changes(kb, answers):
            for lang in ("en", "zh"):
                text = change_text(kb, change, lang)
                assert "«" not in text, text
