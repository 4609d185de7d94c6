"""The tables the settled searches fill, in an object whoever runs many checks owns.

A one-shot `recommend` passes no memo and runs the exact elimination from
scratch. A batch or a questionnaire keeps one Memo for its run (one knowledge
base per memo): fire tables, answer spaces and each rule group's best cases
are then built once and shared by every later check. Which searches run
depends only on whether a memo is given and what it asks for, never on how
many checks came before.
"""

from __future__ import annotations

from typing import Any


class Memo:
    """Memo tables for `settled`; `witness` also tries the completions that favour each rival."""

    def __init__(self, *, witness: bool = False) -> None:
        self.witness = witness
        self.tables: dict[tuple[Any, ...], Any] = {}  # scopes, fire tables, answer spaces, touched groups
        self.views: dict[tuple[Any, ...], Any] = {}  # groups._View per group, its answers and its open shape
        self.favoured: dict[tuple[str, str], dict[str, Any]] | None = None  # witness's profiles, once found
