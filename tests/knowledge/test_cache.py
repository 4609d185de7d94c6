"""The compiled knowledge base is cached, invalidated by any change, and never an error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT

RULE = """\
rules:
  - id: cache-probe
    kind: advice
    when: {{equals: {{goal: learning}}}}
    effects: {{tensorflow: {weight}}}
    text: {{en: "Probe.", zh: "探针。"}}
    source: beyond
"""


def score(run, pack: Path, cache: Path, *extra: str) -> int:
    out = run("recommend", "--rules", str(pack), "--goal", "learning", "--format", "json", *extra,
              env={"XDG_CACHE_HOME": str(cache)})
    assert out.code == 0, out.err
    reasons = json.loads(out.out)["reasons"]
    return next(r["weight"] for r in reasons if r["rule"] == "cache-probe")


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "probe.yaml").write_text(RULE.format(weight=3))
    return folder


def test_a_changed_rule_file_is_picked_up_on_the_next_run(run, pack, tmp_path):
    cache = tmp_path / "cache"
    assert score(run, pack, cache) == 3
    assert list((cache / "recommender").glob("kb-*.json"))
    (pack / "probe.yaml").write_text(RULE.format(weight=7))
    assert score(run, pack, cache) == 7


def test_a_corrupt_cache_is_ignored(run, pack, tmp_path):
    cache = tmp_path / "cache"
    score(run, pack, cache)
    for entry in (cache / "recommender").glob("kb-*.json"):
        entry.write_text('{"format": 2, "key": "x", "kb": [')
    assert score(run, pack, cache) == 3


def test_an_unwritable_cache_is_ignored(run, pack, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    assert score(run, pack, blocker) == 3


def test_no_cache_neither_reads_nor_writes(run, pack, tmp_path):
    cache = tmp_path / "cache"
    assert score(run, pack, cache, "--no-cache") == 3
    assert not (cache / "recommender").exists()


PROBE = """
import io, sys, contextlib
from recommender.cli.main import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main(["recommend", "--goal", "research", "--data", "text", "--format", "json"])
heavy = ("yaml", "jsonschema", "questionary", "prompt_toolkit",
         # those two pay off in a batch, not in one call
         "recommender.engine.settled.groups", "recommender.engine.settled.witness")
print(code, sorted(m for m in heavy if m in sys.modules))
"""


def test_a_warm_recommend_imports_no_yaml_jsonschema_questionary_or_batch_machinery(tmp_path):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    cold = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, check=True)
    assert cold.stdout.split(" ", 1)[0] == "0", cold.stderr
    warm = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, check=True)
    assert warm.stdout.strip() == "0 []"


@pytest.mark.slow  # ten processes
def test_the_cache_keeps_only_recent_entries(run, tmp_path):
    cache = tmp_path / "cache"
    for index in range(10):
        pack = tmp_path / f"pack{index}"
        pack.mkdir()
        (pack / "probe.yaml").write_text(RULE.format(weight=index + 1))
        assert score(run, pack, cache) == index + 1
    assert len(list((cache / "recommender").glob("kb-*.json"))) == 8
