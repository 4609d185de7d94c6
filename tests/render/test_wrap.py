"""Text output on a terminal folds to its width (`COLUMNS` honoured), never inside a word; piped output
keeps one line per item (issue 16)."""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from recommender.render.wrap import fold, fold_line, terminal_columns, units, width

ARGS = ("recommend", "--goal", "research", "--data", "text", "--explain")


class Terminal(io.StringIO):
    """A captured stdout that says it is a terminal (its size comes from COLUMNS)."""

    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        return 1


def on_a_terminal(monkeypatch, columns: int, *args: str) -> str:
    from recommender.cli.main import main

    monkeypatch.setenv("COLUMNS", str(columns))
    monkeypatch.setattr("os.get_terminal_size", lambda fd=1: __import__("os").terminal_size((200, 50)))
    out = Terminal()
    with redirect_stdout(out), redirect_stderr(io.StringIO()):
        assert main(list(args)) == 0
    return out.getvalue()


def words(text: str) -> list[str]:
    return text.split()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_terminal_gets_lines_of_its_width_with_every_word_whole(cli, monkeypatch, lang) -> None:
    piped = cli(*ARGS, "--lang", lang).out
    shown = on_a_terminal(monkeypatch, 60, *ARGS, "--lang", lang)
    snippet = piped.split("example:\n" if lang == "en" else "示例：\n", 1)[1]  # code is never folded
    install = next(line for line in piped.splitlines() if "pip install" in line)
    long_lines = [line for line in shown.splitlines() if width(line) > 60]
    assert long_lines and all(line in snippet.splitlines() or line == install for line in long_lines)
    assert max(width(line) for line in piped.splitlines()) > 60  # there was something to fold
    if lang == "en":  # folding only moves words to the next line
        assert words(shown) == words(piped)
    else:
        assert "".join(words(shown)) == "".join(words(piped))


def test_piped_output_and_files_are_not_folded(cli, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    piped = cli(*ARGS).out
    assert max(width(line) for line in piped.splitlines()) > 100
    assert terminal_columns(io.StringIO()) is None and terminal_columns(None) is None


def test_columns_are_read_from_the_environment_first(monkeypatch) -> None:
    monkeypatch.setattr("os.get_terminal_size", lambda fd=1: __import__("os").terminal_size((123, 50)))
    monkeypatch.delenv("COLUMNS", raising=False)
    assert terminal_columns(Terminal()) == 123
    monkeypatch.setenv("COLUMNS", "77")
    assert terminal_columns(Terminal()) == 77


@given(st.text(st.sampled_from(list("ab cd，。（）、中文字 PyTorch-x.")), max_size=200), st.integers(20, 80))
@example("PPPPP、、、、、（）", 20)  # an empty bracket pair once put its "）" at the start of a line
@example("xxxxxxxxxxxxxxxxxx ）", 20)  # and so did a closing bracket after a space
def test_folding_keeps_every_unit_and_the_width(text, columns) -> None:
    assert "".join(units(text)) == text
    folded = fold_line("  " + text.strip(), columns)
    assert all(width(line) <= columns or len(units(line.strip())) == 1 for line in folded)
    assert "".join("".join(line.split()) for line in folded) == "".join(text.split())
    assert not any(line.lstrip().startswith(tuple("，。）、")) for line in folded[1:])


def test_a_cjk_line_breaks_between_characters_and_latin_words_stay_whole() -> None:
    line = "  +6 Transformer 方案：原文建议：序列数据（文本、图像等）建模优先选择 Transformer，可通过 PyTorch 实现。"
    folded = fold([line], 30)
    assert all(width(part) <= 30 for part in folded)
    assert all(w in "".join(folded) for w in ("Transformer", "PyTorch"))
    assert fold([line], None) == [line]


def test_the_questions_listing_is_folded_on_a_terminal_too(cli, monkeypatch) -> None:
    piped = cli("questions").out
    shown = on_a_terminal(monkeypatch, 50, "questions")
    assert max(width(line) for line in shown.splitlines()) <= 50 < max(width(line) for line in piped.splitlines())
    assert words(shown) == words(piped)
