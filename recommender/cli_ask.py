"""`recommender ask`: the interactive questionnaire (owner: the ask work)."""

from __future__ import annotations

import click


@click.command()
def ask() -> None:
    """Answer the questions interactively in a terminal (not yet available)."""
    raise click.UsageError("ask is not available yet; use 'recommender recommend'")
