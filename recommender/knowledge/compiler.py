"""Rule packs → one checked, JSON-ready knowledge base (the slow path, then cached).

Each file is parsed strictly and validated against its schema; the layers are
merged by id (a later folder replaces, `disable` removes); a second pass checks
every cross-reference. All problems are collected, none stops the others.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from recommender.errors import Located, RulePackError
from recommender.knowledge import digest, limits, yamlsafe
from recommender.knowledge.conditions import leaves
from recommender.knowledge.conditions import problems as condition_problems
from recommender.knowledge.files import PackFile
from recommender.knowledge.model import flag_name
from recommender.knowledge.yamlsafe import Document, render_path

SECTIONS = ("sources", "questions", "candidates", "rules", "tests")
DEFAULT_SETTINGS: dict[str, Any] = {"confidence": {"high": 4, "medium": 2}, "top_reasons": 5, "swing_cap": 6}
# Question ids that would take over an option of the commands (`--format` …): refused.
RESERVED_QUESTIONS = frozenset({
    "all", "answers", "batch", "debug", "explain", "force", "format", "help", "jobs", "lang", "no_cache", "output",
    "quiet", "rules", "save_answers", "standalone", "version",
})
# Keys a `--batch` line may hold besides the answers: a question may not take their name either.
BATCH_KEYS = frozenset({"id"})



@dataclass(frozen=True)
class Origin:
    file: str
    doc: Document
    path: tuple[Any, ...]
    layer: int

    def at(self, sub: tuple[Any, ...], message: str) -> Located:
        full = self.path + sub
        line, column = self.doc.mark(full)
        return Located(self.file, line, column, render_path(full), message)


Entry = tuple[dict[str, Any], Origin]


def parse_file(path: str | Path) -> Document:
    """A strictly parsed file, or a located error."""
    name = str(path)
    try:
        raw = yamlsafe.read_limited(name)
    except OSError as exc:
        raise Located(name, 1, 1, "", f"cannot read file: {exc.strerror or exc}") from None
    return yamlsafe.load(yamlsafe.decode(raw, name), name)


class _Merger:
    def __init__(self) -> None:
        self.items: dict[str, dict[str, Entry]] = {s: {} for s in SECTIONS}
        self.disabled: dict[str, Origin] = {}
        self.settings: dict[str, Any] = dict(DEFAULT_SETTINGS)
        self.problems: list[Located] = []
        self.aside: list[tuple[str, Entry]] = []  # items with a schema error: not merged

    def add(self, doc: Document, file: PackFile, broken: set[tuple[str, int | None]] | None = None) -> None:
        """Merge a file's items; with `broken`, only the items that have no schema error of their own
        (the others are kept aside, so their own references are still checked)."""
        name = str(file.path)
        for section in SECTIONS:
            if broken is not None and (section, None) in broken:  # the section itself is malformed
                continue
            for index, item in enumerate(doc.data.get(section, [])):
                origin = Origin(name, doc, (section, index), file.layer)
                if broken is None or (section, index) not in broken:
                    self._put(section, item, origin)
                else:
                    self.aside.append((section, (item, origin)))
        if broken is not None:
            return
        for index, rule_id in enumerate(doc.data.get("disable", [])):
            self.disabled[rule_id] = Origin(name, doc, ("disable", index), file.layer)
        self.settings.update(doc.data.get("settings", {}))

    def _put(self, section: str, item: dict[str, Any], origin: Origin) -> None:
        previous = self.items[section].get(item["id"])
        if previous and previous[1].layer == origin.layer:
            first = previous[1]
            line = first.doc.mark(first.path)[0]
            message = f"duplicate id {item['id']!r} (first defined at {first.file}:{line})"
            self.problems.append(origin.at(("id",), message))
            return
        self.items[section][item["id"]] = (item, origin)

    def apply_disable(self) -> None:
        for rule_id, origin in sorted(self.disabled.items()):
            if self.items["rules"].pop(rule_id, None) is None:
                self.problems.append(origin.at((), f"cannot disable unknown rule {rule_id!r}"))


def compile_packs(files: list[PackFile], *, trust_shipped: bool = False) -> dict[str, Any]:
    """The merged, checked knowledge base as plain data; RulePackError lists every problem.

    With `trust_shipped`, shipped files whose digest was recorded as valid skip
    the schema check (see recommender.knowledge.digest); everything else is checked.
    """
    skip = trust_shipped and digest.trusted(files)
    merger = _Merger()
    for file in files:
        try:
            doc = parse_file(file.path)
        except Located as exc:
            merger.problems.append(exc)
            continue
        found = [] if skip and file.layer == 0 else _schema_problems(doc, str(file.path))
        merger.problems.extend(found)
        if not found:
            merger.add(doc, file)
        elif (broken := _broken_items(found)) is not None:
            # The file's sound items still take part, so their references are
            # checked and nothing else reports them as unknown.
            merger.add(doc, file, broken)
    merger.apply_disable()
    merger.problems.extend(cross_check(merger.items, set(merger.disabled)))
    merger.problems.extend(_aside_references(merger, {(p.file, p.path) for p in merger.problems}))
    if not merger.items["candidates"] and not merger.problems:
        merger.problems.append(Located(str(files[0].path) if files else "rules", 1, 1, "", "no candidates defined"))
    if merger.problems:
        raise RulePackError(merger.problems)
    return build(merger.items, merger.settings)


def _schema_problems(doc: Document, name: str) -> list[Located]:
    from recommender.knowledge import schema  # deferred: jsonschema only for files that need it

    return schema.validate(doc, name)


_ITEM_PATH = re.compile(r"^\$\.(\w+)(?:\[(\d+)\])?")


def _broken_items(found: list[Located]) -> set[tuple[str, int | None]] | None:
    """The (section, index) of every item with a schema error, (section, None) for a malformed section,
    or None if the file's shape is wrong: so one run lists schema and cross-reference errors together."""
    broken: set[tuple[str, int | None]] = set()
    for problem in found:
        match = _ITEM_PATH.match(problem.path)
        if not match or match.group(1) not in SECTIONS:
            return None
        broken.add((match.group(1), int(match.group(2)) if match.group(2) else None))
    return broken


