"""The console script: run the command line, then leave at once.

A command runs for a few milliseconds; collecting cycles during it and tearing
the interpreter down after it (freeing every module and object) cost more than
the recommendation itself, so the script turns the collector off and ends with
os._exit once the output is flushed. Long-running commands (`ask`, `--batch`)
turn the collector back on. Tests call `recommender.cli.main.main`, which
does neither.
"""

from __future__ import annotations

import gc
import os
import sys


def main() -> None:
    gc.disable()
    from recommender.cli.main import main as cli_main

    code = cli_main()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            code = code or 1
    os._exit(code)
