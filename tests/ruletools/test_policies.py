"""`rules lint` holds a pack to what its users rely on, each finding at the item that lacks it: a
starter for every candidate, an installed package for every module a snippet imports and a snippet that
imports every package printed with it, what-if wording
for every question, and a rule test in which every candidate wins."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.helpers import TESTS

PACK = TESTS / "golden" / "pack"
# What the golden pack (made to show every output field, not to be complete) lacks, fixed.
FIXES = {
    "candidates.yaml": [
        ("      - name: alpha-core\n", "      - name: alpha-core\n        imports: [alpha]\n"),
        ("      - name: attn-beta\n", "      - name: attn-beta\n        imports: [attn]\n"),
        ("    baseline: true\n", "    baseline: true\n    starter:\n      snippets:\n"
         "        - {id: classic-alpha, backend: alpha, code: \"import alpha\\n\"}\n"
         "        - {id: classic-beta, backend: beta, code: \"import beta\\n\"}\n"),
        # No snippet imports these: each is printed for nothing (`package-unused`).
        ("      - name: alpha-vision\n        when: {contains: {data: pictures}}\n", ""),
        ("    packages:\n      - name: grid-layers\n        when: {contains: {data: pictures}}\n",
         "    packages: []\n"),
        # The approach's snippets run on their framework: they import it.
        ("            import attn\n\n            attn.train(backend=\"alpha\")",
         "            import alpha\n            import attn\n\n            attn.train(backend=\"alpha\")"),
        ("            import attn\n\n            attn.train(backend=\"beta\")",
         "            import attn\n            import beta\n\n            attn.train(backend=\"beta\")"),
    ],
    "questions.yaml": [
        ("    help: {en: \"Asked only when shipping.\", zh: \"仅在交付时询问。\"}\n",
         "    help: {en: \"Asked only when shipping.\", zh: \"仅在交付时询问。\"}\n"
         "    what_if: {set: {en: \"the product were {value}\", zh: \"产品为{value}\"}}\n"),
        ("    help: {en: \"Attention is heavy on a CPU.\", zh: \"注意力机制在 CPU 上代价大。\"}\n",
         "    help: {en: \"Attention is heavy on a CPU.\", zh: \"注意力机制在 CPU 上代价大。\"}\n"
         "    what_if: {set: {en: \"training used {value}\", zh: \"训练使用{value}\"}}\n"),
    ],
}
TESTS_YAML = """\
tests:
  - {id: a, answers: {goal: explore, data: [words]}, expect: {framework: alpha, approach: attention}}
  - {id: b, answers: {goal: ship, data: [pictures]}, expect: {framework: beta, approach: classic}}
"""


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    folder = tmp_path / "pack"
    shutil.copytree(PACK, folder)
    return folder


def fix(folder: Path, name: str, *, skip: int | None = None) -> None:
    text = (folder / name).read_text("utf-8")
    for index, (old, new) in enumerate(FIXES[name]):
        assert old in text, old
        if index != skip:
            text = text.replace(old, new, 1)
    (folder / name).write_text(text, "utf-8")


def findings(cli, folder: Path) -> list[tuple[str, str, str]]:
    got = cli("rules", "lint", "--standalone", "--rules", str(folder), "--format", "json")
    return [(Path(f["file"]).name, f["code"], f["message"]) for f in json.loads(got.out)["findings"]
            if f["severity"] in ("error", "warning")]


def test_a_complete_pack_owes_nothing(cli, pack: Path) -> None:
    fix(pack, "candidates.yaml")
    fix(pack, "questions.yaml")
    (pack / "tests.yaml").write_text(TESTS_YAML, "utf-8")
    assert findings(cli, pack) == []


@pytest.mark.parametrize(("name", "skip", "code", "names"), [
    ("candidates.yaml", 0, "module-not-installed", "'alpha'"),
    ("candidates.yaml", 2, "no-starter", "'classic'"),
    ("candidates.yaml", 3, "package-unused", "'alpha-vision'"),
    ("questions.yaml", 1, "no-what-if-wording", "'device'"),
])
def test_each_lack_is_one_located_error(cli, pack: Path, name: str, skip: int, code: str, names: str) -> None:
    fix(pack, "candidates.yaml", skip=skip if name == "candidates.yaml" else None)
    fix(pack, "questions.yaml", skip=skip if name == "questions.yaml" else None)
    (pack / "tests.yaml").write_text(TESTS_YAML, "utf-8")
    found = findings(cli, pack)
    assert found and {(f, c) for f, c, _ in found} == {(name, code)}
    assert all(names in message for _, _, message in found)


def test_a_candidate_no_rule_test_sees_win_is_an_error(cli, pack: Path) -> None:
    fix(pack, "candidates.yaml")
    fix(pack, "questions.yaml")
    (pack / "tests.yaml").write_text(TESTS_YAML.split("  - {id: b")[0], "utf-8")
    found = findings(cli, pack)
    assert [(f, c) for f, c, _ in found] == [("candidates.yaml", "no-winning-test")] * 2
    assert {m.split("'")[1] for _, _, m in found} == {"beta", "classic"}
