"""On a terminal, an error line starts on a line of its own, not after the progress counter
(issue 17, item 13): the counter is cleared before each message."""

from __future__ import annotations

from tests.helpers import stderr_on_a_terminal


def shown_lines(raw: str) -> list[str]:
    """What a terminal shows: a carriage return goes back to the start of the line and overwrites it."""
    lines = []
    for segment in raw.replace("\r\n", "\n").split("\n"):
        shown: list[str] = []
        column = 0
        for char in segment:
            if char == "\r":
                column = 0
                continue
            if column < len(shown):
                shown[column] = char
            else:
                shown.append(char)
            column += 1
        lines.append("".join(shown).rstrip())
    return [line for line in lines if line]


def test_error_lines_are_not_glued_to_the_progress_line(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text('{"goal": "research"}\n{"goal": "reserch"}\n{"goal": "learning"}\nnot json\n', "utf-8")
    lines = shown_lines(stderr_on_a_terminal(source))
    errors = [line for line in lines if f"{source}:2:" in line or f"{source}:4:" in line]
    assert len(errors) == 2, lines
    assert all(line.startswith((f"{source}:2:", f"{source}:4:")) for line in errors), lines
    assert lines[-1] == "recommender: 2 lines of the batch failed"
