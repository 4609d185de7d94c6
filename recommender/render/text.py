"""The human-readable recommendation (and the phrases the other readable formats share)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from recommender.engine.result import Change, Confidence, Decision, Reason, Result, WhatIf
from recommender.engine.starter import Starter, install_line, starter
from recommender.engine.whatif import actionable
from recommender.knowledge.conditions import Value
from recommender.knowledge.model import KnowledgeBase, flag_name
from recommender.render.i18n import CONFIDENCE, plural, t, unanswered_phrase
from recommender.render.options import RenderOptions
from recommender.render.wrap import fold, width

if TYPE_CHECKING:
    from recommender.engine.explain import CandidateExplanation, Missed
    from recommender.knowledge.records import OptionSpec

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


def confidence_phrase(conf: Confidence, unanswered: int, lang: str) -> str:
    """The level and what set it, short enough for a headline: "confidence medium, margin 6: 11 of the
    12 unanswered questions could still change it" (`unanswered`: how many could still be asked)."""
    return confidence_words(conf, "short", unanswered, lang)


def confidence_words(conf: Confidence, form: str, unanswered: int, lang: str, **facts: object) -> str:
    """A confidence in words from the one table (`i18n.CONFIDENCE`): `form` is "short" or "long"."""
    why = f"margin.{conf.level}" if conf.why == "margin" else conf.why
    if why == "requirement" and not conf.settled:
        why = "requirement.open"
    words = CONFIDENCE[why if why in CONFIDENCE else "margin.low"][form][lang]
    points = plural(conf.margin, "point", "points") if lang == "en" else str(conf.margin)
    return words.format(level=t(f"level.{conf.level}", lang), margin=conf.margin, points=points,
                        still=unanswered_phrase(conf.open, max(unanswered, conf.open), lang), **facts)


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
    conf = confidence_phrase(result.confidence, len(result.unanswered), lang)
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
    conf = paren(confidence_phrase(item.confidence, len(result.unanswered), lang), lang)
    return f"  {t('decision.' + item.name, lang)}{t('colon', lang)}{shown}{conf}"


def ranking(kb: KnowledgeBase, item: Decision, lang: str) -> list[str]:
    top = max(max(score for _, score in item.ranking), 1)
    columns = max(width(label(kb, cid, lang)) for cid, _ in item.ranking)
    lines = [heading("ranking." + item.name, lang)]
    aside = {u.candidate for u in item.unmet}
    for cid, score in item.ranking:
        bar = "█" * round(BAR_WIDTH * max(score, 0) / top)
        mark = "  " + t("aside_mark", lang) if cid in aside else ""
        lines.append(f"  {pad(label(kb, cid, lang), columns)}  {bar:<{BAR_WIDTH}} {score:>3}{mark}")
    return lines


def unmet_lines(kb: KnowledgeBase, result: Result, item: Decision, lang: str) -> list[str]:
    """Who is set aside by a stated requirement and why ("PyTorch set aside: the article names no browser
    runtime for it [§2]"), with the requirement's Today line; when no candidate meets them all, says so."""
    lines: list[str] = []
    for unmet in item.unmet:
        section = section_number(kb, unmet.source, lang)
        lines.append("  " + spaced(t("set_aside", lang, candidate=label(kb, unmet.candidate, lang),
                                     why=unmet.why[lang], section=section), lang))
        lines += today_lines(result, f"requirement.{unmet.requirement}", lang)
    if item.unmet and {u.candidate for u in item.unmet} >= set(item.top):
        lines.append("  " + t("none_meets." + item.name, lang))
    return lines


def today_lines(result: Result, item_id: str, lang: str, indent: str = "    ") -> list[str]:
    """The "Today:" line of an aged item the output prints, if it has one: one change noted on several items
    (AlphaFold on three rules) is printed once, at the first of them (else with the stack, `stack_today`)."""
    return [indent + t("today", lang, text=d.text[lang]) for d in result.dated
            if d.id == item_id and first_of_text(result)[d.text["en"]] == item_id]


def first_of_text(result: Result) -> dict[str, str]:
    """Each aged text's first item."""
    found: dict[str, str] = {}
    for d in result.dated:
        found.setdefault(d.text["en"], d.id)
    return found


def reason_block(kb: KnowledgeBase, result: Result, reasons: tuple[Reason, ...], limit: int, lang: str) -> list[str]:
    """The first `limit` reasons, then how many more there are and what they add, so the shown
    weights always account for the score."""
    lines = [line for r in reasons[:limit] for line in reason_lines(kb, result, r, lang)]
    rest = reasons[limit:]
    if rest:
        lines.append("  " + t("more_reasons", lang, count=len(rest), weight=f"{sum(r.weight for r in rest):+d}"))
    return lines


