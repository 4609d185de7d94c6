"""A cache of the compiled knowledge base, keyed by the status of every input (see `load.signature`).

Reading, writing or finding garbage in the cache is never an error: the caller
just compiles again, and each miss comes with a reason that `--debug` prints.
The cache folder may be shared (`XDG_CACHE_HOME`), so the folder is used only
if it is a real directory of the current user that no one else can write
(`folder_problem`), and an entry is read only if it is a regular
file of at most MAX_ENTRY_BYTES, owned by the current user and writable by no
one else: anything else could have been planted, and is ignored.

An entry is a one-line ASCII header (the format, the length of the payload, a
CRC-32 of the payload seeded with the pack's digest, and that digest), then
the payload: the key and the compiled knowledge base in `marshal` form, the
sections only the rule tools read (DEFERRED) kept as bytes that are read on
first use. The pack's digest (`load.pack_digest`, a CRC-32 of the rule files'
bytes) ties the entry to the files it was compiled from: an entry compiled from
other content, or edited by hand, is a miss. marshal is the format of the
interpreter's own bytecode cache, and it reads this data in half the time JSON
takes (0.3 ms against 0.7 ms for the shipped pack). It builds the values stored
and never runs anything; it is not meant for data anyone else could have
written, which the ownership checks rule out, and any failure to read the
content back (a damaged length, a section missing) is a miss as well.
"""

from __future__ import annotations

import marshal
import os
import re
import stat
import zlib
from typing import Any

from recommender.errors import OutputError
from recommender.knowledge.files import open_regular, read_fd

FORMAT = 7  # 5: marshal, with the marshal version in the header; 6: DEFERRED sections as bytes; 7: the pack digest
DEFERRED = ("tests", "origins")  # a quarter of the data, which a recommendation never reads
SECTIONS = {"questions": list, "candidates": list, "sources": list, "rules": list, "settings": dict}  # always there
MAGIC = b"recommender-kb"
SUFFIX = ".kb"
MAX_ENTRY_BYTES = 8 << 20  # the shipped knowledge base compiles to about 135 KB
ENTRY_MODE = 0o644  # whatever the umask: an entry others can write is never read
FOLDER_MODE = 0o700  # a new cache folder: only its owner may list or write it
NAME = r"kb-[0-9a-f]{8}\.kb|kb-[0-9a-f]{8,16}\.json"  # entries of this format and of the earlier JSON one


