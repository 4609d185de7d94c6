"""The docs are tested (issue 16): every command of README.md and docs/*.md in `sh`/`console` blocks
(and `text` blocks written as a console, `$ command` then its output) is run with the repository's
own rules, in a temporary folder, and checked: its exit code, and the output the docs show.

Shown output is an excerpt: its first line is the command's first line (the headline), and every
other shown line appears, in order, in what the command prints; a line `...` stands for any lines,
and `...` inside a line for any text. A command shown without output must succeed and print
something (or write the file it names). Commands that install, need the network, a terminal or a
shell's start-up files are skipped, each by name below with where it is tested instead.

What the shown output says depends on the shipped rules' weights, so the default run checks only
that each command succeeds and prints a result; the excerpts are compared in the slow set, which CI
runs. After a change of the rules, regenerate the excerpts (each block keeps its lines and its `...`
gaps; the diff of every block changed is printed) and review them like any other change:

    UPDATE_DOCS=1 python -m pytest -q -m slow tests/packaging/test_docs_commands.py \
        tests/packaging/test_env_sample.py -k docs_show

Plain `recommender …` commands run in this process (fast); those that need a shell (`eval`, `$(…)`,
pipes) run in bash with `recommender` meaning this checkout's `python -m recommender`.
"""

from __future__ import annotations

import difflib
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers import ROOT, run_in_process

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)
SHELL_BLOCKS = {"sh", "bash", "shell", "console"}

# Skipped commands, by how they start, with the reason (and where they are tested instead).
SKIPPED = {
    "pip install": "installs packages, needs the network (.ci/run runs the README's two commands)",
    "python -m venv": "builds a virtual environment and installs into it (docs/benchmarks.md, by hand)",
    "python -m pytest": "the test suite itself",
    "python bench/verify_starters.py": "builds a virtual environment per install line from the package index "
                                       "(.ci/run runs it with --if-changed)",
    "bash .ci/run": "the whole CI run",
    "recommender ask": "needs a terminal (tests/ask/test_pty.py)",
    "eval \"$(_RECOMMENDER_COMPLETE": "edits a shell's start-up (tests/cli/test_completion.py)",
    "_RECOMMENDER_COMPLETE=": "writes into ~/.config (tests/cli/test_completion.py)",
    "producer |": "`producer` and `consumer` stand for the reader's own programs",
}
# Whole documents whose commands another test runs step by step, with their files.
RUN_ELSEWHERE = {"rule-authoring.md": "tests/ruletools/test_guide.py"}
# How a result starts, in each format the docs' commands print (text, zh, Markdown, JSON, YAML, env, snippet).
HEADLINES = ("Recommendation: ", "No single recommendation", "No recommendation yet", "推荐：", "尚无唯一推荐", "# ",
             "{", "schema_version:", "RECOMMENDER_", "import ")
# Inputs the docs assume the reader has, written into the temporary folder first.
FIXTURES = {"profiles.jsonl": '{"goal": "research", "data": ["text"]}\n{"goal": "production", "deploy": ["mobile"]}\n'}


@dataclass(frozen=True)
class Example:
    doc: str
    line: int
    command: str
    shown: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.doc}:{self.line}: {self.command}"


def logical_lines(block: str) -> list[tuple[int, str]]:
    """(offset, line) of each command line: `\\` continuations joined, blank and comment lines left out."""
    out: list[tuple[int, str]] = []
    pending, start = "", 0
    for index, raw in enumerate(block.split("\n")):
        if not pending:
            start = index
        if raw.rstrip().endswith("\\"):
            pending += raw.rstrip()[:-1] + " "
            continue
        line, pending = (pending + raw).strip(), ""
        if line and not line.startswith("#"):
            out.append((start, line))
    return out


def console(block: str, doc: str, first: int) -> list[Example]:
    """`$ command` lines, each with the output shown under it."""
    examples: list[Example] = []
    for index, line in enumerate(block.split("\n")):
        if line.startswith("$ "):
            examples.append(Example(doc, first + index, line[2:].strip()))
        elif examples:
            last = examples[-1]
            examples[-1] = Example(last.doc, last.line, last.command, (*last.shown, line))
    return [Example(e.doc, e.line, e.command, trimmed(e.shown)) for e in examples]


def trimmed(lines: tuple[str, ...]) -> tuple[str, ...]:
    while lines and not lines[-1]:
        lines = lines[:-1]
    return lines


def is_output(block: str) -> bool:
    """A `sh` block that shows output (`NAME=value` lines of --format env), not commands."""
    lines = [line for _, line in logical_lines(block)]
    return bool(lines) and all(re.match(r"^[A-Z_]+=", line) for line in lines)


