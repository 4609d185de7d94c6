"""bench/verify_starters.py --if-changed: nothing runs while the stacks' digest is the recorded one;
a changed snippet is seen (the installs themselves run in CI, not here)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT, write_pack

SCRIPT = ROOT / "bench" / "verify_starters.py"


def verify(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=120)


@pytest.mark.slow
def test_unchanged_stacks_are_not_run_again_and_a_changed_snippet_is(kb, tmp_path: Path) -> None:
    recorded = tmp_path / "starters.sha256"
    first = verify("--digest", str(recorded), "--if-changed", "--only", "no such stack", "--record")
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("0 stacks, 0 install lines\n")
    assert "not recorded: only part of the stacks ran" in first.stdout and not recorded.exists()

    # What a run in which every stack passed records, computed by the script's own function.
    code = (f"import runpy; m = runpy.run_path({str(SCRIPT)!r}); "
            "print(m['digest'](m['stacks'](m['load_knowledge_base']())))")
    current = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    recorded.write_text(f"{current}  starter stacks verified\n", encoding="utf-8")
    same = verify("--digest", str(recorded), "--if-changed")
    assert same.returncode == 0 and same.stdout.startswith("starter stacks unchanged since the last passing run")

    spec_doc = json.loads(json.dumps(kb.candidates["conventional"]))
    spec_doc["starter"]["snippets"][-1]["code"] += "print('changed')\n"
    write_pack(tmp_path / "layer", {"candidates": [spec_doc]})
    changed = verify("--digest", str(recorded), "--if-changed", "--rules", str(tmp_path / "layer"), "--only", "none")
    assert changed.returncode == 0
    assert changed.stdout.startswith("0 stacks")  # not "unchanged": the changed snippet would run
