"""`--format` and `--lang` mistakes get a hint as the question flags do; an unknown RECOMMENDER_LANG warns."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("args", "hint"), [
    (("recommend", "--format", "jsn"), "(did you mean 'json'?)"),
    (("questions", "--format", "jsno"), "(did you mean 'json'?)"),
    (("rules", "lint", "--format", "txt"), "(did you mean 'text'?)"),
    (("candidates", "--format", "jason"), "(did you mean 'json'?)"),
    (("recommend", "--lang", "zh_CN"), "(did you mean 'zh'?)"),
    (("recommend", "--lang", "english"), "(did you mean 'en'?)"),
    (("recommend", "--lang", "fr"), "(the texts exist in en (English) and zh (Chinese))"),
])
def test_a_bad_choice_names_the_flag_and_hints(cli, args, hint) -> None:
    res = cli(*args)
    assert res.code == 2 and res.out == ""
    assert res.err.count("\n") == 1 and res.err.startswith("recommender: --") and res.err.rstrip().endswith(hint)


def test_an_unknown_recommender_lang_warns_once(cli, monkeypatch) -> None:
    monkeypatch.setenv("RECOMMENDER_LANG", "fr")
    monkeypatch.setenv("LANG", "C.UTF-8")
    res = cli("recommend", "--goal", "research")
    assert res.code == 0 and res.out.startswith("Recommendation: ")
    assert res.err.count("RECOMMENDER_LANG='fr'") == 1 and res.err.count("\n") == 1
    assert cli("recommend", "--goal", "research", "--lang", "en").err == ""  # --lang decides: nothing to warn of


@pytest.mark.parametrize("value", ["en", "zh", ""])
def test_a_known_or_unset_recommender_lang_is_quiet(cli, monkeypatch, value) -> None:
    monkeypatch.setenv("RECOMMENDER_LANG", value)
    assert cli("recommend", "--goal", "research").err == ""
