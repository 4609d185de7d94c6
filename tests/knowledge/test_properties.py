"""Properties of issue 8 (hypothesis): total, deterministic, round-tripping, local.

The third, monotone evidence, is the engine's: tests/engine/test_monotone.py.
Budgets are modest here so the suite stays fast; bench/fuzz_loaders.py runs the loaders at scale.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from recommender.cli.exits import run as run_guarded
from recommender.errors import RulePackError
from recommender.knowledge.compiler import compile_packs
from recommender.knowledge.files import PackFile, pack_files
from recommender.knowledge.yamlsafe import load as load_yaml
from recommender.knowledge.yamlsafe import render_path
from tests.helpers import HOSTILE, ROOT
from tests.helpers import run_in_process as cli

BASE = HOSTILE / "base.yaml"
DOCUMENTED = {0, 1, 2, 3, 130}
LOCATED = re.compile(r"^.+?:[0-9]+:[0-9]+: ")
QUICK = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("props")


# --- 1. total and clean ----------------------------------------------------------------------

# Bytes that look like YAML often enough to get past the parser and into the schema checks.
YAMLISH = st.lists(
    st.sampled_from([b"rules:", b"sources:", b"questions:", b"\n", b"  - ", b"id: ", b"hx-a", b"{", b"}",
                     b"[", b"]", b", ", b": ", b"&a ", b"*a", b"!!int ", b"'", b'"', b"\t", b"3.10", b"no",
                     b"~", b"\xe9", b"\x1b", b"\xff\xfe", b"---\n", b"effects: {hx-a: 11}", b"#", b"\\u202e"]),
    max_size=40,
).map(b"".join)
RAW = st.one_of(st.binary(max_size=300), YAMLISH)


def _check_clean(code: int, err: str) -> None:
    assert code in DOCUMENTED
    assert "Traceback" not in err
    if code:
        lines = err.splitlines()
        assert lines, "a failure must say why"
        assert all(LOCATED.match(line) or line.startswith(("--", "recommender")) for line in lines), err
        assert "\x1b" not in err


@QUICK
@given(raw=RAW)
def test_arbitrary_bytes_as_a_rules_file(raw: bytes, work: Path) -> None:
    case = work / "p1-rules.yaml"
    case.write_bytes(raw)
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = run_guarded(lambda: bool(compile_packs([PackFile(BASE, 1), PackFile(case, 1)])) and 0)
    assert code in (0, 3)
    _check_clean(code, err.getvalue())


@QUICK
@given(raw=RAW, suffix=st.sampled_from([".yaml", ".json"]))
@pytest.mark.slow
def test_arbitrary_bytes_as_an_answers_file(raw: bytes, suffix: str, work: Path) -> None:
    path = work / f"p1-answers{suffix}"
    path.write_bytes(raw)
    code, _, err = cli("recommend", "--answers", str(path), "--format", "json")
    assert code in (0, 2)
    _check_clean(code, err)
    if code:
        assert len(err.splitlines()) == 1


@pytest.mark.slow
def test_arbitrary_bytes_through_the_whole_cli(work: Path) -> None:
    """A few through `--rules` too: the pack layered over the shipped one, end to end."""
    rng = random.Random(8)
    folder = work / "p1-pack"
    folder.mkdir()
    shutil.copy(BASE, folder / "00-base.yaml")
    for _ in range(15):
        (folder / "10-case.yaml").write_bytes(bytes(rng.randrange(256) for _ in range(rng.randrange(200))))
        code, _, err = cli("recommend", "--no-cache", "--rules", str(folder))
        assert code in (0, 3)
        _check_clean(code, err)


# --- 2. deterministic ------------------------------------------------------------------------

@pytest.mark.slow  # 8 processes; tests/cli/test_main.py checks 3 hash seeds in the default run
def test_same_output_across_hash_seeds() -> None:
    args = [sys.executable, "-m", "recommender", "recommend", "--goal", "research", "--data", "text,image",
            "--deploy", "mobile", "--format", "json"]
    outputs = set()
    for seed in ("0", "1", "42", "random"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        for extra in ([], ["--no-cache"]):
            proc = subprocess.run(args + extra, capture_output=True, text=True, env=env, cwd=ROOT, timeout=60)
            assert proc.returncode == 0, proc.stderr
            outputs.add(proc.stdout)
    assert len(outputs) == 1


def _pack_data() -> dict[str, Any]:
    """The base pack plus rules that tie and overlap, so that order could matter if it leaked."""
    data: dict[str, Any] = yaml.safe_load(BASE.read_text("utf-8"))
    extra = [
        {"id": f"hx-extra-{i}", "kind": kind, "when": when, "effects": effects,
         "text": {"en": f"Extra {i}", "zh": f"额外 {i}"}, "source": "hx.src"}
        for i, (kind, when, effects) in enumerate([
            ("strength", {"equals": {"hx_q": "a"}}, {"hx-b": 2}),
            ("weakness", {"equals": {"hx_q": "a"}}, {"hx-a": -1, "hx-b": 1}),
            ("advice", {"any": [{"equals": {"hx_q": "b"}}, {"contains": {"data": "text"}}]}, {"hx-b": 3}),
            ("model", {"not": {"equals": {"hx_q": "b"}}}, {"hx-a": 1, "pytorch": 1}),
            ("use-case", {"contains_any": {"data": ["text", "image"]}}, {"hx-a": 2}),
        ])
    ]
    data["rules"] = data["rules"] + extra
    return data


def _shuffled(value: Any, rng: random.Random) -> Any:
    if isinstance(value, dict):
        items = list(value.items())
        rng.shuffle(items)
        return {k: _shuffled(v, rng) for k, v in items}
    if isinstance(value, list):
        return [_shuffled(v, rng) for v in value]
    return value


class _Styled(yaml.SafeDumper):
    quote = ""


def _str(dumper: _Styled, value: str) -> yaml.Node:
    style = dumper.quote or None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Styled.add_representer(str, _str)


def _render(data: dict[str, Any], rng: random.Random, flow: bool, quote: str) -> str:
    _Styled.quote = quote
    text = yaml.dump(data, Dumper=_Styled, default_flow_style=flow, sort_keys=False, allow_unicode=True, width=4096)
    lines = text.splitlines()
    for _ in range(rng.randrange(4)):  # comments never change the meaning
        lines.insert(rng.randrange(len(lines) + 1), "# a comment: with [brackets], &anchors-like text and 'quotes'")
    return "\n".join(lines) + "\n"


@pytest.mark.slow  # two full compiles for each example
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(seed=st.integers(0, 2**32 - 1), flow=st.booleans(), quote=st.sampled_from(["", "'", '"']),
       split=st.booleans())
def test_same_output_under_shuffled_order_and_yaml_style(seed: int, flow: bool, quote: str, split: bool,
                                                         work: Path) -> None:
    rng = random.Random(seed)
    folder = work / "p2-pack"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    data = _pack_data()
    reference = work / "p2-reference"
    if not reference.exists():
        reference.mkdir()
        (reference / "pack.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    shuffled = _shuffled(data, rng)
    rng.shuffle(shuffled["rules"])
    if split:  # the same knowledge spread over two files of one folder
        rules = shuffled.pop("rules")
        (folder / "b.yaml").write_text(_render({"rules": rules}, rng, flow, quote), "utf-8")
    (folder / "a.yaml").write_text(_render(shuffled, rng, flow, quote), "utf-8")
    args = ["recommend", "--no-cache", "--hx-q", "a", "--data", "text", "--format", "json"]
    expected = cli(*args, "--rules", str(reference))
    got = cli(*args, "--rules", str(folder))
    assert got[0] == expected[0] == 0, got[2]
    assert _without_places(got[1]) == _without_places(expected[1])


def _without_places(output: str) -> str:
    """The result must not depend on where the knowledge was written: drop file names if shown."""
    return re.sub(r'"[^"]*p2-(pack|reference)[^"]*"', '"<file>"', output)


# --- 4. round trip ---------------------------------------------------------------------------

TRICKY_PACK = """\
questions:
  - id: hx_v
    order: 950
    kind: many
    prompt: {en: "Which versions", zh: "哪些版本"}
    help: {en: "Strings YAML likes to reinterpret", zh: "YAML 容易误读的字符串"}
    options:
      - {id: "no", label: {en: "no", zh: "否"}}
      - {id: "on", label: {en: "on", zh: "开"}}
      - {id: "3.10", label: {en: "3.10", zh: "3.10"}}
      - {id: tilde, label: {en: "~", zh: "~"}, aliases: ["~"]}
