"""The starter stack for a recommendation: packages, key modules (section 五), a snippet.

Pure: reads the knowledge base only. Packages come from the engine (the
candidate's own, data-aware through their `when`, plus the backend's); modules
and snippets from each candidate's optional `starter` block, chosen by the same
condition language as packages: a module under a `when` is shown only when it
holds, and the snippet is the first of `snippets` whose backend and `when` fit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

from recommender.engine.settled.memo import LIMIT, Bounded
from recommender.knowledge.conditions import Answers, Condition, compiled, named_options, seen_as
from recommender.knowledge.model import KnowledgeBase

_COMMENT = "# "


class Module:
    __slots__ = ("name", "text", "source", "dated")

    def __init__(self, name: str, text: dict[str, str], source: str, dated: dict[str, Any] | None = None) -> None:
        self.name = name
        self.text = text
        self.source = source
        self.dated = dated  # where the module's claim has aged (TorchScript, TF Lite): a "Today:" line


class Snippet:
    __slots__ = ("id", "code", "comments", "packages")

    def __init__(self, id: str, code: str, comments: Mapping[str, Mapping[str, str]],
                 packages: tuple[str, ...] = ()) -> None:
        self.id = id
        self.code = code
        self.comments = comments  # language → English comment → translation
        self.packages = packages  # installed because this snippet is printed (it imports them)

    def text(self, lang: str) -> str:
        """The code with its whole-line comments in `lang` where the knowledge base translates them;
        the code itself is the same in every language."""
        table = self.comments.get(lang, {})
        return "".join(_translated(line, table) for line in self.code.splitlines(keepends=True))


class Starter:
    __slots__ = ("candidate", "backend", "packages", "modules", "snippet", "notes")

    def __init__(
        self,
        candidate: str,
        backend: str | None,
        packages: tuple[str, ...],
        modules: tuple[Module, ...],
        snippet: Snippet | None,
        notes: tuple[Mapping[str, str], ...] = (),
    ) -> None:
        self.candidate = candidate
        self.backend = backend
        self.packages = packages
        self.modules = modules
        self.snippet = snippet
        self.notes = notes  # each printed package's `note` (language → text), shown under the install line


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
    modules = modules_of(kb, candidate, answers, backend)
    if backend:
        modules += modules_of(kb, backend, answers)
    return Starter(candidate, backend, packages, modules, chosen_snippet(kb, candidate, backend, answers, approach),
                   notes_of(kb, packages))


def notes_of(kb: KnowledgeBase, packages: tuple[str, ...]) -> tuple[Mapping[str, str], ...]:
    """The `note` of each printed package that has one (a framework's CPU-only wheels), once each, in line order:
    another way to install it, said beside the line and never changing it."""
    notes = {p["name"]: p["note"] for spec in kb.candidates.values() for p in spec["packages"] if "note" in p}
    return tuple({name: notes[name] for name in packages if name in notes}.values())


def chosen_snippet(kb: KnowledgeBase, candidate: str, backend: str | None, answers: Answers,
                   approach: str | None, *, remember: bool = True) -> Snippet | None:
    """A framework with a baseline approach: the approach's snippet for that framework; else the winner's.
    `remember`: False for a caller that never asks twice (a walk over every answer combination)."""
    snippet = snippet_of(kb, approach, candidate, answers, remember=remember) if approach and not backend else None
    return snippet or snippet_of(kb, candidate, backend, answers, remember=remember)


def module_names(kb: KnowledgeBase, candidate: str) -> list[str]:
    """Every key module the candidate's starter can name, whatever the answers."""
    spec = kb.candidates[candidate]
    named = spec.get("starter", {}).get("modules")
    if not named:
        return [m["name"] for m in spec.get("profile", {}).get("modules", [])]
    return [m if isinstance(m, str) else m["name"] for m in named]


def modules_of(kb: KnowledgeBase, candidate: str, answers: Answers, backend: str | None = None) -> tuple[Module, ...]:
    """The key modules named by `starter.modules` (all of the profile's if none are named): `_modules_of`,
    remembered per view of the answers its conditions read (`seen_as`)."""
    return _remembered(kb, ("modules", candidate, backend), _module_reads, answers,
                       lambda: _modules_of(kb, candidate, answers, backend))


def _modules_of(kb: KnowledgeBase, candidate: str, answers: Answers, backend: str | None) -> tuple[Module, ...]:
    """The key modules named by `starter.modules` (all of the profile's if none are named).

    A module under a `when` (a converter for phones) is shown only when it holds, one under a `backend`
    (a library for an approach on one backend) only on that backend;
    a module whose package is installed only under a condition (torchvision for
    images) only when that condition holds, like the package itself.
    """
    spec = kb.candidates[candidate]
    known = {m["name"]: m for m in spec.get("profile", {}).get("modules", [])}
    entries = spec.get("starter", {}).get("modules") or list(known)
    shown = [m for m in entries if isinstance(m, str)
             or m.get("backend", backend) == backend and ("when" not in m or compiled(m["when"])(answers))]
    names = [m if isinstance(m, str) else m["name"] for m in shown]
    skipped = {name for name, _, applies in kb.packages[candidate] if not applies(answers)}
    return tuple(
        _module(known[name]) for name in names
        if name in known and name.split(".")[0] not in skipped
    )


def _module(item: dict[str, Any]) -> Module:
    return Module(item["name"], item["text"], item["source"], item.get("dated"))


def snippet_of(kb: KnowledgeBase, candidate: str, backend: str | None, answers: Answers, *,
               remember: bool = True) -> Snippet | None:
    """`_snippet_of`, remembered per view of the answers the snippets' conditions read (`seen_as`)."""
    if not remember:
        return _snippet_of(kb, candidate, backend, answers)
    return _remembered(kb, ("snippet", candidate, backend), _snippet_reads, answers,
                       lambda: _snippet_of(kb, candidate, backend, answers))


def _snippet_of(kb: KnowledgeBase, candidate: str, backend: str | None, answers: Answers) -> Snippet | None:
    """The first of `snippets` for this backend whose `when` holds (unanswered is no match); else the
    per-backend snippet when there is one, else the candidate's own."""
    spec = kb.candidates[candidate].get("starter", {})
    comments = spec.get("comments", {})
    for item, holds in kb.snippet_tests[candidate]:
        if item.get("backend", backend) == backend and holds(answers):
            return Snippet(item["id"], item["code"], comments, tuple(p["name"] for p in item.get("packages", [])))
    by_backend = spec.get("backends", {})
    if backend and backend in by_backend:
        return Snippet(f"{candidate}.{backend}", str(by_backend[backend]), comments)
    own = spec.get("snippet")
    return Snippet(candidate, own, comments) if own else None


# A batch or the API shows the starter of many profiles, and many share the answers its conditions read as
# those conditions see them (`seen_as`: the options they name): each knowledge base's starters are remembered
# per that view (a transparent cache of pure functions, in tables of a fixed size, gone with the knowledge base).
_MEMOS: WeakKeyDictionary[KnowledgeBase, Bounded] = WeakKeyDictionary()
T = TypeVar("T")


Reads = Callable[[KnowledgeBase, str], tuple[tuple[str, frozenset[str]], ...]]


def _remembered(kb: KnowledgeBase, name: tuple[Any, ...], reads: Reads, answers: Answers, work: Callable[[], T]) -> T:
    memo = _MEMOS.get(kb)
    if memo is None:
        memo = _MEMOS[kb] = Bounded(LIMIT)
    key = (*name, *[seen_as(answers.get(q), named) for q, named in _reads(memo, kb, name[0], name[1], reads)])
    if key not in memo:
        memo[key] = work()
    found: T = memo[key]
    return found


def _reads(memo: Bounded, kb: KnowledgeBase, what: str, candidate: str,
           reads: Reads) -> tuple[tuple[str, frozenset[str]], ...]:
    key = ("reads", what, candidate)
    if key not in memo:
        memo[key] = reads(kb, candidate)
    found: tuple[tuple[str, frozenset[str]], ...] = memo[key]
    return found


def _snippet_reads(kb: KnowledgeBase, candidate: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """The questions the candidate's snippets' conditions read, each with the options they name."""
    snippets = kb.candidates[candidate].get("starter", {}).get("snippets", [])
    return _named(item.get("when") for item in snippets)


def _module_reads(kb: KnowledgeBase, candidate: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """The questions the candidate's modules' and packages' conditions read (a module is shown only when its
    package is installed), each with the options they name."""
    spec = kb.candidates[candidate]
    entries = [m for m in spec.get("starter", {}).get("modules") or [] if isinstance(m, dict)]
    return _named([m.get("when") for m in entries] + [p.get("when") for p in spec["packages"]])


def _named(conditions: Iterable[Condition | None]) -> tuple[tuple[str, frozenset[str]], ...]:
    return tuple((q, frozenset(options)) for q, options in named_options(*conditions).items())
