"""Several small integers carried in one int, so a profile's rule groups add up in one addition each.

Scoring sums, per candidate, what each rule group contributes (its fired weights, and the gains and
losses its undecided rules could still bring). Summed column by column over tuples that costs a loop
per candidate; packed, each group's contribution is one int and the sum is `sum()` over ints. Every
field carries a bias so it is never negative, and is wide enough that the biased sum over every group
never reaches the next field: unpacking subtracts the biases and gives the exact sums.
"""

from __future__ import annotations

from collections.abc import Sequence


class Packing:
    """Packs `fields` integers of magnitude at most `magnitude` each; `unpack` reads the sum of `terms` packs."""

    __slots__ = ("fields", "bias", "width", "mask", "shifts")

    def __init__(self, fields: int, magnitude: int, terms: int) -> None:
        self.fields = fields
        self.bias = magnitude
        # A field's biased values lie in [0, 2 * magnitude]; `terms` of them sum below 2 ** width.
        self.width = (2 * magnitude * max(terms, 1)).bit_length() + 1
        self.mask = (1 << self.width) - 1
        self.shifts = tuple(self.width * i for i in range(fields))

    def pack(self, values: Sequence[int]) -> int:
        if len(values) != self.fields or any(abs(v) > self.bias for v in values):
            raise ValueError(f"cannot pack {values!r} in {self.fields} fields of magnitude {self.bias}")
        return sum((v + self.bias) << shift for v, shift in zip(values, self.shifts, strict=True))

    def unpack(self, total: int, terms: int) -> list[int]:
        """The exact per-field sums of `terms` packed values added up as ints."""
        offset, mask = terms * self.bias, self.mask
        return [((total >> shift) & mask) - offset for shift in self.shifts]
