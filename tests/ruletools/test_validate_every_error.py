"""`rules validate` lists schema and cross-reference errors in one run (issue 16), as check-jsonschema
lists every error: an author fixes them all at once rather than in rounds."""

from __future__ import annotations

from pathlib import Path

RULE = """\
  - id: {rid}
    kind: advice
    source: {source}
    when: {{equals: {{{question}: research}}}}
    effects: {{pytorch: {weight}}}
    text: {{en: "a", zh: "甲"}}
"""


def rule(rid: str, source: str = "s6.advice", question: str = "goal", weight: int = 1) -> str:
    return RULE.format(rid=rid, source=source, question=question, weight=weight)


def lines(cli, folder: Path) -> list[str]:
    res = cli("rules", "validate", str(folder))
    assert res.code == 3 and res.out == ""
    return [line.split(": ", 1)[1] for line in res.err.splitlines()]


def test_one_item_with_a_schema_error_and_unknown_references(cli, tmp_path) -> None:
    (tmp_path / "x.yaml").write_text("rules:\n" + rule("x-both", "s6.nope", "gaol", 11), "utf-8")
    found = lines(cli, tmp_path)
    assert any(line.startswith("$.rules[0].effects.pytorch: 11 is greater") for line in found)
    assert any(line.startswith("$.rules[0].source: unknown source 's6.nope'") for line in found)
    assert any(line.startswith("$.rules[0].when.equals.gaol: unknown question 'gaol'") for line in found)


def test_a_malformed_section_does_not_hide_the_other_sections_references(cli, tmp_path) -> None:
    (tmp_path / "x.yaml").write_text("questions: 3\nrules:\n" + rule("x-ref", "s6.nope"), "utf-8")
    found = lines(cli, tmp_path)
    assert found[0] == "$.questions: expected a list, found a number 3"
    assert found[1].startswith("$.rules[0].source: unknown source 's6.nope'") and len(found) == 2


def test_an_unknown_reference_is_said_once_where_the_schema_already_points(cli, tmp_path) -> None:
    (tmp_path / "x.yaml").write_text("rules:\n" + rule("x-w", weight=11), "utf-8")
    assert lines(cli, tmp_path) == ["$.rules[0].effects.pytorch: 11 is greater than the maximum of 10"]
