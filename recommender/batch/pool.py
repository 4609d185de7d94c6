"""`recommend --batch --jobs N`: a batch's lines scored by N processes, written in order.

Each chunk the reader delivers is cut into N parts: this process sends N - 1
of them to forked workers, scores the first itself, then collects the others,
and all are written before the next read. So the output order, the streaming
to a live producer and the error records are those of a single process, only
faster on a large file.

Workers are forked before the first line is read (they inherit the knowledge
base and no unwritten output) and talk over pipes with no helper threads, so a
part reaches its worker at once instead of waiting for this process to let a
thread run. They ignore Ctrl-C, which is this process's to report, and leave
when their pipe closes. Where fork is not available the batch runs in this
process alone.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING

from recommender.errors import WorkerDied

if TYPE_CHECKING:
    from recommender.batch.lines import Lines, LineScorer, Scored


def available_jobs(jobs: int) -> int:
    """The processes to use: `jobs`, or one per CPU for 0; one where fork is not available."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    if jobs:
        return jobs
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


MIN_PART = 32


class Pool:
    """This process and `jobs - 1` forked workers, scoring each chunk together."""

    def __init__(self, scorer: LineScorer, jobs: int) -> None:
        self.scorer = scorer
        context = multiprocessing.get_context("fork")
        self.workers: list[tuple[multiprocessing.process.BaseProcess, Connection]] = []
        for _ in range(jobs - 1):
            mine, theirs = context.Pipe()
            # The worker closes this process's ends of every pipe so far: it must not keep any open.
            ends = [mine, *(connection for _, connection in self.workers)]
            process = context.Process(target=_serve, args=(scorer, theirs, ends), daemon=True)
            process.start()
            theirs.close()
            self.workers.append((process, mine))

    def score(self, chunk: Lines) -> list[Scored]:
        # Parts of at least MIN_PART lines: a smaller one costs more to send than to score.
        size = max(-(-len(chunk) // (len(self.workers) + 1)), MIN_PART)
        first, *others = [chunk[i:i + size] for i in range(0, len(chunk), size)] or [[]]
        busy = self.workers[:len(others)]
        for (process, connection), part in zip(busy, others, strict=True):
            try:
                connection.send(part)
            except OSError:  # a broken pipe: the worker is gone
                process.join(timeout=5)
                raise WorkerDied(chunk[0][0], process.exitcode) from None
        scored = self.scorer.lines(first)
        for process, connection in busy:
            scored += _received(connection, process, chunk[0][0])
        return scored

    def close(self) -> None:
        """Close the pipes, so the workers leave, and wait for them."""
        for _, connection in self.workers:
            connection.close()
        for process, _ in self.workers:
            process.join(timeout=5)
            if process.is_alive():
                process.kill()


def _received(connection: Connection, process: multiprocessing.process.BaseProcess, first: int) -> list[Scored]:
    """A worker's scored part; if the worker died (killed, out of memory), WorkerDied names the chunk's first
    line: nothing from there on was written, since a chunk is written only once every part is back."""
    try:
        scored = connection.recv()
    except (EOFError, OSError):
        process.join(timeout=5)
        raise WorkerDied(first, process.exitcode) from None
    if isinstance(scored, BaseException):
        raise scored
    result: list[Scored] = scored
    return result


def _serve(scorer: LineScorer, connection: Connection, parents_ends: list[Connection]) -> None:
    """A worker: score each part received until the pipe closes; then leave at once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for end in parents_ends:  # open here, a pipe would never reach its end
        end.close()
    try:
        while True:
            try:
                part = connection.recv()
            except EOFError:
                break
            try:
                connection.send(scorer.lines(part))
            except Exception as exc:  # an engine bug: reported by the main process
                connection.send(exc)
    finally:
        # os._exit: the inherited output buffers and exit handlers belong to the main process.
        os._exit(0)
