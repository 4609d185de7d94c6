"""Writing an answers file that `recommend --answers FILE` reads back to the same answers."""

from __future__ import annotations

import json
import re

from recommender import output
from recommender.knowledge.conditions import Value
from recommender.render import format_for

FLAG = "--save-answers"

# A name YAML reads as plain text under any reader, YAML 1.1 ones included: an id that is not one of 1.1's
# booleans or nulls and cannot read as a number or a date (it starts with a letter).
_PLAIN = r"[a-z][a-z0-9_-]*"
_NOT_TEXT_IN_YAML_1_1 = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def check_target(path: str, *, force: bool) -> None:
    """Fail before any question is asked rather than after the person answered them all."""
    output.check_target(path, force=force, flag=FLAG)


def scalar(text: str) -> str:
    """A key or option id as YAML: plain where every YAML reader reads it as this text (`goal`, `research`),
    else double-quoted (`"no"`, `"on"`, `"3d"`); a JSON string is a valid YAML double-quoted scalar."""
    if re.fullmatch(_PLAIN, text) and text not in _NOT_TEXT_IN_YAML_1_1:
        return text
    return json.dumps(text)


def render(answers: dict[str, Value], path: str, *, partial: bool = False) -> str:
    """JSON for a .json file, else plain YAML, one `question: option` or `question: [options]` a line,
    under a header that names the file (to replay it) and, for `partial` answers, says so."""
    if format_for(path) == "json":
        return json.dumps({q: list(v) if isinstance(v, tuple) else v for q, v in answers.items()}, indent=2) + "\n"
    import shlex  # only a YAML file's header needs it

    named = shlex.quote(path)
    head = (f"interrupted before the end; go on with: recommender ask --answers {named}" if partial
            else f"replay with: recommender recommend --answers {named}")
    lines = [f"# answers from `recommender ask`, {head}" if partial else f"# answers from `recommender ask`; {head}"]
    for question, value in answers.items():
        shown = "[" + ", ".join(scalar(v) for v in value) + "]" if isinstance(value, tuple) else scalar(value)
        lines.append(f"{scalar(question)}: {shown}")
    return "\n".join(lines) + "\n"


def save(answers: dict[str, Value], path: str, *, force: bool, partial: bool = False) -> None:
    """Written as `--output` writes: atomically, with the same refusals and file mode."""
    output.write_output(render(answers, path, partial=partial), path, force=force, flag=FLAG)
