"""Writing an answers file that `recommend --answers FILE` reads back to the same answers."""

from __future__ import annotations

import json
import os
import tempfile

from recommender.errors import OutputError
from recommender.knowledge.conditions import Value

FLAG = "--save-answers"


def check_target(path: str, *, force: bool) -> None:
    """Fail before any question is asked rather than after the person answered them all."""
    if os.path.isdir(path):
        raise OutputError(f"{FLAG}: {path} is a folder; give a file name")
    if os.path.exists(path) and not force:
        raise OutputError(f"{FLAG}: {path} exists; add --force to replace it")
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise OutputError(f"{FLAG}: no such folder: {folder}")


def render(answers: dict[str, Value], path: str) -> str:
    """JSON for a .json file, else YAML with every string double-quoted.

    Quoting keeps `no`, `on`, `yes` and number-like option ids text under any
    YAML reader; a JSON string is a valid YAML double-quoted scalar.
    """
    if path.endswith(".json"):
        return json.dumps({q: list(v) if isinstance(v, tuple) else v for q, v in answers.items()}, indent=2) + "\n"
    lines = ["# answers from `recommender ask`; replay with: recommender recommend --answers FILE"]
    for question, value in answers.items():
        shown = "[" + ", ".join(json.dumps(v) for v in value) + "]" if isinstance(value, tuple) else json.dumps(value)
        lines.append(f"{json.dumps(question)}: {shown}")
    return "\n".join(lines) + "\n"


def save(answers: dict[str, Value], path: str, *, force: bool) -> None:
    """Temp file in the same folder, fsync, then rename: a reader never sees half a file."""
    check_target(path, force=force)
    folder = os.path.dirname(os.path.abspath(path))
    try:
        fd, temp = tempfile.mkstemp(prefix=".recommender-answers-", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"{FLAG}: cannot write in {folder}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(render(answers, path))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temp, path)
    except BaseException as exc:
        os.unlink(temp)
        if isinstance(exc, OSError):
            raise OutputError(f"{FLAG}: cannot write {path}: {exc.strerror or exc}") from None
        raise
