"""Golden files: every invalid example gives exactly its expected error lines; every valid one loads.

Each file is validated on its own (`--standalone`), from its folder, so the
expected lines are `name.yaml:line:col: $.path: message`. After a deliberate
change of wording, regenerate with `UPDATE_GOLDEN=1 python -m pytest tests/ruletools/test_golden_examples.py`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).parent / "example-files"
INVALID = sorted((EXAMPLES / "invalid").glob("*.yaml"))
VALID = sorted((EXAMPLES / "valid").glob("*.yaml"))


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_file_gives_its_expected_lines(cli, monkeypatch, path: Path) -> None:
    monkeypatch.chdir(path.parent)
    got = cli("rules", "validate", "--standalone", path.name)
    expected_file = path.with_suffix(".expected")
    if os.environ.get("UPDATE_GOLDEN"):
        expected_file.write_text(got.err, "utf-8")
    assert got.code == 3
    assert got.out == ""
    assert got.err == expected_file.read_text("utf-8")
    assert all(line.startswith(f"{path.name}:") for line in got.err.splitlines())


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_file_as_json_has_the_same_errors(cli, monkeypatch, path: Path) -> None:
    monkeypatch.chdir(path.parent)
    got = cli("rules", "validate", "--standalone", "--format", "json", path.name)
    assert got.code == 3
    doc = json.loads(got.out)
    assert doc["status"] == "invalid"
    assert all(set(e) == {"file", "line", "column", "path", "message"} for e in doc["errors"])
    rendered = [f"{e['file']}:{e['line']}:{e['column']}: {e['path']}: {e['message']}" for e in doc["errors"]]
    expected = path.with_suffix(".expected").read_text("utf-8").splitlines()
    # A problem of the whole file has no path in text ("file:1:1: message") and "$" in JSON.
    def whole_file(lines: list[str]) -> list[str]:
        return [line.replace(": $: ", ": ", 1) for line in lines]

    assert whole_file(rendered) == whole_file(expected)


@pytest.mark.parametrize("path", VALID, ids=[p.stem for p in VALID])
def test_valid_file_loads_and_passes_its_own_checks(cli, monkeypatch, path: Path) -> None:
    monkeypatch.chdir(path.parent)
    validated = cli("rules", "validate", "--standalone", path.name)
    assert (validated.code, validated.err) == (0, "")
    assert validated.out.startswith("valid: 1 file, ")
    as_json = cli("rules", "validate", "--standalone", "--format", "json", path.name)
    assert json.loads(as_json.out) == {"status": "valid", "errors": []}
    tested = cli("rules", "test", "--standalone", path.name)
    assert tested.code == 0, tested.out
    assert cli("rules", "lint", "--standalone", path.name).code == 0


def test_every_invalid_example_has_its_expected_lines() -> None:
    assert INVALID, "no invalid examples found"
    assert all(p.with_suffix(".expected").is_file() for p in INVALID)
    assert not set((EXAMPLES / "invalid").glob("*.expected")) - {p.with_suffix(".expected") for p in INVALID}


def test_the_examples_show_the_hints(monkeypatch) -> None:
    """The hints an author needs: quote a number, did you mean, the allowed keys."""
    text = "".join(p.read_text("utf-8") for p in (EXAMPLES / "invalid").glob("*.expected"))
    assert 'quote it: "3.10"' in text
    assert "(did you mean 'goal'?)" in text
    assert "unknown key 'condition'; expected one of" in text
    assert "use contains" in text
