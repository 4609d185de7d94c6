"""Characters that must never reach a terminal from a knowledge or answers file."""

from __future__ import annotations

import re
import unicodedata

_ALLOWED_CONTROLS = {"\n", "\t"}
_BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def bad_character(text: str) -> str | None:
    """A message naming the first forbidden character in `text`, or None."""
    for index, char in enumerate(text):
        if char in _ALLOWED_CONTROLS:
            continue
        if char in _BIDI:
            return f"bidirectional control character U+{ord(char):04X} at offset {index}"
        category = unicodedata.category(char)
        if category == "Cc":
            return f"control character U+{ord(char):04X} at offset {index}"
        if category == "Cs":
            return f"lone surrogate U+{ord(char):04X} at offset {index}"
    return None


def escaped(text: str, keep: str = "\n\t") -> str:
    """`text` with every character `bad_character` refuses written as `\\uXXXX` (as in JSON), so a
    file name, key or value quoted in a message cannot drive the terminal. Newline and tab are
    escaped too unless in `keep`: a line that quotes a file name keeps neither, so a newline in the
    name cannot start a line of its own."""
    return _unsafe().sub(lambda m: m[0] if m[0] in keep else f"\\u{ord(m[0]):04x}", text)


_UNSAFE = "[\x00-\x1f\x7f-\x9f\ud800-\udfff" + "".join(sorted(_BIDI)) + "]"


def _unsafe() -> re.Pattern[str]:
    """What bad_character refuses, plus newline and tab, as one class (a whole report is escaped at
    once): Cc is exactly U+0000-001F and U+007F-009F, Cs is U+D800-DFFF."""
    # Compiled on first use, then found in re's cache: the module is on the warm path, escaping is not.
    return re.compile(_UNSAFE)
