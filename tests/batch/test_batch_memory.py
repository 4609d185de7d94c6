"""A batch's memory stays flat however many distinct profiles it reads: the settled check's memo tables
are bounded, so peak memory at 20,000 lines is that at 4,000 give or take a few MiB."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT, raw_profiles, shipped_kb

# Run in a process of its own whose only child is the batch, so ru_maxrss is the batch's peak alone.
LAUNCHER = """
import resource, subprocess, sys
with open(sys.argv[1], "rb") as lines:
    subprocess.run([sys.executable, "-m", "recommender", "recommend", "--batch", "-"], stdin=lines,
                   stdout=subprocess.DEVNULL, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def peak_kib(tmp_path: Path, count: int) -> int:
    lines = tmp_path / f"{count}.jsonl"
    lines.write_text("".join(json.dumps(p) + "\n" for p in raw_profiles(shipped_kb(), count, seed=11)), "utf-8")
    done = subprocess.run([sys.executable, "-c", LAUNCHER, str(lines)], capture_output=True, text=True,
                          cwd=ROOT, timeout=600, check=True)
    return int(done.stdout.strip())


@pytest.mark.slow
def test_batch_memory_is_flat_in_the_number_of_distinct_profiles(tmp_path: Path) -> None:
    small, large = peak_kib(tmp_path, 4_000), peak_kib(tmp_path, 20_000)
    assert large <= 60 * 1024, f"peak {large / 1024:.1f} MiB at 20,000 lines"
    assert large - small <= 8 * 1024, f"{small / 1024:.1f} MiB at 4,000 lines, {large / 1024:.1f} MiB at 20,000"
