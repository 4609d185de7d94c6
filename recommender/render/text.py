"""The human-readable recommendation (and the phrases the other readable formats share)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from recommender.engine.result import Change, Confidence, Decision, Reason, Result, WhatIf
from recommender.engine.starter import Starter, install_line, starter
from recommender.knowledge.conditions import Value
from recommender.knowledge.model import KnowledgeBase, flag_name
from recommender.render.i18n import has, t
from recommender.render.options import RenderOptions
from recommender.render.wrap import fold, width

if TYPE_CHECKING:
    from recommender.engine.explain import CandidateExplanation, Missed

BAR_WIDTH = 24


def label(kb: KnowledgeBase, cid: str, lang: str) -> str:
    return str(kb.candidates[cid]["label"][lang])


def decision(kb: KnowledgeBase, cid: str, backend: str | None, lang: str) -> str:
    """A candidate's name, with its backend when it is an architecture used through one."""
    name = label(kb, cid, lang)
    return t("on", lang, label=name, backend=label(kb, backend, lang)) if backend else name


def pad(text: str, columns: int) -> str:
    return text + " " * max(columns - width(text), 0)


def heading(key: str, lang: str, **values: object) -> str:
    return t(key, lang, **values) + t("colon", lang).rstrip()


def confidence_phrase(conf: Confidence, lang: str) -> str:
    """The level and what set it, short enough for a headline: "confidence medium: 9 unanswered
    questions could still change it"."""
    level = t(f"level.{conf.level}", lang)
    if conf.why == "tie":
        return t("conf_short.tie", lang, level=level)
    if conf.why == "open":
        return t("conf_short.open", lang, level=level, margin=conf.margin, open=conf.open)
    if conf.why == "budget":
        return t("conf_short.budget", lang, level=level, margin=conf.margin)
    return t("confidence", lang, level=level, margin=conf.margin)


def in_sentence(text: str, lang: str) -> str:
    """A label inside an English sentence: a leading article is lowered ("A conventional …" → "a …")."""
    first, _, rest = text.partition(" ")
    return f"{first.lower()} {rest}" if lang == "en" and first in ("A", "An") and rest else text


def tie_text(kb: KnowledgeBase, top: tuple[str, ...], lang: str) -> str:
    names = [in_sentence(label(kb, c, lang), lang) for c in top]
    joined = t("list_and", lang).join(names[:-1]) + t("and_last", lang) + names[-1]
    return spaced(t("tie_between", lang, names=joined), lang)


def approach_text(kb: KnowledgeBase, result: Result, lang: str) -> str:
    """The winning approach as a phrase: its label, and what it means for the data (its variants)."""
    approach = result.decision("approach")
    if approach.winner is None:
        return tie_text(kb, approach.top, lang)
    name = label(kb, approach.winner, lang)
    shown = variant_labels(kb, approach.winner, result.variants, lang)
    return f"{name}{t('colon', lang)}{shown}" if shown else name


def variant_labels(kb: KnowledgeBase, cid: str, ids: tuple[str, ...], lang: str) -> str:
    labels = {v["id"]: v["label"][lang] for v in kb.candidates[cid].get("variants", [])}
    return t("list_or", lang).join(labels[v] for v in ids)


def verdict_name(kb: KnowledgeBase, result: Result, lang: str) -> str:
    """The recommendation in a phrase: "Transformer approach on PyTorch", "TensorFlow, with a conventional
    architecture (a CNN)", "PyTorch", or the tie."""
    if result.winner is None:
        return tie_text(kb, result.decision("framework").top, lang)
    if result.backend:
        return decision(kb, result.winner, result.backend, lang)
    approach = result.decision("approach").winner
    if approach:
        shown = variant_labels(kb, approach, result.variants, lang) or inline(label(kb, approach, lang), lang)
        return t("with_approach", lang, framework=label(kb, result.winner, lang), approach=shown)
    return label(kb, result.winner, lang)


def headline(kb: KnowledgeBase, result: Result, lang: str) -> str:
    """"Recommendation: NAME (confidence …)"; in Chinese always "推荐：NAME；置信度…", whichever
    candidate wins: a name may end in its own bracket ("（基于 PyTorch）"), and brackets must not stack."""
    conf = confidence_phrase(result.confidence, lang)
    name = verdict_name(kb, result, lang)
    aside = f"；{conf}" if lang == "zh" else paren(conf, lang)
    lead = t("no_single" if result.winner is None else "recommendation", lang)
    return f"{lead}{t('colon', lang)}{name}{aside}"


