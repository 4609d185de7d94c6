"""The test suite's own layout: test modules never import each other, and their folders mirror the package.

Shared fixtures belong in tests/conftest.py and shared plain helpers in tests/helpers.py, so that a
test module can move, split or go without breaking another.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.helpers import PACKAGE, TESTS

SHARED = {"helpers"}  # the one module of shared helpers; conftest.py is loaded by pytest, never imported
# Folders of tests that are about the project around the package rather than one part of it.
EXTRA_FOLDERS = {"packaging"}  # the wheel and the example templates


def python_files() -> list[Path]:
    return sorted(TESTS.rglob("*.py"))


def is_test_module(name: str) -> bool:
    """A dotted or plain module name whose last part is a test module or a conftest."""
    last = name.rsplit(".", 1)[-1]
    return last.startswith("test_") or last == "conftest"


def imported_test_modules(path: Path) -> list[str]:
    """Every test module (or conftest) that `path` imports, however it is spelled."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if is_test_module(alias.name)]
        elif isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            if node.module and is_test_module(node.module):
                found.append(module)
            # `from tests.engine import test_engine`, `from . import conftest`
            found += [f"{module}.{alias.name}" for alias in node.names if is_test_module(alias.name)]
    return found


def test_no_module_of_the_suite_imports_a_test_module() -> None:
    offenders = {
        str(path.relative_to(TESTS)): names for path in python_files() if (names := imported_test_modules(path))
    }
    assert offenders == {}, "move what is shared to tests/helpers.py (plain) or tests/conftest.py (fixtures)"


def test_the_checker_sees_every_spelling(tmp_path: Path) -> None:
    spellings = [
        "from tests.engine.test_engine import KB",
        "from test_commands import rule",
        "import tests.batch.test_batch",
        "from tests.engine import test_engine",
        "from .test_engine import KB",
        "from . import conftest",
        "def f():\n    from tests.conftest import Run",
    ]
    for index, source in enumerate(spellings):
        path = tmp_path / f"m{index}.py"
        path.write_text(source + "\n", "utf-8")
        assert imported_test_modules(path), source
    allowed = tmp_path / "ok.py"
    allowed.write_text("from tests.helpers import KB\nimport pytest\nfrom recommender import api\n", "utf-8")
    assert imported_test_modules(allowed) == []


def test_only_shared_code_sits_at_the_top() -> None:
    top = {p.stem for p in TESTS.glob("*.py")}
    assert top == {"conftest", "test_suite_layout"} | SHARED


def test_test_folders_mirror_the_package() -> None:
    """Each folder of test modules is named after a part of the package: recommender/NAME/ or NAME.py."""
    parts = {p.stem for p in PACKAGE.iterdir() if p.suffix == ".py" or (p / "__init__.py").is_file()}
    folders = {p.parent.relative_to(TESTS).parts[0] for p in TESTS.rglob("test_*.py") if p.parent != TESTS}
    assert folders, "no test folders found"
    assert folders - parts - EXTRA_FOLDERS == set()