def _aside_references(merger: _Merger, reported: set[tuple[str, str]]) -> list[Located]:
    """The unknown references of the items set aside for a schema error, except where the schema
    error already points: the author sees every error in one run, as check-jsonschema lists them."""
    refs = _Refs(merger.items, set(merger.disabled))
    checks = {"questions": refs.question, "candidates": refs.candidate, "rules": refs.rule, "tests": refs.test}
    found: list[Located] = []
    for section, (item, origin) in merger.aside:
        if section not in checks:
            continue
        try:
            problems = [origin.at(sub, message) for sub, message in checks[section](item)]
        except (AttributeError, KeyError, TypeError, ValueError):  # a shape the schema refused: cannot be read
            continue
        found += [p for p in problems if not any(
            file == p.file and (p.path.startswith(path) or path.startswith(p.path)) for file, path in reported)]
    return found


def cross_check(items: dict[str, dict[str, Entry]], disabled: Collection[str] = ()) -> list[Located]:
    """Every reference to an unknown question, option, candidate, source or rule."""
    refs = _Refs(items, disabled)
    found: list[Located] = []
    for section, check in (
        ("questions", refs.question),
        ("candidates", refs.candidate),
        ("rules", refs.rule),
        ("tests", refs.test),
    ):
        for item, origin in items[section].values():
            found.extend(origin.at(sub, message) for sub, message in check(item))
    return found


