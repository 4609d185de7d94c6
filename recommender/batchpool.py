"""`recommend --batch --jobs N`: a batch's lines scored by N processes, written in order.

Each chunk the reader delivers is cut into N parts: this process scores the
first while forked workers score the others, and all are written before the
next read. So the output order, the streaming to a live producer and the
error records are those of a single process, only faster on a large file.

Workers are forked (they inherit the knowledge base and its memo tables, so
nothing is loaded twice) and ignore Ctrl-C: the interrupt is this process's to
report. Where fork is not available the batch runs in this process alone.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from recommender.batch import Lines, Scored, Scorer

# The scorer the workers use: set before they are forked, so they inherit it.
_SCORER: Scorer | None = None


def available_jobs(jobs: int) -> int:
    """The processes to use: `jobs`, or one per CPU for 0; one where fork is not available."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    if jobs:
        return jobs
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class Pool:
    """This process and `jobs - 1` forked workers, scoring each chunk together."""

    def __init__(self, scorer: Scorer, jobs: int) -> None:
        global _SCORER
        _SCORER = scorer
        self.scorer = scorer
        self.jobs = jobs
        context = multiprocessing.get_context("fork")
        self.executor = ProcessPoolExecutor(jobs - 1, mp_context=context, initializer=_ignore_interrupts)

    def score(self, chunk: Lines) -> list[Scored]:
        size = -(-len(chunk) // self.jobs)
        parts = [chunk[i:i + size] for i in range(0, len(chunk), size)]
        futures: list[Future[list[Scored]]] = [self.executor.submit(_score, part) for part in parts[1:]]
        first = self.scorer.lines(parts[0]) if parts else []
        return first + [scored for future in futures for scored in future.result()]

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


def _score(lines: Lines) -> list[Scored]:
    assert _SCORER is not None
    return _SCORER.lines(lines)


def _ignore_interrupts(*_: Any) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
