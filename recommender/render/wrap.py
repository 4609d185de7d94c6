"""Folding long lines to a terminal's width, never inside a word (issue 16).

Only output shown on a terminal is folded: piped output and files keep one line per item, so
scripts, goldens and `grep` see the same text whatever the window size.
"""

from __future__ import annotations

import os
import re
from typing import IO

# A breakable unit: an opening bracket with what follows, a run of Latin text or one CJK character,
# closing punctuation kept with the word before it (a line never starts with "，" or "）"), then any
# spaces. The last alternative takes any character left, so the units always add up to the line.
_OPEN, _CLOSE = "（「《【“(", "）」》】”，。：；、！？)"
_UNIT = rf"[{_OPEN}]*(?:[\u2e80-\u9fff]|[^\s\u2e80-\u9fff{_OPEN}{_CLOSE}]+)[{_CLOSE}]*\s*|\s+|."
MIN_COLUMNS = 20  # narrower than this, folding helps no one


def width(text: str) -> int:
    """Terminal columns: CJK characters take two, so Chinese labels still line up."""
    if text.isascii():
        return len(text)
    import unicodedata  # a shared library to load (0.15 ms): only text that is not ASCII needs it

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def terminal_columns(stream: IO[str] | None) -> int | None:
    """The width to fold to when `stream` is a terminal (`COLUMNS` first, as `shutil` does), else None."""
    try:
        if stream is None or not stream.isatty():
            return None
        size = os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, OSError, ValueError):
        return None
    columns = int(os.environ["COLUMNS"]) if os.environ.get("COLUMNS", "").isdigit() else size
    return columns if columns >= MIN_COLUMNS else None


def units(text: str) -> list[str]:
    """The breakable units of `text`, in order. Closing punctuation the pattern leaves on its own (after a
    space, or after an opening bracket: "（）") joins the unit before it, so no line starts with it."""
    out: list[str] = []
    # Compiled on first use, then found in re's cache (2 ms): the module is on the warm path, folding is not.
    for unit in re.findall(_UNIT, text):
        if out and unit[0] in _CLOSE:
            out[-1] += unit
        else:
            out.append(unit)
    return out


def fold_line(line: str, columns: int, hang_at: int | None = None) -> list[str]:
    """`line` as lines of at most `columns` (a single unit wider than that stays whole), continued
    at column `hang_at`, by default two columns further in than it starts."""
    if width(line) <= columns:
        return [line]
    indent = len(line) - len(line.lstrip(" "))
    hang = " " * min(indent + 2 if hang_at is None else hang_at, columns // 2)
    out, current = [], line[:indent]
    for unit in units(line[indent:]):
        if width(current + unit.rstrip()) > columns and current.strip():
            out.append(current.rstrip())
            current = hang
            if not unit.strip():
                continue
        current += unit
    return [*out, current.rstrip()]


def fold(lines: list[str], columns: int | None, hang_at: int | None = None) -> list[str]:
    """Every line folded to `columns`; None leaves them as they are."""
    return lines if columns is None else [part for line in lines for part in fold_line(line, columns, hang_at)]
