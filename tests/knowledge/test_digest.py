"""The shipped pack's validation digest: current, honoured on a cold start, and never trusted when stale."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from recommender.knowledge import digest
from recommender.knowledge.files import PackFile, pack_files
from tests.helpers import ROOT

STALE = "the shipped rules changed since their digest was recorded: run `recommender rules validate --record-digest`"


def test_the_recorded_digest_matches_the_shipped_rules():
    """The one test a stale digest fails: the others that need it current skip, naming this one."""
    assert digest.recorded() == digest.compute(pack_files()), STALE


def needs_a_current_digest() -> None:
    if digest.recorded() != digest.compute(pack_files()):
        pytest.skip("the digest is stale (test_the_recorded_digest_matches_the_shipped_rules fails once for it)")


def copy_of_shipped(tmp_path: Path) -> list[PackFile]:
    folder = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", folder)
    return [PackFile(str(p), 0) for p in sorted(folder.glob("*.yaml"))]


def test_an_edited_file_is_not_trusted(tmp_path):
    files = copy_of_shipped(tmp_path)
    folder = str(tmp_path / "rules")
    digest.record(files, folder)
    assert digest.trusted(files, folder)
    Path(files[0].path).write_text(Path(files[0].path).read_text() + "\n# edited\n")
    assert not digest.trusted(files, folder)


def test_a_missing_or_garbled_digest_is_not_trusted(tmp_path):
    files = copy_of_shipped(tmp_path)
    folder = tmp_path / "rules"
    (folder / digest.FILE_NAME).unlink(missing_ok=True)
    assert not digest.trusted(files, str(folder))
    (folder / digest.FILE_NAME).write_bytes(b"\xff\xfe garbage")
    assert not digest.trusted(files, str(folder))


PROBE = """
import io, sys, contextlib
from recommender.cli.main import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main(sys.argv[1:])
print(code, "jsonschema" in sys.modules)
"""


def probe(tmp_path: Path, *args: str) -> str:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env, check=True)
    return done.stdout.strip()


def test_a_cold_start_on_the_shipped_pack_skips_jsonschema(tmp_path):
    needs_a_current_digest()
    assert probe(tmp_path, "recommend", "--goal", "research", "--no-cache") == "0 False"


def test_extra_packs_are_always_validated(tmp_path):
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "bad.yaml").write_text("rules:\n  - id: x\n")
    assert probe(tmp_path, "recommend", "--rules", str(pack), "--no-cache") == "3 True"
