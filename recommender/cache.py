"""A JSON cache of the compiled knowledge base, keyed by the content of every input.

Reading, writing or finding garbage in the cache is never an error: the caller
just compiles again.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

FORMAT = 1


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "recommender"


def read(key: str) -> dict[str, Any] | None:
    try:
        with open(cache_dir() / f"kb-{key}.json", encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("key") != key:
        return None
    kb = data.get("kb")
    return kb if isinstance(kb, dict) else None


def write(key: str, kb: dict[str, Any]) -> None:
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=".kb-", suffix=".tmp", dir=folder)
    except OSError:
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"format": FORMAT, "key": key, "kb": kb}, fh, ensure_ascii=False)
        os.replace(temp, folder / f"kb-{key}.json")
    except OSError:
        try:
            os.unlink(temp)
        except OSError:
            pass
