"""JSON Schema validation of rule-pack files, reporting every error with its place."""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from referencing import Registry, Resource

from recommender.errors import Located
from recommender.knowledge.scalars import Typed
from recommender.knowledge.yamlsafe import Document, render_path

SCHEMA_DIR = Path(__file__).parent.parent / "schemas"
SCHEMA_NAMES = ("common", "question", "candidate", "rule", "test", "pack", "result")


def schema_text(name: str) -> str:
    return (SCHEMA_DIR / f"{name}.schema.json").read_text("utf-8")


@cache
def _registry() -> Registry:
    resources_ = [Resource.from_contents(json.loads(schema_text(n))) for n in SCHEMA_NAMES]
    return Registry().with_resources((str(r.id()), r) for r in resources_ if r.id())


@cache
def _schemas() -> dict[str, Any]:
    loaded = [json.loads(schema_text(n)) for n in SCHEMA_NAMES]
    return {s["$id"]: s for s in loaded}


UNROLL = 3  # condition nesting handled without a $ref lookup; deeper levels still resolve


def _target(ref: str) -> Any:
    base, _, fragment = ref.partition("#")
    node = _schemas()[base]
    for part in filter(None, fragment.split("/")):
        node = node[part]
    return node


def inline(node: Any, base: str, stack: tuple[str, ...] = ()) -> Any:
    """`node` with every `$ref` replaced by its target, recursive ones unrolled UNROLL times.

    jsonschema resolves each `$ref` through its registry on every visit, which
    doubles the time to validate a pack; the errors and their paths are the same.
    """
    if isinstance(node, list):
        return [inline(item, base, stack) for item in node]
    if not isinstance(node, dict):
        return node
    if set(node) == {"$ref"}:
        ref = base + node["$ref"] if node["$ref"].startswith("#") else node["$ref"]
        if stack.count(ref) >= UNROLL:
            return {"$ref": ref}
        return inline(_target(ref), ref.partition("#")[0], (*stack, ref))
    return {key: inline(value, base, stack) for key, value in node.items()}


@cache
def validator(name: str) -> Any:
    schema = _schemas()[f"urn:recommender:{name}"]
    flat = {k: v for k, v in inline(schema, schema["$id"]).items() if k != "$defs"}
    return jsonschema.Draft202012Validator({**flat, "$id": schema["$id"]}, registry=_registry())


def validate(doc: Document, file: str, name: str = "pack") -> list[Located]:
    """Every schema error of a parsed file, located and sorted."""
    if not isinstance(doc.data, dict):
        return [_top_level(doc, file)]
    found = [_locate(error, doc, file) for error in _leaf_errors(validator(name).iter_errors(doc.data))]
    unique = {(p.line, p.column, p.path, p.message): p for p in found}
    return [unique[k] for k in sorted(unique)]


def _top_level(doc: Document, file: str) -> Located:
    what = "the file is empty" if doc.data is None else f"found {_describe(doc.data)}"
    return Located(file, 1, 1, "$", f"top level must be a mapping of sections; {what}")


def _leaf_errors(errors: Iterator[Any]) -> Iterator[Any]:
    """Descend into anyOf/oneOf to the error most likely meant."""
    for error in errors:
        if error.context:
            yield jsonschema.exceptions.best_match(error.context)
        else:
            yield error


def _locate(error: Any, doc: Document, file: str) -> Located:
    path = tuple(error.absolute_path)
    line, column = doc.mark(path)
    return Located(file, line, column, render_path(path), _message(error))


def _message(error: Any) -> str:
    instance = error.instance
    if error.validator == "type":
        wanted = error.validator_value
        wanted_text = " or ".join(wanted) if isinstance(wanted, list) else wanted
        found = _describe(instance)
        if isinstance(instance, (Typed, int)) and not isinstance(instance, bool) and wanted_text == "string":
            # YAML 1.1 read the author's text as a number or date: say so, and how to keep it text.
            hint = f"quote it: \"{instance!r}\""
            return f"expected {_TYPE_WORDS['string']}, found {found} (YAML reads it as not text); {hint}"
        return f"expected {_TYPE_WORDS.get(wanted_text, wanted_text)}, found {found}"
    if error.validator == "additionalProperties" and isinstance(instance, dict):
        allowed = sorted(error.schema.get("properties", {}))
        extra = sorted(set(instance) - set(allowed))
        if allowed and extra:
            return f"unknown key {extra[0]!r}; expected one of {', '.join(allowed)}"
    if error.validator == "not" and isinstance(instance, int):
        return "a weight of 0 has no effect; remove the effect or give it a weight"
    if error.validator == "maxProperties" and error.validator_value == 1 and isinstance(instance, dict):
        keys = ", ".join(str(k) for k in instance)
        return f"expected exactly one key, found {keys}; combine conditions with all: [...] or any: [...]"
    if error.validator == "minProperties" and isinstance(instance, dict) and not instance:
        return "must not be empty"
    if error.validator == "enum" and isinstance(error.validator_value, list):
        choices = ", ".join(str(v) for v in error.validator_value)
        return f"{_describe(instance)} is not one of {choices}"
    return _shorten(str(error.message))


def _shorten(message: str, limit: int = 300) -> str:
    """jsonschema quotes the whole instance; one readable line is enough."""
    return message if len(message) <= limit else message[: limit - 1] + "…"


_TYPE_WORDS = {"string": "text", "integer": "a whole number", "object": "a mapping", "array": "a list"}


def _describe(value: Any) -> str:
    if isinstance(value, Typed):
        return f"{'a date' if value.kind == 'date' else 'a number'} {value.raw}"
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"a boolean {'true' if value else 'false'} (quote it if you meant text)"
    if isinstance(value, (int, float)):
        return f"a number {value}"
    if isinstance(value, str):
        return f"text {value!r}"
    if isinstance(value, list):
        return "a list"
    return "a mapping"
