"""`recommender candidates`: what the knowledge base knows about each candidate."""

from __future__ import annotations

import json
from typing import Any

import click

from recommender.cli.common import Choice, emit, knowledge, lang_option, rules_option
from recommender.errors import RecommenderError
from recommender.knowledge.model import KnowledgeBase
from recommender.render.i18n import default_lang, t

SECTIONS = ("principles", "use_cases", "strengths", "weaknesses", "models", "modules", "summary_table", "advice")

EPILOG = """\b
Examples:
  recommender candidates
  recommender candidates transformer --lang zh
  recommender candidates pytorch --format json
"""


def complete_candidate(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """The candidate ids of the packs this command line names (its --rules too); none if they do not load."""
    from click.shell_completion import CompletionItem

    try:
        kb = knowledge(ctx)
    except RecommenderError:
        return []
    return [CompletionItem(cid, help=spec["label"]["en"]) for cid, spec in kb.candidates.items()
            if cid.startswith(incomplete)]


@click.command(epilog=EPILOG)
@click.argument("candidate", required=False, shell_complete=complete_candidate)
@rules_option
@click.option("--format", "fmt", type=Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")
@lang_option
@click.pass_context
def candidates(ctx: click.Context, candidate: str | None, rules: tuple[str, ...], fmt: str, lang: str | None) -> None:
    """List the candidates, or show one's profile with the article section of every item."""
    kb = knowledge(ctx)
    lang = lang or default_lang()
    if candidate is not None and candidate not in kb.candidates:
        from recommender.knowledge.conditions import did_you_mean

        known = ", ".join(kb.candidates)
        hint = did_you_mean(candidate, list(kb.candidates))
        raise click.BadParameter(f"unknown candidate {candidate!r}; one of {known}{hint}", param_hint="CANDIDATE")
    if candidate is None:
        emit(render_list_json(kb, lang) if fmt == "json" else render_list_text(kb, lang))
    else:
        emit(render_profile_json(kb, candidate, lang) if fmt == "json" else render_profile_text(kb, candidate, lang))


def summary(kb: KnowledgeBase, cid: str, lang: str) -> dict[str, Any]:
    spec = kb.candidates[cid]
    return {
        "id": cid,
        "label": spec["label"][lang],
        "kind": spec["kind"],
        "summary": spec["summary"][lang],
        "backends": list(spec.get("backends", [])),
    }


def render_list_json(kb: KnowledgeBase, lang: str) -> str:
    doc = {"candidates": [summary(kb, cid, lang) for cid in kb.candidates]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def render_list_text(kb: KnowledgeBase, lang: str) -> str:
    from recommender.render.text import paren

    lines = []
    for cid in kb.candidates:
        item = summary(kb, cid, lang)
        lines += [f"{cid}: {item['label']}{paren(t('kind.' + item['kind'], lang), lang)}", f"    {item['summary']}", ""]
    return "\n".join(lines + [t("see_profile", lang)]) + "\n"


def section_of(kb: KnowledgeBase, source: str, lang: str) -> dict[str, str]:
    return {"source": source, "section": kb.sources[source]["section"], "title": kb.sources[source]["title"][lang]}


def profile_item(kb: KnowledgeBase, part: str, item: dict[str, Any], lang: str) -> dict[str, Any]:
    """One profile entry with its texts in `lang` and where in the article it comes from."""
    out: dict[str, Any] = {}
    if part == "models":
        out = {"name": item["name"], "domain": item["domain"][lang], "technique": item["technique"][lang]}
    elif part == "modules":
        out = {"name": item["name"], "text": item["text"][lang]}
    elif part == "summary_table":
        out = {"aspect": item["aspect"][lang], "text": item["text"][lang]}
    else:
        out = {"text": item["text"][lang]}
    note = item.get("dated")
    aged = {"dated": {"text": note["text"][lang], "source": note["source"]}} if note else {}
    return {**out, **section_of(kb, item["source"], lang), **aged}


def profile(kb: KnowledgeBase, cid: str, lang: str) -> dict[str, Any]:
    from recommender.engine.starter import module_names, snippet_of

    spec = kb.candidates[cid]
    sections = spec.get("profile", {})
    block = spec.get("starter", {})
    fallback = snippet_of(kb, cid, None, {})
    per_backend = {b: snippet_of(kb, cid, b, {}) for b in spec.get("backends", [])}
    return {
        **summary(kb, cid, lang),
        "packages": [
            *({"name": p["name"], "backend": p.get("backend"), "when": p.get("when")} for p in spec["packages"]),
            # A snippet's own packages: installed when that snippet is printed.
            *({"name": p["name"], "backend": s.get("backend"), "when": None, "snippet": s["id"]}
              for s in block.get("snippets", []) for p in s.get("packages", [])),
        ],
        "profile": {
            part: [profile_item(kb, part, item, lang) for item in sections.get(part, [])]
            for part in SECTIONS if sections.get(part)
        },
        "starter": {
            "modules": module_names(kb, cid),
            "snippet": fallback.text(lang) if fallback else None,
            "backends": {b: s.text(lang) for b, s in per_backend.items() if s},
            "snippets": [
                {"id": s["id"], "backend": s.get("backend"), "when": s.get("when")} for s in block.get("snippets", [])
            ],
        },
        "rules": sorted(rule.id for rule in kb.rules if cid in rule.effects),
    }


def render_profile_json(kb: KnowledgeBase, cid: str, lang: str) -> str:
    return json.dumps(profile(kb, cid, lang), ensure_ascii=False, indent=2) + "\n"


def item_line(part: str, item: dict[str, Any], lang: str) -> str:
    where = f"[{item['title']}]"
    if part == "models":
        sep = "；" if lang == "zh" else "; "
        return f"  - {item['name']}{t('colon', lang)}{item['domain']}{sep}{item['technique']} {where}"
    if part == "modules":
        return f"  - {item['name']}{t('colon', lang)}{item['text']} {where}"
    if part == "summary_table":
        return f"  - {item['aspect']}{t('colon', lang)}{item['text']} {where}"
    return f"  - {item['text']} {where}"


def notes(kb: KnowledgeBase, item: dict[str, Any], lang: str) -> str:
    """` (with TensorFlow, when {...})`: the backend a package or snippet belongs to and its condition (or the
    snippet a package is installed with)."""
    from recommender.render.text import paren

    found = [t("with_backend", lang, backend=kb.candidates[item["backend"]]["label"][lang])] if item["backend"] else []
    found += [t("with_snippet", lang, snippet=item["snippet"])] if item.get("snippet") else []
    found += [f"{t('packages_when', lang)} {json.dumps(item['when'])}"] if item["when"] else []
    return paren(t("list_and", lang).join(found), lang) if found else ""


def package_text(kb: KnowledgeBase, package: dict[str, Any], lang: str) -> str:
    """A package as the install line spells it (`'transformers<5'`), with its notes."""
    from recommender.engine.starter import install_line

    return install_line([package["name"]]).removeprefix("pip install ") + notes(kb, package, lang)


def render_profile_text(kb: KnowledgeBase, cid: str, lang: str) -> str:
    from recommender.render.text import paren

    doc = profile(kb, cid, lang)
    colon = t("colon", lang)
    sep = t("list_and", lang)
    lines = [f"{doc['label']}{paren(t('kind.' + doc['kind'], lang), lang)}", doc["summary"]]
    if doc["backends"]:
        names = sep.join(kb.candidates[b]["label"][lang] for b in doc["backends"])
        lines.append(f"{t('backends', lang)}{colon}{names}")
    packages = [package_text(kb, p, lang) for p in doc["packages"]]
    lines.append(f"{t('packages', lang)}{colon}{sep.join(packages)}")
    for part, items in doc["profile"].items():
        lines += ["", t(f"section.{part}", lang) + colon.rstrip()]
        for item in items:  # an aged claim is followed by its Today line
            lines.append(item_line(part, item, lang))
            lines += ["    " + t("today", lang, text=item["dated"]["text"])] if "dated" in item else []
    snippets = [(None, doc["starter"]["snippet"])] if doc["starter"]["snippet"] else []
    snippets += list(doc["starter"]["backends"].items())
    for backend, code in snippets:
        title = t("snippet", lang) + (paren(kb.candidates[backend]["label"][lang], lang) if backend else "")
        lines += ["", title + colon.rstrip()] + [f"    {line}".rstrip() for line in code.rstrip("\n").split("\n")]
    if doc["starter"]["snippets"]:
        lines += ["", t("snippets_when", lang) + colon.rstrip()]
        lines += [f"  - {s['id']}{notes(kb, s, lang)}" for s in doc["starter"]["snippets"]]
    lines += ["", f"{t('rules_naming', lang)}{colon}{', '.join(doc['rules'])}"]
    return "\n".join(lines) + "\n"
