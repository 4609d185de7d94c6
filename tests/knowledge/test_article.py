"""Every rule of the shipped knowledge cites the article. The article's verdicts themselves (its advice,
its famous-model table) are pinned by the pack's own rule tests, `rules/tests-article.yaml`."""

from __future__ import annotations


def test_every_rule_cites_a_known_section(kb):
    assert kb.rules
    for rule in kb.rules:
        assert rule.source in kb.sources
        assert rule.text["en"] and rule.text["zh"]


def test_sections_two_to_six_are_all_cited(kb):
    cited = {kb.sources[r.source]["section"] for r in kb.rules}
    assert {"二", "三", "四", "五", "六"} <= cited
