"""The starter stack for a recommendation: packages, key modules (section 五), a snippet.

Pure: reads the knowledge base only. Packages come from the engine (the
candidate's own, data-aware through their `when`, plus the backend's); modules
and snippets from each candidate's optional `starter` block.
"""

from typing import Any, NamedTuple

from recommender.knowledge.conditions import Answers
from recommender.knowledge.model import KnowledgeBase


class Module(NamedTuple):
    name: str
    text: dict[str, str]
    source: str


class Starter(NamedTuple):
    candidate: str
    backend: str | None
    packages: tuple[str, ...]
    modules: tuple[Module, ...]
    snippet: str | None


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
    snippet = snippet_of(kb, approach, candidate) if approach and not backend else None
    return Starter(candidate, backend, packages, modules, snippet or snippet_of(kb, candidate, backend))


def modules_of(kb: KnowledgeBase, candidate: str, answers: Answers) -> tuple[Module, ...]:
    """The key modules named by `starter.modules` (all of the profile's if none are named).

    A module whose package is installed only under a condition (torchvision for
    images) is shown only when that condition holds, like the package itself.
    """
    spec = kb.candidates[candidate]
    known = {m["name"]: m for m in spec.get("profile", {}).get("modules", [])}
    names = spec.get("starter", {}).get("modules") or list(known)
    skipped = {name for name, _, applies in kb.packages[candidate] if not applies(answers)}
    return tuple(
        _module(known[name]) for name in names
        if name in known and name.split(".")[0] not in skipped
    )


def _module(item: dict[str, Any]) -> Module:
    return Module(item["name"], item["text"], item["source"])


def snippet_of(kb: KnowledgeBase, candidate: str, backend: str | None) -> str | None:
    """The per-backend snippet when there is one, else the candidate's own."""
    spec = kb.candidates[candidate].get("starter", {})
    by_backend = spec.get("backends", {})
    if backend and backend in by_backend:
        return str(by_backend[backend])
    return spec.get("snippet")
