"""The built wheel carries the rules and schemas and works from any folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT


def _can_build_wheels() -> bool:
    """The build runs without isolation, so this environment's setuptools builds the wheel: bdist_wheel is
    part of it from 70.1 (the `dev` extra's pin); an older one needs the `wheel` package beside it."""
    from importlib.metadata import PackageNotFoundError, version
    from importlib.util import find_spec

    try:
        major, minor = (int(part) for part in version("setuptools").split(".")[:2])
    except (PackageNotFoundError, ValueError):
        return False
    return (major, minor) >= (70, 1) or find_spec("wheel") is not None


pytestmark = [
    pytest.mark.slow,  # builds and installs a wheel
    pytest.mark.skipif(not _can_build_wheels(), reason="needs setuptools>=70.1: pip install '.[dev]'"),
]

ARGS = ["recommend", "--goal", "research", "--data", "text", "--format", "json"]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from this tree, unpacked into a folder of its own."""
    wheels = tmp_path_factory.mktemp("wheels")
    build = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
             "-w", str(wheels), str(ROOT)]
    subprocess.run(build, check=True, capture_output=True, cwd=tmp_path_factory.mktemp("build"))
    (wheel,) = wheels.glob("recommender-*.whl")
    target = tmp_path_factory.mktemp("site")
    install = [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)]
    subprocess.run(install, check=True, capture_output=True)
    return target


def run_from(folder: Path, site: Path | None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(site) if site else str(ROOT)}
    return subprocess.run([sys.executable, "-m", "recommender", *ARGS], capture_output=True, text=True,
                          cwd=folder, env=env, check=False)


def test_wheel_ships_rules_and_schemas(installed):
    package = installed / "recommender"
    shipped = {p.name for p in (package / "rules").glob("*.yaml")}
    assert shipped == {p.name for p in (ROOT / "rules").glob("*.yaml")}
    assert (package / "schemas" / "result.schema.json").is_file()
    assert (package / "rules" / "validated.sha256").is_file()
    assert (package / "py.typed").is_file()


def test_wheel_gives_the_same_json_as_the_source_tree(installed, tmp_path):
    from_wheel = run_from(tmp_path, installed)
    from_source = run_from(ROOT, None)
    assert from_wheel.returncode == 0, from_wheel.stderr
    assert str(installed) in subprocess.run(
        [sys.executable, "-c", "import recommender; print(recommender.__file__)"],
        capture_output=True, text=True, cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(installed)},
    ).stdout
    assert from_wheel.stdout == from_source.stdout
