"""What a batch passes between its reader, its scorer and the `--jobs` pool: the scorer and the pool
both import these and neither imports the other."""

from __future__ import annotations

from typing import Protocol

Lines = list[tuple[int, bytes | None]]  # (line number, the line's bytes or None when over the limit)
Scored = tuple[str, str | None] | None  # (output line, error message) or None for a blank line


class LineScorer(Protocol):
    """Scores a part of the input, line by line, in order (`batch.scorer.Scorer`)."""

    def lines(self, lines: Lines) -> list[Scored]: ...
