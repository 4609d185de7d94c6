"""`rules lint`'s checks of what a pack owes its users beyond valid data: a starter for every candidate,
an installed package for every module a snippet imports, its own what-if wording for every question,
and a rule test in which every candidate wins. Each finding is located at the item that lacks it."""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterator
from typing import Any

from recommender.knowledge.model import KnowledgeBase
from recommender.ruletools.stacks import Stack


def no_starter(kb: KnowledgeBase) -> Iterator[tuple[str, str, str]]:
    """(candidate, code, message) for a candidate with no snippet to show: none of its own, or for some
    backend no snippet without a `when` (the fallback when no other fits)."""
    for cid, spec in kb.candidates.items():
        block = spec.get("starter", {})
        if block.get("snippet"):
            continue
        backends = spec.get("backends", [])
        fallbacks = {s.get("backend") for s in block.get("snippets", []) if "when" not in s}
        lacking = [b for b in backends if b not in fallbacks and b not in block.get("backends", {})]
        if not backends and not fallbacks:
            yield cid, "no-starter", f"candidate {cid!r} has no starter snippet (starter.snippet)"
        elif lacking:
            yield cid, "no-starter", (f"candidate {cid!r} has no starter snippet without a `when` for the backend"
                                      f"{'s' if len(lacking) > 1 else ''} {', '.join(lacking)}")


def provided(kb: KnowledgeBase) -> dict[str, set[str]]:
    """Each pip name → the top-level modules it installs: its own name ('-' as '_', before any version)
    and the `imports` it declares (a candidate's packages and its snippets' own)."""
    out: dict[str, set[str]] = {}
    for spec in kb.candidates.values():
        extras = [p for s in spec.get("starter", {}).get("snippets", []) for p in s.get("packages", [])]
        for package in [*spec["packages"], *extras]:
            own = re.split(r"[<>=!~]", package["name"], maxsplit=1)[0].replace("-", "_").lower()
            out.setdefault(package["name"], {own}).update(package.get("imports", []))
    return out


def uninstalled_imports(kb: KnowledgeBase, found: list[Stack]) -> Iterator[tuple[str, str, str]]:
    """(candidate, code, message) for each snippet that imports a module no package of its stack installs."""
    modules = provided(kb)
    seen: set[tuple[str, str]] = set()
    for stack in found:
        if stack.snippet is None:
            continue
        installed = set().union(*(modules.get(p, set()) for p in stack.packages))
        for module in sorted(imports(stack.snippet.code) - set(sys.stdlib_module_names) - installed):
            if (stack.snippet.id, module) not in seen:
                seen.add((stack.snippet.id, module))
                yield stack.candidate, "module-not-installed", (
                    f"snippet {stack.snippet.id!r} imports {module!r}, which no package of its install line "
                    f"({' '.join(stack.packages)}) installs; add the package, or `imports: [{module}]` to the one "
                    "that brings it")


def unused_packages(kb: KnowledgeBase, found: list[Stack]) -> Iterator[tuple[str, str, str]]:
    """(candidate, code, message) for each package an install line prints that its snippet never imports: a
    user would install it for nothing (torchvision beside a Transformer's snippet). A snippet that imports a
    module none of its packages installs is `module-not-installed` alone: a missing `imports` is one fault."""
    modules = provided(kb)
    seen: set[tuple[str, str]] = set()
    for stack in found:
        if stack.snippet is None:
            continue
        used = imports(stack.snippet.code)
        installed = set().union(*(modules.get(p, set()) for p in stack.packages))
        if used - set(sys.stdlib_module_names) - installed:
            continue
        for package in stack.packages:
            if not modules.get(package, set()) & used and (stack.snippet.id, package) not in seen:
                seen.add((stack.snippet.id, package))
                yield stack.candidate, "package-unused", (
                    f"install line {' '.join(stack.packages)!r} prints {package!r}, which snippet "
                    f"{stack.snippet.id!r} never imports; install it with the snippet that uses it (its `packages`)")


def imports(code: str) -> set[str]:
    """The top-level modules a snippet imports (none when it does not parse: `compile` reports that)."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return set()
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return found


def no_wording(kb: KnowledgeBase) -> Iterator[tuple[str, str, str]]:
    """(question, code, message) for a question whose what-if changes would read in the generic phrase."""
    for qid, spec in kb.questions.items():
        missing = _missing_wording(spec)
        if missing:
            yield qid, "no-what-if-wording", (
                f"question {qid!r} has no what-if wording for {', '.join(missing)}: add `what_if` "
                f"({'set' if spec['kind'] == 'one' else 'first, add, remove'}; en, zh) to the question, "
                "or a `what_if` to each option")


def _missing_wording(spec: Any) -> list[str]:
    wording = spec.get("what_if", {})
    whole = all("what_if" in o for o in spec["options"])
    if spec["kind"] == "one":
        return [] if "set" in wording or whole else ["set"]
    return [mode for mode in ("first", "add", "remove") if mode not in wording and "set" not in wording]


def never_wins_a_test(kb: KnowledgeBase) -> Iterator[tuple[str, str, str]]:
    """(candidate, code, message) for a candidate no rule test expects to win, when the pack has tests."""
    if not kb.tests:
        return
    winners = {w for test in kb.tests for w in _expected_winners(test["expect"])}
    for cid in kb.candidates:
        if cid not in winners:
            decision = kb.candidates[cid].get("decision", "framework")
            yield cid, "no-winning-test", (f"no rule test expects candidate {cid!r} to win: add one under `tests:` "
                                           f"with `{decision}: {cid}`")


def _expected_winners(expect: dict[str, Any]) -> set[str]:
    named = {expect["winner"]} if isinstance(expect.get("winner"), str) else set()
    return named | {expect[k] for k in ("framework", "approach") if isinstance(expect.get(k), str)}
