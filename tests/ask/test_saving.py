"""`--save-answers`: plain YAML (or JSON) that `recommend --answers` reads back to the same answers."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from recommender.answers import normalize
from recommender.answers_file import load_file
from recommender.ask.saving import check_target, render, save
from recommender.engine.settled.exact import option_values
from recommender.errors import OutputError


def _every_value_once(kb: Any) -> list[dict[str, Any]]:
    """Profiles that between them use every option of every question (so `no`, `on`-like ids appear);
    an `exclusive` option (deploy's `none`) only alone."""
    values = {q: [v for v in option_values(kb, q) if _possible(kb, q, v)] for q in kb.questions}
    widest = max(len(v) for v in values.values())
    return [{q: v[i % len(v)] for q, v in values.items()} for i in range(min(widest, 200))]


def _possible(kb: Any, qid: str, value: Any) -> bool:
    return isinstance(value, str) or len(value) < 2 or not kb.exclusive[qid] & set(value)


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
@pytest.mark.slow
def test_round_trip_gives_the_same_answers(kb: Any, tmp_path: Path, suffix: str) -> None:
    for index, answers in enumerate(_every_value_once(kb)):
        path = tmp_path / f"a{index}{suffix}"
        save(answers, str(path), force=False)
        raw, locate = load_file(str(path))
        assert normalize(kb, raw, locate) == answers


def test_yaml_is_plain_quoting_only_what_a_yaml_1_1_reader_would_not_read_as_text(kb: Any) -> None:
    text = render({"goal": "research", "pretrained": "no", "deploy": ("none",), "data": ("text", "image"),
                   "similar_model": "dall-e"}, "x.yaml")
    assert text.splitlines()[1:] == ["goal: research", 'pretrained: "no"', "deploy: [none]", "data: [text, image]",
                                     "similar_model: dall-e"]
    import yaml  # PyYAML reads YAML 1.1: `no` unquoted would be False there

    assert yaml.safe_load(text) == {"goal": "research", "pretrained": "no", "deploy": ["none"],
                                    "data": ["text", "image"], "similar_model": "dall-e"}


@pytest.mark.parametrize("name", ["answers.yaml", "my answers.yml", "sub/a.yaml"])
def test_the_header_names_the_file_itself(name: str) -> None:
    from shlex import quote

    assert render({"goal": "research"}, name).splitlines()[0] == (
        f"# answers from `recommender ask`; replay with: recommender recommend --answers {quote(name)}")
    assert render({"goal": "research"}, name, partial=True).splitlines()[0] == (
        f"# answers from `recommender ask`, interrupted before the end; go on with: recommender ask --answers "
        f"{quote(name)}")


def test_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text("keep\n")
    with pytest.raises(OutputError, match="--save-answers.*--force"):
        save({"goal": "research"}, str(path), force=False)
    assert path.read_text() == "keep\n"
    save({"goal": "research"}, str(path), force=True)
    assert "\ngoal: research\n" in path.read_text()
    assert [p.name for p in tmp_path.iterdir()] == ["answers.yaml"]  # no temp file left behind


def test_checked_before_any_question(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="--save-answers: .* is a directory"):
        check_target(str(tmp_path), force=True)
    with pytest.raises(OutputError, match="no such folder"):
        check_target(str(tmp_path / "missing" / "a.yaml"), force=False)


def test_write_is_atomic_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "answers.yaml"
    calls: list[tuple[str, str]] = []
    real = os.replace

    def spy(src: str, dst: str) -> None:
        calls.append((os.path.dirname(src), str(dst)))
        real(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    save({"goal": "research"}, str(path), force=True)
    assert calls == [(str(tmp_path), str(path))]


@pytest.mark.parametrize("dangling", [True, False])
def test_refuses_a_symlink_even_with_force(tmp_path: Path, dangling: bool) -> None:
    real = tmp_path / "real.yaml"
    if not dangling:
        real.write_text("keep\n")
    (tmp_path / "link.yaml").symlink_to(real)
    with pytest.raises(OutputError, match="--save-answers: .* symbolic link"):
        save({"goal": "research"}, str(tmp_path / "link.yaml"), force=True)
    assert real.exists() is not dangling


def test_saved_file_has_the_same_mode_as_output(tmp_path: Path) -> None:
    import stat

    from recommender.output import write_output

    save({"goal": "research"}, str(tmp_path / "a.yaml"), force=False)
    write_output("x", str(tmp_path / "b.txt"), force=False)
    modes = {stat.S_IMODE((tmp_path / n).stat().st_mode) for n in ("a.yaml", "b.txt")}
    assert len(modes) == 1 and modes != {0o600}


def test_saved_file_replays_identically_through_recommend(kb: Any, tmp_path: Path, cli: Any) -> None:
    from recommender.engine.recommend import recommend
    from recommender.render import FORMATS, RenderOptions

    for index, answers in enumerate(_every_value_once(kb)[:12]):
        path = tmp_path / f"r{index}.yaml"
        save(answers, str(path), force=False)
        result = cli("recommend", "--answers", str(path), "--format", "json", "--lang", "en")
        assert result.code == 0
        assert result.out == FORMATS["json"](kb, recommend(kb, answers), RenderOptions("en", False))


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_saved_file_mode_follows_the_umask_as_output_does(tmp_path: Path, umask: int) -> None:
    """Issue 16: `--save-answers` files were 0600 while `--output` files were 0644; both are 0666 less the umask."""
    import stat

    from recommender.output import write_output

    previous = os.umask(umask)
    try:
        save({"goal": "research"}, str(tmp_path / "a.yaml"), force=False)
        write_output("x", str(tmp_path / "b.txt"), force=False, flag="--output")
    finally:
        os.umask(previous)
    for name in ("a.yaml", "b.txt"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o666 & ~umask
