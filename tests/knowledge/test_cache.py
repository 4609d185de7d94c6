"""The compiled knowledge base is cached, invalidated by any change, and never an error."""

from __future__ import annotations

import json
import marshal
import os
import subprocess
import sys
import zlib
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
def here(cli, monkeypatch: pytest.MonkeyPatch):
    """`run`, in this process: quicker, for the tests that need no process of their own."""

    def invoke(*args: str, env: dict[str, str] | None = None):
        for name, value in (env or {}).items():
            monkeypatch.setenv(name, value)
        return cli(*args)

    return invoke


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "probe.yaml").write_text(RULE.format(weight=3))
    return folder


@pytest.mark.slow
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


def digest_of(path: Path) -> int:
    """The pack digest an entry carries (the last field of its header)."""
    return int(path.read_bytes().split(b"\n", 1)[0].split(b" ")[-1], 16)


def write_entry(path: Path, key: str, kb: object) -> None:
    """An entry as the cache writes it for this pack, with a right checksum however malformed `kb` is."""
    payload = marshal.dumps((key, kb, marshal.dumps({})))
    path.write_bytes(cache_format._header(payload, digest_of(path)) + payload)


def read_entry(path: Path) -> tuple[str, dict]:
    _, payload = path.read_bytes().split(b"\n", 1)
    key, now, later = marshal.loads(payload)
    return key, {**now, **marshal.loads(later)}


def plant(cache: Path, weight: int) -> Path:
    """Rewrite the current entry so the probe rule weighs `weight`, sealed for this pack as the cache seals
    it: what a planted entry would say."""
    path = entry(cache)
    key, kb = read_entry(path)
    for item in kb["rules"]:
        if item["id"] == "cache-probe":
            item["effects"] = {"tensorflow": weight}
    write_entry(path, key, kb)
    path.chmod(0o644)
    return path


def test_an_entry_sealed_for_the_pack_is_used(run, pack, tmp_path):
    # The control for the tests below: a planted weight shows when an entry is read.
    cache = tmp_path / "cache"
    score(run, pack, cache)
    plant(cache, 11)
    assert score(run, pack, cache) == 11


@pytest.mark.slow
def test_an_entry_edited_by_hand_is_a_miss(here, pack, tmp_path):
    """Issue 25 item 4: an entry with other weights and a right payload checksum changed every verdict, and
    `rules test` (which compiles) still passed. The checksum is now seeded with the pack's digest."""
    cache = tmp_path / "cache"
    score(here, pack, cache)
    path = entry(cache)
    key, kb = read_entry(path)
    for item in kb["rules"]:
        if item["id"] == "cache-probe":
            item["effects"] = {"tensorflow": 11}
    payload = marshal.dumps((key, {k: v for k, v in kb.items() if k not in ("tests", "origins")},
                             marshal.dumps({k: kb[k] for k in ("tests", "origins")})))
    fields = path.read_bytes().split(b"\n", 1)[0].split(b" ")
    fields[2:4] = [b"%d" % len(payload), b"%08x" % zlib.crc32(payload)]  # the length and checksum redone
    path.write_bytes(b" ".join(fields) + b"\n" + payload)
    assert score(here, pack, cache) == 3
    debug = here("--debug", "recommend", "--rules", str(pack), env={"XDG_CACHE_HOME": str(cache)})
    assert debug.err == "cache: hit\n"  # replaced by the run above
    path.write_bytes(b" ".join(fields) + b"\n" + payload)
    told = here("rules", "test", "--debug", "--rules", str(pack), env={"XDG_CACHE_HOME": str(cache)})  # reads only
    assert told.err == "cache: miss (damaged or edited: its checksum does not match)\n"
    told = here("--debug", "recommend", "--rules", str(pack), env={"XDG_CACHE_HOME": str(cache)})
    assert told.err == "cache: miss (damaged or edited: its checksum does not match); written\n"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="chown to another user needs root")
@pytest.mark.slow
def test_an_entry_owned_by_another_user_is_ignored(run, pack, tmp_path):
    cache = tmp_path / "cache"
    score(run, pack, cache)
    os.chown(plant(cache, 11), 65534, 65534)
    assert score(run, pack, cache) == 3


@pytest.mark.parametrize("mode", [0o666, *(pytest.param(m, marks=pytest.mark.slow) for m in (0o664, 0o646))],
                         ids=oct)
@pytest.mark.slow
def test_an_entry_others_can_write_is_ignored(run, pack, tmp_path, mode):
    cache = tmp_path / "cache"
    score(run, pack, cache)
    plant(cache, 11).chmod(mode)
    assert score(run, pack, cache) == 3


@pytest.mark.slow
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
@pytest.mark.slow
def test_a_malformed_entry_is_a_miss(run, pack, tmp_path, kb):
    cache = tmp_path / "cache"
    score(run, pack, cache)
    path = entry(cache)
    write_entry(path, read_entry(path)[0], kb)
    assert score(run, pack, cache) == 3


