"""Characters that must never reach a terminal from a knowledge or answers file."""

from __future__ import annotations

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
