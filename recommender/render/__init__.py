"""Renderers by name: the one place `--format` choices come from."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import NamedTuple

from recommender.engine.result import Result
from recommender.knowledge.model import KnowledgeBase


class RenderOptions(NamedTuple):
    lang: str = "en"
    explain: bool = False


Renderer = Callable[[KnowledgeBase, Result, RenderOptions], str]


def _text(kb: KnowledgeBase, result: Result, opts: RenderOptions) -> str:
    from recommender.render.text import render

    return render(kb, result, opts)


def _json(kb: KnowledgeBase, result: Result, opts: RenderOptions) -> str:
    from recommender.render.jsonout import render

    return render(kb, result, opts)


def _lazy(module: str) -> Renderer:
    """A renderer whose module is imported only when its format is asked for."""
    return lambda kb, result, opts: str(import_module(f"recommender.render.{module}").render(kb, result, opts))


FORMATS: dict[str, Renderer] = {"text": _text, "json": _json}
FORMATS["markdown"] = _lazy("markdown")
FORMATS["yaml"] = _lazy("yamlout")
FORMATS["env"] = _lazy("envout")
