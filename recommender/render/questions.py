"""`recommender questions`: the questionnaire as a listing or as JSON."""

from __future__ import annotations

import json
from typing import Any

from recommender.knowledge.model import KnowledgeBase, flag_name
from recommender.render.i18n import t


def document(kb: KnowledgeBase, lang: str) -> list[dict[str, Any]]:
    return [
        {
            "id": qid,
            "flag": flag_name(qid),
            "kind": spec["kind"],
            "prompt": spec["prompt"][lang],
            "help": spec["help"][lang],
            "options": [{"id": o["id"], "label": o["label"][lang]} for o in spec["options"]],
            "when": spec.get("when"),
        }
        for qid, spec in kb.questions.items()
    ]


def render_json(kb: KnowledgeBase, lang: str) -> str:
    return json.dumps({"questions": document(kb, lang)}, ensure_ascii=False, indent=2) + "\n"


def render_text(kb: KnowledgeBase, lang: str) -> str:
    lines: list[str] = []
    for item in document(kb, lang):
        lines.append(f"{item['flag']} ({t('kind.' + item['kind'], lang)}): {item['prompt']}")
        lines.append(f"    {item['help']}")
        width = max(len(o["id"]) for o in item["options"])
        lines += [f"    {o['id']:<{width}}  {o['label']}" for o in item["options"]]
        if item["when"]:
            lines.append(f"    {t('asked_when', lang)}: {json.dumps(item['when'], ensure_ascii=False)}")
        lines.append("")
    return "\n".join(lines)
