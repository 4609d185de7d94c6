"""Time from starting `recommender ask` to its first prompt, as a ratio to `python -c pass`.

    python bench/ask_startup.py [--runs 15]

Both are measured in the same run (medians), in a real pseudo-terminal for
`ask`; the knowledge-base cache is warmed first, as it is after the first use.
Target: ratio <= 14 (questionary alone costs about 12.6x on the reference machine).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pexpect

ROOT = Path(__file__).resolve().parent.parent
TARGET = 14.0
FIRST_PROMPT = "arrows move"  # in the key hint every question shows (recommender/ask/words.py)


def time_pass() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    return time.perf_counter() - start


def time_first_prompt() -> float:
    env = {**os.environ, "TERM": "xterm-256color", "RECOMMENDER_LANG": "en"}
    start = time.perf_counter()
    child = pexpect.spawn(sys.executable, ["-m", "recommender", "ask"], cwd=str(ROOT), env=env,
                          encoding="utf-8", timeout=60)
    child.expect_exact(FIRST_PROMPT)
    elapsed = time.perf_counter() - start
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    time_first_prompt()  # warm the knowledge-base cache and the OS file cache
    baseline, prompt = [], []
    for _ in range(args.runs):  # interleaved, so both see the same machine load
        baseline.append(time_pass())
        prompt.append(time_first_prompt())
    base, first = statistics.median(baseline), statistics.median(prompt)
    ratio = first / base
    print(f"python -c pass: {base * 1000:.1f} ms (median of {args.runs})")
    print(f"ask, first prompt: {first * 1000:.1f} ms (median of {args.runs})")
    print(f"ratio: {ratio:.1f}x (target <= {TARGET:.0f}x): {'met' if ratio <= TARGET else 'NOT met'}")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
