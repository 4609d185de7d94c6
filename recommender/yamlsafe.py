"""Strict YAML for untrusted files: plain data, located errors, no surprises.

Built from the parser's event stream rather than PyYAML's composer, because the
composer recurses (a deep file crashes the interpreter), expands aliases (an
alias bomb) and hides which tags were written explicitly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator

import yaml

from recommender.errors import Located
from recommender.scalars import Typed
from recommender.textcheck import bad_character

MAX_BYTES = 1 << 20
MAX_DEPTH = 64

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Path = tuple[str | int, ...]


# YAML 1.1 plain-scalar resolution without booleans: yes/no/on/off stay text.
_INT = re.compile(r"[-+]?(0|[1-9][0-9_]*)$")
_OTHER_INT = re.compile(r"[-+]?(0b[0-1_]+|0[0-7_]+|0x[0-9a-fA-F_]+|[1-9][0-9_]*(:[0-5]?[0-9])+)$")
_FLOAT = re.compile(
    r"[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$"
    r"|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*$|[-+]?\.(inf|Inf|INF)$|\.(nan|NaN|NAN)$"
)
_DATE = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?$")
_NULL = {"", "~", "null", "Null", "NULL"}
_MAX_INT_DIGITS = 30


@dataclass
class Document:
    """Plain data plus the line and column (1-based) of every path in it."""

    data: Any
    marks: dict[Path, tuple[int, int]]

    def mark(self, path: Path) -> tuple[int, int]:
        """The position of `path`, or of its nearest ancestor that has one."""
        while path not in self.marks and path:
            path = path[:-1]
        return self.marks.get(path, (1, 1))


def decode(raw: bytes, name: str) -> str:
    """UTF-8 text, or a located error naming the first bad byte."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise Located(name, 1, 1, "", "file is UTF-16; save it as UTF-8")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise Located(name, line, col, "", "file is not valid UTF-8") from None
    return text.removeprefix("\ufeff")


def read_limited(path: str, limit: int = MAX_BYTES) -> bytes:
    """Read at most `limit` bytes; a bigger file is refused before any parsing."""
    with open(path, "rb") as fh:
        raw = fh.read(limit + 1)
    if len(raw) > limit:
        raise Located(path, 1, 1, "", f"file is larger than {limit // (1 << 20)} MiB")
    return raw


def load(text: str, name: str) -> Document:
    """Parse one YAML document of plain data: mappings, lists, text, numbers, null."""
    builder = _Builder(name)
    try:
        events = yaml.parse(text, Loader=_Loader)
        return builder.document(events)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(p for p in (exc.context, exc.problem) if p) or "invalid YAML"
        raise Located(name, line, col, "", message) from None
    except (yaml.YAMLError, ValueError, RecursionError, KeyError) as exc:
        raise Located(name, 1, 1, "", f"invalid YAML: {exc}") from None


class _Builder:
    def __init__(self, name: str) -> None:
        self.name = name
        self.marks: dict[Path, tuple[int, int]] = {}

    def fail(self, event: Any, path: Path, message: str) -> Located:
        mark = event.start_mark
        return Located(self.name, mark.line + 1, mark.column + 1, _render(path), message)

    def document(self, events: Iterator[Any]) -> Document:
        data: Any = None
        seen_document = False
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                if seen_document:
                    raise self.fail(event, (), "several YAML documents; expected one")
                seen_document = True
                data = self.node(next(events), events, (), 1)
        return Document(data, self.marks)

    def node(self, event: Any, events: Iterator[Any], path: Path, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise self.fail(event, path, f"nesting deeper than {MAX_DEPTH} levels")
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise self.fail(event, path, "YAML anchors and aliases are not allowed")
        self.marks[path] = (event.start_mark.line + 1, event.start_mark.column + 1)
        if isinstance(event, yaml.ScalarEvent):
            return self.scalar(event, path)
        if event.tag is not None and not event.implicit:
            raise self.fail(event, path, f"YAML tag {event.tag} is not allowed")
        if isinstance(event, yaml.SequenceStartEvent):
            return self.sequence(events, path, depth)
        if isinstance(event, yaml.MappingStartEvent):
            return self.mapping(events, path, depth)
        raise self.fail(event, path, "unexpected YAML event")

    def sequence(self, events: Iterator[Any], path: Path, depth: int) -> list[Any]:
        items: list[Any] = []
        for event in events:
            if isinstance(event, yaml.SequenceEndEvent):
                return items
            items.append(self.node(event, events, path + (len(items),), depth + 1))
        return items

    def mapping(self, events: Iterator[Any], path: Path, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for event in events:
            if isinstance(event, yaml.MappingEndEvent):
                return out
            if not isinstance(event, yaml.ScalarEvent) or event.anchor or event.tag:
                raise self.fail(event, path, "mapping keys must be plain text")
            key = event.value
            if key in out:
                raise self.fail(event, path + (key,), f"duplicate key {key!r}")
            if key == "<<":
                raise self.fail(event, path, "YAML merge keys are not allowed")
            out[key] = self.node(next(events), events, path + (key,), depth + 1)
        return out

    def scalar(self, event: Any, path: Path) -> Any:
        value: str = event.value
        if event.tag is not None and event.tag != "!":
            raise self.fail(event, path, f"YAML tag {event.tag} is not allowed")
        bad = bad_character(value)
        if bad:
            raise self.fail(event, path, bad)
        if event.style or not event.implicit[0]:
            return value
        return self.resolve(event, path, value)

    def resolve(self, event: Any, path: Path, value: str) -> Any:
        if value in _NULL:
            return None
        if _INT.match(value):
            digits = value.lstrip("+-").replace("_", "")
            if len(digits) > _MAX_INT_DIGITS:
                raise self.fail(event, path, f"number with {len(digits)} digits is too large")
            return int(digits) * (-1 if value.startswith("-") else 1)
        if _OTHER_INT.match(value) or _FLOAT.match(value):
            return Typed("number", value)
        if _DATE.match(value):
            return Typed("date", value)
        return value


def _render(path: Path) -> str:
    out = "$"
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", part):
            out += f".{part}"
        else:
            out += f"[{part!r}]"
    return out


render_path = _render
