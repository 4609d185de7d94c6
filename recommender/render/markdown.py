"""`--format markdown`: an Architecture Decision Record, ready to commit as
docs/adr/NNNN-deep-learning-framework.md (Nygard's layout: context, decision, consequences).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from recommender.engine.result import Reason, Result
from recommender.engine.starter import install_line
from recommender.knowledge.model import KnowledgeBase
from recommender.render.i18n import t
from recommender.render.options import RenderOptions

if TYPE_CHECKING:
    from recommender.engine.explain import Missed

from recommender.render.text import (
    answers_text,
    changes_text,
    cited,
    confidence_sentence,
    decision_line,
    heading,
    label,
    option_label,
    paren,
    section_title,
    spaced,
    starter_of,
    unmet_lines,
    verdict_name,
    what_if_sentence,
)


def cell(text: str) -> str:
    """Table cells cannot hold pipes or line breaks."""
    return text.replace("|", "\\|").replace("\n", " ")


def render(kb: KnowledgeBase, result: Result, opts: RenderOptions) -> str:
    lang = opts.lang
    name = verdict_name(kb, result, lang)
    lines = [f"# {t('adr.title', lang, decision=name)}", "", f"## {t('adr.status', lang)}", "", t("adr.proposed", lang)]
    lines += ["", *context(kb, result, lang), "", *decision_section(kb, result, lang)]
    lines += ["", *consequences(kb, result, lang), "", *alternatives(kb, result, lang)]
    lines += ["", *changes(kb, result, lang)]
    lines += ["", *since(result, lang)] if result.dated else []
    lines += ["", *explanation(kb, result, lang)] if opts.explain else []
    lines += ["", "---", "", f"_{t('adr.generated', lang)}_"]
    return "\n".join(lines) + "\n"


def context(kb: KnowledgeBase, result: Result, lang: str) -> list[str]:
    lines = [f"## {t('adr.context', lang)}", "", t("adr.context_intro", lang), ""]
    lines += [f"| {t('adr.question', lang)} | {t('adr.answer', lang)} |", "|---|---|"]
    for qid, value in result.answers.items():
        prompt = kb.questions[qid]["prompt"][lang]
        lines.append(f"| {cell(prompt)}{paren(f'`{qid}`', lang)} | {cell(option_label(kb, qid, value, lang))} |")
    if result.unanswered:
        names = t("list_and", lang).join(f"`{q}`" for q in result.unanswered)
        lines += ["", f"{t('unanswered', lang, count=len(result.unanswered))}{t('colon', lang)}{names}"]
    return lines


def reason_row(kb: KnowledgeBase, reason: Reason, lang: str) -> str:
    source = f"{cited(kb, reason.source, reason.also, lang)[1:-1]}{paren(f'`{reason.rule}`', lang)}"
    return f"| {reason.weight:+d} | {cell(reason.text[lang])} | {cell(source)} |"


def reason_table(kb: KnowledgeBase, reasons: tuple[Reason, ...], lang: str) -> list[str]:
    head = f"| {t('adr.weight', lang)} | {t('adr.reason', lang)} | {t('adr.source', lang)} |"
    return [head, "|---:|---|---|", *(reason_row(kb, r, lang) for r in reasons)]


def decision_section(kb: KnowledgeBase, result: Result, lang: str) -> list[str]:
    name = verdict_name(kb, result, lang)
    stack = starter_of(kb, result)
    key = "adr.use" if result.winner else "adr.undecided"
    lines = [f"## {t('adr.decision', lang)}", "", t(key, lang, decision=name)]
    for item in result.decisions:
        lines += ["", f"### {decision_line(kb, result, item, lang).strip()}", "",
                  confidence_sentence(kb, result, item, lang)]
        lines += ["", *(f"- {line.strip()}" for line in unmet_lines(kb, result, item, lang))] if item.unmet else []
        for cid in item.top:
            shown = tuple(r for r in result.reasons_for(cid) if r.weight > 0)
            if shown:
                lines += ["", *reason_table(kb, shown, lang)]
    if result.default_backend:
        default = result.default_backend
        lines += ["", f"### {t('backend_why', lang, backend=label(kb, default.candidate, lang))}", ""]
        lines += [f"{default.text[lang]}{paren(section_title(kb, default.source, lang), lang)}"]
    elif result.backend:
        lines += ["", f"### {t('backend_why', lang, backend=label(kb, result.backend, lang))}", ""]
        lines += reason_table(kb, result.backend_reasons, lang)
    if not stack.packages:
        return lines
    lines += ["", f"### {t('starter', lang)}", "", "```sh", install_line(stack.packages), "```"]
    lines += [line for note in stack.notes for line in ("", note[lang])]
    if stack.modules:
        lines += ["", f"{t('modules', lang)}{t('colon', lang).rstrip()}", ""]
        lines += [
            f"- `{m.name}`{t('colon', lang)}{m.text[lang]}{paren(section_title(kb, m.source, lang), lang)}"
            for m in stack.modules
        ]
    if stack.snippet:
        lines += ["", "```python", stack.snippet.text(lang).rstrip("\n"), "```"]
    return lines


def since(result: Result, lang: str) -> list[str]:
    """Every aged claim the recommendation uses, as a Today line: the verdict above stays the article's."""
    lines = [f"## {t('today_heading', lang)}", ""]
    ids: dict[str, list[str]] = {}
    for d in result.dated:
        ids.setdefault(d.text[lang], []).append(f"`{d.id}`")
    return lines + [f"- {t('today', lang, text=text)}{paren(t('list_and', lang).join(items), lang)}"
                    for text, items in ids.items()]


def consequences(kb: KnowledgeBase, result: Result, lang: str) -> list[str]:
    lines = [f"## {t('adr.consequences', lang)}", ""]
    if not result.caveats:
        return lines + [t("adr.no_caveats", lang, winner=verdict_name(kb, result, lang))]
    return lines + [f"- {r.text[lang]}{paren(section_title(kb, r.source, lang), lang)}" for r in result.caveats]


def alternatives(kb: KnowledgeBase, result: Result, lang: str) -> list[str]:
    lines = [f"## {t('adr.alternatives', lang)}", ""]
    lines += [f"| {t('adr.candidate', lang)} | {t('adr.score', lang)} |", "|---|---:|"]
    aside = {u.candidate for d in result.decisions for u in d.unmet}
    mark = paren(t("aside_mark", lang), lang)
    lines += [f"| {cell(label(kb, cid, lang) + (mark if cid in aside else ''))} | {score} |"
              for cid, score in result.ranking]
    return lines


def changes(kb: KnowledgeBase, result: Result, lang: str) -> list[str]:
    lines = [f"## {t('adr.change', lang)}", ""]
    if not result.what_if:
        return lines + [t("no_what_if", lang)]
    return lines + [f"- {what_if_sentence(kb, w, lang)}" for w in result.what_if]


def explanation(kb: KnowledgeBase, result: Result, lang: str) -> list[str]:
    """--explain: per candidate, the rules that fired (adding up to its score) and those that could."""
    # deferred: the explanation search runs only with --explain
    from recommender.engine.explain import explain

    lines = [f"## {t('how', lang)}"]
    for item in explain(kb, result):
        weights = " ".join(f"{r.weight:+d}" for r in item.fired) or "0"
        lines += ["", f"### {label(kb, item.candidate, lang)}{t('colon', lang)}{item.score} = {weights}", ""]
        if not item.fired:
            lines.append(t("no_fired", lang))
        else:
            lines += [capital(heading("fired", lang)), "", *(fired_item(kb, r, lang) for r in item.fired)]
        if item.missed:
            lines += ["", capital(heading("missed", lang)), ""]
            lines += [missed_item(kb, m, lang) for m in item.missed]
    return lines


def capital(text: str) -> str:
    """A phrase the text output shows mid-line, standing alone as a paragraph here."""
    return text[:1].upper() + text[1:]


def fired_item(kb: KnowledgeBase, reason: Reason, lang: str) -> str:
    because = f"`{answers_text(reason.answers)}`" if reason.answers else t("always", lang)
    aside = paren(f"{t('answered', lang)} {because}", lang)
    return f"- {reason.weight:+d} `{reason.rule}`{t('colon', lang)}{reason.text[lang]}{aside}"


def missed_item(kb: KnowledgeBase, missed: Missed, lang: str) -> str:
    fires = spaced(t("would_fire", lang, changes=changes_text(kb, missed.changes, lang)), lang)
    return f"- {missed.weight:+d} `{missed.rule.id}`{t('colon', lang)}{missed.rule.text[lang]}{paren(fires, lang)}"
