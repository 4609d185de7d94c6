"""A JSON cache of the compiled knowledge base, keyed by the content of every input.

Reading, writing or finding garbage in the cache is never an error: the caller
just compiles again.
"""

from __future__ import annotations

import json
import os
import zlib
from typing import Any

FORMAT = 2


def cache_dir() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "recommender")


def _path(key: str) -> str:
    """One entry per set of input paths; the full key inside says whether it is current."""
    paths = "\n".join(line.rsplit(":", 3)[0] for line in key.splitlines())
    return os.path.join(cache_dir(), f"kb-{zlib.crc32(paths.encode()):08x}.json")


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
    import tempfile

    folder = cache_dir()
    try:
        os.makedirs(folder, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=".kb-", suffix=".tmp", dir=folder)
    except OSError:
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"format": FORMAT, "key": key, "kb": kb}, fh, ensure_ascii=False)
        os.replace(temp, _path(key))
    except OSError:
        try:
            os.unlink(temp)
        except OSError:
            pass
