"""What every renderer is told besides the result: the language and whether to explain."""

from __future__ import annotations


class RenderOptions:
    __slots__ = ("lang", "explain", "columns")

    def __init__(self, lang: str = "en", explain: bool = False, columns: int | None = None) -> None:
        self.lang = lang
        self.explain = explain
        self.columns = columns  # text output on a terminal: fold lines to this width (None: do not)