def decision_line(kb: KnowledgeBase, result: Result, item: Decision, lang: str) -> str:
    """"  Framework: PyTorch (confidence high, margin 6)", or the tie, for one decision."""
    if item.winner is None:
        shown = tie_text(kb, item.top, lang)
    elif item.name == "approach":
        shown = approach_text(kb, result, lang)
    else:
        shown = label(kb, item.winner, lang)
    conf = paren(confidence_phrase(item.confidence, lang), lang)
    return f"  {t('decision.' + item.name, lang)}{t('colon', lang)}{shown}{conf}"


def ranking(kb: KnowledgeBase, item: Decision, lang: str) -> list[str]:
    top = max(max(score for _, score in item.ranking), 1)
    columns = max(width(label(kb, cid, lang)) for cid, _ in item.ranking)
    lines = [heading("ranking." + item.name, lang)]
    for cid, score in item.ranking:
        bar = "█" * round(BAR_WIDTH * max(score, 0) / top)
        lines.append(f"  {pad(label(kb, cid, lang), columns)}  {bar:<{BAR_WIDTH}} {score:>3}")
    return lines


def reason_block(kb: KnowledgeBase, reasons: tuple[Reason, ...], limit: int, lang: str) -> list[str]:
    """The first `limit` reasons, then how many more there are and what they add, so the shown
    weights always account for the score."""
    lines = [reason_line(kb, r, lang) for r in reasons[:limit]]
    rest = reasons[limit:]
    if rest:
        lines.append("  " + t("more_reasons", lang, count=len(rest), weight=f"{sum(r.weight for r in rest):+d}"))
    return lines


def decision_block(kb: KnowledgeBase, result: Result, item: Decision, limit: int, lang: str) -> list[str]:
    """Ranking and reasons of one decision: for the winner (its positive reasons; its weaknesses
    are listed once, under the caveats), or for each candidate of a tie."""
    lines = ranking(kb, item, lang)
    for cid in item.top:
        shown = tuple(r for r in result.reasons_for(cid) if r.weight > 0)
        if shown or item.winner:
            lines += [heading("why_candidate", lang, candidate=label(kb, cid, lang))]
            lines += reason_block(kb, shown, limit, lang) or ["  " + t("no_reason", lang)]
    if item.winner is None:
        lines += ["  " + t("tie_hint", lang)]
    elif item.name == "approach":
        lines += approach_notes(kb, result, item.winner, lang)
    return lines


def approach_notes(kb: KnowledgeBase, result: Result, winner: str, lang: str) -> list[str]:
    """What the winning approach means for the data (its variants), and why the others lost points."""
    variants = {v["id"]: v for v in kb.candidates[winner].get("variants", [])}
    lines = [f"  {variants[v]['text'][lang]} [{section_title(kb, variants[v]['source'], lang)}]"
             for v in result.variants]
    against = tuple(
        r for r in result.reasons if r.weight < 0 and r.candidate in kb.decisions["approach"] and r.candidate != winner
    )
    if against:
        others = t("list_and", lang).join(dict.fromkeys(label(kb, r.candidate, lang) for r in against))
        lines += [heading("not_indicated", lang, candidate=others)] + [reason_line(kb, r, lang) for r in against]
    return lines


def backend_lines(kb: KnowledgeBase, result: Result, lang: str) -> list[str]:
    """Why the backend when the framework decision tied: the stated default. Otherwise the framework
    decision's own reasons, shown above, say why."""
    default = result.default_backend
    if default is None:
        return []
    heading_line = heading("backend_why", lang, backend=label(kb, default.candidate, lang))
    return ["", heading_line, f"  {default.text[lang]} [{section_title(kb, default.source, lang)}]"]


def section_title(kb: KnowledgeBase, source: str, lang: str) -> str:
    return str(kb.sources[source]["title"][lang])


def section_number(kb: KnowledgeBase, source: str, lang: str) -> str:
    """A section's short name: "2" in English, "二" in Chinese (a title without a number as it is)."""
    title = section_title(kb, source, lang)
    if lang == "zh":
        return str(kb.sources[source]["section"])
    number = title.split(".", 1)[0]
    return f"§{number}" if number.isdigit() else title


