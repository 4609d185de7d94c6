"""Writing an answers file that `recommend --answers FILE` reads back to the same answers."""

from __future__ import annotations

import json

from recommender import output
from recommender.knowledge.conditions import Value
from recommender.render import format_for

FLAG = "--save-answers"


def check_target(path: str, *, force: bool) -> None:
    """Fail before any question is asked rather than after the person answered them all."""
    output.check_target(path, force=force, flag=FLAG)


def render(answers: dict[str, Value], path: str) -> str:
    """JSON for a .json file, else YAML with every string double-quoted.

    Quoting keeps `no`, `on`, `yes` and number-like option ids text under any
    YAML reader; a JSON string is a valid YAML double-quoted scalar.
    """
    if format_for(path) == "json":
        return json.dumps({q: list(v) if isinstance(v, tuple) else v for q, v in answers.items()}, indent=2) + "\n"
    lines = ["# answers from `recommender ask`; replay with: recommender recommend --answers FILE"]
    for question, value in answers.items():
        shown = "[" + ", ".join(json.dumps(v) for v in value) + "]" if isinstance(value, tuple) else json.dumps(value)
        lines.append(f"{json.dumps(question)}: {shown}")
    return "\n".join(lines) + "\n"


def save(answers: dict[str, Value], path: str, *, force: bool) -> None:
    """Written as `--output` writes: atomically, with the same refusals and file mode."""
    output.write_output(render(answers, path), path, force=force, flag=FLAG)
