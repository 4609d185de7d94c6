"""Scalar values a YAML file read as something other than text (no YAML import here)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Typed:
    """A plain scalar that YAML 1.1 reads as something other than text."""

    kind: str  # "number" or "date"
    raw: str

    def __repr__(self) -> str:
        return self.raw
