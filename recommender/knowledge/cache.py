"""A JSON cache of the compiled knowledge base, keyed by the content of every input (see `load.signature`).

Reading, writing or finding garbage in the cache is never an error: the caller
just compiles again. The cache folder may be shared (`XDG_CACHE_HOME`), so an
entry is read only if it is a regular file of at most MAX_ENTRY_BYTES, owned by
the current user and writable by no one else: anything else could have been
planted, and is ignored.

An entry is two lines: a JSON header (format, key, and the CRC-32 of the second
line) and the compiled knowledge base as JSON. The checksum turns a damaged
entry (a truncated or flipped byte that still parses) into a miss, rather than
an error on every run until it is deleted; it is no defence against someone who
can write the entry, which is what the ownership checks are for, so a fast
checksum does (CRC-32 of the 130 KB entry: 0.03 ms; SHA-256 took 0.4 ms of the
warm start's few).
"""

from __future__ import annotations

import json
import os
import zlib
from typing import Any

from recommender.errors import OutputError
from recommender.knowledge.files import open_regular, read_fd

FORMAT = 4  # 4: the checksum is a CRC-32
MAX_ENTRY_BYTES = 8 << 20  # the shipped knowledge base compiles to about 125 KB
ENTRY_MODE = 0o644  # whatever the umask: an entry others can write is never read


def cache_dir() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "recommender")


def _path(key: str) -> str:
    """One entry per set of input paths; the full key inside says whether it is current."""
    paths = "\n".join(line.rsplit(":", 1)[0] for line in key.splitlines())  # each line without its status
    return os.path.join(cache_dir(), f"kb-{_fnv1a(paths):016x}.json")


def _fnv1a(text: str) -> int:
    """A stable 64-bit name for a string (the built-in hash() changes with every process)."""
    value = 0xCBF29CE484222325
    for byte in text.encode():
        value = ((value ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return value


def read(key: str) -> dict[str, Any] | None:
    raw = _read_trusted(_path(key))
    if raw is None:
        return None
    head, _, body = raw.partition(b"\n")
    try:
        header = json.loads(head)
        if header != {"format": FORMAT, "key": key, "crc32": zlib.crc32(body)}:
            return None
        kb = json.loads(body)
    except (ValueError, RecursionError):
        return None
    return kb if isinstance(kb, dict) else None


def _read_trusted(path: str) -> bytes | None:
    """The entry's bytes if only this user could have written it, else None (a miss)."""
    try:
        fd, info = open_regular(path, follow=False)  # a link could point anywhere, /dev/zero included
    except OSError:
        return None
    try:
        if not _trusted(info):
            return None
        raw = read_fd(fd, MAX_ENTRY_BYTES)
    except OSError:
        return None
    finally:
        os.close(fd)
    return raw if len(raw) <= MAX_ENTRY_BYTES else None


def _trusted(info: os.stat_result) -> bool:
    owner = os.geteuid() if hasattr(os, "geteuid") else info.st_uid  # no owners to compare on Windows
    return info.st_uid == owner and not info.st_mode & 0o022 and info.st_size <= MAX_ENTRY_BYTES


def write(key: str, kb: dict[str, Any]) -> None:
    """Store the compiled knowledge base through the one atomic writer; any failure just skips it."""
    from recommender.output import write_output  # deferred: only a cache miss writes

    folder = cache_dir()
    try:
        os.makedirs(folder, exist_ok=True)
        body = json.dumps(kb, ensure_ascii=False)  # one line: json.dumps escapes every newline
        header = {"format": FORMAT, "key": key, "crc32": zlib.crc32(body.encode())}
        text = json.dumps(header) + "\n" + body
        write_output(text, _path(key), force=True, flag="cache", mode=ENTRY_MODE)
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
