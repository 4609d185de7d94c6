"""`recommender candidates`: what the knowledge base knows about each candidate."""

from __future__ import annotations

import click


@click.command()
def candidates() -> None:
    """List the candidates (not yet available)."""
    raise click.UsageError("candidates is not available yet")