def collect() -> list[Example]:
    found: list[Example] = []
    for path in DOCS:
        text = path.read_text("utf-8")
        name = str(path.relative_to(ROOT))
        for match in FENCE.finditer(text):
            kind, block = match.group(1), match.group(2)
            first = text.count("\n", 0, match.start(2)) + 1
            if block.lstrip().startswith("$ ") and kind in {*SHELL_BLOCKS, "text"}:
                found += console(block, name, first)
            elif kind in SHELL_BLOCKS and not is_output(block):
                found += [Example(name, first + at, strip_comment(line)) for at, line in logical_lines(block)]
    return found


def strip_comment(line: str) -> str:
    """The command without its trailing `# comment`."""
    return re.sub(r"\s+# .*$", "", line)


EXAMPLES = collect()
# The shipped pack's `rules` checks take seconds and run in the default set already
# (tests/ruletools/test_shipped.py): here they are slow, so the default run stays within its budget.
CASES = [pytest.param(e, marks=pytest.mark.slow) if e.command.startswith("recommender rules ") else e
         for e in EXAMPLES]


def skip_reason(example: Example) -> str | None:
    doc = Path(example.doc).name
    if doc in RUN_ELSEWHERE:
        return f"run step by step by {RUN_ELSEWHERE[doc]}"
    for command in re.split(r"\s*&&\s*", example.command):
        for start, reason in SKIPPED.items():
            if command.startswith(start):
                return reason
    return None


def shown_lines_match(shown: tuple[str, ...], actual: list[str]) -> str | None:
    """None when `shown` is an excerpt of `actual` (see the module's docstring), else what differs."""
    if not shown:
        return None
    at, gap = 0, False
    for index, want in enumerate(shown):
        if want.strip() == "...":
            gap = True
            continue
        pattern = re.compile(".*".join(re.escape(part) for part in want.split("...")) + r"\Z")
        if index == 0 and not pattern.match(actual[0] if actual else ""):
            return f"first line: shown {want!r}, printed {actual[0] if actual else ''!r}"
        found = next((i for i in range(at, len(actual)) if pattern.match(actual[i])), None)
        if found is None or (index > 0 and not gap and found != at):
            return f"shown line not printed (in this place): {want!r}"
        at, gap = found + 1, False
    return None


def run_example(command: str, folder: Path) -> tuple[int, str, str]:
    """Run one documented command in `folder`: in process when it is plain, else in bash."""
    steps = re.split(r"\s*&&\s*", command)
    for step in steps[:-1]:  # `mkdir -p docs/adr && recommender …`
        words = shlex.split(step)
        assert words[:2] == ["mkdir", "-p"], f"unexpected step {step!r}"
        (folder / words[2]).mkdir(parents=True, exist_ok=True)
    last = steps[-1]
    if re.search(r"\$\(|\||;|<|`", last) or not last.startswith("recommender "):
        return in_bash(last, folder)
    words = shlex.split(last)
    target = None
    if ">" in words:
        at = words.index(">")
        words, target = words[:at], words[at + 1]
    previous = os.getcwd()
    os.chdir(folder)
    try:
        code, out, err = run_in_process(*words[1:])
    finally:
        os.chdir(previous)
    if target:
        (folder / target).write_text(out, "utf-8")
    return code, out, err