def cache_dir() -> str:
    """`$XDG_CACHE_HOME/recommender`, else `~/.cache/recommender`; a relative XDG_CACHE_HOME is ignored, as the
    XDG specification says (it would name a different folder in every working folder)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "recommender")


def folder_problem(folder: str) -> str | None:
    """Why the cache folder must not be used, or None: it must be a real directory (not a link), owned by this
    user and writable by no one else. A folder that does not exist yet is no problem (it is created 0700)."""
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"cannot check the folder {folder}: {exc.strerror or exc}"
    return _folder_problem(info, folder)


def _folder_problem(info: os.stat_result, folder: str) -> str | None:
    if stat.S_ISLNK(info.st_mode):
        return f"the folder {folder} is a symbolic link"
    if not stat.S_ISDIR(info.st_mode):
        return f"{folder} is not a folder"
    if not _owned(info):
        return f"the folder {folder} belongs to another user"
    if info.st_mode & 0o022:
        return f"the folder {folder} is writable by group or others: mode {stat.S_IMODE(info.st_mode):o}"
    return None


def _path(key: str) -> str:
    """One entry per set of input paths; the full key inside says whether it is current. Two sets whose
    names collide share one entry, each a miss for the other: slower, never wrong."""
    paths = "\n".join(line.rsplit(":", 1)[0] for line in key.splitlines())  # each line without its status
    return os.path.join(cache_dir(), f"kb-{zlib.crc32(paths.encode()):08x}{SUFFIX}")


def _header(payload: bytes, digest: int) -> bytes:
    return b"%s %d.%d %d %08x %08x\n" % (MAGIC, FORMAT, marshal.version, len(payload), zlib.crc32(payload, digest),
                                         digest)


def encode(key: str, kb: dict[str, Any], digest: int) -> bytes:
    """The entry for `kb` under `key`, compiled from a pack whose digest is `digest`."""
    later = {name: kb[name] for name in DEFERRED if name in kb}
    now = {name: value for name, value in kb.items() if name not in later}
    payload = marshal.dumps((key, now, marshal.dumps(later)))
    return _header(payload, digest) + payload


def decode(raw: bytes, key: str, digest: int) -> tuple[dict[str, Any], bytes] | str:
    """The knowledge base of an entry written for `key` from the pack of `digest`, without its DEFERRED
    sections, and those as bytes for `deferred`; else why not."""
    head, _, payload = raw.partition(b"\n")
    fields = head.split(b" ")
    if fields[:2] != [MAGIC, b"%d.%d" % (FORMAT, marshal.version)] or len(fields) != 5:
        return "written by another version"
    if fields[4] != b"%08x" % digest:
        return "compiled from other rule files"
    if head + b"\n" != _header(payload, digest):
        return "damaged or edited: its checksum does not match"
    found = _unmarshal(payload)
    if not (isinstance(found, tuple) and len(found) == 3 and isinstance(found[1], dict)
            and isinstance(found[2], bytes)):
        return "its content does not read back"
    if found[0] != key:
        return "the rule files changed"
    if any(not isinstance(found[1].get(name), kind) for name, kind in SECTIONS.items()):
        return "a section is missing"
    return found[1], found[2]


def deferred(blob: bytes) -> dict[str, Any]:
    """The DEFERRED sections of an entry; none if they do not read back, which only an entry written by
    hand can do: its checksum was right."""
    found = _unmarshal(blob)
    return found if isinstance(found, dict) else {}


def _unmarshal(data: bytes) -> Any:
    """The value marshal reads from `data`, or None when it cannot read one: whatever it raises (a bad code, a
    length past the end, a list claiming 2**31 items under a memory limit)."""
    try:
        return marshal.loads(data)
    except Exception:  # noqa: BLE001 - ValueError, EOFError, TypeError, MemoryError, RecursionError …: all a miss
        return None


def read(key: str, digest: int) -> tuple[dict[str, Any], bytes] | str:
    """A current entry for `key`, as `decode` gives it, or why there is none (the caller checks the folder)."""
    raw = _read_trusted(_path(key))
    return raw if isinstance(raw, str) else decode(raw, key, digest)


def _read_trusted(path: str) -> bytes | str:
    """The entry's bytes if only this user could have written it, else why not (a miss)."""
    try:
        fd, info = open_regular(path, follow=False)  # a link could point anywhere, /dev/zero included
    except FileNotFoundError:
        return "no entry"
    except OSError:
        return "the entry is not a regular file"
    try:
        problem = _untrusted(info)
        raw = b"" if problem else read_fd(fd, MAX_ENTRY_BYTES)
    except OSError as exc:
        return f"the entry cannot be read: {exc.strerror or exc}"
    finally:
        os.close(fd)
    if problem:
        return problem
    return raw if len(raw) <= MAX_ENTRY_BYTES else "the entry is too large"


def _owned(info: os.stat_result) -> bool:
    return not hasattr(os, "geteuid") or info.st_uid == os.geteuid()  # no owners to compare on Windows


def _untrusted(info: os.stat_result) -> str | None:
    if not _owned(info):
        return "the entry belongs to another user"
    if info.st_mode & 0o022:
        return "the entry is writable by others"
    return "the entry is too large" if info.st_size > MAX_ENTRY_BYTES else None


def write(key: str, kb: dict[str, Any], digest: int) -> str | None:
    """Store the compiled knowledge base through the one atomic writer; None when written, else why not
    (never an error)."""
    from recommender.output import write_output  # deferred: only a cache miss writes

    folder = cache_dir()
    try:
        if not os.path.lexists(folder):
            os.makedirs(os.path.dirname(folder), exist_ok=True)
            os.mkdir(folder, FOLDER_MODE)
        problem = folder_problem(folder)  # checked again after creating: it may have appeared meanwhile
        if problem:
            return f"not written: {problem}"
        write_output(encode(key, kb, digest), _path(key), force=True, flag="cache", mode=ENTRY_MODE)
    except (OSError, OutputError, ValueError) as exc:  # ValueError: a value marshal cannot store
        return f"not written: {exc}"
    _prune(folder)
    return None


KEEP = 8  # entries: one per set of rule folders in use


def _prune(folder: str) -> None:
    """Drop all but the most recently written entries, so the folder cannot grow without end, and entries of an
    earlier format (`kb-*.json`). Only names the cache itself writes, only regular files of this user, and only
    in the checked folder, opened without following a link: nothing else is ever removed."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return
    try:
        if _folder_problem(os.fstat(fd), folder) is None:  # the folder opened, whatever its name points to now
            _prune_in(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _prune_in(fd: int) -> None:
    entries: list[tuple[int, str]] = []
    old: list[str] = []
    for name in os.listdir(fd):
        if not re.fullmatch(NAME, name):
            continue
        try:
            info = os.stat(name, dir_fd=fd, follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(info.st_mode) or not _owned(info):
            continue
        if name.endswith(".json"):
            old.append(name)
        else:
            entries.append((info.st_mtime_ns, name))
    for name in [n for _, n in sorted(entries, reverse=True)[KEEP:]] + old:
        try:
            os.unlink(name, dir_fd=fd)
        except OSError:
            pass