def decision_block(kb: KnowledgeBase, result: Result, item: Decision, limit: int, lang: str) -> list[str]:
    """Ranking and reasons of one decision: for the winner (its positive reasons; its weaknesses
    are listed once, under the caveats), or for each candidate of a tie."""
    lines = ranking(kb, item, lang) + unmet_lines(kb, result, item, lang)
    for cid in item.top:
        shown = tuple(r for r in result.reasons_for(cid) if r.weight > 0)
        if shown or item.winner:
            lines += [heading("why_candidate", lang, candidate=label(kb, cid, lang))]
            lines += reason_block(kb, result, shown, limit, lang) or ["  " + t("no_reason", lang)]
    if item.winner is None:
        lines += ["  " + t("tie_hint", lang)]
    elif item.name == "approach":
        lines += approach_notes(kb, result, item.winner, lang)
    return lines


def approach_notes(kb: KnowledgeBase, result: Result, winner: str, lang: str) -> list[str]:
    """What the winning approach means for the data (its variants), and why the others lost points."""
    variants = {v["id"]: v for v in kb.candidates[winner].get("variants", [])}
    lines = [line for v in result.variants for line in (
        f"  {variants[v]['text'][lang]} [{section_title(kb, variants[v]['source'], lang)}]",
        *today_lines(result, f"{winner}.variants.{v}", lang))]
    against = tuple(
        r for r in result.reasons if r.weight < 0 and r.candidate in kb.decisions["approach"] and r.candidate != winner
    )
    if against:
        others = t("list_and", lang).join(dict.fromkeys(label(kb, r.candidate, lang) for r in against))
        lines += [heading("not_indicated", lang, candidate=others)]
        lines += [line for r in against for line in reason_lines(kb, result, r, lang)]
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


def reason_lines(kb: KnowledgeBase, result: Result, reason: Reason, lang: str) -> list[str]:
    """A reason's line, then its rule's Today line when its claim has aged."""
    return [reason_line(kb, reason, lang), *today_lines(result, reason.rule, lang)]


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
    """One answer change as a clause, in the question's own what-if wording (rules/questions.yaml:
    an option's `what_if`, else the question's `what_if` phrase for the kind of change), else a generic
    phrase that quotes the prompt."""
    qid = change.question
    if isinstance(change.after, tuple):
        before = set(change.before or ())
        added = [o for o in change.after if o not in before]
        removed = [o for o in (change.before or ()) if o not in change.after]
        whole = _option(kb, qid, added[0]).get("what_if") if len(added) == 1 else None
        if whole:
            return whole[lang]
        if added:
            mode = "add" if before - set(removed) else "first"
            return _phrase(kb, qid, mode, tuple(added), lang)
        return _phrase(kb, qid, "remove", tuple(removed), lang)
    whole = _option(kb, qid, change.after).get("what_if")
    if whole:
        return whole[lang]
    return _phrase(kb, qid, "first" if change.before is None else "set", change.after, lang)


def _option(kb: KnowledgeBase, qid: str, option: str) -> OptionSpec:
    return next(o for o in kb.questions[qid]["options"] if o["id"] == option)


def phrase_label(kb: KnowledgeBase, qid: str, value: Value, lang: str) -> str:
    """Option labels as they read inside a sentence, each lower-cased as `inline` does (an option's
    `phrase` overrides its label, as it is)."""
    values = value if isinstance(value, tuple) else (value,)
    parts = [_option(kb, qid, v)["phrase"][lang] if "phrase" in _option(kb, qid, v)
             else inline(option_label(kb, qid, v, lang), lang) for v in values]
    return t("list_and", lang).join(parts) if parts else t("none", lang)


def _phrase(kb: KnowledgeBase, qid: str, mode: str, value: Value, lang: str) -> str:
    text = phrase_label(kb, qid, value, lang)
    wording = kb.questions[qid].get("what_if", {})
    for key in (mode, "set"):
        if key in wording:  # pack text: `{value}` is replaced, never formatted (no field lookups)
            return wording[key][lang].replace("{value}", text)
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
        kind = "if_req" if item.requirement else "if"
        key, shown = f"{kind}.{item.decision}", in_sentence(label(kb, item.winner, lang), lang)
    return spaced(t(key, lang, changes=changes, winner=shown, margin=item.margin), lang)


def what_if_line(kb: KnowledgeBase, item: WhatIf, lang: str) -> str:
    return "  " + what_if_sentence(kb, item, lang)


