"""The compiled knowledge base is cached, invalidated by any change, and never an error."""

from __future__ import annotations

import json
import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest

from recommender.knowledge import cache as cache_format
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
    assert list((cache / "recommender").glob("kb-*.kb"))
    (pack / "probe.yaml").write_text(RULE.format(weight=7))
    assert score(run, pack, cache) == 7


@pytest.mark.slow  # a process per run
def test_a_corrupt_cache_is_ignored(run, pack, tmp_path):
    cache = tmp_path / "cache"
    score(run, pack, cache)
    for entry in (cache / "recommender").glob("kb-*.kb"):
        entry.write_bytes(entry.read_bytes()[:1000])  # cut short, as a full disk might leave it
    assert score(run, pack, cache) == 3


@pytest.mark.slow  # a process per run
def test_an_unwritable_cache_is_ignored(run, pack, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    assert score(run, pack, blocker) == 3


@pytest.mark.slow  # a process per run
def test_no_cache_neither_reads_nor_writes(run, pack, tmp_path):
    cache = tmp_path / "cache"
    assert score(run, pack, cache, "--no-cache") == 3
    assert not (cache / "recommender").exists()


PROBE = """
import io, sys, contextlib
from recommender.cli.main import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main(["recommend", "--goal", "research", "--data", "text", "--format", sys.argv[1]])
heavy = ("yaml", "jsonschema", "questionary", "prompt_toolkit",
         # those two pay off in a batch, not in one call
         "recommender.engine.settled.groups", "recommender.engine.settled.witness",
         # loaded when their step runs: an answers file, another command, text that is not ASCII
         "recommender.answers_file", "recommender.cli.questions", "unicodedata",
         # JSON only for JSON output or an answers file: the cache is marshal, flags are not JSON
         *(["json"] if sys.argv[1] != "json" else []))
print(code, sorted(m for m in heavy if m in sys.modules))
"""


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_a_warm_recommend_imports_only_what_it_runs(tmp_path, fmt):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    probe = [sys.executable, "-c", PROBE, fmt]
    cold = subprocess.run(probe, capture_output=True, text=True, env=env, check=True)
    assert cold.stdout.split(" ", 1)[0] == "0", cold.stderr
    warm = subprocess.run(probe, capture_output=True, text=True, env=env, check=True)
    assert warm.stdout.strip() == "0 []"


@pytest.mark.slow  # ten processes
def test_the_cache_keeps_only_recent_entries(run, tmp_path):
    cache = tmp_path / "cache"
    for index in range(10):
        pack = tmp_path / f"pack{index}"
        pack.mkdir()
        (pack / "probe.yaml").write_text(RULE.format(weight=index + 1))
        assert score(run, pack, cache) == index + 1
    assert len(list((cache / "recommender").glob("kb-*.kb"))) == 8


# --- a cache that cannot be planted (issue 17, item 5) ---------------------------------------


def entry(cache: Path) -> Path:
    (found,) = (cache / "recommender").glob("kb-*.kb")
    return found


def write_entry(path: Path, key: str, kb: object) -> None:
    """An entry as the cache writes it, with a right checksum however malformed `kb` is."""
    payload = marshal.dumps((key, kb, marshal.dumps({})))
    path.write_bytes(cache_format._header(payload) + payload)


def read_entry(path: Path) -> tuple[str, dict]:
    _, payload = path.read_bytes().split(b"\n", 1)
    key, now, later = marshal.loads(payload)
    return key, {**now, **marshal.loads(later)}


def plant(cache: Path, weight: int) -> Path:
    """Rewrite the current entry so the probe rule weighs `weight`: what a planted entry would say."""
    path = entry(cache)
    key, kb = read_entry(path)
    for item in kb["rules"]:
        if item["id"] == "cache-probe":
            item["effects"] = {"tensorflow": weight}
    write_entry(path, key, kb)
    path.chmod(0o644)
    return path


def test_an_entry_the_user_wrote_is_used(run, pack, tmp_path):
    # The control for the two tests below: a planted weight shows when an entry is read.
    cache = tmp_path / "cache"
    score(run, pack, cache)
    plant(cache, 11)
    assert score(run, pack, cache) == 11


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="chown to another user needs root")
def test_an_entry_owned_by_another_user_is_ignored(run, pack, tmp_path):
    cache = tmp_path / "cache"
    score(run, pack, cache)
    os.chown(plant(cache, 11), 65534, 65534)
    assert score(run, pack, cache) == 3


@pytest.mark.parametrize("mode", [0o666, *(pytest.param(m, marks=pytest.mark.slow) for m in (0o664, 0o646))],
                         ids=oct)
def test_an_entry_others_can_write_is_ignored(run, pack, tmp_path, mode):
    cache = tmp_path / "cache"
    score(run, pack, cache)
    plant(cache, 11).chmod(mode)
    assert score(run, pack, cache) == 3


