"""docs/ask.md's screens are what `ask` shows today: `docs/screens.py --check` captures them again from the
real program (a tmux pane) and compares (issue 16)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from tests.helpers import ROOT


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("tmux") is None, reason="the screens are captured in a tmux pane")
def test_the_screens_in_docs_ask_md_are_current() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "docs" / "screens.py"), "--check"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr


def test_the_screens_part_is_written_by_the_script() -> None:
    text = (ROOT / "docs" / "ask.md").read_text("utf-8")
    start = "<!-- screens: start (docs/screens.py writes this part) -->"
    assert text.count(start) == 1 and text.count("<!-- screens: end -->") == 1
    part = text.split(start)[1].split("<!-- screens: end -->")[0]
    assert part.count("```text") == 8  # four moments, two languages
