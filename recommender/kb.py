"""The knowledge base: where packs are found, how they are cached, what the engine reads.

The fast path reads only the cache (JSON) and hashes the input files; the YAML
parser and jsonschema are imported only when the cache is stale.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from recommender import __version__, cache
from recommender.conditions import Test, compile_condition
from recommender.errors import UsageError

if TYPE_CHECKING:
    from pathlib import Path

# os.path rather than pathlib, hashlib or dataclasses: the warm path must import
# little more than click does.
PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
RULES_ENV = "RECOMMENDER_RULES"


def shipped_dir() -> str:
    """`recommender/rules` in an installed wheel, `rules/` beside the package in a checkout."""
    inside = os.path.join(PACKAGE_DIR, "rules")
    return inside if os.path.isdir(inside) else os.path.join(os.path.dirname(PACKAGE_DIR), "rules")


def env_rules_dirs() -> list[str]:
    return [p for p in os.environ.get(RULES_ENV, "").split(os.pathsep) if p]


class PackFile(NamedTuple):
    """A rule file and its layer: 0 for the shipped pack, then one per extra folder."""

    path: str | Path
    layer: int


def pack_files(extra_dirs: Iterable[str | Path] = (), *, flag: str = "--rules") -> list[PackFile]:
    """Every YAML file of the shipped pack then of each extra folder, in name order."""
    files = [PackFile(p, 0) for p in yaml_files(shipped_dir())]
    for layer, folder in enumerate(extra_dirs, start=1):
        files.extend(PackFile(p, layer) for p in yaml_files(check_dir(str(folder), flag), flag))
    return files


def check_dir(folder: str, flag: str) -> str:
    """`folder` if it is a readable folder, else a usage error naming `flag`."""
    if not os.path.exists(folder):
        raise UsageError(f"{flag}: no such folder: {folder}")
    if not os.path.isdir(folder):
        raise UsageError(f"{flag}: not a folder: {folder} (give the folder that holds the .yaml files)")
    if not os.access(folder, os.R_OK | os.X_OK):
        raise UsageError(f"{flag}: cannot read folder: {folder}")
    return folder


def yaml_files(folder: str, flag: str = "--rules") -> list[str]:
    """The pack files of a folder, in name order."""
    try:
        names = sorted(os.listdir(folder))
    except OSError as exc:
        raise UsageError(f"{flag}: cannot read folder {folder}: {exc.strerror}") from None
    return [os.path.join(folder, n) for n in names if n.endswith((".yaml", ".yml")) and not n.startswith(".")]


def signature(files: list[PackFile]) -> str:
    """What the cache entry must match: every input file's path, size and change time, and the version.

    Any edit to a rule or schema file changes its size or nanosecond mtime, so no
    file needs reading or hashing on the warm path.
    """
    schema_dir = os.path.join(PACKAGE_DIR, "schemas")
    inputs = [(0, os.path.join(schema_dir, n)) for n in sorted(os.listdir(schema_dir)) if n.endswith(".json")]
    parts = [__version__]
    for layer, path in inputs + [(f.layer, str(f.path)) for f in files]:
        try:
            st = os.stat(path)
            parts.append(f"{layer}:{os.path.abspath(path)}:{st.st_size}:{st.st_mtime_ns}:{st.st_ino}")
        except OSError:
            parts.append(f"{layer}:{path}:unreadable")
    return "\n".join(parts)


def load_knowledge_base(
    rules_dirs: Iterable[str | Path] = (), *, use_cache: bool = True, flag: str = "--rules"
) -> KnowledgeBase:
    """The shipped knowledge base layered with `rules_dirs`; raises RulePackError if invalid."""
    files = pack_files(rules_dirs, flag=flag)
    key = signature(files)
    data = cache.read(key) if use_cache else None
    if data is None:
        from recommender.compiler import compile_packs

        data = compile_packs(files, trust_shipped=True)
        if use_cache:
            cache.write(key, data)
    kb = KnowledgeBase(data)
    kb.files = [str(f.path) for f in files]
    return kb


class Rule(NamedTuple):
    id: str
    kind: str
    effects: dict[str, int]
    text: dict[str, str]
    source: str
    quote: str | None
    when: Mapping[str, Any] | None
    test: Test
    questions: list[str]


class Outcome(NamedTuple):
    """What a group of rules does for one combination of the answers it reads.

    `gains` and `losses` sum the positive and negative weights per candidate of
    the rules still undecided: how far unanswered questions could move it.
    """

    effects: tuple[tuple[str, int], ...]
    fired: tuple[Rule, ...]
    undecided: tuple[Rule, ...]
    gains: tuple[tuple[str, int], ...] = ()
    losses: tuple[tuple[str, int], ...] = ()
    vector: tuple[int, ...] = ()  # effects, gains and losses per candidate of the group, summed quickly by column
    views: dict[Any, Any] = {}  # what groupbest works out for these answers; each computed outcome has its own
    totals: tuple[int, ...] = ()  # the effects alone per candidate: the start of `vector`


def _key_function(questions: tuple[str, ...]) -> Callable[[Mapping[str, Any]], Any]:
    """A group's memo key: its answers, written out for the usual sizes (the generic form costs twice as much)."""
    if len(questions) == 1:
        (a,) = questions
        return lambda answers: answers.get(a)
    if len(questions) == 2:
        a, b = questions
        return lambda answers: (answers.get(a), answers.get(b))
    if len(questions) == 3:
        a, b, c = questions
        return lambda answers: (answers.get(a), answers.get(b), answers.get(c))
    return lambda answers: tuple([answers.get(q) for q in questions])


