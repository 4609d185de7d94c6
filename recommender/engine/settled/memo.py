"""The tables the settled searches fill, in an object whoever runs many checks owns.

A one-shot `recommend` passes no memo and runs the exact elimination from
scratch. A batch, the API or a questionnaire keeps one Memo for its run (one
knowledge base per memo): fire tables, answer spaces and each rule group's
best cases are then built once and shared by every later check. Which searches
run depends only on whether a memo is given and what it asks for, never on how
many checks came before; what a memo holds never changes a verdict, so a memo
with a `limit` forgets its tables when full and memory stays flat.
"""

from __future__ import annotations

from typing import Any

# Entries per table of a memo kept for a long run (a batch, the API): what a few thousand checks reuse.
LIMIT = 4_096


class Bounded(dict[tuple[Any, ...], Any]):
    """A dict that empties itself when an entry beyond `limit` is added (None: no limit).

    Emptying at once costs a few refills where a least-recently-used order
    would cost bookkeeping on every lookup, and the hot entries (a pack's
    shapes of open questions) come back within a few checks.
    """

    __slots__ = ("limit",)

    def __init__(self, limit: int | None) -> None:
        super().__init__()
        self.limit = limit

    def __setitem__(self, key: tuple[Any, ...], value: Any) -> None:
        if self.limit is not None and len(self) >= self.limit and key not in self:
            self.clear()
        super().__setitem__(key, value)


class Memo:
    """Memo tables for `settled`; `witness` also tries the completions that favour each rival; `limit` bounds
    the entries of each table (fire tables, answer spaces, views), for a memo kept over any number of checks."""

    def __init__(self, *, witness: bool = False, limit: int | None = None) -> None:
        self.witness = witness
        self.tables = Bounded(limit)  # scopes, fire tables, answer spaces, touched groups
        self.views = Bounded(limit)  # groups._View per group, its answers and its open shape
        self.favoured: dict[tuple[str, str], list[dict[str, Any]]] | None = None  # witness's profiles, once found
        self.lenses: list[Any] | None = None  # groups.Lens per rule group, once made
