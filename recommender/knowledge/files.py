"""Where rule packs are found: the shipped folder, extra folders, their YAML files in name order.

The one copy of pack discovery: loading, `rules …` and the cache key all read it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from recommender.errors import UsageError

if TYPE_CHECKING:
    from pathlib import Path

# os.path rather than pathlib, hashlib or dataclasses: the warm path must import
# little more than click does.
PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RULES_ENV = "RECOMMENDER_RULES"


def shipped_dir() -> str:
    """`recommender/rules` in an installed wheel, `rules/` beside the package in a checkout."""
    inside = os.path.join(PACKAGE_DIR, "rules")
    return inside if os.path.isdir(inside) else os.path.join(os.path.dirname(PACKAGE_DIR), "rules")


def env_rules_dirs() -> list[str]:
    return [p for p in os.environ.get(RULES_ENV, "").split(os.pathsep) if p]


class PackFile(NamedTuple):
    """A rule file and its layer: 0 for the shipped pack, then one per extra folder."""

    path: str | Path
    layer: int


def pack_files(extra_dirs: Iterable[str | Path] = (), *, flag: str = "--rules") -> list[PackFile]:
    """Every YAML file of the shipped pack then of each extra folder, in name order."""
    files = [PackFile(p, 0) for p in yaml_files(shipped_dir())]
    for layer, folder in enumerate(extra_dirs, start=1):
        files.extend(PackFile(p, layer) for p in yaml_files(check_dir(str(folder), flag), flag))
    return files


def check_dir(folder: str, flag: str) -> str:
    """`folder` if it is a readable folder, else a usage error naming `flag`."""
    if not os.path.exists(folder):
        raise UsageError(f"{flag}: no such folder: {folder}")
    if not os.path.isdir(folder):
        raise UsageError(f"{flag}: not a folder: {folder} (give the folder that holds the .yaml files)")
    if not os.access(folder, os.R_OK | os.X_OK):
        raise UsageError(f"{flag}: cannot read folder: {folder}")
    return folder


def yaml_files(folder: str, flag: str = "--rules") -> list[str]:
    """The pack files of a folder, in name order."""
    try:
        names = sorted(os.listdir(folder))
    except OSError as exc:
        raise UsageError(f"{flag}: cannot read folder {folder}: {exc.strerror}") from None
    return [os.path.join(folder, n) for n in names if n.endswith((".yaml", ".yml")) and not n.startswith(".")]


