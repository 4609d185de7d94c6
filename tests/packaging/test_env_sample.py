"""docs/scripting.md's `--format env` sample is the real output, whole: a new, renamed or changed variable
fails here until the sample is regenerated. Its values come from the shipped rules (the unanswered
questions, say), so it is checked with the docs' other shown output, in the slow set, and regenerated
the same way: `UPDATE_DOCS=1 python -m pytest -q -m slow tests/packaging/test_docs_commands.py
tests/packaging/test_env_sample.py -k docs_show`."""

from __future__ import annotations

import os
import re
import shlex

import pytest

from tests.helpers import ROOT, run_in_process

DOC = ROOT / "docs" / "scripting.md"
SAMPLE = re.compile(r"^```console\n\$ (recommender [^\n]*--format env)\n(.*?)^```$", flags=re.M | re.S)


@pytest.mark.slow
def test_the_docs_show_the_env_sample_the_command_prints() -> None:
    text = DOC.read_text("utf-8")
    blocks = list(SAMPLE.finditer(text))
    assert len(blocks) == 1, "docs/scripting.md shows one `--format env` sample as a console block"
    command, shown = blocks[0].group(1), blocks[0].group(2)
    got = run_in_process(*shlex.split(command)[1:])
    assert got.code == 0, got.err
    if os.environ.get("UPDATE_DOCS") == "1" and shown != got.out:
        DOC.write_text(text[:blocks[0].start(2)] + got.out + text[blocks[0].end(2):], "utf-8")
        return
    assert shown == got.out, f"regenerate the sample in docs/scripting.md (UPDATE_DOCS=1, see this module):\n{got.out}"
