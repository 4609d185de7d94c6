"""`recommender rules …`: the rule-pack toolchain."""

from __future__ import annotations

import click


@click.group()
def rules() -> None:
    """Validate, lint, test and measure rule packs."""