def cited(kb: KnowledgeBase, source: str, also: tuple[str, ...], lang: str) -> str:
    """"[6. Advice; also §2, §5]": the section a claim is taken from, and where the article restates it."""
    own = section_number(kb, source, lang)
    sections = [s for s in dict.fromkeys(section_number(kb, s, lang) for s in also) if s != own]
    extra = t("also", lang, sections=t("list_and", lang).join(sections)) if sections else ""
    return f"[{section_title(kb, source, lang)}{extra}]"


def reason_line(kb: KnowledgeBase, reason: Reason, lang: str) -> str:
    where = cited(kb, reason.source, reason.also, lang)
    return f"  {reason.weight:+d} {label(kb, reason.candidate, lang)}{t('colon', lang)}{reason.text[lang]} {where}"


def option_label(kb: KnowledgeBase, qid: str, value: Value | None, lang: str) -> str:
    if value is None:
        return t("none", lang)
    labels = {o["id"]: o["label"][lang] for o in kb.questions[qid]["options"]}
    values = value if isinstance(value, tuple) else (value,)
    return t("list_and", lang).join(labels[v] for v in values) if values else t("none", lang)


def inline(text: str, lang: str) -> str:
    """An option label inside an English sentence: "Mobile phones" → "mobile phones", "A simple API"
    → "a simple API", "Several GPUs on one machine" → "several GPUs on one machine".

    Only a plainly capitalized first word is lowered, and not when the next word is capitalized too
    (a name: Stable Diffusion); GPT, PyTorch, NumPy and the words after the first stay as they are.
    A one-word name such as Python is kept by its `opt.*` word.
    """
    first, *rest = text.split(" ")
    if lang == "en" and _plain(first) and not (rest and _plain(rest[0].strip("(,"))):
        return text[0].lower() + text[1:]
    return text


def _plain(word: str) -> bool:
    """A capitalized word and nothing more: "Mobile", "A" (not "GPT", "NumPy", "GPUs")."""
    return word == "A" or len(word) > 1 and word[0].isupper() and word[1:].islower()


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
    """Option labels as they read inside a sentence, each lower-cased as `inline` does (`opt.*` words
    override a label, as they are)."""
    values = value if isinstance(value, tuple) else (value,)
    parts = [t(f"opt.{qid}.{v}", lang) if has(f"opt.{qid}.{v}") else inline(option_label(kb, qid, v, lang), lang)
             for v in values]
    return t("list_and", lang).join(parts) if parts else t("none", lang)


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
    changes = changes_text(kb, item.changes, lang)
    if item.winner is None:
        key, shown = f"if_tie.{item.decision}", tie_text(kb, item.top, lang)
    else:
        key, shown = f"if.{item.decision}", in_sentence(label(kb, item.winner, lang), lang)
    return spaced(t(key, lang, changes=changes, winner=shown, margin=item.margin), lang)


def what_if_line(kb: KnowledgeBase, item: WhatIf, lang: str) -> str:
    return "  " + what_if_sentence(kb, item, lang)


def confidence_sentence(kb: KnowledgeBase, item: Decision, lang: str) -> str:
    """A decision's level with the facts that set it: margin against the thresholds, and `settled`."""
    conf, thresholds = item.confidence, kb.settings["confidence"]
    keys = {"tie": "conf.tie", "settled": "conf.high", "open": "conf.medium.unsettled", "budget": "conf.budget"}
    key = keys.get(conf.why, "conf.medium.margin" if conf.level == "medium" else "conf.low")
    name = t("decision." + item.name, lang)
    return t(key, lang, decision=name, margin=conf.margin, s="" if conf.margin == 1 else "s", open=conf.open,
             level=t(f"level.{conf.level}", lang), **thresholds)


def answers_text(answers: dict[str, Value]) -> str:
    """The answers that fired a rule, as the flags that reproduce them."""
    parts = [f"{flag_name(q)} {','.join(v) if isinstance(v, tuple) else v}" for q, v in answers.items()]
    return " ".join(parts)


