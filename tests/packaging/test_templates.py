"""The example templates, generated non-interactively with the real cookiecutter and copier packages.

The default run generates each template once with its defaults and checks the refusals and the
missing-tool hint; the other answers and the interactive prompt are marked slow.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import recommender
from tests.helpers import ROOT

# Template tools are in the `dev` extra: the default run of a `.[test]` install skips these, saying why.
DEV = "a template tool of the dev extra (pip install '.[dev]')"
cookiecutter = pytest.importorskip("cookiecutter.main", reason=f"cookiecutter is {DEV}").cookiecutter
FailedHookException = pytest.importorskip("cookiecutter.exceptions").FailedHookException
run_copy = pytest.importorskip("copier", reason=f"copier is {DEV}").run_copy

EXAMPLES = ROOT / "examples"
ADR = Path("docs/adr/0001-deep-learning-framework.md")


pytestmark = pytest.mark.usefixtures("isolated_home")  # neither tool may touch the real home


def assert_project(project: Path, answers: dict[str, Any], lang: str = "en") -> None:
    """requirements.txt and the decision record are what the API gives for the same answers."""
    result = recommender.recommend(answers)
    lines = (project / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert [line for line in lines if not line.startswith("#")] == list(result.packages)
    adr = (project / ADR).read_text(encoding="utf-8")
    assert adr == recommender.format_result(result, "markdown", lang=lang)
    assert not list(project.rglob("*.tmp"))


def headline(answers: dict[str, Any], lang: str = "en") -> str:
    """The text output up to its first blank line, which the hook and the task print."""
    text = recommender.format_result(recommender.recommend(answers), "text", lang=lang)
    return text.split("\n\n", 1)[0].rstrip("\n") + "\n"


def cookiecutter_project(tmp_path: Path, context: dict[str, str], template: str | None = None) -> Path:
    return Path(cookiecutter(template or str(EXAMPLES / "cookiecutter-dl-project"), no_input=True,
                             extra_context=context, output_dir=str(tmp_path / "out"), default_config=True))


@pytest.fixture
def without_recommender(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The template's Python cannot import recommender and no `recommender` is on PATH; the hint expected."""
    python = sys.executable
    # A Python without site-packages runs the script it is given; no shell in between (a shell
    # would reset PWD, which the cookiecutter hook reads).
    wrapper = tmp_path / "python-without-site"
    wrapper.write_text(f"#!{python} -S\nimport runpy, sys\n\nsys.argv = sys.argv[1:]\n"
                       "runpy.run_path(sys.argv[0], run_name='__main__')\n", encoding="utf-8")
    wrapper.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(wrapper))  # both tools run hooks and tasks with it
    folders = os.environ["PATH"].split(os.pathsep)
    path = os.pathsep.join(d for d in folders if not (Path(d) / "recommender").exists())
    monkeypatch.setenv("PATH", path)
    from plumbum import local  # copier runs its tasks with plumbum's copy of the environment

    monkeypatch.setitem(local.env, "PATH", path)
    return f'"{python}" -m pip install "{ROOT}"'


# --- cookiecutter -----------------------------------------------------------------------------


# The defaults ({}): every question is `unsure`, so the project states no answer as a fact: its
# record is the one for no answers (an empty answers table, a tie) and it lists no packages.
@pytest.mark.parametrize(("context", "answers"), [
    ({}, {}),
    pytest.param({"goal": "application", "data": "text", "task": "classification", "pretrained": "yes"},
                 {"goal": "application", "data": "text", "task": "classification", "pretrained": "yes"},
                 marks=pytest.mark.slow),
    pytest.param({"goal": "production", "data": "image", "deploy": "mobile", "hardware": "cpu", "lang": "zh"},
                 {"goal": "production", "data": "image", "deploy": "mobile", "hardware": "cpu"},
                 marks=pytest.mark.slow),
])
@pytest.mark.slow
def test_cookiecutter_project(tmp_path: Path, capfd: pytest.CaptureFixture[str], context: dict[str, str],
                              answers: dict[str, str]) -> None:
    project = cookiecutter_project(tmp_path, context)
    assert project.name == "my-deep-learning-project"
    assert (project / "README.md").is_file()
    lang = context.get("lang", "en")
    assert_project(project, answers, lang)
    assert capfd.readouterr().out.endswith(headline(answers, lang))


def test_cookiecutter_choices_are_lists() -> None:
    """Each question of the recommender is a list of its options with `unsure` first (the default)."""
    kb = recommender.load_knowledge_base()
    context = json.loads((EXAMPLES / "cookiecutter-dl-project" / "cookiecutter.json").read_text("utf-8"))
    for qid in kb.questions:
        assert context[qid][0] == "unsure" and sorted(context[qid][1:]) == sorted(kb.option_ids(qid)), qid


def test_the_templates_ask_every_question_of_the_pack() -> None:
    """The templates' questions are generated from the pack: a question added in YAML and not synced
    fails here, named, with the command that syncs it."""
    import subprocess

    got = subprocess.run([sys.executable, str(EXAMPLES / "sync_templates.py"), "--check"],
                         capture_output=True, text=True, timeout=60)
    assert got.returncode == 0, got.stderr


def test_cookiecutter_typo_fails_and_leaves_no_project(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="pictures"):
        cookiecutter_project(tmp_path, {"data": "pictures"})
    assert not (tmp_path / "out" / "my-deep-learning-project").exists()


