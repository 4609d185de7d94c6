"""Every failure becomes one clear line on stderr and a documented exit code.

0 success (also help, asked for or a bare command group); 1 rule tests or lint
errors, failed batch lines, output not written; 2 bad usage, flag value or answers
file, or no terminal for `ask`; 3 invalid rule pack; 130 interrupted. `--debug`
adds the traceback; the line and code stay.

Every line has one shape, `message_line`'s: GNU's `file:line:col: message` where a
file is the place, else `recommender: message` (with the flag first when a flag is
the place), click's own usage errors included.
"""

from __future__ import annotations

import errno
import os
import re
import sys
from collections.abc import Callable
from typing import Any

import click

from recommender.errors import RecommenderError

PROG = "recommender"


def say(line: str) -> None:
    """One line on stderr, escaped (see `printable`); a closed or broken stderr changes no exit code."""
    if sys.stderr is None:  # started with stderr closed (`2>&-`): the exit code must still be right
        return
    try:
        sys.stderr.write(printable(line.replace("\n", " ").strip()) + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):  # stderr closed or gone: nothing left to tell
        pass


def printable(text: str) -> str:
    """`text` with control, bidi and surrogate characters escaped: a message quotes untrusted
    names (files, keys, values) and must not drive the terminal."""
    from recommender.knowledge.textcheck import escaped  # only when there is an error to print

    return escaped(text)


# A line that starts with its place in a file; compiled on first use, by re's cache: only errors need it.
_IN_A_FILE = r"^.+?:[0-9]+:[0-9]+: "


def message_line(message: str) -> str:
    """The one shape of a message on stderr: `file:line:col: …` as compilers print it (an editor jumps
    there), else `recommender: …`, so every other line, `--flag: …` ones included, names the program."""
    return message if re.match(_IN_A_FILE, message) else f"{PROG}: {message}"


def usage_message(exc: click.UsageError) -> str:
    """click's usage error as `--flag: what is wrong` when one flag's value is at fault (click words it
    "Invalid value for '--flag': …"); its other messages (no such option, missing value) as they are."""
    if type(exc) is click.BadParameter:
        flag = _flag_of(exc)
        if flag:
            return f"{flag}: {exc.message}"
    return exc.format_message()


def _flag_of(exc: click.BadParameter) -> str | None:
    hint = exc.param_hint
    if isinstance(hint, str):
        return hint.strip("'\"")
    opts = exc.param.opts if exc.param is not None else []
    return next((o for o in opts if o.startswith("--")), None)


def _quiet_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so the exit flush cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


# click >= 8.2 raises this for a bare group; 8.1 printed the help and exited 0 by itself (setup.cfg: click>=8.1).
NO_ARGS_IS_HELP: Any = getattr(click.exceptions, "NoArgsIsHelpError", ())


def run(main: Callable[[], int | None], debug: bool = False) -> int:
    """Run `main`; every exception becomes its line(s) and exit code. `debug` adds the traceback
    before the line and changes nothing else, so a script sees the same exit code either way."""
    try:
        return main() or 0
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except NO_ARGS_IS_HELP as exc:
        # A bare `recommender` (or `recommender rules`) is a request for help: the help as `--help`
        # prints it, and success.
        click.echo(exc.ctx.get_help() if exc.ctx else "")
        return 0
    except (KeyboardInterrupt, click.exceptions.Abort):
        _end_echoed_line()
        say(message_line("interrupted; nothing written"))
        return 130
    except click.UsageError as exc:
        _trace(debug)
        say(message_line(usage_message(exc)))
        return 2
    except RecommenderError as exc:
        _trace(debug)
        if exc.exit_code == 130:  # said in the command's own words (`ask`), after the `^C` echo as above
            _end_echoed_line()
        for line in exc.lines():
            say(message_line(line))
        return exc.exit_code
    except BrokenPipeError:
        _quiet_stdout()
        return 1
    except OSError as exc:
        if exc.errno == errno.EPIPE:
            _quiet_stdout()
            return 1
        _trace(debug)
        where = f": {exc.filename}" if exc.filename else ""
        say(message_line(f"{exc.strerror or exc}{where}"))
        return 1
    except RecursionError:
        _trace(debug)
        say(message_line("input nested too deeply"))
        return 2
    except Exception as exc:  # the last guard: a bug must still not print a traceback
        _trace(debug)
        say(message_line(f"internal error: {type(exc).__name__}: {exc} (run with --debug for details)"))
        return 1


def _end_echoed_line() -> None:
    """On a terminal, Ctrl-C left `^C` on the current line: start the message on a new one."""
    try:
        if sys.stderr is not None and sys.stderr.isatty():
            sys.stderr.write("\n")
    except (OSError, ValueError):
        pass


def _trace(debug: bool) -> None:
    """With --debug, the traceback of the exception being handled, on stderr (if it is open)."""
    if not debug or sys.stderr is None:
        return
    import traceback

    try:
        traceback.print_exc(file=sys.stderr)
    except (OSError, ValueError):
        pass
