"""Capture the screens of `recommender ask` shown in docs/ask.md, from the real program.

    python docs/screens.py           # rewrite the screens part of docs/ask.md
    python docs/screens.py --check   # exit 1 if docs/ask.md is not what the program shows now

Each language runs one session of `recommender ask --goal research --data text` in a detached tmux
pane (80 columns), answers as the adaptive questionnaire asks, and takes the pane's rendered text
(tmux draws the escape sequences, so what is kept is what a person sees) at four moments: the first
question, Enter with nothing ticked, two boxes ticked, and the review. The questions to expect come
from the same adaptive logic `ask` runs, so the script follows the rules as they change.
"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from recommender.ask.adaptive import Plan  # noqa: E402
from recommender.ask.words import w  # noqa: E402
from recommender.knowledge.conditions import Value  # noqa: E402
from recommender.knowledge.load import load_knowledge_base  # noqa: E402

DOC = ROOT / "docs" / "ask.md"
START, END = "<!-- screens: start (docs/screens.py writes this part) -->", "<!-- screens: end -->"
GIVEN: dict[str, Value] = {"goal": "research", "data": ("text",)}
COLUMNS, ROWS = 80, 32
TITLES = {
    "en": ["The first question", "Enter with nothing ticked", "Two boxes ticked", "The review"],
    "zh": ["第一个问题", "未勾选时按回车", "勾选两项", "检查回答"],
}


class Pane:
    """One `ask` session in a detached tmux pane on a private server."""

    def __init__(self, lang: str) -> None:
        self.socket = f"recommender-screens-{os.getpid()}-{lang}"
        command = [sys.executable, "-m", "recommender", "ask", "--lang", lang, "--goal", "research", "--data", "text"]
        shell = f"cd {shlex.quote(str(ROOT))} && exec {shlex.join(command)} > /dev/null"
        env = {**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1", "RECOMMENDER_LANG": lang, "TERM": "xterm-256color"}
        self.tmux("new-session", "-d", "-x", str(COLUMNS), "-y", str(ROWS), shell, env=env)

    def tmux(self, *args: str, env: dict[str, str] | None = None) -> str:
        done = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, env=env, check=True)
        return done.stdout

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.tmux("send-keys", "-t", "0", key)

    def screen(self) -> str:
        lines = [line.rstrip() for line in self.tmux("capture-pane", "-p", "-t", "0").splitlines()]
        while lines and not lines[-1]:
            lines.pop()
        return "\n".join(lines)

    def wait(self, *texts: str, timeout: float = 30) -> str:
        """The screen once every text is on it and two reads in a row agree (the drawing has finished)."""
        end, last = time.monotonic() + timeout, None
        while time.monotonic() < end:
            now = self.screen()
            # Whitespace aside: a line prompt_toolkit wrapped at the pane's edge still holds the text.
            if all(_bare(t) in _bare(now) for t in texts) and now == last:
                return now
            last = now
            time.sleep(0.2)
        raise SystemExit(f"screens.py: waited {timeout:.0f} s for {texts!r}; the screen was:\n{last}")

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


def _bare(text: str) -> str:
    return "".join(text.split())


def session(plan: Plan, lang: str) -> list[str]:
    """The four screens of one session, answering the first option of each question after the first."""
    kb, pane, shots = plan.kb, Pane(lang), []
    try:
        answers = dict(GIVEN)
        first = plan.next_question(answers)
        assert first is not None and kb.questions[first]["kind"] == "many", first
        hint = w("checkbox_hint", lang)
        shots.append(pane.wait(kb.questions[first]["prompt"][lang], hint))
        pane.keys("Enter")
        shots.append(pane.wait(w("tick_something", lang)))
        pane.keys("Space", "Down", "Space")
        shots.append(pane.wait(hint, "●"))
        pane.keys("Enter")
        answers[first] = tuple(kb.option_ids(first)[:2])
        while (question := plan.next_question(answers)) is not None:
            one = kb.questions[question]["kind"] == "one"
            pane.wait(kb.questions[question]["prompt"][lang], w("select_hint" if one else "checkbox_hint", lang))
            if one:
                pane.keys("Enter")
            else:
                pane.keys("Space", "Enter")
            answers[question] = kb.option_ids(question)[0] if one else (kb.option_ids(question)[0],)
        shots.append(pane.wait(w("review", lang), w("review_hint", lang)))
    finally:
        pane.close()
    return shots


def document(plan: Plan) -> str:
    """The screens part of docs/ask.md, both languages."""
    parts = [START, ""]
    for lang in ("en", "zh"):
        for title, shot in zip(TITLES[lang], session(plan, lang), strict=True):
            parts += [f"**{title}** (`--lang {lang}`):", "", "```text", shot, "```", ""]
    return "\n".join(parts + [END])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if docs/ask.md is stale; write nothing")
    args = parser.parse_args()
    text = DOC.read_text("utf-8")
    head, rest = text.split(START, 1)
    tail = rest.split(END, 1)[1]
    fresh = head + document(Plan(load_knowledge_base(use_cache=False))) + tail
    if args.check:
        if fresh != text:
            print("docs/ask.md: the screens are stale; run: python docs/screens.py", file=sys.stderr)
            return 1
        return 0
    DOC.write_text(fresh, "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
