"""Loading the knowledge base: the cache when it is current, else the compiler.

The fast path reads only the cache entry and checks the input files' status;
the YAML parser and jsonschema are imported only when the cache is stale.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING

from recommender.knowledge import cache
from recommender.knowledge.files import PACKAGE_DIR, PackFile, pack_files
from recommender.knowledge.model import KnowledgeBase
from recommender.version import __version__

if TYPE_CHECKING:
    from pathlib import Path


def signature(files: list[PackFile]) -> str:
    """What the cache entry must match: the version, and every input file's layer, path and status.

    The status is the file's size, inode, and nanosecond modification and change times. The change
    time (ctime) moves on every write and cannot be set back by the user, so an in-place edit that
    restores the mtime is still seen; no file is read or hashed on the warm path (hashing the 190 KB
    of schemas and packs cost 0.6 ms there, a fifth of the warm start's budget). A file that cannot
    be read is marked as such (the compiler then reports it).
    """
    schema_dir = os.path.join(PACKAGE_DIR, "schemas")
    inputs = [(0, os.path.join(schema_dir, n)) for n in sorted(os.listdir(schema_dir)) if n.endswith(".json")]
    parts = [__version__]
    for layer, path in inputs + [(f.layer, str(f.path)) for f in files]:
        parts.append(f"{layer}:{os.path.abspath(path)}:{_status(path)}")
    return "\n".join(parts)


def _status(path: str) -> str:
    try:
        st = os.stat(path)
    except OSError:
        return "unreadable"
    return f"{st.st_size}/{st.st_ino}/{st.st_mtime_ns}/{st.st_ctime_ns}"  # one field: cache._path drops it


def load_knowledge_base(
    rules_dirs: Iterable[str | Path] = (), *, use_cache: bool = True, flag: str = "--rules", shipped: bool = True,
) -> KnowledgeBase:
    """The shipped knowledge base layered with `rules_dirs` (with `shipped=False`, those folders alone);
    raises RulePackError if invalid."""
    files = pack_files(rules_dirs, flag=flag, shipped=shipped)
    key = signature(files)
    kb = _from_cache(key) if use_cache else None
    if kb is None:
        from recommender.knowledge.compiler import compile_packs  # deferred: YAML and jsonschema on a cache miss only

        data = compile_packs(files, trust_shipped=True)
        if use_cache:
            cache.write(key, data)
        kb = KnowledgeBase(data)
    kb.files = [str(f.path) for f in files]
    return kb


def _from_cache(key: str) -> KnowledgeBase | None:
    """The knowledge base of a current cache entry, or None: an entry it cannot be built from is a miss."""
    found = cache.read(key)
    if found is None:
        return None
    data, later = found
    try:
        return KnowledgeBase(data, lambda: cache.deferred(later))
    except Exception:  # noqa: BLE001 - whatever a malformed entry raises, compiling afresh is the answer
        return None
