"""Which files make up the pack a `rules` command works on, and which of them are in focus.

The pack is the shipped one (unless standalone), then RECOMMENDER_RULES and
--rules folders, then each PATH argument as one more layer. PATH files are the
focus: lint reports findings in them, test runs their tests, coverage measures
their rules. Without PATH arguments the whole pack is in focus.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from recommender.errors import UsageError
from recommender.knowledge.compiler import compile_packs
from recommender.knowledge.files import RULES_ENV, PackFile, check_dir, env_rules_dirs, shipped_dir, yaml_files
from recommender.knowledge.model import KnowledgeBase


@dataclass
class Pack:
    files: list[PackFile]
    focus: set[Path] | None  # None: every file is in focus

    def in_focus(self, file: str) -> bool:
        return self.focus is None or Path(file).resolve() in self.focus


def _expand(path: str | Path, flag: str) -> list[Path]:
    """The YAML files of a folder (in name order), or, for a PATH argument, the file itself."""
    given = Path(path)
    if flag == "PATH" and given.is_file():
        return [given]
    if flag == "PATH" and not given.exists():
        raise UsageError(f"{flag}: no such file or folder: {path}")
    return [Path(p) for p in yaml_files(check_dir(str(path), flag), flag)]


def collect(paths: Iterable[str], rules: Iterable[str], *, standalone: bool = False) -> Pack:
    """The layered files; a file already in an earlier layer is not read twice."""
    layers: list[tuple[list[Path], bool]] = []
    if not standalone:
        layers.append(([Path(p) for p in yaml_files(shipped_dir())], False))
    layers += [(_expand(d, RULES_ENV), False) for d in env_rules_dirs()]
    layers += [(_expand(d, "--rules"), False) for d in rules]
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
    return KnowledgeBase(compile_packs(pack.files))


def origin(kb: KnowledgeBase, section: str, item_id: str) -> tuple[str, int, int]:
    """Where an item of the merged pack was defined: file, line, column."""
    where: list[Any] = kb.section("origins")[section][item_id]
    return str(where[0]), int(where[1]), int(where[2])
