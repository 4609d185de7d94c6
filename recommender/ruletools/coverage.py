"""`rules coverage`: which article sections the rules cite, and which rules the tests fire."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from recommender.engine.scoring import evaluate
from recommender.errors import AnswersError
from recommender.knowledge.model import KnowledgeBase
from recommender.knowledge.textcheck import escaped
from recommender.ruletools.packs import Pack, origin
from recommender.ruletools.runner import answers_of

SECTION_ORDER = ("一", "二", "三", "四", "五", "六")
BEYOND = "beyond"


@dataclass
class Section:
    name: str
    sources: list[str]
    rules: list[str]
    profile_items: int

    @property
    def cited(self) -> bool:
        return bool(self.rules or self.profile_items)


@dataclass
class Coverage:
    sections: list[Section]
    rules: list[str]  # the rules measured: those in focus
    fired: set[str]

    @property
    def never_fired(self) -> list[str]:
        return [r for r in self.rules if r not in self.fired]

    @property
    def article(self) -> list[Section]:
        return [s for s in self.sections if s.name != BEYOND]

    def rule_share(self) -> tuple[int, int]:
        return len(self.rules) - len(self.never_fired), len(self.rules)

    def section_share(self) -> tuple[int, int]:
        return sum(s.cited for s in self.article), len(self.article)

    def below(self, percent: float) -> bool:
        """Either share under `percent`; an empty measure counts as complete."""
        return any(done * 100 < percent * total for done, total in (self.rule_share(), self.section_share()))


def fired_by_tests(kb: KnowledgeBase) -> set[str]:
    """Every rule that fires for the answers of at least one test of the pack."""
    fired: set[str] = set()
    for test in kb.tests:
        try:
            fired.update(r.id for r in evaluate(kb, answers_of(kb, test)).fired)
        except AnswersError:
            continue  # `rules test` reports it; it fires nothing
    return fired


def measure(kb: KnowledgeBase, pack: Pack) -> Coverage:
    by_section: dict[str, list[str]] = {}
    for sid, source in kb.sources.items():
        by_section.setdefault(source["section"], []).append(sid)
    profile = [e["source"] for c in kb.candidates.values() for items in c.get("profile", {}).values() for e in items]
    sections = [
        Section(
            name, sorted(sids), sorted(r.id for r in kb.rules if r.source in sids),
            sum(s in sids for s in profile),
        )
        for name, sids in sorted(by_section.items(), key=lambda kv: _section_key(kv[0]))
    ]
    measured = sorted(r.id for r in kb.rules if pack.in_focus(origin(kb, "rules", r.id)[0]))
    return Coverage(sections, measured, fired_by_tests(kb))


def _section_key(name: str) -> tuple[int, str]:
    if name in SECTION_ORDER:
        return SECTION_ORDER.index(name), name
    return (len(SECTION_ORDER) + (1 if name == BEYOND else 0)), name


def _percent(done: int, total: int) -> str:
    return f"{done}/{total} ({100.0 if total == 0 else done * 100 / total:.1f}%)"


def render_text(kb: KnowledgeBase, cov: Coverage) -> str:
    lines = ["Sections of the article and the rules citing each:"]
    for s in cov.sections:
        cited = f"{len(s.rules)} rule{'' if len(s.rules) == 1 else 's'}: {', '.join(s.rules)}" if s.rules else "no rule"
        extra = f" (and {s.profile_items} profile items)" if s.profile_items else ""
        lines.append(f"  {s.name}: {cited}{extra}")
    uncited = [s.name for s in cov.article if not s.rules]
    lines.append(f"Sections no rule cites: {', '.join(uncited) or 'none'}")
    lines.append(f"Sections cited by rules or profiles: {_percent(*cov.section_share())}")
    lines.append(f"Rules fired by at least one test: {_percent(*cov.rule_share())}")
    for rule_id in cov.never_fired:
        file, line, _ = origin(kb, "rules", rule_id)
        lines.append(f"  never fired: {rule_id} ({escaped(file, keep='')}:{line})")  # an untrusted file name
    return "\n".join(lines) + "\n"


def as_dict(cov: Coverage) -> dict[str, Any]:
    fired, total = cov.rule_share()
    cited, sections = cov.section_share()
    return {
        "sections": [
            {"section": s.name, "sources": s.sources, "rules": s.rules, "profile_items": s.profile_items}
            for s in cov.sections
        ],
        "uncited_sections": [s.name for s in cov.article if not s.rules],
        "section_share": {"cited": cited, "total": sections},
        "rules": {"fired": fired, "total": total, "never_fired": cov.never_fired},
    }
