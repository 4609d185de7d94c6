"""`recommender questions`: the questionnaire as a listing or as JSON."""

from __future__ import annotations

import json
from typing import Any

from recommender.knowledge.model import KnowledgeBase, flag_name
from recommender.render.i18n import t
from recommender.render.text import spaced


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
            lines.append(f"    {spaced(t('asked_when', lang, condition=condition_words(item['when'], lang)), lang)}")
        lines.append("")
    return "\n".join(lines)


def condition_words(cond: dict[str, Any], lang: str, nested: bool = False) -> str:
    """A `when` condition in words: "goal is production", "deploy does not include none"."""
    (op, arg), = cond.items()
    if op in ("all", "any"):
        text = t(f"when.{op}", lang).join(condition_words(c, lang, nested=True) for c in arg)
        return f"({text})" if nested and lang == "en" else f"（{text}）" if nested else text
    if op == "not":
        inner = next(iter(arg))
        if inner in ("all", "any", "not"):
            return t("when.not", lang, condition=condition_words(arg, lang))
        return _leaf_words(inner, arg[inner], lang, negated=True)
    return _leaf_words(op, arg, lang, negated=False)


def _leaf_words(op: str, arg: dict[str, Any], lang: str, *, negated: bool) -> str:
    (question, expected), = arg.items()
    values = expected if isinstance(expected, list) else [expected]
    shown = t("list_and", lang).join(values)
    return t(f"when.not.{op}" if negated else f"when.{op}", lang, question=question, value=shown)
