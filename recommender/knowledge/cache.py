"""A cache of the compiled knowledge base, keyed by the status of every input (see `load.signature`).

Reading, writing or finding garbage in the cache is never an error: the caller
just compiles again. The cache folder may be shared (`XDG_CACHE_HOME`), so an
entry is read only if it is a regular file of at most MAX_ENTRY_BYTES, owned by
the current user and writable by no one else: anything else could have been
planted, and is ignored.

An entry is a one-line ASCII header (the format, the length and CRC-32 of the
payload), then the payload: the key and the compiled knowledge base in
`marshal` form, the sections only the rule tools read (DEFERRED) kept as bytes
that are read on first use. marshal is the format of the interpreter's own bytecode cache,
and it reads this data in half the time JSON takes (0.3 ms against 0.7 ms for
the shipped pack), a tenth of the warm start's margin. It builds the values
stored and never runs anything; it is not meant for data anyone else could
have written, which the ownership checks rule out, and the checksum, tested
before the payload is read, turns a damaged entry (a truncated or flipped
byte) into a miss rather than an error on every run until it is deleted.
"""

from __future__ import annotations

import marshal
import os
import zlib
from typing import Any

from recommender.errors import OutputError
from recommender.knowledge.files import open_regular, read_fd

FORMAT = 6  # 5: marshal, with the marshal version in the header; 6: DEFERRED sections as bytes
DEFERRED = ("tests", "origins")  # a quarter of the data, which a recommendation never reads
MAGIC = b"recommender-kb"
SUFFIX = ".kb"
MAX_ENTRY_BYTES = 8 << 20  # the shipped knowledge base compiles to about 135 KB
ENTRY_MODE = 0o644  # whatever the umask: an entry others can write is never read


def cache_dir() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "recommender")


def _path(key: str) -> str:
    """One entry per set of input paths; the full key inside says whether it is current. Two sets whose
    names collide share one entry, each a miss for the other: slower, never wrong."""
    paths = "\n".join(line.rsplit(":", 1)[0] for line in key.splitlines())  # each line without its status
    return os.path.join(cache_dir(), f"kb-{zlib.crc32(paths.encode()):08x}{SUFFIX}")


def _header(payload: bytes) -> bytes:
    return b"%s %d.%d %d %08x\n" % (MAGIC, FORMAT, marshal.version, len(payload), zlib.crc32(payload))


def encode(key: str, kb: dict[str, Any]) -> bytes:
    """The entry for `kb` under `key`."""
    later = {name: kb[name] for name in DEFERRED if name in kb}
    now = {name: value for name, value in kb.items() if name not in later}
    payload = marshal.dumps((key, now, marshal.dumps(later)))
    return _header(payload) + payload


def decode(raw: bytes, key: str) -> tuple[dict[str, Any], bytes] | None:
    """The knowledge base of an entry written for `key` without its DEFERRED sections, and those as
    bytes for `deferred`; None for another key, another format, damage."""
    head, _, payload = raw.partition(b"\n")
    if head + b"\n" != _header(payload):
        return None
    found = _unmarshal(payload)
    if not (isinstance(found, tuple) and len(found) == 3 and found[0] == key
            and isinstance(found[1], dict) and isinstance(found[2], bytes)):
        return None
    return found[1], found[2]


def deferred(blob: bytes) -> dict[str, Any]:
    """The DEFERRED sections of an entry; none if they do not read back, which only an entry written by
    hand can do: its checksum was right."""
    found = _unmarshal(blob)
    return found if isinstance(found, dict) else {}


def _unmarshal(data: bytes) -> Any:
    """The value marshal reads from `data`, or None when it cannot read one."""
    try:
        return marshal.loads(data)
    except (ValueError, EOFError, TypeError):
        return None


def read(key: str) -> tuple[dict[str, Any], bytes] | None:
    """A current entry for `key`, as `decode` gives it, or None."""
    raw = _read_trusted(_path(key))
    return None if raw is None else decode(raw, key)


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
        write_output(encode(key, kb), _path(key), force=True, flag="cache", mode=ENTRY_MODE)
    except (OSError, OutputError, ValueError):  # ValueError: a value marshal cannot store
        return
    _prune(folder)


KEEP = 8  # entries: one per set of rule folders in use


def _prune(folder: str) -> None:
    """Drop all but the most recently written entries, so the folder cannot grow without end, and
    entries of an earlier format (`kb-*.json`)."""
    try:
        names = [n for n in os.listdir(folder) if n.startswith("kb-")]
        entries = sorted((os.path.join(folder, n) for n in names if n.endswith(SUFFIX)), key=os.path.getmtime,
                         reverse=True)
        old = [os.path.join(folder, n) for n in names if n.endswith(".json")]
        for stale in entries[KEEP:] + old:
            os.unlink(stale)
    except OSError:
        pass
