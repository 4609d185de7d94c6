"""`--format env`: assignments a POSIX shell can `eval`, matching the JSON document, inert when hostile."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess

import pytest

from recommender.engine.recommend import recommend as engine_recommend
from recommender.knowledge.model import KnowledgeBase
from recommender.render import FORMATS, RenderOptions

NAMES = ["FRAMEWORK", "RECOMMENDATION", "KIND", "LABEL", "BACKEND", "APPROACH", "VARIANTS", "PACKAGES",
         "CONFIDENCE", "MARGIN", "SETTLED", "FRAMEWORK_CONFIDENCE", "APPROACH_CONFIDENCE", "TIE", "RUNNER_UP",
         "CAVEATS", "UNANSWERED", "UNMET_FRAMEWORK", "UNMET_APPROACH", "DATED", "IGNORED"]
SHELLS = [s for s in ("sh", "bash", "dash") if shutil.which(s)]


def evaluated(text: str, shell: str = "sh") -> dict[str, str]:
    """Each variable as the shell sees it after `eval`."""
    script = 'eval "$1"\n' + "".join(f'printf "%s\\0" "$RECOMMENDER_{n}"\n' for n in NAMES)
    out = subprocess.run([shell, "-c", script, "sh", text], capture_output=True, check=True).stdout
    return dict(zip(NAMES, out.decode("utf-8").split("\0")[:-1], strict=True))


@pytest.mark.parametrize("args", [
    ("--goal", "research", "--data", "text"),
    ("--goal", "application", "--data", "text,image"),
    ("--data", "multimodal"),  # a framework tie: no runner-up
    ("--goal", "production", "--deploy", "mobile,browser", "--lang", "zh"),
    ("--goal", "research", "--hardware", "tpu", "--data", "text"),  # a requirement sets PyTorch aside
    ("--goal", "research", "--production-scale", "large"),  # an answer ignored: its question is not asked
])
def test_env_matches_the_json_document(cli, args) -> None:
    env, doc = cli("recommend", *args, "--format", "env"), cli("recommend", *args, "--format", "json")
    assert env.code == doc.code == 0
    assert [line.split("=", 1)[0] for line in env.out.splitlines()] == [f"RECOMMENDER_{n}" for n in NAMES]
    data = json.loads(doc.out)
    rec = data["recommendation"]
    for shell in SHELLS:
        got = evaluated(env.out, shell)
        assert got["RECOMMENDATION"] == (rec["id"] or "")
        assert got["FRAMEWORK"] == (rec["backend"] or rec["framework"] or "")
        assert got["BACKEND"] == (rec["backend"] or "")
        assert got["APPROACH"] == (rec["approach"] or "")
        assert got["VARIANTS"].split() == [v["id"] for v in rec["variants"]]
        assert got["LABEL"] == (rec["label"] or "")
        assert got["KIND"] == (rec["kind"] or "")
        assert got["PACKAGES"].split() == rec["packages"]
        assert got["CONFIDENCE"] == data["confidence"]["level"]
        assert int(got["MARGIN"]) == data["confidence"]["margin"]
        assert got["SETTLED"] == str(data["confidence"]["settled"]).lower()
        for name in ("framework", "approach"):
            assert got[f"{name.upper()}_CONFIDENCE"] == data["decisions"][name]["confidence"]["level"]
        assert got["TIE"].split() == data["decisions"]["framework"]["tie"]
        framework = data["decisions"]["framework"]
        assert got["RUNNER_UP"] == (framework["ranking"][1]["id"] if framework["winner"] else "")
        assert got["UNANSWERED"].split() == data["unanswered"]
        assert got["IGNORED"].split() == [i["question"] for i in data.get("ignored", [])]
        assert got["CAVEATS"].split() == list(dict.fromkeys(c["rule"] for c in data["caveats"]))
        for name in ("framework", "approach"):
            unmet = data["decisions"][name]["unmet"]
            assert got[f"UNMET_{name.upper()}"].split() == [f"{u['candidate']}:{u['requirement']}" for u in unmet]
        assert got["DATED"].split() == [d["id"] for d in data["dated"]]


def test_hostile_label_stays_text(kb, tmp_path) -> None:
    """A label from an untrusted pack cannot run commands when the output is eval'ed."""
    result = engine_recommend(kb, {"goal": "research"}, what_if=False)
    data = copy.deepcopy(kb.data)
    marker = tmp_path / "pwned"
    hostile = f"x'; touch {marker}; echo '$(touch {marker})`touch {marker}`\n\\\"; touch {marker}"
    for cand in data["candidates"]:
        if cand["id"] == result.winner:
            cand["label"]["en"] = hostile
    text = FORMATS["env"](KnowledgeBase(data), result, RenderOptions("en"))
    for shell in SHELLS:
        assert evaluated(text, shell)["LABEL"] == hostile
    assert not marker.exists()


def test_env_is_a_registered_format(cli) -> None:
    assert "env" in FORMATS
    assert "env" in cli("recommend", "--help").out
