"""Rules of the source that keep the warm start cheap (the figures are in docs/benchmarks.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "recommender"


def _defines_named_tuple(tree: ast.Module) -> bool:
    return any(
        isinstance(node, ast.ClassDef) and any(getattr(base, "id", None) == "NamedTuple" for base in node.bases)
        for node in tree.body
    )


def _postpones_annotations(tree: ast.Module) -> bool:
    return any(
        isinstance(node, ast.ImportFrom) and node.module == "__future__"
        and any(alias.name == "annotations" for alias in node.names)
        for node in tree.body
    )


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_named_tuples_get_evaluated_annotations(path: Path) -> None:
    """typing.NamedTuple compiles each string annotation (a ForwardRef per field, every run): a module that
    defines one does not postpone its annotations."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert not (_defines_named_tuple(tree) and _postpones_annotations(tree))
