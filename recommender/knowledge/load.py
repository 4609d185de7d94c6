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
from recommender.knowledge.files import (
    MAX_PACK_BYTES,
    PACKAGE_DIR,
    NotRegular,
    PackFile,
    open_regular,
    pack_files,
    read_fd,
    sha256,
)
from recommender.knowledge.model import KnowledgeBase

if TYPE_CHECKING:
    from pathlib import Path


def signature(files: list[PackFile]) -> str:
    """What the cache entry must match: the version, and every input file's layer, path and SHA-256.

    A digest of the content, not the files' status: an edit is seen even when
    it keeps the size and restores the mtime. Reading and hashing the schemas and
    the packs (about 190 KB when shipped) costs well under a millisecond. A file
    that is not a regular file or cannot be read is marked as such (the compiler
    then reports it), and one over the pack size limit is not hashed past it.
    """
    schema_dir = os.path.join(PACKAGE_DIR, "schemas")
    inputs = [(0, os.path.join(schema_dir, n)) for n in sorted(os.listdir(schema_dir)) if n.endswith(".json")]
    parts = [__version__]
    for layer, path in inputs + [(f.layer, str(f.path)) for f in files]:
        parts.append(f"{layer}:{os.path.abspath(path)}:{_content_digest(path)}")
    return "\n".join(parts)


def _content_digest(path: str) -> str:
    """The file's SHA-256, or why there is none; never blocks on a FIFO or reads a device."""
    try:
        fd, _ = open_regular(path)
    except NotRegular:
        return "not-regular"
    except OSError:
        return "unreadable"
    try:
        raw = read_fd(fd, MAX_PACK_BYTES)
    except OSError:
        return "unreadable"
    finally:
        os.close(fd)
    return sha256(raw).hexdigest() if len(raw) <= MAX_PACK_BYTES else "too-large"


def load_knowledge_base(
    rules_dirs: Iterable[str | Path] = (), *, use_cache: bool = True, flag: str = "--rules"
) -> KnowledgeBase:
    """The shipped knowledge base layered with `rules_dirs`; raises RulePackError if invalid."""
    files = pack_files(rules_dirs, flag=flag)
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
    data = cache.read(key)
    if data is None:
        return None
    try:
        return KnowledgeBase(data)
    except Exception:  # noqa: BLE001 - whatever a malformed entry raises, compiling afresh is the answer
        return None