class _Refs:
    def __init__(self, items: dict[str, dict[str, Entry]], disabled: Collection[str]) -> None:
        self.questions = {k: v[0] for k, v in items["questions"].items()}
        self.candidates = {k: v[0] for k, v in items["candidates"].items()}
        self.sources = set(items["sources"])
        # A test may still name a disabled rule: it then fails as a test, not as a broken pack.
        self.rules = set(items["rules"]) | set(disabled)
        # Requirement ids some option states: a candidate can only provide one of these.
        self.required = {need["id"] for q in self.questions.values() for o in q.get("options", [])
                         if isinstance(o, dict) for need in o.get("requires", []) if isinstance(need, dict)}

    def _condition(self, cond: Any, at: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str]]:
        for sub, message in condition_problems(cond, self.questions):
            yield at + sub, message

    def _source(self, source: str | None, at: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str]]:
        if source is not None and source not in self.sources:
            yield at, f"unknown source {source!r}; sources: {', '.join(sorted(self.sources)) or 'none defined'}"

    def _dated(self, item: Any, at: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str]]:
        if isinstance(item, dict) and isinstance(item.get("dated"), dict):
            yield from self._source(item["dated"].get("source"), (*at, "dated", "source"))

    def _candidate(self, cid: str, at: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str]]:
        if cid not in self.candidates:
            yield at, f"unknown candidate {cid!r}; candidates: {', '.join(sorted(self.candidates)) or 'none defined'}"

    def question(self, item: dict[str, Any]) -> Iterator[tuple[tuple[Any, ...], str]]:
        if item["id"] in RESERVED_QUESTIONS:
            yield ("id",), f"question id {item['id']!r} is reserved: {flag_name(item['id'])} is a command option"
        if item["id"] in BATCH_KEYS:
            yield ("id",), f"question id {item['id']!r} is reserved: a --batch line's {item['id']!r} names the line"
        if item["id"] in (q for _, _, q, _ in leaves(item.get("when"))):
            yield ("when",), f"question {item['id']!r} cannot depend on itself"
        yield from self._condition(item.get("when"), ("when",))
        for field, message in limits.question_problems(item, self.questions):
            yield (field,), f"question {item['id']!r}: {message}"
        seen: set[str] = set()
        for index, option in enumerate(item["options"]):
            for name in [option["id"], *option.get("aliases", [])]:
                if name in seen:
                    yield ("options", index), f"duplicate option or alias {name!r}"
                seen.add(name)
            if option.get("exclusive") and item["kind"] == "one":
                yield ("options", index, "exclusive"), "exclusive is for a many-choice question's options only"
            if item["id"] in (q for _, _, q, _ in leaves(option.get("fits"))):
                yield ("options", index, "fits"), f"option {option['id']!r} cannot fit its own question"
            yield from self._condition(option.get("fits"), ("options", index, "fits"))
            for at, need in enumerate(option.get("requires", [])):
                yield from self._source(need["source"], ("options", index, "requires", at, "source"))
                yield from self._dated(need, ("options", index, "requires", at))

    def candidate(self, item: dict[str, Any]) -> Iterator[tuple[tuple[Any, ...], str]]:
        for index, backend in enumerate(item.get("backends", [])):
            yield from self._candidate(backend, ("backends", index))
            if backend in self.candidates and decision_of(self.candidates[backend]) != "framework":
                yield ("backends", index), f"backend {backend!r} must be a framework candidate"
        if item.get("backends") and decision_of(item) != "approach":
            yield ("backends",), "only an approach candidate runs on backends"
        default = item.get("default_backend")
        if default is not None:
            if default["id"] not in item.get("backends", []):
                yield ("default_backend", "id"), f"{default['id']!r} is not one of this candidate's backends"
            yield from self._source(default["source"], ("default_backend", "source"))
        for index, variant in enumerate(item.get("variants", [])):
            yield from self._condition(variant["when"], ("variants", index, "when"))
            yield from self._source(variant["source"], ("variants", index, "source"))
            yield from self._dated(variant, ("variants", index))
        for index, package in enumerate(item["packages"]):
            yield from self._condition(package.get("when"), ("packages", index, "when"))
            if "backend" in package and package["backend"] not in item.get("backends", []):
                yield ("packages", index, "backend"), f"{package['backend']!r} is not one of this candidate's backends"
        for part, entries in item.get("profile", {}).items():
            for index, entry in enumerate(entries):
                yield from self._source(entry["source"], ("profile", part, index, "source"))
                yield from self._dated(entry, ("profile", part, index))
        for index, offer in enumerate(item.get("provides", [])):
            yield from self._source(offer["source"], ("provides", index, "source"))
            yield from self._dated(offer, ("provides", index))
            if offer["id"] not in self.required:
                known = ", ".join(sorted(self.required)) or "none stated"
                yield ("provides", index, "id"), f"no option requires {offer['id']!r}; requirements: {known}"
        for index, package in enumerate(item["packages"]):
            yield from self._dated(package, ("packages", index))
        yield from self._starter(item)

    def _starter(self, item: dict[str, Any]) -> Iterator[tuple[tuple[Any, ...], str]]:
        """A module's or snippet's `when` is a condition like a package's; its backend is the candidate's."""
        block = item.get("starter", {})
        yield from self._dated(block, ("starter",))
        for index, module in enumerate(block.get("modules", [])):
            if isinstance(module, dict):
                yield from self._condition(module.get("when"), ("starter", "modules", index, "when"))
                if "backend" in module and module["backend"] not in item.get("backends", []):
                    yield (("starter", "modules", index, "backend"),
                           f"{module['backend']!r} is not one of this candidate's backends")
        seen: set[str] = set()
        for index, snippet in enumerate(block.get("snippets", [])):
            if snippet["id"] in seen:
                yield ("starter", "snippets", index, "id"), f"duplicate snippet id {snippet['id']!r}"
            seen.add(snippet["id"])
            yield from self._dated(snippet, ("starter", "snippets", index))
            yield from self._condition(snippet.get("when"), ("starter", "snippets", index, "when"))
            if "backend" in snippet and snippet["backend"] not in item.get("backends", []):
                yield (("starter", "snippets", index, "backend"),
                       f"{snippet['backend']!r} is not one of this candidate's backends")

    def rule(self, item: dict[str, Any]) -> Iterator[tuple[tuple[Any, ...], str]]:
        yield from self._condition(item.get("when"), ("when",))
        too_large = limits.rule_problem(item, self.questions)
        if too_large:
            yield ("when",), f"rule {item['id']!r}: {too_large}"
        for cid in item["effects"]:
            yield from self._candidate(cid, ("effects", cid))
        decisions = sorted({decision_of(self.candidates[c]) for c in item["effects"] if c in self.candidates})
        if len(decisions) > 1:
            yield ("effects",), "names candidates of two decisions (framework and approach): split it into two rules"
        yield from self._source(item["source"], ("source",))
        yield from self._dated(item, ())
        for index, also in enumerate(item.get("also", [])):
            yield from self._source(also["source"], ("also", index, "source"))

    def test(self, item: dict[str, Any]) -> Iterator[tuple[tuple[Any, ...], str]]:
        for qid, value in item["answers"].items():
            spec = self.questions.get(qid)
            if spec is None:
                yield ("answers", qid), f"unknown question {qid!r}"
                continue
            options = {o["id"] for o in spec["options"]} | {a for o in spec["options"] for a in o.get("aliases", [])}
            for bad in [v for v in (value if isinstance(value, list) else [value]) if v not in options]:
                yield ("answers", qid), f"{bad!r} is not an option of {qid!r}"
        expect = item["expect"]
        for key in ("winner", "backend"):
            if key in expect:
                yield from self._candidate(expect[key], ("expect", key))
        for decision in ("framework", "approach"):
            for at, cid in _expected(expect.get(decision), ("expect", decision)):
                yield from self._candidate(cid, at)
                if cid in self.candidates and decision_of(self.candidates[cid]) != decision:
                    yield at, f"{cid!r} is not a {decision} candidate"
        for index, rule_id in enumerate(expect.get("absent", [])):
            if rule_id not in self.rules:
                yield ("expect", "absent", index), f"unknown rule {rule_id!r}"
        for cid in expect.get("scores", {}):
            yield from self._candidate(cid, ("expect", "scores", cid))
        for index, rule_id in enumerate(expect.get("reasons", [])):
            if rule_id not in self.rules:
                yield ("expect", "reasons", index), f"unknown rule {rule_id!r}"
        yield from self._source(item.get("source"), ("source",))


