"""Answers from files and flags, checked against the questions and normalized.

Normalized answers map a question id to an option id (one-choice) or a tuple of
option ids in the questions' option order (many-choice). Unanswered questions
are absent.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from recommender.errors import AnswersError, Located
from recommender.knowledge.conditions import Value, did_you_mean
from recommender.knowledge.model import KnowledgeBase, flag_name
from recommender.knowledge.scalars import Typed
from recommender.knowledge.textcheck import bad_character

if TYPE_CHECKING:  # the records are types only: building TypedDicts costs the warm start
    from recommender.knowledge.records import QuestionSpec

Locate = Callable[[str], str]

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


QUOTE_LIMIT = 60  # characters of a key or value quoted in a message: a message must stay one short line


def clipped(text: str) -> str:
    """`text`, cut to QUOTE_LIMIT characters with an ellipsis: keys and values are quoted from untrusted input."""
    return text if len(text) <= QUOTE_LIMIT else text[:QUOTE_LIMIT] + "…"


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


def flag_locator(question: str) -> str:
    """Where a bad flag answer is reported: the flag itself."""
    return flag_name(question)


def normalize(kb: KnowledgeBase, raw: Mapping[str, Any], locate: Locate = flag_locator) -> dict[str, Value]:
    """Checked answers in question order; AnswersError names the place of the first bad one."""
    for question in raw:
        if question not in kb.questions:
            hint = did_you_mean(str(question), list(kb.questions))
            raise AnswersError(f"{locate(str(question))}: unknown question {clipped(str(question))!r}{hint}")
    out: dict[str, Value] = {}
    for question, spec in kb.questions.items():
        value = raw.get(question)
        if value is None:
            continue
        # The usual answer, a known name or list of names, is looked up; anything else is checked in full.
        seen = kb.answer_memo[question]
        # A list and a tuple of the same names share a key: both are checked as the same sequence.
        key = tuple(value) if type(value) is list else value
        try:
            found = seen.get(key)
        except TypeError:  # an unhashable item: checked below
            found = None
        if found is None:
            found = _checked(kb, spec, value, locate)
            if type(value) in (str, list, tuple) and len(seen) < MAX_REMEMBERED:
                seen[key] = found
        out[question] = found
    return out


# Distinct raw answers remembered per question: the options' names and their usual
# combinations fit; a stream of odd spellings cannot grow the memory without end.
MAX_REMEMBERED = 4096


def not_an_option(spec: QuestionSpec, names: dict[str, str], text: str) -> str:
    """What is wrong with an unknown option name, for files and flags alike: the choices and a close match."""
    choices = ", ".join(o["id"] for o in spec["options"])
    return f"{clipped(text)!r} is not one of {choices}{did_you_mean(text, list(names))}"


def _checked(kb: KnowledgeBase, spec: QuestionSpec, value: Any, locate: Locate) -> Value:
    question = spec["id"]
    names = kb.option_names[question]
    if spec["kind"] == "one":
        return _one(spec, names, value, locate)
    return _many(spec, names, value, locate, kb.options[question])


def _one(spec: QuestionSpec, names: dict[str, str], value: Any, locate: Locate) -> str:
    if isinstance(value, (list, tuple)):
        raise AnswersError(f"{locate(spec['id'])}: takes one value, got a list")
    return _option(spec, names, value, locate)


def _many(spec: QuestionSpec, names: dict[str, str], value: Any, locate: Locate,
          ids: tuple[str, ...]) -> tuple[str, ...]:
    if isinstance(value, str):
        # An empty part ("", "text,", ",,") is refused, as the flag refuses it: it is a slip, not "no option".
        value = [v.strip() for v in value.split(",")]
    elif not isinstance(value, (list, tuple)):  # a tuple too: a Result's own answers come back as tuples
        value = [value]
    chosen = {_option(spec, names, item, locate) for item in value}
    _check_exclusive(spec, chosen, locate)
    return tuple(o for o in ids if o in chosen)


def _check_exclusive(spec: QuestionSpec, chosen: set[str], locate: Locate) -> None:
    """An option marked `exclusive` (deploy's `none`) is chosen alone: with another it contradicts itself."""
    if len(chosen) < 2:
        return
    for option in spec["options"]:
        if option.get("exclusive") and option["id"] in chosen:
            others = ", ".join(o["id"] for o in spec["options"] if o["id"] in chosen and o["id"] != option["id"])
            raise AnswersError(f"{locate(spec['id'])}: {option['id']!r} excludes the other options "
                               f"(here {others}); give it alone")


def _option(spec: QuestionSpec, names: dict[str, str], value: Any, locate: Locate) -> str:
    if isinstance(value, str) and value in names:
        return names[value]
    text = value.raw if isinstance(value, Typed) else value
    if isinstance(text, str) and text in names:
        return names[text]
    if isinstance(text, str):
        raise AnswersError(f"{locate(spec['id'])}: {not_an_option(spec, names, text)}")
    choices = ", ".join(o["id"] for o in spec["options"])
    shown = json.dumps(value) if isinstance(value, (bool, int, float)) else type(value).__name__
    raise AnswersError(f"{locate(spec['id'])}: expected one of {choices}, found {shown}; write the option as text")