def test_an_edit_that_restores_the_mtime_is_seen(run, pack, tmp_path):
    cache = tmp_path / "cache"
    assert score(run, pack, cache) == 3
    probe = pack / "probe.yaml"
    before = probe.stat()
    probe.write_text(RULE.format(weight=7))  # same size, same inode
    os.utime(probe, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert score(run, pack, cache) == 7


@pytest.mark.parametrize("kb", [[], *(pytest.param(k, marks=pytest.mark.slow)
                                      for k in ({}, {"questions": 5}, {"rules": [{"id": 1}]}))])
def test_a_malformed_entry_is_a_miss(run, pack, tmp_path, kb):
    cache = tmp_path / "cache"
    score(run, pack, cache)
    path = entry(cache)
    write_entry(path, read_entry(path)[0], kb)
    assert score(run, pack, cache) == 3


@pytest.mark.parametrize("damage", ["settings", pytest.param("label", marks=pytest.mark.slow)])
def test_a_damaged_entry_is_a_miss(run, pack, tmp_path, damage):
    # Still reads and still builds a knowledge base, but would fail later: the checksum catches it.
    cache = tmp_path / "cache"
    score(run, pack, cache)
    path = entry(cache)
    old_crc = path.read_bytes().split(b"\n", 1)[0].split(b" ")[3]
    key, kb = read_entry(path)
    if damage == "settings":
        del kb["settings"]
    else:
        del kb["candidates"][0]["label"]
    head, payload = cache_format.encode(key, kb).split(b"\n", 1)
    path.write_bytes(b" ".join([*head.split(b" ")[:3], old_crc]) + b"\n" + payload)  # only the checksum can tell
    assert score(run, pack, cache) == 3


@pytest.mark.slow  # a process per run
def test_a_fifo_entry_is_a_miss_not_a_hang(pack, tmp_path):
    cache = tmp_path / "cache"
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "PYTHONPATH": str(ROOT)}
    args = [sys.executable, "-m", "recommender", "recommend", "--rules", str(pack), "--goal", "learning"]
    subprocess.run(args, capture_output=True, env=env, check=True, timeout=60)
    path = entry(cache)
    path.unlink()
    os.mkfifo(path)
    done = subprocess.run(args, capture_output=True, text=True, env=env, timeout=30)
    assert done.returncode == 0, done.stderr


@pytest.mark.slow  # a process per run
def test_an_oversized_entry_is_a_miss(run, pack, tmp_path):
    cache = tmp_path / "cache"
    score(run, pack, cache)
    path = plant(cache, 11)
    key, kb = read_entry(path)
    write_entry(path, key, {**kb, "padding": " " * (8 << 20)})  # a sound entry, but too big to read
    assert score(run, pack, cache) == 3


def test_a_new_entry_is_not_writable_by_others_whatever_the_umask(pack, tmp_path, monkeypatch):
    from recommender.knowledge.load import load_knowledge_base

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    old = os.umask(0)
    try:
        load_knowledge_base([pack])
    finally:
        os.umask(old)
    assert entry(tmp_path / "cache").stat().st_mode & 0o022 == 0


def test_one_entry_per_set_of_folders_whatever_their_content(tmp_path):
    # The entry's name comes from the key without its digests: a new folder is a new entry, an edit is not.
    from recommender.knowledge import cache
    from recommender.knowledge.files import pack_files
    from recommender.knowledge.load import signature

    names = {}
    for index in range(3):
        folder = tmp_path / f"pack{index}"
        folder.mkdir()
        (folder / "probe.yaml").write_text(RULE.format(weight=index + 1))
        names[index] = cache._path(signature(pack_files([folder])))
    (tmp_path / "pack0" / "probe.yaml").write_text(RULE.format(weight=9))
    assert len(set(names.values())) == 3
    assert cache._path(signature(pack_files([tmp_path / "pack0"]))) == names[0]


def test_an_entry_reads_back_only_under_its_own_key_and_whole():
    from recommender.knowledge.cache import decode, encode

    raw = encode("key", {"rules": [], "tests": []})
    now, later = decode(raw, "key")
    assert now == {"rules": []} and marshal.loads(later) == {"tests": []}
    assert decode(raw, "other key") is None
    assert decode(raw[:-1], "key") is None  # cut short
    flipped = bytearray(raw)
    flipped[-3] ^= 1
    assert decode(bytes(flipped), "key") is None


def test_entries_of_the_json_format_are_pruned(pack, tmp_path, monkeypatch):
    from recommender.knowledge.load import load_knowledge_base

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    old = tmp_path / "cache" / "recommender" / "kb-0123456789abcdef.json"
    old.parent.mkdir(parents=True)
    old.write_text("{}")
    load_knowledge_base([pack])
    assert not old.exists()
    assert entry(tmp_path / "cache").exists()


def test_the_rule_tools_sections_of_a_cached_knowledge_base_are_read_when_asked_for(tmp_path, monkeypatch):
    from recommender.knowledge.load import load_knowledge_base

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    fresh = load_knowledge_base(use_cache=False)
    load_knowledge_base()  # writes the entry
    cached = load_knowledge_base()
    assert "tests" not in cached.data and "origins" not in cached.data
    assert cached.tests == fresh.tests and cached.section("origins") == fresh.section("origins")
