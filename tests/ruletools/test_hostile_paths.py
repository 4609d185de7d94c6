"""Pack file names reach the terminal escaped, like any untrusted text (issue 17, item 6).

A file name may hold an escape sequence or a bidirectional override; `rules …` print file names in
every finding, failure and error line, and must not let them act on the terminal.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import rule, write_pack

NAME = "evil\x1b[2J\u202e.yaml"
SHOWN = "evil\\u001b[2J\\u202e.yaml"
RAW = ("\x1b", "\u202e")


def hostile_pack(folder: Path) -> Path:
    """A file that lint, test and coverage all name: a rule that never fires and a failing test."""
    never = {"all": [{"equals": {"goal": "research"}}, {"equals": {"goal": "production"}}]}
    pack = {
        "rules": [rule("hostile-never", never, {"tensorflow": 1})],
        "tests": [{"id": "hostile-fails", "answers": {"goal": "research", "data": ["text"]},
                   "expect": {"framework": "tensorflow"}}],
    }
    write_pack(folder, pack, name=NAME)
    return folder


@pytest.fixture
def pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return hostile_pack(Path("pack"))


def assert_escaped(text: str) -> None:
    assert not any(c in text for c in RAW), repr(text)
    assert SHOWN in text, text


@pytest.mark.parametrize("command", ["lint", pytest.param("test", marks=pytest.mark.slow), "coverage"])
@pytest.mark.slow
def test_text_output_escapes_the_file_name(cli, pack, command):
    got = cli("rules", command, "--rules", str(pack))
    assert_escaped(got.out + got.err)


@pytest.mark.parametrize("command", ["lint", pytest.param("test", marks=pytest.mark.slow)])
@pytest.mark.slow
def test_json_output_escapes_the_file_name_and_keeps_its_value(cli, pack, command):
    got = cli("rules", command, "--rules", str(pack), "--format", "json")
    assert not any(c in got.out for c in RAW), repr(got.out)
    files = {item["file"] for key in ("findings", "results") for item in json.loads(got.out).get(key, [])}
    assert f"pack/{NAME}" in files


def test_validate_escapes_the_file_name(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / NAME).write_text("rules:\n  - id: x\n    kind: advice\n")
    got = cli("rules", "validate", "--rules", "pack")
    assert got.code == 3
    assert_escaped(got.err)
    json_run = cli("rules", "validate", "--rules", "pack", "--format", "json")
    assert not any(c in json_run.out for c in RAW), repr(json_run.out)
    assert {e["file"] for e in json.loads(json_run.out)["errors"]} == {f"pack/{NAME}"}
