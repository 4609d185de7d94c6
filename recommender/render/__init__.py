"""Renderers by name: the one place `--format` choices come from.

Each renderer's module is imported only when its format is asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from recommender.engine.result import Result
from recommender.knowledge.model import KnowledgeBase
from recommender.render.options import RenderOptions

Renderer = Callable[[KnowledgeBase, Result, RenderOptions], str]


def _lazy(module: str) -> Renderer:
    """A renderer whose module is imported only when its format is asked for."""
    return lambda kb, result, opts: str(import_module(f"recommender.render.{module}").render(kb, result, opts))


FORMATS: dict[str, Renderer] = {
    "text": _lazy("text"),
    "json": _lazy("jsonout"),
    "markdown": _lazy("markdown"),
    "yaml": _lazy("yamlout"),
    "env": _lazy("envout"),
    "snippet": _lazy("snippet"),
}

# A file name's extension → the format it holds: `--output` without `--format`, and `ask --save-answers`.
EXTENSIONS = {".json": "json", ".yaml": "yaml", ".yml": "yaml", ".md": "markdown", ".env": "env", ".py": "snippet"}


def format_for(path: str) -> str | None:
    """The format a file name asks for by its extension (case-insensitive), or None for any other."""
    dot = path.rfind(".")
    return EXTENSIONS.get(path[dot:].lower()) if dot > path.rfind("/") else None


__all__ = ["EXTENSIONS", "FORMATS", "RenderOptions", "Renderer", "format_for"]