def confidence_sentence(kb: KnowledgeBase, result: Result, item: Decision, lang: str) -> str:
    """A decision's level with the facts that set it: margin against the thresholds, and `settled`."""
    return confidence_words(item.confidence, "long", len(result.unanswered), lang,
                            decision=t("decision." + item.name, lang), **kb.settings["confidence"])


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
    lines += fold([f"  {note[lang]}" for note in stack.notes], columns, 4)
    lines += fold(stack_today(kb, result, lang), columns, 4)
    if stack.modules:
        lines += [heading("modules", lang)]
        names = max(len(m.name) for m in stack.modules)
        lines += fold([f"  {m.name:<{names}}  {m.text[lang]}" for m in stack.modules], columns, names + 4)
    if stack.snippet:
        lines += [heading("snippet", lang)]
        lines += [f"    {line}".rstrip() for line in stack.snippet.text(lang).rstrip("\n").split("\n")]
        lines += ["  " + t("snippet_hint", lang)]
    return lines


def summary_line(kb: KnowledgeBase, result: Result, lang: str) -> str:
    """Both decisions and their confidence in one line, the last of the text output: where a terminal's
    screen ends, after the long lists, the verdict is still in sight."""
    framework, approach = result.decision("framework"), result.decision("approach")
    framework_name = label(kb, framework.winner, lang) if framework.winner else tie_text(kb, framework.top, lang)
    if approach.winner is None:
        approach_name = tie_text(kb, approach.top, lang)
    else:
        shown = variant_labels(kb, approach.winner, result.variants, lang)
        approach_name = shown or in_sentence(label(kb, approach.winner, lang), lang)
    return t("summary", lang, framework=framework_name, approach=approach_name,
             framework_level=t(f"level.{framework.confidence.level}", lang),
             approach_level=t(f"level.{approach.confidence.level}", lang))


def printed(kb: KnowledgeBase, result: Result) -> set[str]:
    """The aged items the text prints with their own Today line: the reasons shown (as `decision_block`,
    `approach_notes` and the caveats pick them) and the requirements set aside."""
    limit = kb.settings["top_reasons"]
    ids = {r.rule for r in result.caveats}
    approach = result.decision("approach").winner
    ids |= {f"{approach}.variants.{v}" for v in result.variants}
    for item in result.decisions:
        ids |= {f"requirement.{u.requirement}" for u in item.unmet}
        ids |= {r.rule for cid in item.top for r in [r for r in result.reasons_for(cid) if r.weight > 0][:limit]}
        if item.name == "approach" and item.winner:
            others = set(kb.decisions["approach"]) - {item.winner}
            ids |= {r.rule for r in result.reasons if r.weight < 0 and r.candidate in others}
    return ids


def stack_today(kb: KnowledgeBase, result: Result, lang: str) -> list[str]:
    """The Today lines of the aged items not printed with a reason or a requirement: what a chosen candidate
    provides, the stack's packages, key modules and snippet, and fired rules whose reason is not shown."""
    inline, first = printed(kb, result), first_of_text(result)
    return ["  " + t("today", lang, text=d.text[lang]) for d in result.dated
            if first[d.text["en"]] == d.id and d.id not in inline]


def what_if_shortlist(kb: KnowledgeBase, result: Result, each: int = 2) -> tuple[WhatIf, ...]:
    """The first few what-ifs of each decision a person can act on (choices and unanswered questions, never
    a fact of the project given), so neither decision's are crowded out (--explain: all, facts too)."""
    return tuple(w for d in result.decisions
                 for w in [w for w in result.what_if if w.decision == d.name and actionable(kb, w)][:each])


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
        lines += ["", heading("caveats", lang)] + [x for r in result.caveats for x in reason_lines(kb, result, r, lang)]
    lines += ["", heading("what_if", lang)]
    shown = result.what_if if opts.explain else what_if_shortlist(kb, result)
    empty = "no_what_if" if not result.what_if else "only_facts"
    lines += [what_if_line(kb, w, lang) for w in shown] or ["  " + t(empty, lang)]
    if opts.explain:
        lines += ["", *[confidence_sentence(kb, result, d, lang) for d in result.decisions], "",
                  *explain_lines(kb, result, lang)]
    lines = fold(lines, columns)
    starter_part = starter_lines(kb, result, lang, columns)
    # Without a stack (a tie), the aged items' Today lines stand alone where it would be.
    starter_part = starter_part or fold(stack_today(kb, result, lang), columns, 4)
    lines += ["", *starter_part] if starter_part else []
    if result.unanswered:
        settled = t("settled" if all(d.confidence.settled for d in result.decisions) else "not_settled", lang)
        flags = t("list_and", lang).join(flag_name(q) for q in result.unanswered)
        named = t("unanswered", lang, count=len(result.unanswered))
        lines += ["", *fold([f"{named}{t('colon', lang)}{flags}{paren(settled, lang)}"], columns)]
    if result.ignored:
        flags = t("list_and", lang).join(flag_name(q) for q in result.ignored)
        lines += ["", *fold([f"{t('ignored', lang)}{t('colon', lang)}{flags}"], columns)]
    lines += ["", *fold([summary_line(kb, result, lang)], columns)]
    return "\n".join(lines) + "\n"
