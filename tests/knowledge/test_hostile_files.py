"""The hostile-input corpus (issue 8): rule packs and answers files are untrusted.

Every case must end with exactly one stderr line naming the file, line and field (or the flag),
the documented exit code, no traceback, nothing on stdout, and no output file created or changed.
The data cases live in tests/hostile/ (see cases.yaml); the huge ones are generated here, in tmp dirs.
Hostile flags are in tests/cli/test_hostile_flags.py.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.helpers import HOSTILE, Guard, assert_one_error

CASES: dict[str, list[dict[str, Any]]] = yaml.safe_load((HOSTILE / "cases.yaml").read_text("utf-8"))


def layered(tmp_path: Path, case: bytes | str) -> tuple[Path, Path]:
    """A rules folder: the corpus's small valid pack plus the hostile file, over the shipped pack."""
    folder = tmp_path / "pack"
    folder.mkdir()
    shutil.copy(HOSTILE / "base.yaml", folder / "00-base.yaml")
    target = folder / "10-case.yaml"
    target.write_bytes(case.encode("utf-8") if isinstance(case, str) else case)
    return folder, target


# --- rule packs ------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES["rules"], ids=[c["file"] for c in CASES["rules"]])
def test_rules_case(case: dict[str, Any], cli: Callable[..., Any], tmp_path: Path, guard: Guard) -> None:
    folder, target = layered(tmp_path, (HOSTILE / "rules" / case["file"]).read_bytes())
    started = time.perf_counter()
    res = cli("recommend", "--no-cache", "--rules", str(folder), "--hx-q", "a", *guard.args)
    assert_one_error(res, 3, starts=f"{target}:{case['line']}:", field=case["field"], message=case["message"])
    assert time.perf_counter() - started < 5  # the alias bomb among them: refused, never expanded
    guard.check()


def test_alias_bomb_is_refused_in_well_under_a_second(cli: Callable[..., Any], tmp_path: Path) -> None:
    bomb = (HOSTILE / "rules" / "alias-bomb.yaml").read_bytes()
    assert len(bomb) < 400
    folder, _ = layered(tmp_path, bomb)
    cli("recommend", "--no-cache", "--rules", str(folder))  # warm imports: time the loader only
    started = time.perf_counter()
    res = cli("recommend", "--no-cache", "--rules", str(folder))
    assert time.perf_counter() - started < 0.5
    assert_one_error(res, 3, field="$.a", message="anchors and aliases are not allowed")