rules:
  - id: hx-v-no
    kind: advice
    when: {contains: {hx_v: "no"}}
    effects: {hx-a: 2}
    text: {en: "no", zh: "否"}
    source: hx.src
  - id: hx-v-310
    kind: advice
    when: {contains_any: {hx_v: ["3.10", tilde]}}
    effects: {hx-b: 3}
    text: {en: "3.10", zh: "3.10"}
    source: hx.src
"""


@pytest.fixture(scope="module")
def tricky(work: Path) -> Path:
    folder = work / "p4-pack"
    folder.mkdir()
    shutil.copy(BASE, folder / "00-base.yaml")
    (folder / "10-tricky.yaml").write_text(TRICKY_PACK, "utf-8")
    return folder


RAW_ANSWERS = st.fixed_dictionaries({}, optional={
    "hx_v": st.lists(st.sampled_from(["no", "on", "3.10", "~", "tilde"]), min_size=1, max_size=3),
    "hx_q": st.sampled_from(["a", "b"]),
    # `none` (alias `no`) is exclusive: alone, or the targets without it.
    "deploy": st.one_of(st.sampled_from([["no"], ["none"], ["none", "no"]]),
                        st.lists(st.sampled_from(["server", "mobile"]), min_size=1, max_size=2)),
    "pretrained": st.sampled_from(["yes", "no"]),
    "custom": st.sampled_from(["yes", "no"]),
    "goal": st.sampled_from(["research", "production"]),
})


@pytest.mark.slow  # two processes per example
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(raw=RAW_ANSWERS)
def test_answers_round_trip_through_files_and_flags(raw: dict[str, Any], tricky: Path, work: Path) -> None:
    assume(raw)
    common = ["recommend", "--rules", str(tricky), "--format", "json"]
    as_json = work / "p4.json"
    as_json.write_text(json.dumps(raw), "utf-8")
    as_yaml = work / "p4.yaml"
    as_yaml.write_text(yaml.safe_dump(raw, allow_unicode=True), "utf-8")
    flags = [arg for q, v in raw.items() for item in (v if isinstance(v, list) else [v])
             for arg in ("--" + q.replace("_", "-"), item)]
    results = {name: cli(*common, *extra) for name, extra in
               [("json", ["--answers", str(as_json)]), ("yaml", ["--answers", str(as_yaml)]), ("flags", flags)]}
    assert {r[0] for r in results.values()} == {0}, results
    assert len({r[1] for r in results.values()}) == 1
    # and the normalized answers replay to the same result too
    replay = work / "p4-replay.json"
    replay.write_text(json.dumps(json.loads(results["json"][1])["answers"]), "utf-8")
    assert cli(*common, "--answers", str(replay))[1] == results["json"][1]


# --- 5. locality -----------------------------------------------------------------------------

def _leaves(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _leaves(v, path + (k,))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _leaves(v, path + (i,))]
    return [path]


BLOCK = yaml.safe_dump(_pack_data(), sort_keys=False, allow_unicode=True, width=4096)
LEAVES = _leaves(load_yaml(BLOCK, "base").data)


@pytest.mark.slow  # compiles the whole shipped pack for each example
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(path=st.sampled_from(LEAVES), junk=st.sampled_from(["[]", "{}", "[x, y]", "{k: v}"]))
def test_a_corrupted_field_is_named_by_line_and_path(path: tuple[Any, ...], junk: str, work: Path) -> None:
    doc = load_yaml(BLOCK, "base")
    line, column = doc.marks[path]
    lines = BLOCK.splitlines()
    lines[line - 1] = lines[line - 1][: column - 1] + junk  # block style: a leaf runs to the end of its line
    case = work / "p5.yaml"
    case.write_text("\n".join(lines) + "\n", "utf-8")
    with pytest.raises(RulePackError) as caught:
        compile_packs([*pack_files(), PackFile(case, 1)])  # layered, as a user pack is
    first = caught.value.problems[0]
    assert (first.file, first.line, first.path) == (str(case), line, render_path(path)), caught.value.lines()
