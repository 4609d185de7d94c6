"""The JSON document of the interface contract (schema: recommender/schemas/result.schema.json)."""

from __future__ import annotations

import json
from typing import Any

from recommender.conditions import Value
from recommender.kb import KnowledgeBase
from recommender.render import RenderOptions
from recommender.result import SCHEMA_VERSION, Reason, Result, WhatIf


def _value(value: Value | None) -> Any:
    return list(value) if isinstance(value, tuple) else value


def answers(values: dict[str, Value]) -> dict[str, Any]:
    return {q: _value(v) for q, v in values.items()}


def reason(kb: KnowledgeBase, item: Reason, lang: str) -> dict[str, Any]:
    return {
        "rule": item.rule,
        "candidate": item.candidate,
        "weight": item.weight,
        "answers": answers(item.answers),
        "text": item.text[lang],
        "source": item.source,
        "section": kb.sources[item.source]["section"],
        "kind": item.kind,
    }


def what_if(kb: KnowledgeBase, item: WhatIf) -> dict[str, Any]:
    return {
        "changes": [
            {"question": c.question, "from": _value(c.before), "to": _value(c.after)} for c in item.changes
        ],
        "winner": item.winner,
        "backend": item.backend,
        "margin": item.margin,
    }


def document(kb: KnowledgeBase, result: Result, lang: str) -> dict[str, Any]:
    winner = kb.candidates[result.winner]
    return {
        "schema_version": SCHEMA_VERSION,
        "lang": lang,
        "recommendation": {
            "id": result.winner,
            "label": winner["label"][lang],
            "kind": winner["kind"],
            "backend": result.backend,
            "backend_reasons": [reason(kb, r, lang) for r in result.backend_reasons],
            "packages": list(result.packages),
        },
        "ranking": [
            {"id": cid, "label": kb.candidates[cid]["label"][lang], "score": score}
            for cid, score in result.ranking
        ],
        "confidence": {
            "level": result.confidence.level,
            "margin": result.confidence.margin,
            "settled": result.confidence.settled,
        },
        "reasons": [reason(kb, r, lang) for r in result.reasons],
        "caveats": [reason(kb, r, lang) for r in result.caveats],
        "what_if": [what_if(kb, w) for w in result.what_if],
        "unanswered": list(result.unanswered),
        "answers": answers(result.answers),
    }


def render(kb: KnowledgeBase, result: Result, opts: RenderOptions) -> str:
    lang = opts.lang
    return json.dumps(document(kb, result, lang), ensure_ascii=False, indent=2) + "\n"
