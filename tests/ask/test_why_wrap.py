"""`ask`'s WHY screen folds to the terminal's width, never inside a word (issue 16). A real pty: slow."""

from __future__ import annotations

import os
import re
import shlex
import sys

import pexpect
import pytest

from recommender.ask.words import w
from recommender.render.wrap import width
from tests.helpers import ROOT

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_why_screen_fits_a_narrow_terminal(tmp_path, lang) -> None:
    command = " ".join(shlex.quote(a) for a in [sys.executable, "-m", "recommender", "ask", "--lang", lang])
    env = {**os.environ, "TERM": "xterm-256color", "PROMPT_TOOLKIT_NO_CPR": "1"}
    env.pop("COLUMNS", None)
    child = pexpect.spawn("/bin/sh", ["-c", f"{command} > {shlex.quote(str(tmp_path / 'out'))}"], cwd=str(ROOT),
                          env=env, encoding="utf-8", timeout=30, dimensions=(50, 60))
    seen = []
    try:
        child.expect(re.escape("?"))
        child.send("?")
        for mark in (w("why_title", lang), w("why_moves", lang), "\n", "\n", "\n"):
            child.expect(re.escape(mark))
            seen.append(child.before + child.after)
    finally:
        child.sendcontrol("c")
        child.close()
    text = ANSI.sub("", "".join(seen))
    start = text.rfind(w("why_title", lang))
    lines = [line.rstrip("\r") for line in text[start:].split("\n")]
    assert len(lines) > 3 and all(width(line) <= 60 for line in lines), lines
