"""A JSON cache of the compiled knowledge base, keyed by the status of every input (see `load.signature`).

Reading, writing or finding garbage in the cache is never an error: the caller
just compiles again.
"""

from __future__ import annotations

import json
import os
from typing import Any

from recommender.errors import OutputError

FORMAT = 2


def cache_dir() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "recommender")


def _path(key: str) -> str:
    """One entry per set of input paths; the full key inside says whether it is current."""
    paths = "\n".join(line.rsplit(":", 3)[0] for line in key.splitlines())
    return os.path.join(cache_dir(), f"kb-{_fnv1a(paths):016x}.json")


def _fnv1a(text: str) -> int:
    """A stable 64-bit name for a string (the built-in hash() changes with every process)."""
    value = 0xCBF29CE484222325
    for byte in text.encode():
        value = ((value ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return value


def read(key: str) -> dict[str, Any] | None:
    try:
        with open(_path(key), encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("key") != key:
        return None
    kb = data.get("kb")
    return kb if isinstance(kb, dict) else None


def write(key: str, kb: dict[str, Any]) -> None:
    """Store the compiled knowledge base through the one atomic writer; any failure just skips it."""
    from recommender.output import write_output  # deferred: only a cache miss writes

    folder = cache_dir()
    try:
        os.makedirs(folder, exist_ok=True)
        text = json.dumps({"format": FORMAT, "key": key, "kb": kb}, ensure_ascii=False)
        write_output(text, _path(key), force=True, flag="cache")
    except (OSError, OutputError):
        return
    _prune(folder)


KEEP = 8  # entries: one per set of rule folders in use


def _prune(folder: str) -> None:
    """Drop all but the most recently written entries, so the folder cannot grow without end."""
    try:
        entries = [os.path.join(folder, n) for n in os.listdir(folder) if n.startswith("kb-") and n.endswith(".json")]
        entries.sort(key=os.path.getmtime, reverse=True)
        for stale in entries[KEEP:]:
            os.unlink(stale)
    except OSError:
        pass
