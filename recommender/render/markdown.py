"""`--format markdown`: an Architecture Decision Record, ready to commit as
docs/adr/NNNN-deep-learning-framework.md (Nygard's layout: context, decision, consequences).

Rule packs are untrusted and this record is committed into projects, so every text a pack supplies
(labels, prompts, titles, reasons, notes) is escaped (`escape`) before it meets Markdown: it stays
text, never HTML, a link, a heading or a list. The helpers shared with the text format read the
pack through an escaped view of it (`escaped_view`); the result's own texts are escaped where they
are placed. A snippet is fenced with more backticks than it ever runs (`fence`).
"""

from __future__ import annotations

import copy
import re
from typing import TYPE_CHECKING, Any

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
    unexplained,
    unmet_lines,
    verdict_name,
    what_if_sentence,
)


def cell(text: str) -> str:
    """Table cells cannot hold pipes or line breaks."""
    return text.replace("|", "\\|").replace("\n", " ")


# Characters that can open Markdown or HTML anywhere in a line (emphasis, code, links and images, raw HTML,
# entities, strikethrough, headings, escapes); `|` is the table cells' own business (`cell`).
_SPECIAL = re.compile(r"([\\`*_\[\]<>#&~])")
# What makes a line a list item, quote, heading underline or rule when it begins one (the mark to escape is
# the last character: a backslash before a digit is a literal backslash).
_LINE_START = re.compile(r"^(\s*(?:\d+)?)([-+=.)])")


def escape(text: str) -> str:
    """Pack text as inert Markdown inside a line: one line (no heading or list can follow a break), and
    every character that could open markup backslash-escaped, as CommonMark allows for ASCII punctuation."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.splitlines()))


def paragraph(text: str) -> str:
    """Pack text that begins a line or a list item, where `1.`, `-` or `+` would start a list."""
    return _LINE_START.sub(r"\1\\\2", escape(text), count=1)


def fence(code: str, info: str) -> list[str]:
    """A fenced block that `code` cannot close: its fence is longer than any run of backticks inside."""
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    marks = "`" * max(3, longest + 1)
    return [f"{marks}{info}", code, marks]


def code(text: str) -> str:
    """An inline code span that `text` cannot close (a module's name is pack text too)."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    marks = "`" * (longest + 1)
    pad = " " if longest else ""  # CommonMark strips one space each side when both are there
    return f"{marks}{pad}{' '.join(text.splitlines())}{pad}{marks}"


_PLAIN_KEYS = ("when", "effects", "comments", "code", "snippet", "backends")  # code and conditions: never prose


def escaped_view(kb: KnowledgeBase) -> KnowledgeBase:
    """The knowledge base with every {en, zh} text of its questions, candidates and sources escaped, for the
    phrases shared with the text format (labels, prompts, titles, module notes)."""
    view = copy.copy(kb)
    view.questions = {k: _escaped_texts(v) for k, v in kb.questions.items()}
    view.candidates = {k: _escaped_texts(v) for k, v in kb.candidates.items()}
    view.sources = {k: _escaped_source(v) for k, v in kb.sources.items()}
    return view


def _escaped_source(spec: Any) -> Any:
    """A source's texts and its section name (which the Chinese citations show) escaped."""
    return {**_escaped_texts(spec), "section": escape(str(spec["section"]))}


def _escaped_texts(node: Any) -> Any:
    if isinstance(node, dict):
        if node and set(node) <= {"en", "zh"} and all(isinstance(v, str) for v in node.values()):
            return {lang: escape(text) for lang, text in node.items()}
        return {k: v if k in _PLAIN_KEYS else _escaped_texts(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_escaped_texts(item) for item in node]
    return node


def render(kb: KnowledgeBase, result: Result, opts: RenderOptions) -> str:
    lang = opts.lang
    kb = escaped_view(kb)
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
    if result.ignored:
        names = t("list_and", lang).join(f"`{q}`" for q in result.ignored)
        lines += ["", f"{t('ignored', lang)}{t('colon', lang)}{names}"]
    return lines


def reason_row(kb: KnowledgeBase, reason: Reason, lang: str) -> str:
    source = f"{cited(kb, reason.source, reason.also, lang)[1:-1]}{paren(f'`{reason.rule}`', lang)}"
    return f"| {reason.weight:+d} | {cell(escape(reason.text[lang]))} | {cell(source)} |"


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
        lines += [f"{paragraph(default.text[lang])}{paren(section_title(kb, default.source, lang), lang)}"]
    elif result.backend:
        lines += ["", f"### {t('backend_why', lang, backend=label(kb, result.backend, lang))}", ""]
        lines += reason_table(kb, result.backend_reasons, lang)
    if not stack.packages:
        return lines
    lines += ["", f"### {t('starter', lang)}", "", *fence(install_line(stack.packages), "sh")]
    lines += [line for note in stack.notes for line in ("", escape(note[lang]))]
    if stack.modules:
        lines += ["", f"{t('modules', lang)}{t('colon', lang).rstrip()}", ""]
        lines += [
            f"- {code(m.name)}{t('colon', lang)}{m.text[lang]}{paren(section_title(kb, m.source, lang), lang)}"
            for m in stack.modules
        ]
    if stack.snippet:
        lines += ["", *fence(stack.snippet.text(lang).rstrip("\n"), "python")]
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
    return lines + [
        f"- {paragraph(r.text[lang])}{paren(section_title(kb, r.source, lang), lang)}" for r in result.caveats
    ]


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
        if item.missed or item.unexplained:
            lines += ["", capital(heading("missed", lang)), ""]
            lines += [missed_item(kb, m, lang) for m in item.missed]
        if item.unexplained:
            lines += ["", unexplained(item.unexplained, lang)]
    return lines


def capital(text: str) -> str:
    """A phrase the text output shows mid-line, standing alone as a paragraph here."""
    return text[:1].upper() + text[1:]


def fired_item(kb: KnowledgeBase, reason: Reason, lang: str) -> str:
    because = f"`{answers_text(reason.answers)}`" if reason.answers else t("always", lang)
    aside = paren(f"{t('answered', lang)} {because}", lang)
    return f"- {reason.weight:+d} `{reason.rule}`{t('colon', lang)}{escape(reason.text[lang])}{aside}"


def missed_item(kb: KnowledgeBase, missed: Missed, lang: str) -> str:
    fires = spaced(t("would_fire", lang, changes=changes_text(kb, missed.changes, lang)), lang)
    text = escape(missed.rule.text[lang])
    return f"- {missed.weight:+d} `{missed.rule.id}`{t('colon', lang)}{text}{paren(fires, lang)}"
