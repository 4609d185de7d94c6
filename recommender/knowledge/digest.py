"""A record that the shipped rule files passed schema validation, so a cold start can skip it.

`rules validate --record-digest` writes the SHA-256 of the schemas and the
shipped rule files once they validate. Loading the knowledge base without a
cache then checks the digest and, when it matches, parses and cross-checks
the shipped files without importing jsonschema (about eight times the cost of
starting Python). Any edit changes the digest, and the files are validated as
usual; extra rule packs (`--rules`) are always validated.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from recommender.knowledge.files import PACKAGE_DIR, PackFile, open_regular, shipped_dir

FILE_NAME = "validated.sha256"


def compute(files: Iterable[PackFile]) -> str:
    """The digest of the schema files and the shipped (layer 0) rule files, names and bytes."""
    import hashlib

    schema_dir = os.path.join(PACKAGE_DIR, "schemas")
    paths = [os.path.join(schema_dir, n) for n in sorted(os.listdir(schema_dir)) if n.endswith(".json")]
    paths += sorted(str(f.path) for f in files if f.layer == 0)
    digest = hashlib.sha256()
    for path in paths:
        fd, _ = open_regular(path)  # raises OSError for a FIFO or device: not trusted, then reported
        with os.fdopen(fd, "rb") as fh:
            digest.update(f"{os.path.basename(path)}\0".encode() + fh.read() + b"\0")
    return digest.hexdigest()


def recorded(folder: str | None = None) -> str | None:
    try:
        with open(os.path.join(folder or shipped_dir(), FILE_NAME), encoding="ascii") as fh:
            return fh.read().strip() or None
    except (OSError, UnicodeDecodeError):
        return None


def trusted(files: list[PackFile], folder: str | None = None) -> bool:
    """True when the shipped files are exactly those that were recorded as valid."""
    expected = recorded(folder)
    try:
        return expected is not None and compute(files) == expected
    except OSError:
        return False


def record(files: list[PackFile], folder: str | None = None) -> str:
    """Write the digest of files that just validated; returns the file written."""
    from recommender.output import write_output  # deferred: only `rules validate --record-digest` writes

    target = os.path.join(folder or shipped_dir(), FILE_NAME)
    write_output(compute(files) + "\n", target, force=True, flag="--record-digest")
    return target
