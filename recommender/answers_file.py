"""Reading an answers file (YAML or JSON, or either on stdin) into a raw mapping, with a locator that
says where each answer was written (`file:line:col: $.key`) for the messages of `answers.normalize`.
Loaded only when a file is read: JSON, YAML and the position searches stay off the flags' path.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from recommender.answers import Locate, clipped
from recommender.errors import AnswersError, Located
from recommender.knowledge.textcheck import bad_character

MAX_ANSWERS_BYTES = 1 << 20


STDIN = "-"
STDIN_NAME = "<stdin>"  # how messages name answers read from stdin


def load_file(path: str) -> tuple[dict[str, Any], Locate]:
    """The raw mapping of an answers file (YAML or JSON; `-` for stdin) and a locator for its keys."""
    from recommender.knowledge import yamlsafe  # deferred: yaml loads only when an answers file is read

    name = STDIN_NAME if path == STDIN else path
    try:
        raw = _read_stdin(MAX_ANSWERS_BYTES) if path == STDIN else yamlsafe.read_limited(path, MAX_ANSWERS_BYTES)
        text = yamlsafe.decode(raw, name)
        if path.endswith(".json") or (path == STDIN and text.lstrip().startswith("{")):
            return _load_json(text, name)
        doc = yamlsafe.load(text, name)
    except Located as exc:
        raise AnswersError(exc.render()) from None
    except OSError as exc:
        raise AnswersError(f"--answers: cannot read {name}: {exc.strerror or exc}{_make_one(exc)}") from None
    if not isinstance(doc.data, dict):
        raise AnswersError(f"{name}:1:1: $: expected a mapping of question id to answer")

    def locate(question: str) -> str:
        line, column = doc.mark((question,))
        return f"{name}:{line}:{column}: {_key_path(question)}"

    return doc.data, locate


def _read_stdin(limit: int) -> bytes:
    """Answers piped in (`--answers -`): JSON when they start with `{`, else YAML; as big as a file may be."""
    if sys.stdin is None:  # started with stdin closed
        raise OSError(0, "stdin is closed")
    raw = sys.stdin.buffer.read(limit + 1)
    if len(raw) > limit:
        raise Located(STDIN_NAME, 1, 1, "$", f"file is larger than {limit // (1 << 20)} MiB")
    return raw


def _load_json(text: str, path: str) -> tuple[dict[str, Any], Locate]:
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                raise AnswersError(f"{_json_where(text, path, key)}: duplicate key {key!r}")
            out[key] = value
        return out

    def constant(name: str) -> Any:
        where = _offset_where(text, path, text.find(name))
        raise AnswersError(f"{where}: {name} is not a valid answer value; write the option as text")

    def integer(digits: str) -> int:
        # int() of a huge literal is slow and, past 4300 digits, a ValueError from deep inside json.
        if len(digits.lstrip("-")) > _MAX_INT_DIGITS:
            where = _offset_where(text, path, text.find(digits))
            raise AnswersError(f"{where}: number with {len(digits.lstrip('-'))} digits is too large")
        return int(digits)

    if not text.strip():
        raise AnswersError(f"{path}:1:1: $: the file is empty; expected a mapping of question id to answer")
    if (nul := text.find("\0")) >= 0:  # valid UTF-8, but JSON's own error would not say why: UTF-16 without a mark
        raise AnswersError(f"{_offset_where(text, path, nul)}: control character U+0000 "
                           "(is the file UTF-16? save it as UTF-8)")
    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_constant=constant, parse_int=integer)
    except json.JSONDecodeError as exc:
        where = _offset_where(text, path, exc.pos)
        raise AnswersError(f"{where}: invalid JSON: {exc.msg}") from None
    except RecursionError:
        raise AnswersError(f"{path}:1:1: $: nesting too deep") from None
    except ValueError as exc:  # the last guard for a json.loads limit not handled above
        raise AnswersError(f"{path}:1:1: invalid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise AnswersError(f"{path}:1:1: $: expected a mapping of question id to answer")
    _check_strings(data, text, path)
    return data, lambda question: _json_where(text, path, question)


_MAX_INT_DIGITS = 30


def _check_strings(data: dict[str, Any], text: str, path: str) -> None:
    """JSON escapes can carry control, bidi or lone-surrogate characters; YAML files are checked
    by the parser, JSON ones here, so none reaches a terminal through an error message."""
    for key, value in data.items():
        stack: list[Any] = [key, value]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                stack.extend(item)
                stack.extend(item.values())
            elif isinstance(item, str) and (bad := bad_character(item)):
                raise AnswersError(f"{_json_where(text, path, key)}: {bad}")


def _json_where(text: str, path: str, key: str) -> str:
    offset = text.find(json.dumps(key))
    if offset < 0:  # the key was written with escapes: search the escaped form too
        offset = text.find(json.dumps(key, ensure_ascii=False))
    line, column = _position(text, offset)
    return f"{path}:{line}:{column}: {_key_path(key)}"


def _make_one(exc: OSError) -> str:
    """A missing answers file is most often one not written yet: say how to write one."""
    return "; write one with: recommender ask --save-answers FILE" if isinstance(exc, FileNotFoundError) else ""


def _key_path(key: str) -> str:
    """`$.goal`, or `$['odd key']` quoted so that a hostile key stays inert text."""
    # deferred: the error path only, keeps yaml off the fast path
    from recommender.knowledge.yamlsafe import render_path

    return render_path((clipped(key),))


def _offset_where(text: str, path: str, offset: int) -> str:
    """`file:line:col: $.key`, the key being the last one written before `offset` (json's hooks
    and errors give an offset, not a field)."""
    line, column = _position(text, offset)
    key = _last_key(text, max(offset, 0))
    field = "$" if key is None else _key_path(_unescape(key))
    return f"{path}:{line}:{column}: {field}"


def _last_key(text: str, end: int) -> str | None:
    """The last `"key":` that ends before `end`, in one left-to-right pass: linear in `end`."""
    key = None
    for token in re.compile(_JSON_TOKEN, re.S).finditer(text, 0, end):  # compiled once, by re's own cache
        if token["key"] is not None:
            key = token["key"]
    return key


def _position(text: str, offset: int) -> tuple[int, int]:
    offset = max(offset, 0)
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


# Text outside strings, or one whole string (a key when a colon follows). Each match starts where
# the last ended, so no string is entered from its middle: searching for keys from every `"` (as
# before) rescanned a string full of escaped quotes once per quote, quadratic in its length. A
# string left open runs to the end. A string that is not a key is scanned twice (the key branch
# fails, then the plain one matches), still linear: the alternatives inside it never overlap.
# Compiled on first use (0.2 ms): the module is on the warm path, an error's position is not.
_JSON_TOKEN = r'[^"]+|"(?:(?P<key>(?:[^"\\]|\\.)*)"(?=\s*:)|(?:[^"\\]|\\.)*(?:"|\\?\Z))'


def _unescape(key: str) -> str:
    try:
        decoded = json.loads(f'"{key}"')
    except ValueError:
        return key
    return decoded if isinstance(decoded, str) else key
