"""`--format snippet`: the starter's minimal example alone, ready to save as a `.py` file and run.

The same text as the text output's "Minimal example" (unindented), the Markdown record's fenced
block and the JSON `starter.snippet`: comments in the chosen language, the code the same in every one.
A result without an example (a tie, or a candidate whose pack gives none) raises `NoSnippet`
rather than print an empty file.
"""

from __future__ import annotations

from recommender.engine.result import Result
from recommender.errors import NoSnippet
from recommender.knowledge.model import KnowledgeBase
from recommender.render.options import RenderOptions
from recommender.render.text import label, starter_of, tie_text


def render(kb: KnowledgeBase, result: Result, opts: RenderOptions) -> str:
    stack = starter_of(kb, result)
    if stack.snippet is None:
        raise NoSnippet(f"--format snippet: no example to print: {_why_none(kb, result)}")
    return stack.snippet.text(opts.lang).rstrip("\n") + "\n"


def _why_none(kb: KnowledgeBase, result: Result) -> str:
    if not result.answers:
        return "no answers were given; pass flags (recommender questions lists them) or --answers FILE"
    framework = result.decision("framework")
    if framework.winner is None:
        return f"the framework decision is {tie_text(kb, framework.top, 'en')}; --format text says what would break it"
    return f"the knowledge base has no starter example for {label(kb, result.winner or framework.winner, 'en')}"
