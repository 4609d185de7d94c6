"""Writing an output file atomically."""

from __future__ import annotations

import os
import tempfile

from recommender.errors import OutputError


def write_output(text: str, path: str, *, force: bool, inputs: list[str]) -> None:
    """Temp file in the same folder, fsync, rename; refuses to overwrite without force."""
    if os.path.exists(path) and not force:
        raise OutputError(f"--output: {path} exists; add --force to replace it")
    folder = os.path.dirname(os.path.abspath(path))
    fd, temp = tempfile.mkstemp(prefix=".recommender-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temp, path)
    except BaseException:
        os.unlink(temp)
        raise