def test_cookiecutter_recommender_error_fails_and_leaves_no_project(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECOMMENDER_RULES", str(tmp_path / "no-such-folder"))
    with pytest.raises(FailedHookException):
        cookiecutter_project(tmp_path, {"goal": "research"})
    assert not (tmp_path / "out" / "my-deep-learning-project").exists()


def test_cookiecutter_hint_when_recommender_is_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       capfd: pytest.CaptureFixture[str],
                                                       without_recommender: str) -> None:
    """Started from the checkout with a relative template path, as the README shows it."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("PWD", str(ROOT))  # as the shell that started cookiecutter sets it
    with pytest.raises(FailedHookException):
        cookiecutter_project(tmp_path, {}, template="examples/cookiecutter-dl-project")
    err = capfd.readouterr().err
    assert "recommender is not installed" in err and without_recommender in err
    assert "pip install recommender" not in err


@pytest.mark.slow
def test_cookiecutter_prompt_refuses_a_typo(tmp_path: Path) -> None:
    """At the interactive prompt a choice is picked by number: a typo is refused and asked again."""
    import pexpect

    env = {**os.environ, "HOME": str(tmp_path / "home"), "NO_COLOR": "1", "TERM": "dumb"}
    command = [str(EXAMPLES / "cookiecutter-dl-project"), "-o", str(tmp_path / "out")]
    child = pexpect.spawn(sys.executable, ["-m", "cookiecutter", *command], env=env, encoding="utf-8",
                          timeout=60, dimensions=(40, 150))
    try:
        child.expect("Project name")
        child.sendline("")
        child.expect("project_slug")
        child.sendline("")
        child.expect("main goal")
        child.expect(r"1 - unsure \(leave it unanswered\)")
        for qid in recommender.load_knowledge_base().questions:  # the template asks them in this order
            child.expect("Choose from")
            if qid == "data":
                assert "What kind of data" in child.before
                child.sendline("txt")
                child.expect("Please select one of the available options")
                child.sendline("2")  # text
            else:
                child.sendline("")  # the default: unsure
        child.expect("Choose from")  # the record's language
        child.sendline("")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0
    assert_project(tmp_path / "out" / "my-deep-learning-project", {"data": "text"})


# --- copier -----------------------------------------------------------------------------------


def copier_project(tmp_path: Path, data: dict[str, Any]) -> Path:
    project = tmp_path / "project"
    run_copy(str(EXAMPLES / "copier-dl-project"), str(project), data=data, defaults=True, unsafe=True,
             quiet=True, vcs_ref=None)
    return project


@pytest.mark.parametrize("data", [
    {},  # the defaults: every question `unsure`, as for cookiecutter
    pytest.param({"goal": "application", "data": ["text"], "task": "generation", "pretrained": "yes"},
                 marks=pytest.mark.slow),
    pytest.param({"goal": "production", "data": ["image"], "deploy": ["mobile", "browser"], "lang": "zh"},
                 marks=pytest.mark.slow),
])
@pytest.mark.slow
def test_copier_project(tmp_path: Path, capfd: pytest.CaptureFixture[str], data: dict[str, Any]) -> None:
    project = copier_project(tmp_path, data)
    answers = {k: v for k, v in data.items() if k != "lang"}
    assert (project / "README.md").is_file() and (project / ".copier-answers.yml").is_file()
    lang = data.get("lang", "en")
    assert_project(project, answers, lang)
    assert capfd.readouterr().out.endswith(headline(answers, lang))


@pytest.mark.parametrize(("data", "message"), [({"data": ["unsure", "text"]}, "unsure goes alone"),
                                               ({"deploy": []}, "tick one, or unsure"),
                                               ({"deploy": ["servers"]}, "servers")])
def test_copier_refuses_a_bad_list(tmp_path: Path, data: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        copier_project(tmp_path, data)
    assert not (tmp_path / "project" / "requirements.txt").exists()


def test_copier_hint_when_recommender_is_missing(tmp_path: Path, capfd: pytest.CaptureFixture[str],
                                                 without_recommender: str) -> None:
    with pytest.raises(Exception, match="recommend.py"):  # copier's TaskError names the command
        copier_project(tmp_path, {"goal": "research"})
    err = capfd.readouterr().err
    assert "recommender is not installed" in err and without_recommender in err
    assert "pip install recommender" not in err


# --- examples/README.md -----------------------------------------------------------------------


def readme_commands() -> list[str]:
    """The commands of examples/README.md that make a project without prompts."""
    text = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", text, re.S)
    lines = [line for block in blocks for line in block.splitlines()]
    return [line for line in lines if "--no-input" in line or "--defaults" in line]


def test_examples_readme_shows_both_templates_without_prompts() -> None:
    commands = readme_commands()
    assert [c.split()[0] for c in commands] == ["cookiecutter", "copier"]


@pytest.mark.slow
@pytest.mark.parametrize("command", readme_commands())
def test_examples_readme_command_runs(tmp_path: Path, command: str) -> None:
    """As written, from a folder where `examples/` is the checkout's; the project appears there."""
    (tmp_path / "examples").symlink_to(EXAMPLES, target_is_directory=True)
    env = {**os.environ, "HOME": str(tmp_path), "PWD": str(tmp_path),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(shlex.split(command), cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    project = next(p for p in tmp_path.iterdir() if (p / "requirements.txt").exists())
    answers = {"goal": "research", "data": "text"}
    assert_project(project, answers)
    assert headline(answers) in done.stdout
