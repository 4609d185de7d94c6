"""Scalar values a YAML file read as something other than text (no YAML import here)."""

from __future__ import annotations


class Typed:
    """A plain scalar that YAML 1.1 reads as something other than text: `kind` is "number" or "date".

    Kept as its raw text so an error can say "quote it: 3.10".
    """

    __slots__ = ("kind", "raw")

    def __init__(self, kind: str, raw: str) -> None:
        self.kind = kind
        self.raw = raw

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Typed) and (self.kind, self.raw) == (other.kind, other.raw)

    def __hash__(self) -> int:
        return hash((self.kind, self.raw))

    def __repr__(self) -> str:
        return self.raw