class RuleGroup:
    """Rules that read the same questions, with their outcomes memoised per answer combination.

    A rule's verdict depends only on the answers to its own questions, and those
    have few combinations, so scoring a profile costs one lookup per group.
    """

    def __init__(
        self, questions: tuple[str, ...], rules: list[Rule],
        candidates: tuple[str, ...] = (), gated: tuple[str, ...] = (),
    ) -> None:
        self.questions = questions
        self.rules = rules
        self.candidates = candidates
        self.gated = gated  # its questions that have a `when`
        self.memo: dict[Any, Outcome] = {}
        self.key = _key_function(questions)

    def outcome(self, answers: Mapping[str, Any]) -> Outcome:
        return self.memo.get(self.key(answers)) or self.fill(answers)

    def fill(self, answers: Mapping[str, Any]) -> Outcome:
        """Work out and remember the outcome (the engine's hot loop looks up `memo` itself)."""
        found = self.memo[self.key(answers)] = self._evaluate(answers)
        return found

    def _evaluate(self, answers: Mapping[str, Any]) -> Outcome:
        fired: list[Rule] = []
        undecided: list[Rule] = []
        totals: dict[str, int] = {}
        for rule in self.rules:
            verdict = rule.test(answers)
            if verdict:
                fired.append(rule)
                for candidate, weight in rule.effects.items():
                    totals[candidate] = totals.get(candidate, 0) + weight
            elif verdict is None:
                undecided.append(rule)
        gains: dict[str, int] = {}
        losses: dict[str, int] = {}
        for rule in undecided:
            for candidate, weight in rule.effects.items():
                bucket = gains if weight > 0 else losses
                bucket[candidate] = bucket.get(candidate, 0) + weight
        vector = tuple(bucket.get(c, 0) for bucket in (totals, gains, losses) for c in self.candidates)
        return Outcome(
            tuple(sorted(totals.items())), tuple(fired), tuple(undecided),
            tuple(sorted(gains.items())), tuple(sorted(losses.items())), vector, {}, vector[:len(self.candidates)],
        )


