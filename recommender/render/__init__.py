"""Renderers by name: the one place `--format` choices come from."""

from __future__ import annotations

from typing import Callable

from recommender.kb import KnowledgeBase
from recommender.result import Result

Renderer = Callable[[KnowledgeBase, Result, str], str]


def _text(kb: KnowledgeBase, result: Result, lang: str) -> str:
    from recommender.render.text import render

    return render(kb, result, lang)


def _json(kb: KnowledgeBase, result: Result, lang: str) -> str:
    from recommender.render.jsonout import render

    return render(kb, result, lang)


FORMATS: dict[str, Renderer] = {"text": _text, "json": _json}
