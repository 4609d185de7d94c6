"""The knowledge audit's faults and constrained compute, where a rule test cannot say it: a reason names only
the answers that made it fire, the famous-model rows say only what the table says, the scale help matches
the rules, and training from scratch on a device never favours the Transformer more than fine-tuning."""

from __future__ import annotations

from hypothesis import given, settings

from recommender.engine.recommend import recommend
from recommender.engine.scoring import scores_of
from tests.helpers import KB, answer_profiles


def test_a_reason_lists_only_the_answers_that_made_it_fire() -> None:
    result = recommend(KB, {"goal": "learning", "priorities": ("debugging",)})
    community = next(r for r in result.reasons if r.rule == "pytorch-community")
    assert community.answers == {"goal": "learning"}  # priorities was answered, without community


def test_the_famous_model_rows_say_only_what_the_table_says() -> None:
    texts = {r.id: r.text["en"] for r in KB.rules}
    assert texts["model-bert-framework"] == "The table gives TensorFlow as BERT's framework."
    assert texts["model-gpt-framework"] == "The table gives PyTorch as GPT's framework."
    assert {r["id"] for r in KB.data["rules"] if "dated" in r} >= {"model-bert-framework"}


def test_the_scale_help_matches_the_rules() -> None:
    """Several GPUs on one machine are not TensorFlow's large-scale training: the help says so in both languages."""
    help_text = KB.questions["scale"]["help"]
    assert "several GPUs on one machine lean PyTorch" in help_text["en"]
    assert "单机多卡偏向 PyTorch" in help_text["zh"]
    large = next(r for r in KB.rules if r.id == "conclusion-tensorflow-large-training")
    assert large.test({"scale": "multi-gpu"}) is False and large.test({"scale": "cluster"}) is True


def test_the_default_backend_says_the_decision_is_tied() -> None:
    text = KB.candidates["transformer"]["default_backend"]["text"]["en"]
    assert text.startswith("Your answers leave the framework decision tied")


def _lead(answers: dict) -> int:
    scores = scores_of(KB, KB.effective(answers)[0])
    return scores["transformer"] - scores["conventional"]


@settings(max_examples=150, deadline=None)
@given(profile=answer_profiles(KB))
def test_from_scratch_on_a_device_never_favours_the_transformer_more_than_fine_tuning(profile: dict) -> None:
    device = {**profile, "deploy": tuple(o for o in KB.option_ids("deploy") if o in {"mobile", "embedded"}
                                         and o in (profile.get("deploy") or ("mobile",)))}
    device["deploy"] = device["deploy"] or ("mobile",)
    assert _lead({**device, "pretrained": "no"}) <= _lead({**device, "pretrained": "yes"})
