"""An interrupted run says so in one line (issue 17, item 13).

click writes a blank line before turning Ctrl-C into Abort (to close a terminal's `^C` echo), so a
SIGTERM'd or SIGINT'd batch left two lines on stderr, the first empty, wherever stderr went.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import ROOT


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_an_interrupted_batch_is_one_line_and_130(tmp_path: Path, sig: signal.Signals) -> None:
    target = tmp_path / "out.jsonl"
    proc = subprocess.Popen(
        [sys.executable, "-m", "recommender", "recommend", "--batch", "-", "--output", str(target)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=ROOT,
    )
    assert proc.stdin is not None
    proc.stdin.write(b'{"goal": "research"}\n')
    proc.stdin.flush()  # the input stays open: the batch waits for more
    deadline = time.monotonic() + 30
    while not any(tmp_path.glob(".out.jsonl.*")) and time.monotonic() < deadline:
        time.sleep(0.05)  # the temp file exists once the writer (and its signal handlers) is set up
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert err.decode() == "recommender: interrupted; nothing written\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == []
