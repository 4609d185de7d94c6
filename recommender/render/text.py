"""The human-readable recommendation."""

from __future__ import annotations

from recommender.conditions import Value
from recommender.i18n import t
from recommender.kb import KnowledgeBase
from recommender.render import RenderOptions
from recommender.result import Change, Reason, Result, WhatIf

BAR_WIDTH = 24


def label(kb: KnowledgeBase, cid: str, lang: str) -> str:
    return str(kb.candidates[cid]["label"][lang])


def headline(kb: KnowledgeBase, result: Result, lang: str) -> str:
    name = label(kb, result.winner, lang)
    if result.backend:
        name = t("on", lang, label=name, backend=label(kb, result.backend, lang))
    level = t(f"level.{result.confidence.level}", lang)
    return f"{t('recommendation', lang)}: {name} ({t('confidence', lang, level=level, margin=result.confidence.margin)})"


def ranking(kb: KnowledgeBase, result: Result, lang: str) -> list[str]:
    top = max(max(score for _, score in result.ranking), 1)
    width = max(len(label(kb, cid, lang)) for cid, _ in result.ranking)
    lines = [f"{t('ranking', lang)}:"]
    for cid, score in result.ranking:
        bar = "█" * round(BAR_WIDTH * max(score, 0) / top)
        lines.append(f"  {label(kb, cid, lang):<{width}}  {bar:<{BAR_WIDTH}} {score:>3}")
    return lines


def reason_line(kb: KnowledgeBase, reason: Reason, lang: str) -> str:
    section = kb.sources[reason.source]["title"][lang]
    return f"  {reason.weight:+d} {label(kb, reason.candidate, lang)}: {reason.text[lang]} [{section}]"


def option_label(kb: KnowledgeBase, qid: str, value: Value | None, lang: str) -> str:
    if value is None:
        return t("none", lang)
    labels = {o["id"]: o["label"][lang] for o in kb.questions[qid]["options"]}
    values = value if isinstance(value, tuple) else (value,)
    return ", ".join(labels[v] for v in values) if values else t("none", lang)


def change_text(kb: KnowledgeBase, change: Change, lang: str) -> str:
    question = f"«{kb.questions[change.question]['prompt'][lang].rstrip('?？')}»"
    if isinstance(change.after, tuple):
        before = set(change.before or ())
        added, removed = set(change.after) - before, before - set(change.after)
        if added:
            return t("change.add", lang, value=option_label(kb, change.question, added.pop(), lang), question=question)
        if removed:
            return t("change.remove", lang, value=option_label(kb, change.question, removed.pop(), lang), question=question)
    return t("change.set", lang, question=question, value=option_label(kb, change.question, change.after, lang))


def what_if_line(kb: KnowledgeBase, item: WhatIf, lang: str) -> str:
    changes = t("and", lang).join(change_text(kb, c, lang) for c in item.changes)
    name = label(kb, item.winner, lang)
    if item.backend:
        name = t("on", lang, label=name, backend=label(kb, item.backend, lang))
    return "  " + t("if", lang, changes=changes, winner=name, margin=item.margin)


def render(kb: KnowledgeBase, result: Result, opts: RenderOptions) -> str:
    lang = opts.lang
    top = kb.settings["top_reasons"]
    lines = [headline(kb, result, lang), "", *ranking(kb, result, lang), "", f"{t('why', lang)}:"]
    lines += [reason_line(kb, r, lang) for r in result.reasons_for(result.winner)[:top]]
    if result.backend:
        lines += ["", t("backend_why", lang, backend=label(kb, result.backend, lang)) + ":"]
        lines += [reason_line(kb, r, lang) for r in result.backend_reasons[:top]]
    if result.caveats:
        lines += ["", f"{t('caveats', lang)}:"] + [reason_line(kb, r, lang) for r in result.caveats]
    if result.what_if:
        lines += ["", f"{t('what_if', lang)}:"] + [what_if_line(kb, w, lang) for w in result.what_if[:3]]
    lines += ["", f"{t('install', lang)}: pip install {' '.join(result.packages)}"]
    if result.unanswered:
        settled = t("settled" if result.confidence.settled else "not_settled", lang)
        lines += [f"{t('unanswered', lang)}: {', '.join(result.unanswered)} ({settled})"]
    return "\n".join(lines) + "\n"
