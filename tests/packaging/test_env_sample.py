"""docs/scripting.md's `--format env` sample is the real output, whole: a new, renamed or changed variable
fails here until the sample is regenerated (run the command shown and paste its output)."""

from __future__ import annotations

import re
import shlex

from tests.helpers import ROOT, run_in_process

DOC = ROOT / "docs" / "scripting.md"


def test_the_env_sample_is_what_the_command_prints() -> None:
    blocks = re.findall(r"^```console\n\$ (recommender [^\n]*--format env)\n(.*?)^```$", DOC.read_text("utf-8"),
                        flags=re.M | re.S)
    assert len(blocks) == 1, "docs/scripting.md shows one `--format env` sample as a console block"
    ((command, shown),) = blocks
    got = run_in_process(*shlex.split(command)[1:])
    assert got.code == 0, got.err
    assert shown == got.out, f"regenerate the sample in docs/scripting.md from `{command}`:\n{got.out}"
