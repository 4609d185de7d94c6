"""Copier task: ask the recommender, write requirements.txt and the decision record.

Runs inside the generated project, as `recommend.py ANSWERS_JSON LANG`; the
answers are this template's own questions (copier.yml). "unsure" (or an empty
list) leaves a question unanswered.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile

ADR = os.path.join("docs", "adr", "0001-deep-learning-framework.md")
STARTER = "starter.py"
UNANSWERED = ("", "unsure")


def recommender() -> list[str]:
    """The recommender in this Python (the one running the template), else the command on PATH."""
    if importlib.util.find_spec("recommender") is not None:
        return [sys.executable, "-m", "recommender"]
    found = shutil.which("recommender")
    if found:
        return [found]
    sys.exit("recommender is not installed: pip install recommender, then generate again")


def recommend(answers_file: str, *args: str) -> subprocess.CompletedProcess[str]:
    command = [*recommender(), "recommend", "--answers", answers_file, "--lang", sys.argv[2], *args]
    return subprocess.run(command, capture_output=True, text=True, encoding="utf-8", check=False)


def verdict_name(result: dict) -> str:
    """Both decisions in a phrase: "Transformer approach on PyTorch", "TensorFlow, with a CNN", or the tie."""
    rec = result["recommendation"]
    labels = {item["id"]: item["label"] for item in result["ranking"]}
    if rec["id"] is None:
        return "no single framework yet, a tie between " + " and ".join(labels[c] for c in rec["tie"])
    name = rec["label"] + (f" on {labels[rec['backend']]}" if rec.get("backend") else "")
    if rec.get("variants") and not rec.get("backend"):
        name += ", with " + " or ".join(v["label"] for v in rec["variants"])
    return name


def write_requirements(result: dict) -> None:
    rec = result["recommendation"]
    name = verdict_name(result)
    lines = [
        f"# Starter stack recommended by recommender: {' '.join(name.split())}"
        f" (confidence {result['confidence']['level']}).",
        f"# Why: see {ADR.replace(os.sep, '/')}",
        *rec["packages"],
    ]
    with open("requirements.txt", "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")


def write_starter(result: dict) -> None:
    """starter.py: the recommendation's minimal example, which runs once requirements.txt is installed."""
    snippet = result["starter"]["snippet"]
    if snippet and not os.path.exists(STARTER):  # the user's own code is never overwritten
        with open(STARTER, "w", encoding="utf-8") as fh:
            fh.write(snippet)


def write_adr(answers_file: str) -> None:
    """The decision record is `--format markdown`; without it, say so and go on."""
    if os.path.exists(ADR):
        return  # a decision record is history: never overwritten
    os.makedirs(os.path.dirname(ADR), exist_ok=True)
    done = recommend(answers_file, "--format", "markdown", "--output", ADR)
    if done.returncode:
        sys.stderr.write(f"note: no decision record written: {done.stderr.strip()}\n")


def main() -> int:
    given = json.loads(sys.argv[1])
    answers = {q: v for q, v in given.items() if v not in UNANSWERED and v != []}
    fd, answers_file = tempfile.mkstemp(prefix="recommender-answers-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(answers, fh)
        done = recommend(answers_file, "--format", "json")
        if done.returncode:
            sys.stderr.write(done.stderr)
            return 1
        write_requirements(json.loads(done.stdout))
        write_starter(json.loads(done.stdout))
        write_adr(answers_file)
    finally:
        os.unlink(answers_file)
    return 0


if __name__ == "__main__":
    sys.exit(main())