def _expected(picked: Any, at: tuple[Any, ...]) -> list[tuple[tuple[Any, ...], Any]]:
    """The candidates a test expects of a decision, each with its place: a winner, an exact tie (a list)
    or `{tie_including: [...]}`."""
    if isinstance(picked, str):
        return [(at, picked)]
    if isinstance(picked, dict):
        at, picked = (*at, "tie_including"), picked.get("tie_including", [])
    return [((*at, index), cid) for index, cid in enumerate(picked or [])]


def decision_of(candidate: dict[str, Any]) -> str:
    """The decision a candidate competes in: as given, else an architecture's is the approach and any other
    kind's the framework."""
    given = candidate.get("decision")
    if isinstance(given, str):
        return given
    return "approach" if candidate.get("kind") == "architecture" else "framework"


def build(items: dict[str, dict[str, Entry]], settings: dict[str, Any]) -> dict[str, Any]:
    """The plain-data knowledge base, in an order that depends on ids only."""
    data: dict[str, Any] = {s: [items[s][k][0] for k in sorted(items[s])] for s in SECTIONS}
    data["candidates"] = [{**c, "decision": decision_of(c)} for c in data["candidates"]]
    data["questions"].sort(key=lambda q: (q.get("order", 0), q["id"]))
    data["settings"] = settings
    data["origins"] = {
        section: {k: _where(origin) for k, (_, origin) in sorted(items[section].items())}
        for section in SECTIONS
    }
    return data


def _where(origin: Origin) -> list[Any]:
    line, column = origin.doc.mark(origin.path)
    return [origin.file, line, column]
