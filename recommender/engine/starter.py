"""The starter stack for a recommendation: packages, key modules (section 五), a snippet.

Pure: reads the knowledge base only. Packages come from the engine (the
candidate's own, data-aware through their `when`, plus the backend's); modules
and snippets from each candidate's optional `starter` block, chosen by the same
condition language as packages: a module under a `when` is shown only when it
holds, and the snippet is the first of `snippets` whose backend and `when` fit.
"""

from collections.abc import Iterator, Mapping
from itertools import chain, combinations, product
from typing import Any, NamedTuple

from recommender.knowledge.conditions import Answers, Value, compile_condition, named_options
from recommender.knowledge.model import KnowledgeBase

_COMMENT = "# "


class Module(NamedTuple):
    name: str
    text: dict[str, str]
    source: str


class Snippet(NamedTuple):
    id: str
    code: str
    comments: Mapping[str, Mapping[str, str]]  # language → English comment → translation

    def text(self, lang: str) -> str:
        """The code with its whole-line comments in `lang` where the knowledge base translates them;
        the code itself is the same in every language."""
        table = self.comments.get(lang, {})
        return "".join(_translated(line, table) for line in self.code.splitlines(keepends=True))


class Starter(NamedTuple):
    candidate: str
    backend: str | None
    packages: tuple[str, ...]
    modules: tuple[Module, ...]
    snippet: Snippet | None


def _translated(line: str, table: Mapping[str, str]) -> str:
    body = line.lstrip(" ")
    if not body.startswith(_COMMENT):
        return line
    comment = body[len(_COMMENT):].rstrip("\n")
    if comment not in table:
        return line
    return line[: len(line) - len(body)] + _COMMENT + table[comment] + body[len(_COMMENT) + len(comment):]


def install_line(packages: tuple[str, ...] | list[str]) -> str:
    """The one place the install command is spelled: each name shell-quoted, so a version specifier
    (`name<5`) is not read as a redirection when the line is pasted into a shell."""
    import shlex  # shlex pulls in more than the warm start should pay for; only an install line needs it

    return "pip install " + " ".join(shlex.quote(name) for name in packages)


def starter(kb: KnowledgeBase, candidate: str | None, backend: str | None, answers: Answers,
            packages: tuple[str, ...], approach: str | None = None) -> Starter:
    """The winner's starter; with a backend, the backend's modules follow the winner's. A framework whose
    approach is the baseline architecture starts from that approach's snippet for it, when it has one."""
    if candidate is None:
        return Starter("", None, (), (), None)
    modules = modules_of(kb, candidate, answers)
    if backend:
        modules += modules_of(kb, backend, answers)
    return Starter(candidate, backend, packages, modules, chosen_snippet(kb, candidate, backend, answers, approach))


def chosen_snippet(kb: KnowledgeBase, candidate: str, backend: str | None, answers: Answers,
                   approach: str | None) -> Snippet | None:
    """A framework with a baseline approach: the approach's snippet for that framework; else the winner's."""
    snippet = snippet_of(kb, approach, candidate, answers) if approach and not backend else None
    return snippet or snippet_of(kb, candidate, backend, answers)


def module_names(kb: KnowledgeBase, candidate: str) -> list[str]:
    """Every key module the candidate's starter can name, whatever the answers."""
    spec = kb.candidates[candidate]
    named = spec.get("starter", {}).get("modules")
    if not named:
        return [m["name"] for m in spec.get("profile", {}).get("modules", [])]
    return [m if isinstance(m, str) else m["name"] for m in named]


def modules_of(kb: KnowledgeBase, candidate: str, answers: Answers) -> tuple[Module, ...]:
    """The key modules named by `starter.modules` (all of the profile's if none are named).

    A module under a `when` (a converter for phones) is shown only when it holds;
    a module whose package is installed only under a condition (torchvision for
    images) only when that condition holds, like the package itself.
    """
    spec = kb.candidates[candidate]
    known = {m["name"]: m for m in spec.get("profile", {}).get("modules", [])}
    entries = spec.get("starter", {}).get("modules") or list(known)
    shown = [m for m in entries if isinstance(m, str) or compile_condition(m["when"])(answers)]
    names = [m if isinstance(m, str) else m["name"] for m in shown]
    skipped = {name for name, _, applies in kb.packages[candidate] if not applies(answers)}
    return tuple(
        _module(known[name]) for name in names
        if name in known and name.split(".")[0] not in skipped
    )


def _module(item: dict[str, Any]) -> Module:
    return Module(item["name"], item["text"], item["source"])


