"""A newcomer's first commands (issue 16): bare groups print help, the shipped answers example works,
a missing file or folder says how to make it, `--output`'s extension picks the format."""

from __future__ import annotations

import json

import pytest

from tests.helpers import ROOT

EXAMPLE = str(ROOT / "examples" / "answers.yaml")


@pytest.mark.parametrize("path", [(), ("rules",)], ids=["recommender", "rules"])
def test_a_bare_group_prints_its_formatted_help_and_succeeds(cli, path) -> None:
    bare, asked = cli(*path), cli(*path, "--help")
    assert bare.code == 0 and bare.err == ""
    assert bare.out == asked.out  # the same multi-line help as --help
    assert bare.out.startswith("Usage: recommender") and "\nCommands:\n" in bare.out


def test_the_shipped_answers_example_works_and_the_readme_points_to_it(cli) -> None:
    res = cli("recommend", "--answers", EXAMPLE, "--format", "json")
    assert res.code == 0, res.err
    answers = json.loads(res.out)["answers"]
    assert answers["goal"] == "research" and answers["pretrained"] == "yes"
    assert "examples/answers.yaml" in (ROOT / "README.md").read_text("utf-8")


def test_a_missing_answers_file_says_how_to_make_one(cli, tmp_path) -> None:
    res = cli("recommend", "--answers", str(tmp_path / "answers.yaml"))
    assert res.code == 2 and res.out == ""
    assert res.err.count("\n") == 1
    assert res.err.startswith("recommender: --answers: cannot read ")
    assert "recommender ask --save-answers FILE" in res.err


@pytest.mark.parametrize("flag", ["--output", "--save-answers"])
def test_a_missing_folder_is_refused_with_the_mkdir_line(cli, tmp_path, flag) -> None:
    folder = tmp_path / "docs" / "adr"
    target = str(folder / "0001-x.md")
    if flag == "--output":
        res = cli("recommend", "--goal", "research", "--output", target)
        assert res.code == 1
        line = res.err.strip().removeprefix("recommender: ")
    else:
        from recommender.ask.saving import check_target
        from recommender.errors import OutputError

        with pytest.raises(OutputError) as caught:
            check_target(target, force=False)
        line = str(caught.value)
    assert line == f"{flag}: no such folder: {folder}; create it first: mkdir -p {folder}"
    assert not (tmp_path / "docs").exists()


@pytest.mark.parametrize(("name", "check"), [
    ("r.json", lambda text: json.loads(text)["schema_version"] == 3),
    ("r.yaml", lambda text: text.startswith("schema_version: 3")),
    ("r.YML", lambda text: text.startswith("schema_version: 3")),
    ("r.md", lambda text: text.startswith("# ")),
    ("r.env", lambda text: text.startswith("RECOMMENDER_")),
    ("r.txt", lambda text: text.startswith("Recommendation: ")),
])
def test_output_extension_picks_the_format(cli, tmp_path, name, check) -> None:
    target = tmp_path / name
    assert cli("recommend", "--goal", "research", "--output", str(target)).code == 0
    assert check(target.read_text("utf-8"))


def test_an_explicit_format_beats_the_extension(cli, tmp_path) -> None:
    target = tmp_path / "notes.md"
    assert cli("recommend", "--goal", "research", "--format", "text", "--output", str(target)).code == 0
    assert target.read_text("utf-8").startswith("Recommendation: ")


def test_one_table_of_extensions_serves_output_and_save_answers() -> None:
    from recommender.ask.saving import render
    from recommender.render import format_for

    assert [format_for(n) for n in ("a.json", "d/.env", "a.yml", "a.MD", "a", "d.json/a")] == [
        "json", "env", "yaml", "markdown", None, None]
    assert render({"goal": "research"}, "a.JSON").startswith("{")
