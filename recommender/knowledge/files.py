"""Where rule packs are found: the shipped folder, extra folders, their YAML files in name order.

The one copy of pack discovery: loading, `rules …` and the cache key all read it.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from typing import TYPE_CHECKING

from recommender.errors import UsageError

if TYPE_CHECKING:
    from pathlib import Path

# os.path rather than pathlib, hashlib or dataclasses: the warm path must import
# little more than click does.
PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RULES_ENV = "RECOMMENDER_RULES"
MAX_PACK_BYTES = 1 << 20  # a bigger pack file is refused before parsing (and not hashed past this)


def shipped_dir() -> str:
    """`recommender/rules` in an installed wheel, `rules/` beside the package in a checkout."""
    inside = os.path.join(PACKAGE_DIR, "rules")
    return inside if os.path.isdir(inside) else os.path.join(os.path.dirname(PACKAGE_DIR), "rules")


def env_rules_dirs() -> list[str]:
    return [p for p in os.environ.get(RULES_ENV, "").split(os.pathsep) if p]


class PackFile:
    """A rule file and its layer: 0 for the shipped pack, then one per extra folder."""

    __slots__ = ("path", "layer")

    def __init__(self, path: str | Path, layer: int) -> None:
        self.path = path
        self.layer = layer


def pack_files(extra_dirs: Iterable[str | Path] = (), *, flag: str = "--rules", shipped: bool = True) -> list[PackFile]:
    """Every YAML file of the shipped pack (unless `shipped` is false) then of each extra folder, in name order."""
    files = [PackFile(p, 0) for p in yaml_files(shipped_dir())] if shipped else []
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




class NotRegular(OSError):
    """A path that is a FIFO, device, socket or folder where a file was expected."""


def open_regular(path: str, *, follow: bool = True) -> tuple[int, os.stat_result]:
    """A read-only descriptor on `path` and its status, only if it is a regular file.

    A FIFO would block `open` until a writer appears and a device can read for
    ever, so the path is checked before opening, then opened without blocking
    and checked again on the descriptor (it may have been swapped meanwhile).
    With `follow=False` a symbolic link is refused too.
    """
    nofollow = 0 if follow else getattr(os, "O_NOFOLLOW", 0)
    if not stat.S_ISREG((os.stat(path) if follow else os.lstat(path)).st_mode):
        raise NotRegular("not a regular file (a FIFO, device, socket or folder)")
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | nofollow)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegular("not a regular file (a FIFO, device, socket or folder)")
    except BaseException:
        os.close(fd)
        raise
    return fd, info


def read_fd(fd: int, limit: int) -> bytes:
    """At most `limit` + 1 bytes from `fd` (one more than allowed, so the caller can tell it is too big)."""
    chunks, left = [], limit + 1
    while left > 0:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
