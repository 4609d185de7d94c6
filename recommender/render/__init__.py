"""Renderers by name: the one place `--format` choices come from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from recommender.kb import KnowledgeBase
from recommender.result import Result


@dataclass(frozen=True)
class RenderOptions:
    lang: str = "en"
    explain: bool = False


Renderer = Callable[[KnowledgeBase, Result, RenderOptions], str]


def _text(kb: KnowledgeBase, result: Result, opts: RenderOptions) -> str:
    from recommender.render.text import render

    return render(kb, result, opts)


def _json(kb: KnowledgeBase, result: Result, opts: RenderOptions) -> str:
    from recommender.render.jsonout import render

    return render(kb, result, opts)


FORMATS: dict[str, Renderer] = {"text": _text, "json": _json}
