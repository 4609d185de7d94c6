"""Which files make up the pack a `rules` command works on, and which of them are in focus.

The pack is the shipped one (unless standalone), then RECOMMENDER_RULES and
--rules folders, then each PATH argument as one more layer. PATH files are the
focus: lint reports findings in them, test runs their tests, coverage measures
their rules. Without PATH arguments the whole pack is in focus.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from recommender.errors import UsageError
from recommender.kb import KnowledgeBase, PackFile, env_rules_dirs, shipped_rules_dir


@dataclass
class Pack:
    files: list[PackFile]
    focus: set[Path] | None  # None: every file is in focus

    def in_focus(self, file: str) -> bool:
        return self.focus is None or Path(file).resolve() in self.focus


def yaml_files(folder: Path) -> list[Path]:
    names = sorted(n for n in os.listdir(folder) if n.endswith((".yaml", ".yml")) and not n.startswith("."))
    return [folder / n for n in names]


def _expand(path: str | Path, flag: str) -> list[Path]:
    """The YAML files of a folder (in name order), or the file itself."""
    given = Path(path)
    if given.is_dir():
        try:
            return yaml_files(given)
        except OSError as exc:
            raise UsageError(f"{flag}: cannot read folder {path}: {exc.strerror}") from None
    if given.is_file() and flag != "--rules":
        return [given]
    if given.is_file():
        raise UsageError(f"{flag}: not a folder: {path} (give the folder that holds the .yaml files)")
    raise UsageError(f"{flag}: no such file or folder: {path}")


def collect(paths: Iterable[str], rules: Iterable[str], *, standalone: bool = False) -> Pack:
    """The layered files; a file already in an earlier layer is not read twice."""
    layers: list[tuple[list[Path], bool]] = []
    if not standalone:
        layers.append((yaml_files(shipped_rules_dir()), False))
    layers += [(_expand(d, "--rules"), False) for d in [*env_rules_dirs(), *rules]]
    given = list(paths)
    layers += [(_expand(p, "PATH"), True) for p in given]
    seen: set[Path] = set()
    files: list[PackFile] = []
    focus: set[Path] = set()
    for layer, (members, focused) in enumerate(layers):
        for path in members:
            resolved = path.resolve()
            if focused:
                focus.add(resolved)
            if resolved not in seen:
                seen.add(resolved)
                files.append(PackFile(shown(path), layer))
    return Pack(files, focus if given else None)


def shown(path: Path) -> Path:
    """Relative to the working folder when inside it: shorter, and the same on every machine."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except (ValueError, OSError):
        return path


def compile_pack(pack: Pack) -> KnowledgeBase:
    """The checked knowledge base; RulePackError (exit 3) lists every problem."""
    from recommender.compiler import compile_packs

    return KnowledgeBase(compile_packs(pack.files))


def origin(kb: KnowledgeBase, section: str, item_id: str) -> tuple[str, int, int]:
    """Where an item of the merged pack was defined: file, line, column."""
    where: list[Any] = kb.data["origins"][section][item_id]
    return str(where[0]), int(where[1]), int(where[2])
