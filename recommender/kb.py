"""The knowledge base: where packs are found, how they are cached, what the engine reads.

The fast path reads only the cache (JSON) and hashes the input files; the YAML
parser and jsonschema are imported only when the cache is stale.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from recommender import __version__, cache
from recommender.conditions import Test, compile_condition
from recommender.errors import UsageError

PACKAGE_DIR = Path(__file__).parent
RULES_ENV = "RECOMMENDER_RULES"


def shipped_rules_dir() -> Path:
    """`recommender/rules` in an installed wheel, `rules/` beside the package in a checkout."""
    inside = PACKAGE_DIR / "rules"
    return inside if inside.is_dir() else PACKAGE_DIR.parent / "rules"


def env_rules_dirs() -> list[str]:
    return [p for p in os.environ.get(RULES_ENV, "").split(os.pathsep) if p]


@dataclass(frozen=True)
class PackFile:
    """A rule file and its layer: 0 for the shipped pack, then one per extra folder."""

    path: Path
    layer: int


def pack_files(extra_dirs: Iterable[str | Path] = (), *, flag: str = "--rules") -> list[PackFile]:
    """Every YAML file of the shipped pack then of each extra folder, in name order."""
    files = [PackFile(p, 0) for p in _yaml_files(shipped_rules_dir())]
    for layer, folder in enumerate(extra_dirs, start=1):
        files.extend(PackFile(p, layer) for p in _yaml_files(_checked_dir(folder, flag)))
    return files


def _checked_dir(folder: str | Path, flag: str) -> Path:
    path = Path(folder)
    if not path.exists():
        raise UsageError(f"{flag}: no such folder: {folder}")
    if not path.is_dir():
        raise UsageError(f"{flag}: not a folder: {folder} (give the folder that holds the .yaml files)")
    if not os.access(path, os.R_OK | os.X_OK):
        raise UsageError(f"{flag}: cannot read folder: {folder}")
    return path


def _yaml_files(folder: Path) -> list[Path]:
    try:
        names = sorted(os.listdir(folder))
    except OSError as exc:
        raise UsageError(f"cannot read rules folder {folder}: {exc.strerror}") from None
    return [folder / n for n in names if n.endswith((".yaml", ".yml")) and not n.startswith(".")]


def fingerprint(files: list[PackFile]) -> str:
    """A key that changes with any rule file, schema file or the package version."""
    digest = hashlib.sha256(f"{__version__}\0".encode())
    schema_dir = PACKAGE_DIR / "schemas"
    inputs = [(0, p) for p in sorted(schema_dir.glob("*.json"))] + [(f.layer, f.path) for f in files]
    for layer, path in inputs:
        digest.update(f"{layer}\0{path}\0".encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"\0unreadable\0")
    return digest.hexdigest()[:32]


def load_knowledge_base(
    rules_dirs: Iterable[str | Path] = (), *, use_cache: bool = True, flag: str = "--rules"
) -> KnowledgeBase:
    """The shipped knowledge base layered with `rules_dirs`; raises RulePackError if invalid."""
    files = pack_files(rules_dirs, flag=flag)
    key = fingerprint(files)
    data = cache.read(key) if use_cache else None
    if data is None:
        from recommender.compiler import compile_packs

        data = compile_packs(files)
        if use_cache:
            cache.write(key, data)
    return KnowledgeBase(data)


@dataclass
class Rule:
    id: str
    kind: str
    effects: dict[str, int]
    text: dict[str, str]
    source: str
    quote: str | None
    when: Mapping[str, Any] | None
    test: Test
    questions: list[str]


@dataclass(frozen=True)
class Outcome:
    """What a group of rules does for one combination of the answers it reads."""

    effects: tuple[tuple[str, int], ...]
    fired: tuple[Rule, ...]
    undecided: tuple[Rule, ...]


class RuleGroup:
    """Rules that read the same questions, with their outcomes memoised per answer combination.

    A rule's verdict depends only on the answers to its own questions, and those
    have few combinations, so scoring a profile costs one lookup per group.
    """

    def __init__(self, questions: tuple[str, ...], rules: list[Rule]) -> None:
        self.questions = questions
        self.rules = rules
        self.memo: dict[tuple[Any, ...], Outcome] = {}

    def outcome(self, answers: Mapping[str, Any]) -> Outcome:
        key = tuple(answers.get(q) for q in self.questions)
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = self._evaluate(answers)
        return found

    def _evaluate(self, answers: Mapping[str, Any]) -> Outcome:
        fired: list[Rule] = []
        undecided: list[Rule] = []
        totals: dict[str, int] = {}
        for rule in self.rules:
            verdict = rule.test(answers)
            if verdict:
                fired.append(rule)
                for candidate, weight in rule.effects.items():
                    totals[candidate] = totals.get(candidate, 0) + weight
            elif verdict is None:
                undecided.append(rule)
        return Outcome(tuple(sorted(totals.items())), tuple(fired), tuple(undecided))


@dataclass
class KnowledgeBase:
    """Read-only indexes over the compiled data."""

    data: dict[str, Any]
    questions: dict[str, dict[str, Any]] = field(init=False)
    candidates: dict[str, dict[str, Any]] = field(init=False)
    sources: dict[str, dict[str, Any]] = field(init=False)
    rules: list[Rule] = field(init=False)
    groups: list[RuleGroup] = field(init=False)

    def __post_init__(self) -> None:
        from recommender.conditions import questions_of

        self.questions = {q["id"]: q for q in self.data["questions"]}
        self.candidates = {c["id"]: c for c in self.data["candidates"]}
        self.sources = {s["id"]: s for s in self.data["sources"]}
        self.rules = [
            Rule(
                r["id"], r["kind"], r["effects"], r["text"], r["source"], r.get("quote"),
                r.get("when"), compile_condition(r.get("when")), questions_of(r.get("when")),
            )
            for r in self.data["rules"]
        ]
        by_questions: dict[tuple[str, ...], list[Rule]] = {}
        for rule in self.rules:
            by_questions.setdefault(tuple(sorted(rule.questions)), []).append(rule)
        self.groups = [RuleGroup(qs, rules) for qs, rules in sorted(by_questions.items())]

    @property
    def settings(self) -> dict[str, Any]:
        return self.data["settings"]

    @property
    def tests(self) -> list[dict[str, Any]]:
        return self.data["tests"]

    def option_ids(self, question: str) -> list[str]:
        return [o["id"] for o in self.questions[question]["options"]]
