"""The human-readable recommendation (and the phrases the other readable formats share)."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from recommender.engine.explain import explain
from recommender.engine.result import Change, Reason, Result, WhatIf
from recommender.engine.starter import Starter, starter
from recommender.knowledge.conditions import Value
from recommender.knowledge.model import KnowledgeBase, flag_name
from recommender.render.i18n import has, t
from recommender.render.options import RenderOptions

if TYPE_CHECKING:
    from recommender.engine.explain import CandidateExplanation, Missed

BAR_WIDTH = 24


def label(kb: KnowledgeBase, cid: str, lang: str) -> str:
    return str(kb.candidates[cid]["label"][lang])


def decision(kb: KnowledgeBase, cid: str, backend: str | None, lang: str) -> str:
    """A candidate's name, with its backend when it is an architecture used through one."""
    name = label(kb, cid, lang)
    return t("on", lang, label=name, backend=label(kb, backend, lang)) if backend else name


def width(text: str) -> int:
    """Terminal columns: CJK characters take two, so Chinese labels still line up."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, columns: int) -> str:
    return text + " " * max(columns - width(text), 0)


def heading(key: str, lang: str, **values: object) -> str:
    return t(key, lang, **values) + t("colon", lang).rstrip()


def headline(kb: KnowledgeBase, result: Result, lang: str) -> str:
    level = t(f"level.{result.confidence.level}", lang)
    conf = t("confidence", lang, level=level, margin=result.confidence.margin)
    name = decision(kb, result.winner, result.backend, lang)
    # "X（基于 PyTorch）（置信度…）" would stack brackets: Chinese then continues with a comma.
    aside = f"，{conf}" if lang == "zh" and name.endswith("）") else paren(conf, lang)
    return f"{t('recommendation', lang)}{t('colon', lang)}{name}{aside}"


def ranking(kb: KnowledgeBase, result: Result, lang: str) -> list[str]:
    top = max(max(score for _, score in result.ranking), 1)
    columns = max(width(label(kb, cid, lang)) for cid, _ in result.ranking)
    lines = [heading("ranking", lang)]
    for cid, score in result.ranking:
        bar = "█" * round(BAR_WIDTH * max(score, 0) / top)
        lines.append(f"  {pad(label(kb, cid, lang), columns)}  {bar:<{BAR_WIDTH}} {score:>3}")
    return lines


def section_title(kb: KnowledgeBase, source: str, lang: str) -> str:
    return str(kb.sources[source]["title"][lang])


def reason_line(kb: KnowledgeBase, reason: Reason, lang: str) -> str:
    section = section_title(kb, reason.source, lang)
    return f"  {reason.weight:+d} {label(kb, reason.candidate, lang)}{t('colon', lang)}{reason.text[lang]} [{section}]"


def option_label(kb: KnowledgeBase, qid: str, value: Value | None, lang: str) -> str:
    if value is None:
        return t("none", lang)
    labels = {o["id"]: o["label"][lang] for o in kb.questions[qid]["options"]}
    values = value if isinstance(value, tuple) else (value,)
    return t("list_and", lang).join(labels[v] for v in values) if values else t("none", lang)


def inline(text: str, lang: str) -> str:
    """An option label inside an English sentence: "Mobile phones" → "mobile phones".

    Only a plainly capitalized first word followed by lowercase words is lowered, so GPT,
    PyTorch, NumPy or Stable Diffusion stay as they are.
    """
    first, *rest = text.split(" ")
    plain = first == "A" or len(first) > 1 and first[0].isupper() and first[1:].islower()
    if lang == "en" and plain and not any(word[:1].isupper() for word in rest):
        return text[0].lower() + text[1:]
    return text


def change_text(kb: KnowledgeBase, change: Change, lang: str) -> str:
    """One answer change as a clause: natural phrases for known questions, generic otherwise."""
    qid = change.question
    if isinstance(change.after, tuple):
        before = set(change.before or ())
        added = [o for o in change.after if o not in before]
        removed = [o for o in (change.before or ()) if o not in change.after]
        if added == ["none"] and has(f"wi.{qid}=none"):
            return t(f"wi.{qid}=none", lang)
        if added:
            mode = "add" if before - set(removed) else "first"
            return _phrase(kb, qid, mode, tuple(added), lang)
        return _phrase(kb, qid, "remove", tuple(removed), lang)
    if has(f"wi.{qid}={change.after}"):
        return t(f"wi.{qid}={change.after}", lang)
    return _phrase(kb, qid, "first" if change.before is None else "set", change.after, lang)


def phrase_label(kb: KnowledgeBase, qid: str, value: Value, lang: str) -> str:
    """Option labels as they read inside a sentence (`opt.*` words override a label)."""
    values = value if isinstance(value, tuple) else (value,)
    parts = [t(f"opt.{qid}.{v}", lang) if has(f"opt.{qid}.{v}") else option_label(kb, qid, v, lang) for v in values]
    return inline(t("list_and", lang).join(parts), lang) if parts else t("none", lang)


def _phrase(kb: KnowledgeBase, qid: str, mode: str, value: Value, lang: str) -> str:
    text = phrase_label(kb, qid, value, lang)
    for key in (f"wi.{qid}.{mode}", f"wi.{qid}.set"):
        if has(key):
            return t(key, lang, value=text)
    question = f"«{kb.questions[qid]['prompt'][lang].rstrip('?？')}»"
    generic = {"first": "change.set", "set": "change.set", "add": "change.add", "remove": "change.remove"}[mode]
    return t(generic, lang, question=question, value=text)


def changes_text(kb: KnowledgeBase, changes: tuple[Change, ...], lang: str) -> str:
    return t("and", lang).join(change_text(kb, c, lang) for c in changes)


def spaced(text: str, lang: str) -> str:
    """In Chinese, Latin words are set off from Chinese characters by spaces, as the article does."""
    if lang != "zh":
        return text
    # Compiled on first use: a CJK character class costs milliseconds, which English output never pays.
    cjk_then_latin = re.compile(r"([\u4e00-\u9fff])([A-Za-z0-9])")
    latin_then_cjk = re.compile(r"([A-Za-z0-9])([\u4e00-\u9fff])")
    return latin_then_cjk.sub(r"\1 \2", cjk_then_latin.sub(r"\1 \2", text))


def paren(text: str, lang: str) -> str:
    """An aside after a word: " (x)" in English, "（x）" in Chinese, which takes no space."""
    return f"（{text}）" if lang == "zh" else f" ({text})"


def what_if_sentence(kb: KnowledgeBase, item: WhatIf, lang: str) -> str:
    winner = decision(kb, item.winner, item.backend, lang)
    key = "if" if item.margin else "if_tie"  # a margin of 0 is a win on the alphabetical tie-break
    return spaced(t(key, lang, changes=changes_text(kb, item.changes, lang), winner=winner, margin=item.margin), lang)


def what_if_line(kb: KnowledgeBase, item: WhatIf, lang: str) -> str:
    return "  " + what_if_sentence(kb, item, lang)


def confidence_sentence(kb: KnowledgeBase, result: Result, lang: str) -> str:
    """The level with the facts that set it: margin against the thresholds, and `settled`."""
    conf, thresholds = result.confidence, kb.settings["confidence"]
    key = f"conf.{conf.level}"
    if conf.level == "medium":
        key += ".unsettled" if conf.margin >= thresholds["high"] else ".margin"
    return t(key, lang, margin=conf.margin, **thresholds)


def answers_text(answers: dict[str, Value]) -> str:
    """The answers that fired a rule, as the flags that reproduce them."""
    parts = [f"{flag_name(q)} {','.join(v) if isinstance(v, tuple) else v}" for q, v in answers.items()]
    return " ".join(parts)


def explain_lines(kb: KnowledgeBase, result: Result, lang: str) -> list[str]:
    lines = [heading("how", lang)]
    for item in explain(kb, result):
        lines += [""] + candidate_lines(kb, item, lang)
    return lines


def candidate_lines(kb: KnowledgeBase, item: CandidateExplanation, lang: str) -> list[str]:
    weights = " ".join(f"{r.weight:+d}" for r in item.fired) or "0"
    lines = [f"{label(kb, item.candidate, lang)}{t('colon', lang)}{item.score} = {weights}"]
    lines.append(f"  {heading('fired', lang) if item.fired else t('no_fired', lang)}")
    for reason in item.fired:
        because = answers_text(reason.answers) or t("always", lang)
        lines.append(f"    {reason.weight:+d} {reason.rule}{t('colon', lang)}{reason.text[lang]}")
        lines.append(f"       {t('answered', lang)} {because} [{section_title(kb, reason.source, lang)}]")
    if item.missed:
        lines.append(f"  {heading('missed', lang)}")
        lines += [line for missed in item.missed for line in missed_lines(kb, missed, lang)]
    return lines


def missed_lines(kb: KnowledgeBase, missed: Missed, lang: str) -> list[str]:
    rule = missed.rule
    fires = spaced(t("would_fire", lang, changes=changes_text(kb, missed.changes, lang)), lang)
    return [
        f"    {missed.weight:+d} {rule.id}{t('colon', lang)}{rule.text[lang]}",
        f"       {fires} [{section_title(kb, rule.source, lang)}]",
    ]


def starter_of(kb: KnowledgeBase, result: Result) -> Starter:
    return starter(kb, result.winner, result.backend, result.answers, result.packages)


def starter_lines(kb: KnowledgeBase, result: Result, lang: str) -> list[str]:
    stack = starter_of(kb, result)
    lines = [f"{t('install', lang)}{t('colon', lang)}pip install {' '.join(stack.packages)}"]
    if stack.modules:
        lines += [heading("modules", lang)]
        columns = max(len(m.name) for m in stack.modules)
        lines += [f"  {m.name:<{columns}}  {m.text[lang]}" for m in stack.modules]
    if stack.snippet:
        lines += [heading("snippet", lang)]
        lines += [f"    {line}".rstrip() for line in stack.snippet.rstrip("\n").split("\n")]
    return lines


def render(kb: KnowledgeBase, result: Result, opts: RenderOptions) -> str:
    lang = opts.lang
    top = kb.settings["top_reasons"]
    lines = [headline(kb, result, lang), "", *ranking(kb, result, lang), "", heading("why", lang)]
    lines += [reason_line(kb, r, lang) for r in result.reasons_for(result.winner)[:top]]
    if result.backend:
        lines += ["", heading("backend_why", lang, backend=label(kb, result.backend, lang))]
        lines += [reason_line(kb, r, lang) for r in result.backend_reasons[:top]]
    if result.caveats:
        lines += ["", heading("caveats", lang)] + [reason_line(kb, r, lang) for r in result.caveats]
    lines += ["", heading("what_if", lang)]
    shown = result.what_if if opts.explain else result.what_if[:3]
    lines += [what_if_line(kb, w, lang) for w in shown] or ["  " + t("no_what_if", lang)]
    if opts.explain:
        lines += ["", confidence_sentence(kb, result, lang), "", *explain_lines(kb, result, lang)]
    lines += ["", *starter_lines(kb, result, lang)]
    if result.unanswered:
        settled = t("settled" if result.confidence.settled else "not_settled", lang)
        brackets = ("（", "）") if lang == "zh" else (" (", ")")
        lines += ["", f"{t('unanswered', lang)}{t('colon', lang)}{', '.join(result.unanswered)}"
                  f"{brackets[0]}{settled}{brackets[1]}"]
    return "\n".join(lines) + "\n"