def in_bash(command: str, folder: Path) -> tuple[int, str, str]:
    # After an `eval`, what it defined is the output a reader relies on.
    shown = "\nset | grep '^RECOMMENDER_'" if command.startswith("eval ") else ""
    script = f'recommender() {{ "{sys.executable}" -m recommender "$@"; }}\n{command}{shown}\n'
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(["bash", "-c", script], cwd=folder, capture_output=True, text=True, env=env, timeout=120)
    return proc.returncode, proc.stdout, proc.stderr


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One temporary folder per document, holding the examples and the fixtures, shared by its commands
    in the order they appear (as a reader runs them)."""
    made = {}
    for path in DOCS:
        folder = tmp_path_factory.mktemp(path.stem)
        shutil.copytree(ROOT / "examples", folder / "examples")
        for name, content in FIXTURES.items():
            (folder / name).write_text(content, "utf-8")
        made[str(path.relative_to(ROOT))] = folder
    return made


def test_the_docs_have_commands_and_the_skips_are_few() -> None:
    skipped = [e for e in EXAMPLES if skip_reason(e)]
    assert len(EXAMPLES) >= 30 and len(EXAMPLES) - len(skipped) >= 25
    assert any(e.shown for e in EXAMPLES if not skip_reason(e))


def printed_by(example: Example, folder: Path) -> str:
    """What a documented command prints (or writes to the file it names), after checking it succeeded."""
    code, out, err = run_example(example.command, folder)
    assert code == 0, f"{example}: exit {code}: {err.strip()}"
    written = [folder / name for name in re.findall(r"(?:--output|>)\s+(\S+)", example.command)]
    return out or (written[0].read_text("utf-8") if written else "")


@pytest.mark.parametrize("example", CASES, ids=str)
def test_a_documented_command_runs(example: Example, folders: dict[str, Path]) -> None:
    reason = skip_reason(example)
    if reason:
        pytest.skip(reason)
    printed = printed_by(example, folders[example.doc])
    assert printed.strip(), f"{example}: printed nothing"
    if re.match(r"(mkdir -p \S+ && )?recommender recommend ", example.command) and "--batch" not in example.command:
        assert printed.startswith(HEADLINES), f"{example}: no headline: {printed[:80]!r}"


REGENERATE = ("UPDATE_DOCS=1 python -m pytest -q -m slow tests/packaging/test_docs_commands.py "
              "tests/packaging/test_env_sample.py -k docs_show")
SHOWING = [e for e in EXAMPLES if e.shown and not skip_reason(e)]


@pytest.mark.slow
@pytest.mark.parametrize("example", SHOWING, ids=str)
def test_the_docs_show_what_it_prints(example: Example, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Each shown excerpt against what the command prints now (in a folder of its own, so the examples
    before it in its document must not be what it needs); UPDATE_DOCS=1 rewrites the excerpt."""
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    for name, content in FIXTURES.items():
        (tmp_path / name).write_text(content, "utf-8")
    actual = printed_by(example, tmp_path).rstrip("\n").split("\n")
    if os.environ.get("UPDATE_DOCS") == "1":
        with capsys.disabled():
            print(rewrite(example, realigned(example.shown, actual)), end="")
    problem = shown_lines_match(current(example), actual)
    assert problem is None, f"{example}: {problem}; regenerate the excerpts: {REGENERATE}"


def current(example: Example) -> tuple[str, ...]:
    """The example's shown lines as the document holds them now (an earlier rewrite may have moved them)."""
    lines = (ROOT / example.doc).read_text("utf-8").split("\n")
    return tuple(lines[example.line:example.line + len(example.shown)])


def realigned(shown: tuple[str, ...], actual: list[str]) -> list[str]:
    """The excerpt made true again, line for line: each run of lines after a `...` gap is laid over the
    printed lines where it fits best (a run without a gap before it follows on directly, the first from
    the first printed line); a shown line that still
    matches its printed line is kept (with its own `...`), any other takes the printed line."""
    out: list[str] = []
    at = 0
    for gap, run in _runs(shown):
        start = _best_start(run, actual, at) if gap else at
        for offset, want in enumerate(run):
            have = actual[start + offset] if start + offset < len(actual) else ""
            out.append(want if shown_lines_match((want,), [have]) is None else have)
        at = start + len(run)
    return _with_gaps(shown, out)


def _runs(shown: tuple[str, ...]) -> list[tuple[bool, list[str]]]:
    """The excerpt's runs of lines, each with whether a `...` line stood before it."""
    runs: list[tuple[bool, list[str]]] = []
    gap = False
    for line in shown:
        if line.strip() == "...":
            gap = True
            continue
        if gap or not runs:
            runs.append((gap, []))
        runs[-1][1].append(line)
        gap = False
    return runs


def _best_start(run: list[str], actual: list[str], at: int) -> int:
    """Where in the printed lines (from `at`) the run fits best: its lines' similarity summed."""
    def fit(start: int) -> float:
        pairs = zip(run, actual[start:start + len(run)], strict=False)
        return sum(difflib.SequenceMatcher(None, a.replace("...", ""), b).ratio() for a, b in pairs)
    return max(range(at, max(at + 1, len(actual) - len(run) + 1)), key=lambda s: (fit(s), -s))


def _with_gaps(shown: tuple[str, ...], lines: list[str]) -> list[str]:
    """`lines` (the runs, realigned) with the excerpt's own `...` lines back in their places."""
    it = iter(lines)
    return [line if line.strip() == "..." else next(it) for line in shown]


def rewrite(example: Example, new: list[str]) -> str:
    """Write the example's new shown lines into its document; the block's diff, or '' when unchanged."""
    path = ROOT / example.doc
    lines = path.read_text("utf-8").split("\n")
    old = lines[example.line:example.line + len(new)]
    if old == new:
        return ""
    lines[example.line:example.line + len(new)] = new
    path.write_text("\n".join(lines), "utf-8")
    return "".join(difflib.unified_diff([f"{line}\n" for line in old], [f"{line}\n" for line in new],
                                        f"{example.doc} (before)", f"{example.doc} (after)"))
