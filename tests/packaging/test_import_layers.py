"""The package's layering: folders spell the pipeline and every import points down it.

Layers, lowest first. A module may import its own layer's modules and lower
layers only; `cli/` is the top. The package's `__init__` imports nothing at
run time (it re-exports lazily, `__version__` too), so it and
`recommender.version` count as the base. Imports
inside functions count too, and outside `cli/` each one carries a `# deferred:` comment saying why it is not at the top.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "recommender"

LAYERS: list[tuple[str, ...]] = [
    ("recommender", "recommender.version", "recommender.errors", "recommender.output"),
    ("recommender.knowledge",),
    ("recommender.answers", "recommender.answers_file"),
    ("recommender.engine",),
    ("recommender.render",),
    ("recommender.ask", "recommender.batch", "recommender.ruletools"),
    ("recommender.api",),
    ("recommender.cli", "recommender.__main__"),
]


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _layer(module: str) -> int:
    best = (-1, -1)
    for index, owners in enumerate(LAYERS):
        for owner in owners:
            if (module == owner or module.startswith(owner + ".")) and len(owner) > best[1]:
                best = (index, len(owner))
    assert best[0] >= 0, f"{module} belongs to no layer: add it to LAYERS"
    return best[0]


def _imports(path: Path) -> list[tuple[str, int, bool]]:
    """(imported module, line, inside a function) for every import of the package, TYPE_CHECKING ones left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[str, int, bool]] = []

    def visit(node: ast.AST, nested: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            inner = nested or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
            if isinstance(child, ast.ImportFrom) and child.module and child.module.startswith("recommender"):
                names = [f"{child.module}.{a.name}" for a in child.names]
                found.extend((n if _is_module(n) else child.module, child.lineno, inner) for n in names)
            elif isinstance(child, ast.Import):
                found.extend((a.name, child.lineno, inner) for a in child.names if a.name.startswith("recommender"))
            visit(child, inner)

    visit(tree, False)
    return found


def _is_module(name: str) -> bool:
    relative = Path(*name.split("."))
    return (PACKAGE.parent / relative).with_suffix(".py").exists() or (PACKAGE.parent / relative).is_dir()


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_every_import_points_down_the_pipeline(module: str) -> None:
    for target, line, _ in _imports(MODULES[module]):
        assert _layer(target) <= _layer(module), f"{module}:{line} imports {target}, a higher layer"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if not m.startswith("recommender.cli")))
def test_deferred_imports_outside_the_cli_say_why(module: str) -> None:
    lines = MODULES[module].read_text(encoding="utf-8").splitlines()
    for target, line, nested in _imports(MODULES[module]):
        if nested:
            around = " ".join(lines[max(0, line - 3):line])
            assert "# deferred:" in around, f"{module}:{line} imports {target} inside a function without '# deferred:'"


def test_no_import_cycles() -> None:
    graph = {m: {t for t, _, _ in _imports(p) if t in MODULES and t != m} for m, p in MODULES.items()}
    # A package's own __init__ is not an edge from its modules: Python runs it first, and it imports lazily.
    state: dict[str, int] = {}
    stack: list[str] = []

    def walk(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt):] + [nxt]
                raise AssertionError("import cycle: " + " → ".join(cycle))
            if nxt not in state:
                walk(nxt)
        stack.pop()
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            walk(module)


def test_the_layers_are_the_folders() -> None:
    """Every subpackage is named in LAYERS, so a new folder has to take its place in the pipeline."""
    folders = {_module_name(p) for p in PACKAGE.rglob("__init__.py")}
    named = {owner for owners in LAYERS for owner in owners}
    assert {f for f in folders if f.count(".") == 1} <= named