class KnowledgeBase:
    """Read-only indexes over the compiled data."""

    def __init__(self, data: dict[str, Any]) -> None:
        from recommender.conditions import questions_of

        self.data = data
        self.files: list[str] = []  # the rule files it came from, when loaded from disk
        self.questions: dict[str, dict[str, Any]] = {q["id"]: q for q in data["questions"]}
        self.candidates: dict[str, dict[str, Any]] = {c["id"]: c for c in data["candidates"]}
        self.sources: dict[str, dict[str, Any]] = {s["id"]: s for s in data["sources"]}
        self.options = {q: tuple(o["id"] for o in spec["options"]) for q, spec in self.questions.items()}
        # Every name an answer may use for an option (its id or an alias) → the option id.
        self.option_names: dict[str, dict[str, str]] = {
            q: {name: o["id"] for o in spec["options"] for name in (o["id"], *o.get("aliases", []))}
            for q, spec in self.questions.items()
        }
        # Raw answers already checked, per question → their normalized form (see answers.normalize).
        self.answer_memo: dict[str, dict[Any, Any]] = {q: {} for q in self.questions}
        self.rules = [
            Rule(
                r["id"], r["kind"], r["effects"], r["text"], r["source"], r.get("quote"),
                r.get("when"), compile_condition(r.get("when")), questions_of(r.get("when")),
            )
            for r in data["rules"]
        ]
        self.packages: dict[str, list[tuple[str, str | None, Test]]] = {
            cid: [(p["name"], p.get("backend"), compile_condition(p.get("when"))) for p in spec["packages"]]
            for cid, spec in self.candidates.items()
        }
        order = tuple(self.candidates)
        gated = {q for q, spec in self.questions.items() if spec.get("when") is not None}
        self.groups = [
            RuleGroup(qs, rules, order, tuple(q for q in qs if q in gated))
            for qs, rules in sorted(_grouped(self.rules, self.questions).items())
        ]
        self.groups_reading: dict[str, list[int]] = {}
        for index, group in enumerate(self.groups):
            for qid in group.questions:
                self.groups_reading.setdefault(qid, []).append(index)
        self.asked_when: dict[str, Test] = {q: compile_condition(s.get("when")) for q, s in self.questions.items()}
        self.settled_checks = 0  # how often engine.settled has run an exact check: it picks its method by it
        self.fire_memo: dict[tuple[Any, ...], Any] = {}  # scopes and fire tables: see bounds.fire_tables

    @property
    def settings(self) -> dict[str, Any]:
        return self.data["settings"]

    @property
    def tests(self) -> list[dict[str, Any]]:
        return self.data["tests"]

    def option_ids(self, question: str) -> list[str]:
        return list(self.options[question])


MAX_GROUP_KEYS = 4096


def _key_space(questions: tuple[str, ...], specs: Mapping[str, Mapping[str, Any]]) -> int:
    """How many answer combinations a group keyed on `questions` can see (unanswered included)."""
    size = 1
    for qid in questions:
        spec = specs.get(qid)
        options = len(spec["options"]) if spec else 1
        size *= (options if spec is None or spec["kind"] == "one" else 2 ** options) + 1
    return size


def _grouped(rules: list[Rule], specs: Mapping[str, Mapping[str, Any]]) -> dict[tuple[str, ...], list[Rule]]:
    """Rules by the questions they read; a group whose questions another group covers joins it.

    Fewer groups mean fewer lookups per profile; the cap on combinations keeps
    the memo tables small.
    """
    by_questions: dict[tuple[str, ...], list[Rule]] = {}
    for rule in rules:
        by_questions.setdefault(tuple(sorted(rule.questions)), []).append(rule)
    for small in sorted(by_questions, key=lambda qs: (len(qs), qs)):
        hosts = [
            big for big in by_questions
            if set(small) < set(big) and _key_space(big, specs) <= MAX_GROUP_KEYS
        ]
        if hosts:
            host = min(hosts, key=lambda qs: (len(qs), _key_space(qs, specs), qs))
            by_questions[host].extend(by_questions.pop(small))
    return by_questions
