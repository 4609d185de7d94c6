"""`--format yaml`: the same document as `--format json`, written as YAML by hand.

Every string is double-quoted (JSON string syntax is valid YAML), so `no`, `on`
or `1.0` stay text under any YAML reader; only code snippets use a literal
block, which no reader re-types either. No yaml import: output is fast and
byte-for-byte stable.
"""

from __future__ import annotations

import json
import re
from typing import Any

from recommender.engine.result import Result
from recommender.knowledge.model import KnowledgeBase
from recommender.render.jsonout import document
from recommender.render.options import RenderOptions

INDENT = "  "
PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
# Words YAML 1.1 readers turn into booleans or null.
RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def render(kb: KnowledgeBase, result: Result, opts: RenderOptions) -> str:
    return dump(document(kb, result, opts.lang, opts.explain))


def dump(data: Any) -> str:
    return "\n".join(_lines(data, 0)) + "\n"


def scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)


def _literal_ok(text: str) -> bool:
    """A literal block keeps the text exactly only without edge whitespace or escapes."""
    lines = text.rstrip("\n").split("\n")
    return (
        "\n" in text.rstrip("\n") and text.endswith("\n") and not text.endswith("\n\n")
        and not text[0].isspace() and all(line == line.rstrip() for line in lines)
        and all(c == "\n" or c.isprintable() for c in text)
    )


def key(name: Any) -> str:
    """Plain keys for ids (`goal`, `similar_model`); quoted when a reader could re-type them."""
    text = str(name)
    if PLAIN_KEY.fullmatch(text) and text.lower() not in RESERVED:
        return text
    return scalar(text)


def _lines(data: Any, depth: int) -> list[str]:
    pad = INDENT * depth
    if isinstance(data, dict):
        if not data:
            return [pad + "{}"]
        out: list[str] = []
        for name, value in data.items():
            out += _entry(pad + key(name) + ":", value, depth)
        return out
    if isinstance(data, list):
        if not data:
            return [pad + "[]"]
        out = []
        for item in data:
            out += _entry(pad + "-", item, depth)
        return out
    return [pad + scalar(data)]


def _entry(head: str, value: Any, depth: int) -> list[str]:
    """`head` (a key or a dash) followed by its value, inline when it is a scalar."""
    if isinstance(value, str) and _literal_ok(value):
        pad = INDENT * (depth + 1)
        return [head + " |"] + [(pad + line).rstrip() for line in value.rstrip("\n").split("\n")]
    if isinstance(value, (dict, list)) and value:
        if head.endswith("-"):
            # A mapping in a list starts on the dash line: "- key: value".
            nested = _lines(value, depth + 1)
            return [head + " " + nested[0].lstrip()] + nested[1:]
        return [head] + _lines(value, depth + 1)
    return [head + " " + _lines(value, 0)[0]]
