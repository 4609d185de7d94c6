"""Writing a file atomically, the one writer for `--output` and `--save-answers`: the target holds the
old content or the new, never half.

The text goes to a temp file in the target's own folder (a rename is only atomic
within one file system), is fsynced, then renamed over the target. Whatever
stops the run before the rename (an error, Ctrl-C, SIGTERM, SIGHUP) removes the
temp file, so a failed run leaves neither a file nor a temp file behind. Only
SIGKILL (or a power cut) can leave one: the next write to that folder removes
temp files of this writer, by name and owner, older than STALE_AFTER.
"""

from __future__ import annotations

import errno
import os
import shlex
import signal
import stat
import tempfile
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import TextIO

from recommender.errors import OutputError

FLAG = "--output"  # the flag named in messages unless a caller names its own
TEMP_NAME = r"\..+\.[a-z0-9_]{8}\.tmp"  # `.<target>.<8 random characters>.tmp`, as `atomic_writer` names them
STALE_AFTER = 3600  # seconds: no write takes that long, so an older temp file was left by a killed run


def check_target(path: str, *, force: bool, inputs: Iterable[str] = (), flag: str = FLAG) -> None:
    """Refuse a target that is missing its folder, an input, a link, a directory or a device."""
    if not path:
        raise OutputError(f"{flag}: empty file name")
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        if os.path.exists(folder):
            raise OutputError(f"{flag}: not a folder: {folder}")
        # Not created here: a typo in a path would silently grow a tree of folders.
        raise OutputError(f"{flag}: no such folder: {folder}; create it first: mkdir -p {shlex.quote(folder)}")
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise OutputError(f"{flag}: cannot check {path}: {exc.strerror or exc}") from None
    # Checked before --force: forcing must never write through a link or onto an input.
    if stat.S_ISLNK(info.st_mode):
        raise OutputError(f"{flag}: {path} is a symbolic link; give the real file name")
    if stat.S_ISDIR(info.st_mode):
        raise OutputError(f"{flag}: {path} is a directory; give a file name")
    if not stat.S_ISREG(info.st_mode):
        raise OutputError(f"{flag}: {path} is not a regular file (a device, FIFO or socket)")
    for given in inputs:
        if _same_file(info, given):
            raise OutputError(f"{flag}: {path} is also an input ({given}); choose another file")
    if not force:
        raise OutputError(f"{flag}: {path} exists; add --force to replace it")


def _same_file(info: os.stat_result, other: str) -> bool:
    try:
        theirs = os.stat(other)
    except OSError:
        return False
    return (info.st_dev, info.st_ino) == (theirs.st_dev, theirs.st_ino)


@contextmanager
def atomic_writer(
    path: str, *, force: bool, inputs: Iterable[str] = (), flag: str = FLAG, mode: int | None = None
) -> Iterator[TextIO]:
    """A text stream that becomes `path` only when the block ends without an exception.

    The file keeps the permissions of the one it replaces, or gets 0666 less the
    umask; `mode` sets them outright (the cache must not be writable by others).
    """
    inputs = list(inputs)
    check_target(path, force=force, inputs=inputs, flag=flag)
    folder = os.path.dirname(os.path.abspath(path))
    temp: str | None = None
    with _signals_as_interrupt():
        try:
            with _signals_held():  # the temp file is named before an interrupt can leave it behind
                try:
                    fd, temp = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".tmp", dir=folder)
                except OSError as exc:
                    raise OutputError(f"{flag}: cannot write in {folder}: {exc.strerror or exc}") from None
            _remove_stale(folder, os.path.basename(temp))
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                os.fchmod(fh.fileno(), _mode_for(path) if mode is None else mode)
                yield fh
                fh.flush()
                os.fsync(fh.fileno())
            _commit(temp, path, force=force, inputs=inputs, flag=flag)
        except BaseException:
            if temp is not None:
                _remove(temp)
            raise


def write_output(
    text: str | bytes, path: str, *, force: bool, inputs: Iterable[str] = (), flag: str = FLAG, mode: int | None = None
) -> None:
    """Write `text` (UTF-8, or bytes as they are) to `path` atomically; refuses to overwrite without force."""
    try:
        with atomic_writer(path, force=force, inputs=inputs, flag=flag, mode=mode) as fh:
            if isinstance(text, bytes):
                fh.buffer.write(text)  # nothing is buffered in the text layer: it was never written to
            else:
                fh.write(text)
    except OSError as exc:
        raise OutputError(f"{flag}: cannot write {path}: {exc.strerror or exc}") from None


def _commit(temp: str, path: str, *, force: bool, inputs: list[str], flag: str) -> None:
    # Check again: the target may have appeared (or turned into a link) while we wrote.
    check_target(path, force=force, inputs=inputs, flag=flag)
    if force:
        os.replace(temp, path)
    else:
        _link_no_clobber(temp, path, flag)
    _sync_folder(os.path.dirname(os.path.abspath(path)))


def _link_no_clobber(temp: str, path: str, flag: str) -> None:
    """Without --force, a hard link fails if the target appeared meanwhile: no silent clobber."""
    try:
        os.link(temp, path)
    except FileExistsError:
        raise OutputError(f"{flag}: {path} exists; add --force to replace it") from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise
        os.replace(temp, path)  # a file system without hard links: the check above must do
        return
    os.unlink(temp)


def _mode_for(path: str) -> int:
    """Keep a replaced file's permissions; a new file gets the usual 0666 less the umask."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def _sync_folder(folder: str) -> None:
    """Make the rename itself durable; not every platform can open a folder, which is fine."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove_stale(folder: str, own: str) -> None:
    """Remove what a killed run of this writer left in `folder`: regular files named as its temp files, owned by
    this user, last written more than STALE_AFTER ago. Anything else, and any failure, is left alone."""
    import re
    import time

    now = time.time()
    try:
        names = [n for n in os.listdir(folder) if n != own and re.fullmatch(TEMP_NAME, n)]
    except OSError:
        return
    for name in names:
        path = os.path.join(folder, name)
        try:
            info = os.lstat(path)
            if stat.S_ISREG(info.st_mode) and _owned(info) and now - info.st_mtime > STALE_AFTER:
                os.unlink(path)
        except OSError:
            continue


def _owned(info: os.stat_result) -> bool:
    return not hasattr(os, "geteuid") or info.st_uid == os.geteuid()


def _remove(temp: str) -> None:
    try:
        os.unlink(temp)
    except FileNotFoundError:
        pass


@contextmanager
def _signals_held() -> Iterator[None]:
    """SIGINT, SIGTERM and SIGHUP wait while the block runs (a signal that came meanwhile is delivered at
    its end), so no interrupt lands between a file's creation and the name that lets it be removed."""
    held = {getattr(signal, n) for n in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, n)}
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextmanager
def _signals_as_interrupt() -> Iterator[None]:
    """SIGTERM and SIGHUP raise KeyboardInterrupt while a temp file exists, so it is cleaned up."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    names = ("SIGTERM", "SIGHUP")
    wanted = [getattr(signal, n) for n in names if hasattr(signal, n)]
    previous = {sig: signal.getsignal(sig) for sig in wanted}

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    for sig in wanted:
        if previous[sig] == signal.SIG_DFL:  # an embedding program's own handler is left alone
            signal.signal(sig, interrupt)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
