"""Plain helpers shared by the test modules: paths, the shipped knowledge base, profile generators,
rule-pack builders and error-line checks. Fixtures live in conftest.py.

Test modules import from here (`from tests.helpers import ...`), never from each other:
tests/test_suite_layout.py fails if one does.
"""

from __future__ import annotations

import io
import json
import os
import pty
import random
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from hypothesis import strategies as st

from recommender.knowledge.load import load_knowledge_base
from recommender.knowledge.model import KnowledgeBase

ROOT = Path(__file__).resolve().parent.parent  # the repository
TESTS = ROOT / "tests"
PACKAGE = ROOT / "recommender"
SCHEMA = PACKAGE / "schemas" / "result.schema.json"
# The hostile-input corpus (issue 8); bench/fuzz_loaders.py seeds from it too, so it stays here.
HOSTILE = TESTS / "hostile"


# --- running the CLI in this process ---------------------------------------------------------


class Run(NamedTuple):
    """One run of the command: exit code, stdout, stderr (by name, or unpacked as a tuple)."""

    code: int
    out: str
    err: str


def run_in_process(*args: str) -> Run:
    """`recommender ARGS` in this process, with stdout and stderr captured."""
    from recommender.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(args))
    return Run(code, out.getvalue(), err.getvalue())


# --- the shipped knowledge base and answer profiles ------------------------------------------


def shipped_kb() -> KnowledgeBase:
    """The shipped knowledge base, compiled afresh (no cache): a new object on each call."""
    return load_knowledge_base(use_cache=False)


# For what must exist at import time: hypothesis strategies and parametrize lists.
KB = shipped_kb()


def answer_profiles(kb: KnowledgeBase) -> st.SearchStrategy[dict]:
    """Any partial answer profile of the knowledge base's questions (normalized values)."""
    parts = {}
    for qid, spec in kb.questions.items():
        ids = [o["id"] for o in spec["options"]]
        if spec["kind"] == "one":
            value = st.sampled_from(ids)
        else:
            value = st.lists(st.sampled_from(ids), unique=True).map(
                lambda v, qid=qid: tuple(kept_exclusive(kb, qid, v)))
        parts[qid] = st.one_of(st.none(), value)
    return st.fixed_dictionaries(parts).map(lambda d: {k: v for k, v in d.items() if v is not None})


def raw_profiles(kb: KnowledgeBase, count: int, seed: int = 3) -> list[dict[str, Any]]:
    """Random raw profiles (as a user writes them) over the knowledge base's own questions: nothing hardcoded."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        answers: dict[str, Any] = {}
        for qid, spec in kb.questions.items():
            if rng.random() < 0.5:
                ids = kb.option_ids(qid)
                answers[qid] = (rng.choice(ids) if spec["kind"] == "one"
                                else kept_exclusive(kb, qid, rng.sample(ids, rng.randint(1, 2))))
        out.append(answers)
    return out


def kept_exclusive(kb: KnowledgeBase, qid: str, ticked: list[str]) -> list[str]:
    """Ticked options as answers may give them: an `exclusive` one (deploy's `none`) alone, the others in
    option order."""
    alone = [o for o in kb.option_ids(qid) if o in ticked and o in kb.exclusive[qid]]
    return alone[:1] or [o for o in kb.option_ids(qid) if o in ticked]

# --- small rule packs written to temporary folders -------------------------------------------


def text(en: str, zh: str = "中文说明") -> dict[str, str]:
    return {"en": en, "zh": zh}


def rule(rid: str, when: dict[str, Any] | None, effects: dict[str, int], source: str = "s6.advice",
         **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"id": rid, "kind": "advice", "effects": effects, "text": text(f"Rule {rid} applies."),
                           "source": source, **extra}
    if when is not None:
        out["when"] = when
    return out


def write_pack(folder: Path, pack: dict[str, Any], name: str = "pack.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    plain = json.loads(json.dumps(pack))  # no shared objects, so the dump has no YAML aliases
    path.write_text(yaml.safe_dump(plain, allow_unicode=True, sort_keys=False), "utf-8")
    return path


# --- one located error line ------------------------------------------------------------------


def assert_one_error(res: Any, code: int, *, starts: str | None = None, field: str | None = None,
                     message: str | None = None) -> str:
    """Exit `code`, nothing on stdout, one stderr line starting `starts`, naming `field`, holding `message`;
    no traceback."""
    assert "Traceback" not in res.err, res.err
    assert res.code == code, res.err
    assert res.out == ""
    lines = res.err.splitlines()
    assert len(lines) == 1, res.err
    line: str = lines[0]
    if starts is not None:
        assert line.startswith(starts), line
    if field is not None:
        assert f": {field}: " in line, line
    if message is not None:
        assert message in line, line
    return line


SENTINEL = "previous output\n"


@dataclass
class Guard:
    """An --output file that already exists: an error must leave it, and its folder, untouched."""

    path: Path

    @property
    def args(self) -> list[str]:
        return ["--output", str(self.path), "--force"]

    def check(self) -> None:
        assert self.path.read_text("utf-8") == SENTINEL, "the output file was changed"
        assert sorted(p.name for p in self.path.parent.iterdir()) == [self.path.name], "a file was left behind"


def on_a_terminal(args: tuple[str, ...], *, stdout: bool = True, env: dict[str, str] | None = None) -> bytes:
    """What `recommender ARGS` writes to a real pty on stderr, and on stdout too unless `stdout` is False
    (then stdout is discarded)."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "recommender", *args],
                            stdout=follower if stdout else subprocess.DEVNULL, stderr=follower,
                            stdin=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
                            cwd=ROOT)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the pty closes when the process ends
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=120)
    os.close(leader)
    return b"".join(chunks)


def stderr_on_a_terminal(source: Path) -> str:
    """What `recommend --batch SOURCE` writes to stderr when stderr is a terminal (a real pty)."""
    return on_a_terminal(("recommend", "--batch", str(source)), stdout=False).decode()


class LeafCount:
    """How many leaf tests of the condition language ran (the `counter` fixture in conftest.py)."""

    def __init__(self) -> None:
        self.count = 0
