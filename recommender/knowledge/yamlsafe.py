"""Strict YAML for untrusted files: plain data, located errors, no surprises.

Built from the parser's event stream rather than PyYAML's composer, because the
composer recurses (a deep file crashes the interpreter), expands aliases (an
alias bomb) and hides which tags were written explicitly.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from recommender.errors import Located
from recommender.knowledge.files import MAX_PACK_BYTES, open_regular, read_fd
from recommender.knowledge.scalars import Typed
from recommender.knowledge.textcheck import bad_character

MAX_BYTES = MAX_PACK_BYTES
MAX_DEPTH = 64

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Path = tuple[str | int, ...]


# YAML 1.1 plain-scalar resolution with only YAML 1.2's booleans: yes/no/on/off stay text, true/false are flags.
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
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
    if raw[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"):  # before UTF-16: its mark starts the same
        raise Located(name, 1, 1, "$", "file is UTF-32; save it as UTF-8")
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise Located(name, 1, 1, "$", "file is UTF-16; save it as UTF-8")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        # Name the field too: parse a repaired copy and find the scalar holding the bad byte.
        offset = len(raw[: exc.start].decode("utf-8", "replace"))
        field = _path_at(raw.decode("utf-8", "replace"), offset)
        message = f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02X}); save it as UTF-8"
        raise Located(name, line, col, field, message) from None
    return text.removeprefix("\ufeff")


def read_limited(path: str, limit: int = MAX_BYTES) -> bytes:
    """Read at most `limit` bytes of a regular file; a bigger file is refused before any parsing.

    A FIFO, device or folder raises `files.NotRegular` (an OSError) without being read: a
    FIFO named `*.yaml` would otherwise block every command, and a device read for ever.
    """
    fd, _ = open_regular(path)
    try:
        raw = read_fd(fd, limit)
    finally:
        os.close(fd)
    if len(raw) > limit:
        raise Located(path, 1, 1, "$", f"file is larger than {limit // (1 << 20)} MiB")
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
        if mark and text[mark.index:mark.index + 1] == "\t":
            # libyaml's message does not name the character; a tab is the usual culprit.
            message = "tab character where YAML expects spaces; indent with spaces"
        elif "maximum nesting depth" in message:
            # Newer libyaml scans ahead and stops deep flow nesting before our own count does.
            message = f"nesting deeper than {MAX_DEPTH} levels"
        # The events are consumed lazily, so the builder knows the field the parser was in.
        where = render_path(builder.at) if builder.at else ""
        raise Located(name, line, col, where, message) from None
    except yaml.reader.ReaderError as exc:
        raise _reader_error(exc, text, name) from None
    except (yaml.YAMLError, ValueError, RecursionError, KeyError) as exc:
        raise Located(name, 1, 1, "", f"invalid YAML: {exc}") from None


def _reader_error(exc: yaml.reader.ReaderError, text: str, name: str) -> Located:
    """The reader reports an offset and a code point; turn them into a line, column, field and hint."""
    char = exc.character if isinstance(exc.character, int) and 0 <= exc.character < 0x110000 else 0
    offset = _char_offset(text, int(exc.position), char)
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    message = (bad_character(chr(char)) or f"character U+{char:04X} is not allowed").replace(" at offset 0", "")
    if char == 0:
        message += " (is the file UTF-16? save it as UTF-8)"
    return Located(name, line, column, _path_at(text, offset) or "$", message)


def _char_offset(text: str, position: int, char: int) -> int:
    """libyaml counts UTF-8 bytes, the pure-Python reader counts characters."""
    position = min(max(position, 0), len(text))
    if position < len(text) and ord(text[position]) == char:
        return position
    head = text.encode("utf-8", "surrogatepass")[:position]
    return min(len(head.decode("utf-8", "ignore")), len(text))


def _path_at(text: str, offset: int) -> str:
    """The path of the scalar holding `offset`: parse again with that one character neutralised."""
    patched = text[:offset] + "\ufffd" + text[offset + 1:]
    builder = _Builder("", probe=offset)
    try:
        builder.document(yaml.parse(patched, Loader=_Loader))
    except (Located, yaml.YAMLError, ValueError, RecursionError):
        pass  # a second problem: the first one is still reported, without its field
    return builder.probed


def _tag_name(tag: str) -> str:
    """`tag:yaml.org,2002:int` as written: `!!int`."""
    return "!!" + tag[len(_STD_TAG):] if tag.startswith(_STD_TAG) else tag


_STD_TAG = "tag:yaml.org,2002:"


class _Builder:
    def __init__(self, name: str, probe: int | None = None) -> None:
        self.name = name
        self.marks: dict[Path, tuple[int, int]] = {}
        self.probe, self.probed = probe, ""  # see _path_at
        self.at: Path = ()  # the last field started: names the place of a syntax error

    def note(self, event: Any, path: Path) -> None:
        if self.probe is not None and event.start_mark.index <= self.probe < event.end_mark.index:
            self.probed = render_path(path)

    def fail(self, event: Any, path: Path, message: str) -> Located:
        mark = event.start_mark
        return Located(self.name, mark.line + 1, mark.column + 1, render_path(path), message)

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
        self.at = path
        if isinstance(event, yaml.ScalarEvent):
            self.note(event, path)
            return self.scalar(event, path)
        if event.tag is not None and not event.implicit:
            raise self.fail(event, path, f"YAML tag {_tag_name(event.tag)} is not allowed")
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
            self.at = path + (key,)
            self.note(event, path + (key,))
            bad = bad_character(key)
            if bad:
                # Keys reach messages too: an escape sequence there would reach the terminal.
                raise self.fail(event, path, f"key: {bad}")
            if key in out:
                raise self.fail(event, path + (key,), f"duplicate key {key!r}")
            if key == "<<":
                raise self.fail(event, path, "YAML merge keys are not allowed")
            out[key] = self.node(next(events), events, path + (key,), depth + 1)
        return out

    def scalar(self, event: Any, path: Path) -> Any:
        value: str = event.value
        if event.tag is not None and event.tag != "!":
            raise self.fail(event, path, f"YAML tag {_tag_name(event.tag)} is not allowed")
        bad = bad_character(value)
        if bad:
            raise self.fail(event, path, bad)
        if event.style or not event.implicit[0]:
            return value
        return self.resolve(event, path, value)

    def resolve(self, event: Any, path: Path, value: str) -> Any:
        if value in _NULL:
            return None
        if value in _BOOL:
            return _BOOL[value]
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


def render_path(path: Path) -> str:
    """A JSON path for messages: `$.rules[3].when`."""
    out = "$"
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", part):
            out += f".{part}"
        else:
            out += f"[{part!r}]"
    return out

