"""The aged claims among what a recommendation uses: each a `Dated` (what changed and roughly when), listed
once, in the order the output meets them: fired rules, stated requirements and what the chosen candidates
provide for them, then the starter stack (packages, key modules, snippet). The verdict stays the article's."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from recommender.engine.requirements import stated
from recommender.engine.result import Dated, named
from recommender.engine.starter import modules_of
from recommender.knowledge.conditions import Answers
from recommender.knowledge.model import KnowledgeBase, Rule
from recommender.knowledge.requirements import KIND as REQUIREMENT

if TYPE_CHECKING:
    from recommender.engine.recommend import Verdict


def collect(kb: KnowledgeBase, answers: Answers, fired: Iterable[Rule], found: Verdict) -> tuple[Dated, ...]:
    """Every aged claim a recommendation uses, once: what `Result.dated` and a batch record's `dated` hold."""
    approach = named(found.decisions, "approach").winner
    snippet = found.snippet if found.packages else None
    shown = [v for v in kb.candidates[approach].get("variants", []) if v["id"] in variants(kb, approach, answers)
             ] if approach else []
    return once([*rule_notes(kb, fired), *requirement_notes(kb, answers, found.chosen),
                 *[note(f"{approach}.variants.{v['id']}", v) for v in shown],
                 *stack_notes(kb, answers, found.chosen, found.packages, snippet.id if snippet else None)])


def variants(kb: KnowledgeBase, approach: str, answers: Answers) -> set[str]:
    """The approach's variants that hold for the answers (those the output shows)."""
    return {vid for vid, test in kb.variant_tests.get(approach, ()) if test(answers)}


def note(item_id: str, spec: Mapping[str, Any] | None) -> Dated | None:
    """An item's `dated` field as a Dated, or None."""
    dated = spec.get("dated") if spec else None
    return Dated(item_id, dated["text"], dated["source"]) if dated else None


def rule_notes(kb: KnowledgeBase, fired: Iterable[Rule]) -> list[Dated | None]:
    """The notes of the fired rules that carry one (a requirement's rule never does: its note is the
    requirement's own)."""
    notes = _dated_rules(kb.data["rules"])
    return [notes[rule.id] for rule in fired if rule.id in notes and rule.kind != REQUIREMENT]


# The notes of the rules that carry one, per rule list (kept with it, so an id is never reused): worked out
# once, not once per recommendation.
_DATED: dict[int, tuple[list[Any], dict[str, Dated | None]]] = {}


def _dated_rules(rules: list[Any]) -> dict[str, Dated | None]:
    found = _DATED.get(id(rules))
    if found is None or found[0] is not rules:
        found = _DATED[id(rules)] = (rules, {r["id"]: note(r["id"], r) for r in rules if r.get("dated")})
    return found[1]


def requirement_notes(kb: KnowledgeBase, answers: Answers, chosen: tuple[str, ...]) -> list[Dated | None]:
    """A stated requirement's own note, and the note on what a chosen candidate provides for it."""
    found: list[Dated | None] = []
    for rid in stated(kb, answers):
        found.append(note(f"requirement.{rid}", kb.requirements[rid][0]))
        found += [note(f"{cid}.provides.{rid}", p) for cid in chosen
                  for p in kb.candidates[cid].get("provides", []) if p["id"] == rid]
    return found


def stack_notes(kb: KnowledgeBase, answers: Answers, chosen: tuple[str, ...],
                packages: tuple[str, ...], snippet: str | None) -> list[Dated | None]:
    """The starter's: a dated package printed, a dated key module listed, the snippet shown, the stack itself."""
    found: list[Dated | None] = []
    for cid in chosen:
        spec = kb.candidates[cid]
        found += [note(f"{cid}.packages.{p['name']}", p) for p in spec["packages"] if p["name"] in packages]
        found += [Dated(f"{cid}.modules.{m.name}", m.dated["text"], m.dated["source"]) if m.dated else None
                  for m in modules_of(kb, cid, answers)]
        found += [note(f"{cid}.snippets.{s['id']}", s) for s in spec.get("starter", {}).get("snippets", [])
                  if s["id"] == snippet]
        found.append(note(f"{cid}.starter", spec.get("starter")))
    return found


def once(notes: Iterable[Dated | None]) -> tuple[Dated, ...]:
    """The notes given, each id once, in order (the text output prints each text once: render/text.py)."""
    seen: dict[str, Dated] = {}
    for item in notes:
        if item is not None and item.id not in seen:
            seen[item.id] = item
    return tuple(seen.values())
