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
    spec = kb.candidates[result.winner] if result.winner else None
    framework, approach = result.decision("framework"), result.decision("approach")
    return [
        # The framework to build on: the backend when a named architecture (Transformer) wins; empty on a tie.
        ("FRAMEWORK", result.backend or framework.winner or ""),
        ("RECOMMENDATION", result.winner or ""),
        ("KIND", str(spec["kind"]) if spec else ""),
        ("LABEL", str(spec["label"][lang]) if spec else ""),
        ("BACKEND", result.backend or ""),
        ("APPROACH", approach.winner or ""),
        ("VARIANTS", " ".join(result.variants)),
        ("PACKAGES", " ".join(result.packages)),
        ("CONFIDENCE", result.confidence.level),
        ("MARGIN", str(result.confidence.margin)),
        ("SETTLED", "true" if result.confidence.settled else "false"),
        ("FRAMEWORK_CONFIDENCE", framework.confidence.level),
        ("APPROACH_CONFIDENCE", approach.confidence.level),
        ("TIE", " ".join(framework.top) if framework.winner is None else ""),
        # The framework that came second; none when the framework decision is a tie.
        ("RUNNER_UP", framework.ranking[1][0] if framework.winner and len(framework.ranking) > 1 else ""),
        ("CAVEATS", " ".join(dict.fromkeys(r.rule for r in result.caveats))),
        ("UNANSWERED", " ".join(result.unanswered)),
        # Candidates set aside by a stated requirement, as candidate:requirement, per decision.
        ("UNMET_FRAMEWORK", " ".join(f"{u.candidate}:{u.requirement}" for u in framework.unmet)),
        ("UNMET_APPROACH", " ".join(f"{u.candidate}:{u.requirement}" for u in approach.unmet)),
        # The ids of the aged claims the output uses (their texts are in the other formats).
        ("DATED", " ".join(d.id for d in result.dated)),
        # Answers given to questions that would not be asked (their `when` is false): they count for nothing.
        ("IGNORED", " ".join(result.ignored)),
    ]


def render(kb: KnowledgeBase, result: Result, opts: RenderOptions) -> str:
    return "".join(f"{PREFIX}{name}={shlex.quote(value)}\n" for name, value in variables(kb, result, opts.lang))