def test_rules_file_of_60_mb_is_refused_before_parsing(cli: Callable[..., Any], tmp_path: Path, guard: Guard) -> None:
    line = b"  - {id: hx-x, kind: advice, effects: {hx-a: 1}, text: {en: x, zh: y}, source: hx.src}\n"
    folder, target = layered(tmp_path, b"rules:\n" + line * (60 * (1 << 20) // len(line)))
    assert target.stat().st_size > 59 * (1 << 20)
    started = time.perf_counter()
    res = cli("recommend", "--no-cache", "--rules", str(folder), *guard.args)
    assert time.perf_counter() - started < 2
    assert_one_error(res, 3, starts=f"{target}:1:1: $: ", message="larger than 1 MiB")
    guard.check()


@pytest.mark.parametrize("style", ["flow", "block-mapping"])
def test_rules_nested_10000_deep(style: str, cli: Callable[..., Any], tmp_path: Path, guard: Guard) -> None:
    if style == "flow":
        text = "rules: " + "[" * 10_000 + "]" * 10_000 + "\n"
    else:  # a mapping per level, one space of indent each: 10,000 levels in ~50 MB would be refused
        text = "rules:\n" + "".join(" " * (i + 1) + f"k{i}:\n" for i in range(1, 200))
    folder, target = layered(tmp_path, text)
    res = cli("recommend", "--no-cache", "--rules", str(folder), *guard.args)
    assert_one_error(res, 3, starts=f"{target}:", message="nesting deeper than 64 levels")
    guard.check()


def test_rules_path_missing(cli: Callable[..., Any], tmp_path: Path, guard: Guard) -> None:
    res = cli("recommend", "--rules", str(tmp_path / "nowhere"), *guard.args)
    assert_one_error(res, 2, starts="recommender: --rules: ", message="no such folder")
    guard.check()


def test_rules_path_is_a_file(cli: Callable[..., Any], tmp_path: Path, guard: Guard) -> None:
    _, target = layered(tmp_path, (HOSTILE / "base.yaml").read_text("utf-8"))
    res = cli("recommend", "--rules", str(target), *guard.args)
    assert_one_error(res, 2, starts="recommender: --rules: ", message="not a folder")
    guard.check()


def test_rules_path_unreadable(cli: Callable[..., Any], tmp_path: Path, guard: Guard,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    folder, _ = layered(tmp_path, (HOSTILE / "base.yaml").read_text("utf-8"))
    if os.geteuid() == 0:  # root reads anything: make the permission check fail as it would for a user
        real_access = os.access
        monkeypatch.setattr(os, "access", lambda p, m, *a, **k: False if Path(p) == folder else real_access(p, m))
    else:
        folder.chmod(0)
    try:
        res = cli("recommend", "--rules", str(folder), *guard.args)
    finally:
        folder.chmod(0o755)
    assert_one_error(res, 2, starts="recommender: --rules: ", message="cannot read folder")
    guard.check()


def test_rules_file_unreadable_inside_a_pack(cli: Callable[..., Any], tmp_path: Path, guard: Guard,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from recommender.knowledge import yamlsafe

    # a second valid file, with ids of its own, that cannot be read
    second = (HOSTILE / "base.yaml").read_text("utf-8")
    for old, new in (("hx-", "hy-"), ("hx_q", "hy_q"), ("hx.src", "hy.src")):
        second = second.replace(old, new)
    folder, target = layered(tmp_path, second)
    real = yamlsafe.read_limited

    def refuse(path: str, limit: int = yamlsafe.MAX_BYTES) -> bytes:
        if Path(path) == target:
            raise PermissionError(13, "Permission denied", path)
        return real(path, limit)

    monkeypatch.setattr(yamlsafe, "read_limited", refuse)
    res = cli("recommend", "--no-cache", "--rules", str(folder), *guard.args)
    assert_one_error(res, 3, starts=f"{target}:1:1: ", message="Permission denied")
    guard.check()


# --- answers files ---------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES["answers"], ids=[c["file"] for c in CASES["answers"]])
def test_answers_case(case: dict[str, Any], cli: Callable[..., Any], guard: Guard) -> None:
    path = HOSTILE / "answers" / case["file"]
    if case.get("exit") == 0:
        res = cli("recommend", "--answers", str(path), "--format", "json")
        assert (res.code, res.err) == (0, "")
        assert json.loads(res.out)["answers"]["deploy"] == ["none"]
        return
    res = cli("recommend", "--answers", str(path), *guard.args)
    assert_one_error(res, 2, starts=f"{path}:{case['line']}:", field=case["field"], message=case["message"])
    guard.check()


@pytest.mark.parametrize("name, text", [
    ("deep.json", '{"goal": ' + "[" * 100_000 + "]" * 100_000 + "}"),
    ("deep-top.json", "[" * 100_000 + "]" * 100_000),
    ("deep.yaml", "goal: " + "[" * 100_000 + "]" * 100_000 + "\n"),
    ("deep-map.json", '{"goal": ' + '{"a": ' * 100_000 + "1" + "}" * 100_000 + "}"),
])
def test_answers_nested_100000_deep(name: str, text: str, cli: Callable[..., Any], tmp_path: Path,
                                    guard: Guard) -> None:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    res = cli("recommend", "--answers", str(path), *guard.args)
    assert_one_error(res, 2, starts=f"{path}:", message="nesting")
    guard.check()


def test_answers_file_of_60_mb_is_refused_before_parsing(cli: Callable[..., Any], tmp_path: Path, guard: Guard) -> None:
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as fh:
        fh.write(b"goal: research\n")
        fh.write(b"# padding\n" * (6 * (1 << 20)))
    started = time.perf_counter()
    res = cli("recommend", "--answers", str(path), *guard.args)
    assert time.perf_counter() - started < 2
    assert_one_error(res, 2, starts=f"{path}:1:1: $: ", message="larger than 1 MiB")
    guard.check()


@pytest.mark.parametrize("make", ["missing", "directory"])
def test_answers_path_not_a_file(make: str, cli: Callable[..., Any], tmp_path: Path, guard: Guard) -> None:
    path = tmp_path / "answers.yaml"
    if make == "directory":
        path.mkdir()
    res = cli("recommend", "--answers", str(path), *guard.args)
    assert_one_error(res, 2, starts="recommender: --answers: ", message=str(path))
    guard.check()


def test_deploy_no_unquoted_in_yaml_and_as_a_flag(cli: Callable[..., Any], tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text("deploy: no\npretrained: no\n", "utf-8")
    from_file = cli("recommend", "--answers", str(path), "--format", "json")
    from_flags = cli("recommend", "--deploy", "no", "--pretrained", "no", "--format", "json")
    assert from_file.code == from_flags.code == 0, from_file.err + from_flags.err
    assert json.loads(from_file.out)["answers"] == {"deploy": ["none"], "pretrained": "no"}
    assert from_file.out == from_flags.out
