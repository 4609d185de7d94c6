"""`rules lint`: findings about a valid pack that the schema cannot see.

Errors (exit 1): a rule that can never fire, a candidate that can never win, a
blank text, a snippet that imports what its install line does not install.
Warnings: a question, option or source nothing uses, a rule that duplicates
another, a text that looks untranslated, a check not finished within the
budget, and what else a pack owes its users (`policies`: a starter per
candidate, what-if wording per question, a rule test each candidate wins; the
shipped pack has no warning). Notes: a rule that cites no section of the
article.

The exact searches of one lint (never-fires, shadowed, never-wins) share one
work budget, SEARCH_BUDGET, counted in conditions judged; the swing check is
bounded as `rules analyze` is (`weights.affordable`). What the budget leaves
unchecked is one `not-checked` warning per check, naming how many items.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from itertools import combinations
from typing import Any

from recommender.knowledge.conditions import named_options
from recommender.knowledge.model import KnowledgeBase, Rule
from recommender.knowledge.textcheck import escaped
from recommender.ruletools import analysis, policies, weights
from recommender.ruletools.packs import origin
from recommender.ruletools.space import OutOfWork, Undecided, Work
from recommender.ruletools.stacks import TooManyAnswers, stacks, unreachable

SEVERITIES = ("error", "warning", "note")
BEYOND = "beyond"
SEARCH_BUDGET = 400_000  # conditions judged by one lint's exact searches; the shipped pack needs about 7,000
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")


@dataclass(frozen=True)
class Finding:
    file: str
    line: int
    column: int
    severity: str
    code: str
    message: str

    def render(self) -> str:
        # One line, escaped whole: the file name (and a message quoting another) is untrusted.
        return escaped(f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.message} [{self.code}]", keep="")

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def lint(kb: KnowledgeBase, files: list[str] | None = None) -> list[Finding]:
    """Every finding, ordered by place; `files` in layer order decides which of two duplicates is the later."""
    work = Work(SEARCH_BUDGET)
    found = [
        # The errors' searches first: what the budget leaves unchecked should be the duplicates' (warnings).
        *_unused_questions(kb), *_never_fires(kb, work), *_never_wins(kb, work), *_shadowed(kb, files or [], work),
        *_texts(kb), *_sources(kb), *_swings(kb), *_starters(kb), *_policies(kb), *_unlabelled_beyond(kb),
    ]
    return sorted(set(found), key=lambda f: (f.file, f.line, f.column, SEVERITIES.index(f.severity), f.code, f.message))


def _at(kb: KnowledgeBase, section: str, item_id: str, severity: str, code: str, message: str) -> Finding:
    file, line, column = origin(kb, section, item_id)
    return Finding(file, line, column, severity, code, message)


def _named_options(kb: KnowledgeBase) -> dict[str, set[str]]:
    """Question → options named by any condition: rules (a stated requirement's too), packages, questions' own
    `when`."""
    conditions = [r.when for r in kb.scored_rules]
    conditions += [p.get("when") for c in kb.candidates.values() for p in c["packages"]]
    conditions += [q.get("when") for q in kb.questions.values()]
    conditions += [s.get("when") for c in kb.candidates.values() for s in c.get("starter", {}).get("snippets", [])]
    conditions += [m.get("when") for c in kb.candidates.values() for m in c.get("starter", {}).get("modules", [])
                   if isinstance(m, dict)]
    return named_options(*conditions)


def _unused_questions(kb: KnowledgeBase) -> Iterator[Finding]:
    named = _named_options(kb)
    for qid in kb.questions:
        if qid not in named:
            yield _at(kb, "questions", qid, "warning", "unused-question",
                      f"question {qid!r} is read by no rule, package or question condition")
            continue
        neutral = {o["id"] for o in kb.questions[qid]["options"] if o.get("neutral")}
        unused = [o for o in kb.option_ids(qid) if o not in named[qid] and o not in neutral]
        for option in unused:
            yield _at(kb, "questions", qid, "warning", "unused-option",
                      f"option {option!r} of question {qid!r} is named by no condition")


def _not_checked(kb: KnowledgeBase, section: str, first: str, check: str, count: int, what: str) -> Finding:
    """One finding for what the budget left out of a check, placed at the first item left out."""
    return _at(kb, section, first, "warning", "not-checked",
               f"{check} not checked for {count} {what} within the budget (from {first!r} on); see "
               "docs/rule-authoring.md, Lint")


def _never_fires(kb: KnowledgeBase, work: Work) -> Iterator[Finding]:
    left: list[str] = []
    for rule in kb.rules:
        if work.left < 0:
            left.append(rule.id)
            continue
        try:
            if analysis.firing_profile(kb, rule, work) is None:
                yield _at(kb, "rules", rule.id, "error", "never-fires",
                          f"rule {rule.id!r} can never fire: no answers make its condition true")
        except OutOfWork:
            left.append(rule.id)
        except Undecided as exc:
            yield _at(kb, "rules", rule.id, "warning", "undecided",
                      f"rule {rule.id!r}: cannot decide if it fires ({exc})")
    if left:
        yield _not_checked(kb, "rules", left[0], "never-fires", len(left), "rules" if len(left) > 1 else "rule")


def _starters(kb: KnowledgeBase) -> Iterator[Finding]:
    """Over every stack the pack can print: a snippet no verdict and answers select (an earlier one always
    fits first) is never printed; a module a snippet imports must be installed by its stack's packages, and
    each package printed imported by its snippet."""
    try:
        found = stacks(kb)
    except TooManyAnswers as exc:
        first = next(iter(kb.candidates))  # the starters are the candidates' own: point at the first
        yield _at(kb, "candidates", first, "note", "snippets-not-checked",
                  f"snippets not checked for reachability or imports: {exc}")
        return
    for cid, snippet in unreachable(kb, found):
        yield _at(kb, "candidates", cid, "error", "snippet-unreachable",
                  f"candidate {cid!r}: snippet {snippet!r} is never shown: an earlier snippet fits "
                  "whenever it does, or its backend never runs this candidate")
    for cid, code, message in [*policies.uninstalled_imports(kb, found), *policies.unused_packages(kb, found)]:
        yield _at(kb, "candidates", cid, "error", code, message)


def _policies(kb: KnowledgeBase) -> Iterator[Finding]:
    """What a pack owes its users: a starter per candidate, what-if wording per question, a rule test won
    by each candidate."""
    for cid, code, message in [*policies.no_starter(kb), *policies.never_wins_a_test(kb)]:
        yield _at(kb, "candidates", cid, "warning", code, message)
    for qid, code, message in policies.no_wording(kb):
        yield _at(kb, "questions", qid, "warning", code, message)


def _shadowed(kb: KnowledgeBase, files: list[str], work: Work) -> Iterator[Finding]:
    """Same effects and a condition true for exactly the same answers: the knowledge counts twice."""
    rank = {file: index for index, file in enumerate(files)}

    def place(rule: Rule) -> tuple[int, str, int, int]:
        file, line, column = origin(kb, "rules", rule.id)
        return rank.get(file, len(rank)), file, line, column

    groups: dict[tuple[tuple[str, int], ...], list[Rule]] = {}
    for rule in kb.rules:
        groups.setdefault(tuple(sorted(rule.effects.items())), []).append(rule)
    left, first_left = 0, ""
    for rules in groups.values():
        ordered = sorted(rules, key=place)
        pairs = len(ordered) * (len(ordered) - 1) // 2
        for index, (first, second) in enumerate(combinations(ordered, 2)):
            try:
                same = work.left >= 0 and analysis.equivalent(kb, first, second, work)
            except OutOfWork:
                same = False
            except Undecided:
                continue  # a duplicate we cannot prove is not reported
            if work.left < 0:  # this pair and the rest of the group are not checked
                left, first_left = left + pairs - index, first_left or second.id
                break
            if same:
                file, line, _ = origin(kb, "rules", first.id)
                yield _at(kb, "rules", second.id, "warning", "shadowed",
                          f"rule {second.id!r} is identical to rule {first.id!r} ({file}:{line}): "
                          "same condition and effects, so it counts twice")
    if left:
        yield _not_checked(kb, "rules", first_left, "shadowed", left, "pairs of rules" if left > 1 else "pair of rules")


def _never_wins(kb: KnowledgeBase, work: Work) -> Iterator[Finding]:
    left: list[str] = []
    for cid in kb.candidates:
        if work.left < 0:
            left.append(cid)
            continue
        try:
            if analysis.winning_profile(kb, cid, work) is None:
                yield _at(kb, "candidates", cid, "error", "never-wins",
                          f"candidate {cid!r} cannot win for any answers: its rules never outweigh its rivals'")
        except OutOfWork:
            left.append(cid)
        except Undecided as exc:
            yield _at(kb, "candidates", cid, "warning", "undecided",
                      f"candidate {cid!r}: cannot decide if it can win ({exc})")
    if left:
        yield _not_checked(kb, "candidates", left[0], "never-wins", len(left),
                           "candidates" if len(left) > 1 else "candidate")


def _swings(kb: KnowledgeBase) -> Iterator[Finding]:
    """One answer may move one candidate by at most `settings.swing_cap`, through all its rules together."""
    cap = kb.settings["swing_cap"]
    profiles = weights.sample(kb)
    done = weights.affordable(kb, len(profiles))
    if done < len(profiles):
        first = next(iter(kb.questions))
        yield _at(kb, "questions", first, "warning", "not-checked",
                  f"swing-over-cap checked on {done} of {len(profiles)} profiles within the budget; see "
                  "`recommender rules analyze` and docs/rule-authoring.md, Lint")
    for (qid, option), cid, swing in weights.over_cap(weights.swings(kb, profiles[:done]), cap):
        yield _at(kb, "questions", qid, "error", "swing-over-cap",
                  f"answer {qid}={option} moves {cid!r} by {swing}, over the swing cap {cap} "
                  f"(settings.swing_cap): see `recommender rules analyze`")


def _texts(kb: KnowledgeBase) -> Iterator[Finding]:
    for section in ("sources", "questions", "candidates", "rules"):
        for item in kb.section(section):
            for where, text in _text_fields(item, ""):
                for code, severity, problem in _text_problems(text):
                    yield _at(kb, section, item["id"], severity, code,
                              f"{section[:-1]} {item['id']!r}: {where.lstrip('.')} {problem}")


def _text_fields(node: Any, where: str) -> Iterator[tuple[str, dict[str, str]]]:
    """Every {en, zh} text inside an item, with its path."""
    if isinstance(node, dict):
        if set(node) <= {"en", "zh"} and node:
            yield where, node
            return
        for key, value in node.items():
            if key not in ("when", "effects", "comments"):  # a snippet's comment translations are not {en, zh} texts
                yield from _text_fields(value, f"{where}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _text_fields(value, f"{where}[{index}]")


def _text_problems(text: dict[str, str]) -> Iterator[tuple[str, str, str]]:
    en, zh = text.get("en", ""), text.get("zh", "")
    for lang, value in (("en", en), ("zh", zh)):
        if not value.strip():
            yield "missing-text", "error", f"has no {'English' if lang == 'en' else 'Chinese'} text"
    if not en.strip() or not zh.strip():
        return
    # Names (PyTorch, ViT) read the same in both languages; sentences do not.
    if not _CJK.search(zh) and len(en.split()) >= 4:
        yield "untranslated", "warning", "zh has no Chinese characters; is it translated?"
    if len(_CJK.findall(en)) > len(_LATIN.findall(en)):
        yield "untranslated", "warning", "en is mostly Chinese characters; is it translated?"


def _sources(kb: KnowledgeBase) -> Iterator[Finding]:
    cited = {r.source for r in kb.rules} | {t["source"] for t in kb.tests if "source" in t}
    cited |= set(_cited(kb.data["rules"])) | set(_cited(list(kb.candidates.values())))
    cited |= set(_cited(list(kb.questions.values())))
    for sid in kb.sources:
        if sid not in cited:
            yield _at(kb, "sources", sid, "warning", "unused-source", f"source {sid!r} is cited by nothing")
    for rule in kb.rules:
        if kb.sources[rule.source]["section"] == BEYOND:
            yield _at(kb, "rules", rule.id, "note", "no-source",
                      f"rule {rule.id!r} cites no section of the article (source {rule.source!r})")


def _cited(value: Any) -> Iterator[str]:
    """Every `source` named anywhere in these items: profile entries, requirements and what provides
    them, variants, default backends and `dated` notes cite too."""
    if isinstance(value, dict):
        if isinstance(value.get("source"), str):
            yield value["source"]
        for item in value.values():
            yield from _cited(item)
    elif isinstance(value, list):
        for item in value:
            yield from _cited(item)


LABEL = {"en": "Beyond the article", "zh": "超出原文"}  # how a text printed without its source says so


def _unlabelled_beyond(kb: KnowledgeBase) -> Iterator[Finding]:
    """A text that goes beyond the article must say so. A rule, variant or default backend is printed with
    its source ([Beyond the article]); a profile item or what a candidate provides is read on its own, so
    a `beyond` one starts with the label; a `dated` note, printed as "Today:", must cite `beyond`."""
    for cid, spec in kb.candidates.items():
        items = [*[e for entries in spec.get("profile", {}).values() for e in entries], *spec.get("provides", [])]
        for item in items:
            text = item.get("text")
            if text and kb.sources[item["source"]]["section"] == BEYOND and not all(
                    text[lang].startswith(LABEL[lang]) for lang in LABEL):
                yield _at(kb, "candidates", cid, "warning", "unlabelled-beyond",
                          f"candidate {cid!r}: a text citing {item['source']!r} does not start with "
                          f"{LABEL['en']!r} / {LABEL['zh']!r}: {text['en'][:60]!r}")
    for section, item_id, note in _dated_notes(kb):
        if kb.sources[note["source"]]["section"] != BEYOND:
            yield _at(kb, section, item_id, "warning", "unlabelled-beyond",
                      f"a dated note of {item_id!r} cites {note['source']!r}: what changed since the article is "
                      "beyond it (cite a `beyond` source)")


def _dated_notes(kb: KnowledgeBase) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Every `dated` note of the pack: (section, item id, note)."""
    for spec in kb.data["rules"]:
        if "dated" in spec:
            yield "rules", spec["id"], spec["dated"]
    for cid, cand in kb.candidates.items():
        starter = cand.get("starter", {})
        items = [*[e for entries in cand.get("profile", {}).values() for e in entries], *cand.get("provides", []),
                 *cand["packages"], *cand.get("variants", []), *starter.get("snippets", []), starter]
        yield from (("candidates", cid, i["dated"]) for i in items if isinstance(i, dict) and "dated" in i)
    for qid, question in kb.questions.items():
        for option in question["options"]:
            yield from (("questions", qid, dict(r["dated"])) for r in option.get("requires", []) if "dated" in r)


def counts(findings: list[Finding]) -> dict[str, int]:
    return {s: sum(f.severity == s for f in findings) for s in SEVERITIES}


def summary(findings: list[Finding]) -> str:
    n = counts(findings)
    words = [f"{n[s]} {s}{'' if n[s] == 1 else 's'}" for s in SEVERITIES]
    return ", ".join(words)