def explain_lines(kb: KnowledgeBase, result: Result, lang: str) -> list[str]:
    lines = [heading("how", lang)]
    # deferred: the explanation search runs only with --explain
    from recommender.engine.explain import explain

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
    if item.missed or item.unexplained:
        lines.append(f"  {heading('missed', lang)}")
        lines += [line for missed in item.missed for line in missed_lines(kb, missed, lang)]
    if item.unexplained:
        lines.append(f"    {unexplained(item.unexplained, lang)}")
    return lines


def unexplained(count: int, lang: str) -> str:
    """What the explanation's budget left out: never a guess, a count."""
    return t("unexplained", lang, n=count, s="" if count == 1 else "s")


def missed_lines(kb: KnowledgeBase, missed: Missed, lang: str) -> list[str]:
    rule = missed.rule
    fires = spaced(t("would_fire", lang, changes=changes_text(kb, missed.changes, lang)), lang)
    return [
        f"    {missed.weight:+d} {rule.id}{t('colon', lang)}{rule.text[lang]}",
        f"       {fires} [{section_title(kb, rule.source, lang)}]",
    ]


def starter_of(kb: KnowledgeBase, result: Result) -> Starter:
    framework = result.decision("framework").winner
    approach = result.decision("approach").winner
    # A named architecture is started through its backend; otherwise from the framework itself.
    cid, on = (result.winner, result.backend) if result.backend else (result.winner or framework, None)
    return starter(kb, cid, on, result.answers, result.packages, approach)


def starter_lines(kb: KnowledgeBase, result: Result, lang: str, columns: int | None = None) -> list[str]:
    """The install line and the snippet are never folded: they are copied and run as they are."""
    stack = starter_of(kb, result)
    if not stack.packages:
        return []
    lines = [f"{t('install', lang)}{t('colon', lang)}{install_line(stack.packages)}"]
    if stack.modules:
        lines += [heading("modules", lang)]
        names = max(len(m.name) for m in stack.modules)
        lines += fold([f"  {m.name:<{names}}  {m.text[lang]}" for m in stack.modules], columns, names + 4)
    if stack.snippet:
        lines += [heading("snippet", lang)]
        lines += [f"    {line}".rstrip() for line in stack.snippet.text(lang).rstrip("\n").split("\n")]
    return lines


def what_if_shortlist(result: Result, each: int = 2) -> tuple[WhatIf, ...]:
    """The first few what-ifs of each decision, so neither decision's are crowded out (--explain: all)."""
    return tuple(w for d in result.decisions for w in [w for w in result.what_if if w.decision == d.name][:each])


def render(kb: KnowledgeBase, result: Result, opts: RenderOptions) -> str:
    lang, columns = opts.lang, opts.columns
    if not result.answers:
        hint = t("no_answers", lang).split("\n")
        return "\n".join(fold(hint + (["", *explain_lines(kb, result, lang)] if opts.explain else []), columns)) + "\n"
    limit = kb.settings["top_reasons"]
    lines = [headline(kb, result, lang), *[decision_line(kb, result, d, lang) for d in result.decisions]]
    for item in result.decisions:
        lines += ["", *decision_block(kb, result, item, limit, lang)]
    lines += backend_lines(kb, result, lang)
    if result.caveats:
        lines += ["", heading("caveats", lang)] + [reason_line(kb, r, lang) for r in result.caveats]
    lines += ["", heading("what_if", lang)]
    shown = result.what_if if opts.explain else what_if_shortlist(result)
    lines += [what_if_line(kb, w, lang) for w in shown] or ["  " + t("no_what_if", lang)]
    if opts.explain:
        lines += ["", *[confidence_sentence(kb, d, lang) for d in result.decisions], "",
                  *explain_lines(kb, result, lang)]
    lines = fold(lines, columns)
    starter_part = starter_lines(kb, result, lang, columns)
    lines += ["", *starter_part] if starter_part else []
    if result.unanswered:
        settled = t("settled" if all(d.confidence.settled for d in result.decisions) else "not_settled", lang)
        flags = t("list_and", lang).join(flag_name(q) for q in result.unanswered)
        lines += ["", *fold([f"{t('unanswered', lang)}{t('colon', lang)}{flags}{paren(settled, lang)}"], columns)]
    if result.ignored:
        flags = t("list_and", lang).join(flag_name(q) for q in result.ignored)
        lines += ["", *fold([f"{t('ignored', lang)}{t('colon', lang)}{flags}"], columns)]
    return "\n".join(lines) + "\n"
