"""Loading the knowledge base: the cache when it is current, else the compiler.

The fast path reads only the cache (JSON) and checks the input files' status;
the YAML parser and jsonschema are imported only when the cache is stale.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING

from recommender import __version__
from recommender.knowledge import cache
from recommender.knowledge.files import PACKAGE_DIR, PackFile, pack_files
from recommender.knowledge.model import KnowledgeBase

if TYPE_CHECKING:
    from pathlib import Path


def signature(files: list[PackFile]) -> str:
    """What the cache entry must match: the version and every input file's path, size, nanosecond mtime and inode.

    It is status data, not a digest of the content: the warm path reads and
    hashes no file. An edit that keeps the size and restores the mtime is not
    seen; `--no-cache` compiles afresh.
    """
    schema_dir = os.path.join(PACKAGE_DIR, "schemas")
    inputs = [(0, os.path.join(schema_dir, n)) for n in sorted(os.listdir(schema_dir)) if n.endswith(".json")]
    parts = [__version__]
    for layer, path in inputs + [(f.layer, str(f.path)) for f in files]:
        try:
            st = os.stat(path)
            parts.append(f"{layer}:{os.path.abspath(path)}:{st.st_size}:{st.st_mtime_ns}:{st.st_ino}")
        except OSError:
            parts.append(f"{layer}:{path}:unreadable")
    return "\n".join(parts)


def load_knowledge_base(
    rules_dirs: Iterable[str | Path] = (), *, use_cache: bool = True, flag: str = "--rules"
) -> KnowledgeBase:
    """The shipped knowledge base layered with `rules_dirs`; raises RulePackError if invalid."""
    files = pack_files(rules_dirs, flag=flag)
    key = signature(files)
    data = cache.read(key) if use_cache else None
    if data is None:
        from recommender.knowledge.compiler import compile_packs  # deferred: YAML and jsonschema on a cache miss only

        data = compile_packs(files, trust_shipped=True)
        if use_cache:
            cache.write(key, data)
    kb = KnowledgeBase(data)
    kb.files = [str(f.path) for f in files]
    return kb


