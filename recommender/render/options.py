"""What every renderer is told besides the result: the language and whether to explain."""

from typing import NamedTuple


class RenderOptions(NamedTuple):
    lang: str = "en"
    explain: bool = False
    columns: int | None = None  # text output on a terminal: fold lines to this width (None: do not)
