"""Start-up benchmark of `recommender recommend` (issue: speed).

Prints, from one run of paired measurements:
- warm recommend (cache filled) / `python -c "import click"`   target ≤ 1.2×
- cold recommend (--no-cache) / `python -c pass`                target ≤ 12×
- peak RSS of a warm recommend                                 target ≤ 20 MiB

Usage: python bench/startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

PY = sys.executable
# The installed console script, as people and templates call it (python -m adds runpy's import).
SCRIPT = shutil.which("recommender", path=os.path.dirname(PY)) or shutil.which("recommender")
COMMAND = [SCRIPT] if SCRIPT else [PY, "-m", "recommender"]
RECOMMEND = [*COMMAND, "recommend", "--goal", "research", "--data", "text", "--format", "json"]


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall time in seconds and peak RSS in KiB of one run."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(cmd)}")
    return elapsed, usage.ru_maxrss


def paired(a: list[str], b: list[str], runs: int, env: dict[str, str]) -> tuple[float, float, float]:
    """Median of a, median of b, and the median of the per-pair ratios a/b."""
    times_a, times_b, ratios = [], [], []
    for _ in range(runs):
        ta, _ = timed(a, env)
        tb, _ = timed(b, env)
        times_a.append(ta)
        times_b.append(tb)
        ratios.append(ta / tb)
    return statistics.median(times_a), statistics.median(times_b), statistics.median(ratios)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    env = {**os.environ, "XDG_CACHE_HOME": tempfile.mkdtemp(prefix="recommender-bench-")}
    timed(RECOMMEND, env)  # fill the cache

    warm, click_only, warm_ratio = paired(RECOMMEND, [PY, "-c", "import click"], args.runs, env)
    cold, bare, cold_ratio = paired(RECOMMEND + ["--no-cache"], [PY, "-c", "pass"], args.runs, env)
    peak = max(timed(RECOMMEND, env)[1] for _ in range(5)) / 1024

    print(f"python: {sys.version.split()[0]}, command: {COMMAND[0]}, runs: {args.runs} pairs each")
    print(f"warm recommend {warm * 1000:6.1f} ms  vs  import click {click_only * 1000:6.1f} ms  "
          f"ratio {warm_ratio:.2f}x  (target <= 1.2x)")
    print(f"cold recommend {cold * 1000:6.1f} ms  vs  python -c pass {bare * 1000:6.1f} ms  "
          f"ratio {cold_ratio:.2f}x  (target <= 12x)")
    print(f"warm recommend peak RSS {peak:.1f} MiB  (target <= 20 MiB)")


if __name__ == "__main__":
    main()
