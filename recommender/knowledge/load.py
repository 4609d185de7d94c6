"""Loading the knowledge base: the cache when it is current, else the compiler.

The fast path reads the cache entry, checks the input files' status and the
rule files' digest; the YAML parser and jsonschema are imported only when the
cache is stale.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterable
from typing import TYPE_CHECKING

from recommender.knowledge import cache
from recommender.knowledge.files import MAX_PACK_BYTES, PACKAGE_DIR, PackFile, open_regular, pack_files, read_fd
from recommender.knowledge.model import KnowledgeBase
from recommender.version import __version__

if TYPE_CHECKING:
    from pathlib import Path


def signature(files: list[PackFile]) -> str:
    """What the cache entry must match: the version, and every input file's layer, path and status.

    The status is the file's size, inode, and nanosecond modification and change times. The change
    time (ctime) moves on every write and cannot be set back by the user, so an in-place edit that
    restores the mtime is still seen. The schemas are never read on the warm path (SHA-256 of the 190 KB
    of schemas and packs cost 0.6 ms there, a fifth of the warm start's budget); the rule files are,
    once, for the CRC-32 of `pack_digest`. A file that cannot be read is marked as such (the compiler
    then reports it).
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


def pack_digest(files: list[PackFile]) -> int | None:
    """A CRC-32 of every rule file's layer, path and bytes: what the cache entry was compiled from. None when a
    file cannot be read as a regular file (the compiler then reports it, and nothing is cached).

    Reading the shipped files costs about 0.2 ms of a warm start; it is what tells a cache entry from the pack
    it claims to come from (an entry edited by hand, or compiled from other content under the same status)."""
    digest = 0
    for item in files:
        try:
            fd, _ = open_regular(str(item.path))  # never blocks on a FIFO
        except OSError:
            return None
        try:
            data = read_fd(fd, MAX_PACK_BYTES)
        except OSError:
            return None
        finally:
            os.close(fd)
        digest = zlib.crc32(data, zlib.crc32(f"{item.layer}:{os.path.abspath(item.path)}\n".encode(), digest))
    return digest


def load_knowledge_base(
    rules_dirs: Iterable[str | Path] = (), *, use_cache: bool = True, flag: str = "--rules", shipped: bool = True,
) -> KnowledgeBase:
    """The shipped knowledge base layered with `rules_dirs` (with `shipped=False`, those folders alone);
    raises RulePackError if invalid. `cache_note` on the result says what the cache did (`--debug`
    prints it)."""
    files = pack_files(rules_dirs, flag=flag, shipped=shipped)
    key, digest = signature(files), pack_digest(files) if use_cache else None
    kb, note = _from_cache(key, digest) if use_cache else (None, "not used (--no-cache)")
    if kb is None:
        from recommender.knowledge.compiler import compile_packs  # deferred: YAML and jsonschema on a cache miss only

        data = compile_packs(files, trust_shipped=True)
        if note.startswith("miss") and digest is not None:
            note = f"{note}; {cache.write(key, data, digest) or 'written'}"
        kb = KnowledgeBase(data)
    kb.files = [str(f.path) for f in files]
    kb.cache_note = note
    return kb


def cache_state(files: list[PackFile]) -> str:
    """What the cache holds for these files, as `recommend --debug` would say it, without writing anything: the
    `rules` commands, which always compile, report it."""
    return _from_cache(signature(files), pack_digest(files))[1]


def _from_cache(key: str, digest: int | None) -> tuple[KnowledgeBase | None, str]:
    """The knowledge base of a current cache entry and "hit", or None and why not: an entry it cannot be built
    from is a miss."""
    problem = cache.folder_problem(cache.cache_dir())
    if problem:
        return None, f"skipped ({problem})"
    if digest is None:
        return None, "miss (a rule file cannot be read)"
    found = cache.read(key, digest)
    if isinstance(found, str):
        return None, f"miss ({found})"
    data, later = found
    try:
        return KnowledgeBase(data, lambda: cache.deferred(later)), "hit"
    except Exception:  # noqa: BLE001 - whatever a malformed entry raises, compiling afresh is the answer
        return None, "miss (its content does not build a knowledge base)"
