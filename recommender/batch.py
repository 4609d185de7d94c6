"""`recommend --batch`: one answer profile per line in, one JSON result per line out."""

from __future__ import annotations

from typing import Any

from recommender.errors import UsageError
from recommender.kb import KnowledgeBase
from recommender.render import RenderOptions


def run_batch(kb: KnowledgeBase, source: str, base: dict[str, Any], opts: RenderOptions,
              *, output: str | None, force: bool) -> int:
    raise UsageError("--batch is not available yet")
