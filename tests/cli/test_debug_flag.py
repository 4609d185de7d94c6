"""`--debug` is accepted anywhere and changes what is shown, never the exit code (issue 17, item 10).

It was found by scanning argv, but only the group declared it: `recommend --goal research --debug`
was an unknown option, shown as a traceback, exit 1.
"""

from __future__ import annotations

import pytest

# The default run takes the end of the line (where it was refused); -m slow the other places too.
POSITIONS = [*(pytest.param(p, marks=pytest.mark.slow) for p in ("first", "after the command")), "last"]


def place(debug_at: str, command: list[str]) -> list[str]:
    if debug_at == "first":
        return ["--debug", *command]
    if debug_at == "after the command":
        return [command[0], "--debug", *command[1:]]
    return [*command, "--debug"]


@pytest.mark.parametrize("debug_at", POSITIONS)
def test_a_good_run_is_unchanged(run, debug_at):
    plain = run("recommend", "--goal", "research", "--format", "json")
    debug = run(*place(debug_at, ["recommend", "--goal", "research", "--format", "json"]))
    assert (debug.code, debug.out) == (plain.code, plain.out) and plain.err == ""
    assert debug.err == "cache: hit\n"  # the one line --debug adds to a good run: what the cache did


@pytest.mark.parametrize("debug_at", POSITIONS)
@pytest.mark.parametrize(("command", "code"), [
    (["recommend", "--goal", "reserch"], 2),                  # a click usage error
    (["recommend", "--rules", "/nonexistent/rules"], 2),      # the project's UsageError
    (["recommend", "--output", "/nonexistent/dir/out"], 1),   # an OutputError
])
def test_an_error_keeps_its_exit_code_and_line_and_adds_the_traceback(run, debug_at, command, code):
    plain = run(*command)
    debug = run(*place(debug_at, command))
    assert plain.code == debug.code == code
    assert "Traceback" not in plain.err and "Traceback" in debug.err
    assert debug.err.rstrip("\n").splitlines()[-1] == plain.err.rstrip("\n")


def test_debug_after_double_dash_is_not_taken(cli):
    got = cli("rules", "validate", "--", "--debug")
    assert got.code == 2 and "--debug" in got.err
