"""`rules validate`: every problem of every file, located, as lines or JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass

from recommender.errors import Located, RulePackError
from recommender.knowledge.model import KnowledgeBase
from recommender.ruletools.packs import Pack, compile_pack


@dataclass
class Report:
    files: int
    problems: list[Located]
    kb: KnowledgeBase | None

    @property
    def valid(self) -> bool:
        return not self.problems

    def as_json(self) -> str:
        doc = {"status": "valid" if self.valid else "invalid", "errors": [p.as_dict() for p in self.problems]}
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"

    def summary(self) -> str:
        if self.kb is None:
            return f"invalid: {len(self.problems)} error{'' if len(self.problems) == 1 else 's'}"
        counted = [(len(self.kb.section(s)), s[:-1]) for s in ("candidates", "questions", "rules", "tests")]
        return "valid: " + ", ".join(_plural(n, word) for n, word in [(self.files, "file"), *counted])


def validate(pack: Pack) -> Report:
    """Parse, schema-check, merge and cross-check the pack; never stops at the first problem."""
    try:
        kb = compile_pack(pack)
    except RulePackError as exc:
        return Report(len(pack.files), exc.problems, None)
    except Located as exc:
        return Report(len(pack.files), [exc], None)
    return Report(len(pack.files), [], kb)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
