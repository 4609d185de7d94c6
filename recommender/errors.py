"""Errors the core raises; `cli/exits.py` maps them to exit codes and one line each."""

from __future__ import annotations


class RecommenderError(Exception):
    """Base: `exit_code` and a one-line message."""

    exit_code = 1

    def lines(self) -> list[str]:
        return [str(self)]


class UsageError(RecommenderError):
    """Bad flag value, bad answers file, no terminal: the caller's input."""

    exit_code = 2


class Located(RecommenderError):
    """One problem at a place in a file: `file:line:col: $.path: message`."""

    exit_code = 3

    def __init__(self, file: str, line: int, column: int, path: str, message: str) -> None:
        self.file, self.line, self.column = file, line, column
        self.path, self.message = path, message
        super().__init__(self.render())

    def render(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path or "$",
            "message": self.message,
        }


class RulePackError(RecommenderError):
    """Every problem found in the rule packs, each located."""

    exit_code = 3

    def __init__(self, problems: list[Located]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line, p.column, p.path))
        super().__init__(self.problems[0].render() if self.problems else "invalid rule pack")

    def lines(self) -> list[str]:
        return [p.render() for p in self.problems]


class AnswersError(UsageError):
    """A bad answers file or flag value."""


class Interrupted(RecommenderError):
    """Ctrl-C, said in the session's language (`ask`: and what was kept of the answers)."""

    exit_code = 130


class Terminated(RecommenderError):
    """SIGTERM at an `ask` prompt: the terminal is restored first, then the usual 128 + 15."""

    exit_code = 143

    def __init__(self) -> None:
        super().__init__("terminated; nothing written")


class NoSnippet(RecommenderError):
    """`--format snippet` for a result with no starter example (a tie, or a candidate without one): nothing
    is printed, so `> starter.py` in a script fails instead of saving an empty file."""

    exit_code = 1

class WorkerDied(RecommenderError):
    """A `--jobs` worker process ended in the middle of a batch (killed, out of memory)."""

    exit_code = 1

    def __init__(self, first: int, exitcode: int | None) -> None:
        how = f"killed by signal {-exitcode}" if exitcode is not None and exitcode < 0 else f"exit status {exitcode}"
        super().__init__(f"--jobs: a worker process ended unexpectedly ({how}); lines from {first} on were not "
                         "scored; run the batch again with --jobs 1 to score it in one process")
        self.first = first


class OutputError(RecommenderError):
    """The output could not be written."""

    exit_code = 1

    @classmethod
    def unencodable(cls, exc: UnicodeEncodeError) -> OutputError:
        """stdout's encoding cannot take the text (PYTHONIOENCODING=ascii, a C locale): say how to fix it."""
        char = ord(exc.object[exc.start]) if exc.start < len(exc.object) else 0
        return cls(f"cannot write output: stdout's encoding ({exc.encoding}) cannot write U+{char:04X}; "
                   "use a UTF-8 locale, PYTHONIOENCODING=utf-8 or --output FILE")
