"""Chinese text output: the headline has one shape whichever candidate wins (or on a tie), and the
headline and `未回答` use 、 and full-width punctuation (issue 16)."""

from __future__ import annotations

import re

import pytest

from recommender.answers import flag_locator, normalize
from recommender.engine.recommend import recommend
from recommender.render import FORMATS, RenderOptions
from tests.helpers import raw_profiles

# 推荐：NAME；置信度…   or   尚无唯一推荐：NAME；置信度…
HEADLINE = re.compile(r"^(推荐|尚无唯一推荐)：(?P<name>[^；]+)；置信度[^；]+$")
UNANSWERED = re.compile(r"^未回答（\d+ 个）：--[a-z-]+(、--[a-z-]+)*（[^（）]+）$")
ASCII_PUNCTUATION = re.compile(r"[,;:()]")


def zh_text(kb, raw: dict) -> str:
    answers = normalize(kb, raw, flag_locator)
    return FORMATS["text"](kb, recommend(kb, answers), RenderOptions("zh"))


@pytest.mark.slow
def test_every_headline_has_one_shape_and_full_width_punctuation(kb) -> None:
    winners = set()
    for raw in [{"goal": "research"}, {"goal": "application"}, {"goal": "production", "data": ["tabular"]},
                *raw_profiles(kb, 60)]:
        lines = zh_text(kb, raw).splitlines()
        match = HEADLINE.match(lines[0])
        assert match and not ASCII_PUNCTUATION.search(lines[0]), lines[0]
        winners.add(match["name"].endswith("）"))
        unanswered = [line for line in lines if line.startswith("未回答")]
        assert all(UNANSWERED.match(line) for line in unanswered), unanswered
    assert winners == {True, False}  # names with and without their own bracket both met
