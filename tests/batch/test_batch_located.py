"""Batch errors say `FILE:3: …` like every other located message (`<stdin>:3:` for stdin), in the record
and on stderr (issue 16)."""

from __future__ import annotations

import json


def test_a_file_batch_names_file_and_line(cli, tmp_path) -> None:
    source = tmp_path / "profiles.jsonl"
    source.write_text('{"goal": "research"}\n\n{"goal": "reserch"}\n{bad\n', "utf-8")
    done = cli("recommend", "--batch", str(source))
    assert done.code == 1
    errors = [json.loads(line)["error"] for line in done.out.splitlines() if "error" in line]
    assert errors[0].startswith(f"{source}:3: $.goal: 'reserch' is not one of")
    assert errors[1].startswith(f"{source}:4:2: invalid JSON: ")
    assert done.err.splitlines()[:2] == errors


def test_stdin_is_named_as_answers_from_stdin_are(run) -> None:
    done = run("recommend", "--batch", "-", input='{"goal": "research"}\n{"goal": 5}\n')
    assert done.code == 1
    assert done.err.splitlines()[0].startswith("<stdin>:2: $.goal: ")
