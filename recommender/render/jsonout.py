"""The JSON document of the interface contract (schema: recommender/schemas/result.schema.json).

Every contract field is always present; `starter` and each what-if's `text` are
additions, and `explain` (every candidate's fired and missed rules) comes with --explain.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from recommender.engine.result import SCHEMA_VERSION, Change, Confidence, Decision, Reason, Result, WhatIf
from recommender.engine.whatif import actionable, nature
from recommender.knowledge.conditions import Value
from recommender.knowledge.model import KnowledgeBase
from recommender.render.options import RenderOptions
from recommender.render.text import changes_text, spaced, starter_of, what_if_sentence

if TYPE_CHECKING:
    from recommender.engine.explain import CandidateExplanation


def _value(value: Value | None) -> Any:
    return list(value) if isinstance(value, tuple) else value


def answers(values: dict[str, Value]) -> dict[str, Any]:
    return {q: _value(v) for q, v in values.items()}


def ignored(kb: KnowledgeBase, question: str, value: Value) -> dict[str, Any]:
    """An answer that was given but does not count: its question would not be asked (its `when` is false)."""
    when = kb.questions[question].get("when")
    return {"question": question, "answer": _value(value), "reason": "when-false", "when": when}


def reason(kb: KnowledgeBase, item: Reason, lang: str) -> dict[str, Any]:
    return {
        "rule": item.rule,
        "candidate": item.candidate,
        "weight": item.weight,
        "answers": answers(item.answers),
        "text": item.text[lang],
        "source": item.source,
        "section": kb.sources[item.source]["section"],
        "also": list(item.also),
        "kind": item.kind,
    }


def changes(items: tuple[Change, ...], kb: KnowledgeBase | None = None) -> list[dict[str, Any]]:
    """Each change, with its question's nature (fact or choice) when the knowledge base is given."""
    return [{"question": c.question, "from": _value(c.before), "to": _value(c.after),
             **({"nature": nature(kb, c.question)} if kb else {})} for c in items]


def what_if(kb: KnowledgeBase, item: WhatIf, lang: str = "en") -> dict[str, Any]:
    return {
        "changes": changes(item.changes, kb),
        "actionable": actionable(kb, item),
        "decision": item.decision,
        "winner": item.winner,
        "tie": list(item.top) if item.winner is None else [],
        "margin": item.margin,
        "requirement": item.requirement,
        "text": what_if_sentence(kb, item, lang),
    }


def starter(kb: KnowledgeBase, result: Result, lang: str) -> dict[str, Any]:
    stack = starter_of(kb, result)
    return {
        "packages": list(stack.packages),
        "notes": [note[lang] for note in stack.notes],
        "modules": [{"name": m.name, "text": m.text[lang], "source": m.source} for m in stack.modules],
        "snippet": stack.snippet.text(lang) if stack.snippet else None,
        "snippet_id": stack.snippet.id if stack.snippet else None,
    }


def explanation(kb: KnowledgeBase, result: Result, lang: str) -> list[dict[str, Any]]:
    """--explain: per candidate, the fired rules (summing to its score) and those that could fire."""
    return [
        {
            "candidate": item.candidate,
            "score": item.score,
            "fired": [reason(kb, r, lang) for r in item.fired],
            "missed": [
                {
                    "rule": m.rule.id,
                    "candidate": item.candidate,
                    "weight": m.weight,
                    "text": m.rule.text[lang],
                    "source": m.rule.source,
                    "section": kb.sources[m.rule.source]["section"],
                    "kind": m.rule.kind,
                    "changes": changes(m.changes),
                    "if": spaced(changes_text(kb, m.changes, lang), lang),
                }
                for m in item.missed
            ],
            **({"unexplained": item.unexplained} if item.unexplained else {}),
        }
        for item in _explain(kb, result)
    ]


def confidence(conf: Confidence) -> dict[str, Any]:
    return {"level": conf.level, "margin": conf.margin, "settled": conf.settled, "why": conf.why, "open": conf.open}


def decision(kb: KnowledgeBase, item: Decision, lang: str) -> dict[str, Any]:
    return {
        "winner": item.winner,
        "tie": list(item.top) if item.winner is None else [],
        "ranking": [{"id": cid, "label": kb.candidates[cid]["label"][lang], "score": s} for cid, s in item.ranking],
        "confidence": confidence(item.confidence),
        "unmet": [{"candidate": u.candidate, "requirement": u.requirement, "why": u.why[lang], "source": u.source}
                  for u in item.unmet],
    }


def recommendation(kb: KnowledgeBase, result: Result, lang: str) -> dict[str, Any]:
    """The contract's `recommendation`: `id` is the named architecture (with its `backend`) or the
    framework; null, with `tie` naming the tied frameworks, when the framework decision is a tie."""
    spec = kb.candidates[result.winner] if result.winner else None
    approach = result.decision("approach").winner
    variants = {v["id"]: v for v in kb.candidates[approach].get("variants", [])} if approach else {}
    default = result.default_backend
    return {
        "id": result.winner,
        "label": spec["label"][lang] if spec else None,
        "kind": spec["kind"] if spec else None,
        "backend": result.backend,
        "backend_reasons": [reason(kb, r, lang) for r in result.backend_reasons],
        "default_backend": {"id": default.candidate, "text": default.text[lang], "source": default.source}
        if default else None,
        "framework": result.decision("framework").winner,
        "approach": approach,
        "variants": [
            {"id": v, "label": variants[v]["label"][lang], "text": variants[v]["text"][lang],
             "source": variants[v]["source"]}
            for v in result.variants
        ],
        "tie": [] if result.winner else list(result.decision("framework").top),
        "packages": list(result.packages),
    }


def document(kb: KnowledgeBase, result: Result, lang: str, explain: bool = False) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "lang": lang,
        "recommendation": recommendation(kb, result, lang),
        "decisions": {item.name: decision(kb, item, lang) for item in result.decisions},
        "ranking": [
            {"id": cid, "label": kb.candidates[cid]["label"][lang], "score": score}
            for cid, score in result.ranking
        ],
        "confidence": {**confidence(result.confidence), "thresholds": dict(kb.settings["confidence"])},
        "reasons": [reason(kb, r, lang) for r in result.reasons],
        "caveats": [reason(kb, r, lang) for r in result.caveats],
        "what_if": [what_if(kb, w, lang) for w in result.what_if],
        "unanswered": list(result.unanswered),
        "answers": answers(result.answers),
        "starter": starter(kb, result, lang),
        "dated": [{"id": d.id, "text": d.text[lang], "source": d.source} for d in result.dated],
    }
    if result.ignored:  # only then: a document without ignored answers stays as it was
        doc["ignored"] = [ignored(kb, q, v) for q, v in result.ignored.items()]
    if explain:
        doc["explain"] = explanation(kb, result, lang)
    return doc


def render(kb: KnowledgeBase, result: Result, opts: RenderOptions) -> str:
    return json.dumps(document(kb, result, opts.lang, opts.explain), ensure_ascii=False, indent=2) + "\n"


def _explain(kb: KnowledgeBase, result: Result) -> tuple[CandidateExplanation, ...]:
    # deferred: the explanation search runs only with --explain
    from recommender.engine.explain import explain

    return explain(kb, result)
