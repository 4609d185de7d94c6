"""After generation: ask the recommender, write requirements.txt and the decision record.

Runs inside the generated project. The answers come from this template's own
prompts; "unsure" (the default of each) leaves a question unanswered. On success it
prints the recommendation's headline.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile

# Rendered by cookiecutter: `tojson` makes each answer a safe Python literal.
# generated: answers (python examples/sync_templates.py writes these lines from the questions)
ANSWERS = {
    "goal": {{ cookiecutter.goal | tojson }},
    "production_scale": {{ cookiecutter.production_scale | tojson }},
    "data": {{ cookiecutter.data | tojson }},
    "task": {{ cookiecutter.task | tojson }},
    "deploy": {{ cookiecutter.deploy | tojson }},
    "scale": {{ cookiecutter.scale | tojson }},
    "model_size": {{ cookiecutter.model_size | tojson }},
    "hardware": {{ cookiecutter.hardware | tojson }},
    "pretrained": {{ cookiecutter.pretrained | tojson }},
    "languages": {{ cookiecutter.languages | tojson }},
    "priorities": {{ cookiecutter.priorities | tojson }},
    "experience": {{ cookiecutter.experience | tojson }},
    "industry": {{ cookiecutter.industry | tojson }},
    "similar_model": {{ cookiecutter.similar_model | tojson }},
    "custom": {{ cookiecutter.custom | tojson }},
}
# end: answers
LANG = {{ cookiecutter.lang | tojson }}
# The template's folder as cookiecutter was given it (relative to where it was started, or absolute).
TEMPLATE_DIR = {{ cookiecutter._repo_dir | tojson }}

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
    sys.exit(missing())


def checkout() -> str | None:
    """The recommender checkout holding this template (in its examples/), when that is where it came from."""
    # The hook runs in the new project; a relative template folder is relative to where cookiecutter
    # was started, which the shell's PWD still names. A folder that is not a checkout is never named.
    template = os.path.join(os.environ.get("PWD", ""), TEMPLATE_DIR)
    root = os.path.dirname(os.path.dirname(os.path.abspath(template)))
    marks = [os.path.join(root, "setup.cfg"), os.path.join(root, "recommender", "__init__.py")]
    return root if all(os.path.isfile(mark) for mark in marks) else None


def missing() -> str:
    """How to install the recommender where this hook finds it: from its checkout, into this Python."""
    where = checkout() or "/path/to/recommender"
    return (f"recommender is not installed: this Python ({sys.executable}) cannot import it and no "
            f"`recommender` command is on PATH. Install it from its checkout, then generate again:\n"
            f'    "{sys.executable}" -m pip install "{where}"')


def recommend(answers_file: str, *args: str) -> subprocess.CompletedProcess[str]:
    command = [*recommender(), "recommend", "--answers", answers_file, "--lang", LANG, *args]
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


def say_headline(answers_file: str) -> None:
    """The headline of the text output (up to its first blank line), so the person sees the verdict."""
    done = recommend(answers_file)
    if done.returncode == 0:
        sys.stdout.write(done.stdout.split("\n\n", 1)[0].rstrip("\n") + "\n")


def main() -> int:
    answers = {q: v for q, v in ANSWERS.items() if v not in UNANSWERED}
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
        say_headline(answers_file)
    finally:
        os.unlink(answers_file)
    return 0


if __name__ == "__main__":
    sys.exit(main())