def snippet_of(kb: KnowledgeBase, candidate: str, backend: str | None, answers: Answers) -> Snippet | None:
    """The first of `snippets` for this backend whose `when` holds (unanswered is no match); else the
    per-backend snippet when there is one, else the candidate's own."""
    spec = kb.candidates[candidate].get("starter", {})
    comments = spec.get("comments", {})
    for item, holds in kb.snippet_tests[candidate]:
        if item.get("backend", backend) == backend and holds(answers):
            return Snippet(item["id"], item["code"], comments)
    by_backend = spec.get("backends", {})
    if backend and backend in by_backend:
        return Snippet(f"{candidate}.{backend}", str(by_backend[backend]), comments)
    own = spec.get("snippet")
    return Snippet(candidate, own, comments) if own else None


class Stack(NamedTuple):
    """One (install line, snippet) the knowledge base can print, with answers that print it."""

    packages: tuple[str, ...]
    snippet: Snippet | None
    candidate: str
    backend: str | None
    answers: dict[str, Value]


def verdicts(kb: KnowledgeBase) -> Iterator[tuple[str, str | None, str | None, str]]:
    """Every (candidate, backend, approach, framework) a recommendation's starter is drawn from: a framework
    alone (the approach undecided), a framework with a baseline approach, an approach on each backend."""
    decision = {cid: spec.get("decision", "framework") for cid, spec in kb.candidates.items()}
    frameworks = [c for c, d in decision.items() if d == "framework"]
    for approach in [c for c, d in decision.items() if d == "approach"]:
        spec = kb.candidates[approach]
        on = [f for f in frameworks if f in spec.get("backends", frameworks)]
        yield from ((f, None, approach, f) if spec.get("baseline") else (approach, f, approach, f) for f in on)
    yield from ((f, None, None, f) for f in frameworks)


def stacks(kb: KnowledgeBase) -> list[Stack]:
    """Every distinct (install packages, snippet) over the answers that select them, in a stable order.

    The space is every combination of the answers the packages' and snippets' conditions read (each
    question unanswered, or set to the options they name, or to one they do not); the verdict is taken
    as any the knowledge base has, so this may list a stack no scores reach, never miss one."""
    from recommender.engine.recommend import packages  # deferred: recommend's scoring is not needed to start

    found: dict[tuple[tuple[str, ...], str | None], Stack] = {}
    for answers in answer_space(kb, _starter_conditions(kb)):
        for candidate, backend, approach, framework in verdicts(kb):
            names = packages(kb, approach, backend or framework, answers)
            snippet = chosen_snippet(kb, candidate, backend, answers, approach)
            key = (names, snippet.id if snippet else None)
            found.setdefault(key, Stack(names, snippet, candidate, backend, dict(answers)))
    return sorted(found.values(), key=lambda s: (install_line(s.packages), s.snippet.id if s.snippet else ""))


def unreachable(kb: KnowledgeBase) -> list[tuple[str, str]]:
    """(candidate, snippet id) of each snippet no stack prints: an earlier one always fits first, or its
    backend never runs the candidate."""
    printed = {stack.snippet.id for stack in stacks(kb) if stack.snippet}
    return [
        (cid, item["id"]) for cid, spec in kb.candidates.items()
        for item in spec.get("starter", {}).get("snippets", []) if item["id"] not in printed
    ]


def _starter_conditions(kb: KnowledgeBase) -> list[Any]:
    conditions: list[Any] = []
    for spec in kb.candidates.values():
        conditions += [p.get("when") for p in spec["packages"]]
        conditions += [s.get("when") for s in spec.get("starter", {}).get("snippets", [])]
    return conditions


def answer_space(kb: KnowledgeBase, conditions: list[Any]) -> Iterator[dict[str, Value]]:
    """Every answer combination that can tell the conditions apart: per question they read, unanswered,
    each option they name (any set of them for a many-choice question) and one option they do not."""
    named = named_options(*conditions)
    choices = [[(qid, value) for value in _choices(kb, qid, named[qid])] for qid in named]
    for combo in product(*choices):
        yield {qid: value for qid, value in combo if value is not None}


def _choices(kb: KnowledgeBase, qid: str, named: set[str]) -> list[Value | None]:
    options = kb.option_ids(qid)
    inside = [o for o in options if o in named]
    outside = [o for o in options if o not in named][:1]
    if kb.questions[qid]["kind"] == "one":
        return [None, *inside, *outside]
    subsets = chain.from_iterable(combinations(inside, n) for n in range(1, len(inside) + 1))
    return [None, *subsets, *[(o,) for o in outside]]