@pytest.mark.parametrize("damage", ["settings", pytest.param("label", marks=pytest.mark.slow)])
@pytest.mark.slow
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
    head, payload = cache_format.encode(key, kb, digest_of(path)).split(b"\n", 1)
    fields = head.split(b" ")
    path.write_bytes(b" ".join([*fields[:3], old_crc, *fields[4:]]) + b"\n" + payload)  # only the checksum can tell
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

    data = {"questions": [], "candidates": [], "sources": [], "rules": [], "settings": {}}
    raw = encode("key", {**data, "tests": []}, 7)
    now, later = decode(raw, "key", 7)
    assert now == data and marshal.loads(later) == {"tests": []}
    assert decode(raw, "other key", 7) == "the rule files changed"
    assert decode(raw, "key", 8) == "compiled from other rule files"
    assert decode(raw[:-1], "key", 7) == "damaged or edited: its checksum does not match"  # cut short
    flipped = bytearray(raw)
    flipped[-3] ^= 1
    assert decode(bytes(flipped), "key", 7) == "damaged or edited: its checksum does not match"
    assert decode(encode("key", {**data, "settings": 5}, 7), "key", 7) == "a section is missing"


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


# --- content that does not read back, a folder that is not ours (issue 25 items 3 and 4) -------


def test_an_entry_sealed_for_the_pack_without_a_section_is_a_miss(here, pack, tmp_path):
    """Was `internal error: KeyError: 'settings'` on every run until the entry was deleted."""
    cache = tmp_path / "cache"
    score(here, pack, cache)
    path = entry(cache)
    key, kb = read_entry(path)
    del kb["settings"]
    write_entry(path, key, kb)
    assert score(here, pack, cache) == 3


@pytest.mark.skipif(sys.platform != "linux", reason="an address-space limit as the issue measured it")
@pytest.mark.slow
def test_an_entry_claiming_a_huge_list_is_a_miss_under_a_memory_limit(pack, tmp_path):
    """Was an uncaught MemoryError: marshal allocates the 2**31 items a list claims before reading them."""
    import resource

    cache = tmp_path / "cache"
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    args = [sys.executable, "-m", "recommender", "recommend", "--rules", str(pack), "--goal", "learning"]
    subprocess.run(args, capture_output=True, env=env, check=True, timeout=60)
    path = entry(cache)
    payload = b"[" + (2**31 - 1).to_bytes(4, "little") + b"\0" * 64
    path.write_bytes(cache_format._header(payload, digest_of(path)) + payload)

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    done = subprocess.run(args, capture_output=True, text=True, env=env, timeout=60, preexec_fn=limited)
    assert done.returncode == 0, done.stderr


def victim_folder(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    """Another folder with files whose names the cache would once have pruned."""
    victim = tmp_path / "victim"
    victim.mkdir()
    files = {f"kb-{index:08x}.kb": b"theirs %d" % index for index in range(10)}
    files["kb-notes.json"] = b"{}"
    for name, data in files.items():
        (victim / name).write_bytes(data)
    return victim, files


def folder_state(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


@pytest.mark.parametrize("how", ["link", "group-writable", pytest.param("other-user", marks=pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="chown to another user needs root"))])
def test_a_cache_folder_that_is_not_ours_alone_is_skipped(here, pack, tmp_path, how):
    """Was: entries written through a linked folder, then every kb-*.json and all but 8 kb-*.kb files pruned in
    the folder it points to."""
    victim, files = victim_folder(tmp_path)
    cache = tmp_path / "cache"
    cache.mkdir()
    if how == "link":
        (cache / "recommender").symlink_to(victim)
    else:
        victim.chmod(0o775) if how == "group-writable" else os.chown(victim, 65534, 65534)
        victim.rename(cache / "recommender")
        victim = cache / "recommender"
    for _ in range(2):
        told = here("--debug", "recommend", "--rules", str(pack), env={"XDG_CACHE_HOME": str(cache)})
        assert told.code == 0 and told.err.startswith(f"cache: skipped (the folder {cache / 'recommender'} ")
    assert folder_state(victim) == files


def test_pruning_removes_only_the_caches_own_entries(tmp_path):
    folder = tmp_path / "recommender"
    folder.mkdir(mode=0o700)
    entries = [folder / f"kb-{index:08x}.kb" for index in range(10)]
    for index, path in enumerate(entries):
        path.write_bytes(b"x")
        os.utime(path, ns=(index * 10**9, index * 10**9))
    others = ["kb-notes.kb", "kb-0123456789abcdef.json.bak", "kb-diary.json", "notes.txt"]
    for name in others:
        (folder / name).write_bytes(b"keep")
    (folder / "kb-00000000.json").mkdir()  # a folder with an entry's name is never removed either
    old = folder / "kb-0123456789abcdef.json"
    old.write_text("{}")
    cache_format._prune(str(folder))
    assert sorted(p.name for p in folder.iterdir()) == sorted([*others, "kb-00000000.json",
                                                                *(p.name for p in entries[2:])])


def test_a_relative_xdg_cache_home_is_ignored(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    assert cache_format.cache_dir() == str(tmp_path / ".cache" / "recommender")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "abs"))
    assert cache_format.cache_dir() == str(tmp_path / "abs" / "recommender")


def test_a_new_cache_folder_is_private(pack, tmp_path, monkeypatch):
    from recommender.knowledge.load import load_knowledge_base

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    old = os.umask(0o002)
    try:
        assert load_knowledge_base([pack]).cache_note == "miss (no entry); written"
    finally:
        os.umask(old)
    assert (tmp_path / "cache" / "recommender").stat().st_mode & 0o777 == 0o700
    assert load_knowledge_base([pack]).cache_note == "hit"
