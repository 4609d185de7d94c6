"""`--format env`: shell assignments for `eval "$(recommender recommend --format env …)"`.

Every value is quoted with `shlex.quote`, so labels, package names or ids from
an untrusted rule pack stay inert text in any POSIX shell. Names are fixed and
always printed, in this order, so a script can rely on each being set (empty
when there is nothing to say). Lists are space-separated.
"""

from __future__ import annotations

import shlex

from recommender.engine.result import Result
from recommender.knowledge.model import KnowledgeBase
from recommender.render.options import RenderOptions

PREFIX = "RECOMMENDER_"


def variables(kb: KnowledgeBase, result: Result, lang: str) -> list[tuple[str, str]]:
    """(name, value) pairs: the JSON document's essentials, flattened."""
    winner = kb.candidates[result.winner]
    runner_up = result.ranking[1][0] if len(result.ranking) > 1 else ""
    return [
        # The framework to build on: the backend when an architecture (Transformer) wins.
        ("FRAMEWORK", result.backend or result.winner),
        ("RECOMMENDATION", result.winner),
        ("KIND", str(winner["kind"])),
        ("LABEL", str(winner["label"][lang])),
        ("BACKEND", result.backend or ""),
        ("PACKAGES", " ".join(result.packages)),
        ("CONFIDENCE", result.confidence.level),
        ("MARGIN", str(result.confidence.margin)),
        ("SETTLED", "true" if result.confidence.settled else "false"),
        ("RUNNER_UP", runner_up),
        ("CAVEATS", " ".join(dict.fromkeys(r.rule for r in result.caveats))),
        ("UNANSWERED", " ".join(result.unanswered)),
    ]


def render(kb: KnowledgeBase, result: Result, opts: RenderOptions) -> str:
    return "".join(f"{PREFIX}{name}={shlex.quote(value)}\n" for name, value in variables(kb, result, opts.lang))
