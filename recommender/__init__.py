"""recommender: an expert system that recommends PyTorch, TensorFlow or a Transformer approach.

The Python API is the one the CLI uses::

    >>> from recommender import recommend, load_knowledge_base
    >>> result = recommend({"goal": "research", "data": ["text"]}, what_if=False)
    >>> result.winner in {cid for cid, _ in result.ranking}
    True
    >>> kb = load_knowledge_base()          # shipped rules; pass folders to layer your own
    >>> recommend(goal="production", kb=kb).confidence.level in ("low", "medium", "high")
    True

`import recommender` stays cheap: the names below are imported on first use,
so a script that only reads `__version__` does not load the engine, PyYAML or
jsonschema.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from recommender.api import check, format_result, recommend, score
    from recommender.engine.result import Change, Confidence, Reason, Result, WhatIf
    from recommender.errors import AnswersError, NoSnippet, OutputError, RecommenderError, RulePackError, UsageError
    from recommender.knowledge.load import load_knowledge_base
    from recommender.knowledge.model import KnowledgeBase
    from recommender.knowledge.profile import Profile
    from recommender.version import __version__

# Public name → the module that defines it.
_LAZY = {
    "__version__": "recommender.version",
    "recommend": "recommender.api",
    "score": "recommender.api",
    "check": "recommender.api",
    "Profile": "recommender.knowledge.profile",
    "format_result": "recommender.api",
    "load_knowledge_base": "recommender.knowledge.load",
    "KnowledgeBase": "recommender.knowledge.load",
    "Result": "recommender.engine.result",
    "Reason": "recommender.engine.result",
    "Confidence": "recommender.engine.result",
    "WhatIf": "recommender.engine.result",
    "Change": "recommender.engine.result",
    "RecommenderError": "recommender.errors",
    "UsageError": "recommender.errors",
    "AnswersError": "recommender.errors",
    "RulePackError": "recommender.errors",
    "OutputError": "recommender.errors",
    "NoSnippet": "recommender.errors",
}

__all__ = [
    "__version__", "recommend", "score", "check", "format_result", "load_knowledge_base", "KnowledgeBase", "Profile",
    "Result", "Reason", "Confidence", "WhatIf", "Change",
    "RecommenderError", "UsageError", "AnswersError", "RulePackError", "OutputError",
    "NoSnippet",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'recommender' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])
