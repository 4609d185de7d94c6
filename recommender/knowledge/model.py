"""The knowledge base as the engine reads it: pure indexes over compiled data, no files.

Rules that read the same questions form a group whose outcomes are memoised per
answer combination: a transparent cache of a pure function, so it never
changes a result.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from recommender.knowledge import requirements
from recommender.knowledge.conditions import Test, compile_condition, firing, named_options, questions_of, seen_as
from recommender.knowledge.packing import Packing

if TYPE_CHECKING:  # the records are types only: building TypedDicts costs the warm start
    from recommender.knowledge.records import (
        CandidateSpec,
        QuestionSpec,
        RuleTestSpec,
        Settings,
        SnippetSpec,
        SourceSpec,
    )


def flag_name(question: str) -> str:
    """The command-line flag of a question: its id with dashes (`similar_model` → `--similar-model`)."""
    return "--" + question.replace("_", "-")


class Rule:
    __slots__ = ("id", "kind", "effects", "text", "source", "quote", "when", "test", "questions", "also")

    def __init__(
        self,
        id: str,
        kind: str,
        effects: dict[str, int],
        text: dict[str, str],
        source: str,
        quote: str | None,
        when: Mapping[str, Any] | None,
        test: Test,
        questions: list[str],
        also: tuple[str, ...] = (),
    ) -> None:
        self.id = id
        self.kind = kind
        self.effects = effects
        self.text = text
        self.source = source
        self.quote = quote
        self.when = when
        self.test = test
        self.questions = questions
        self.also = also  # other sections that restate the claim: cited, not counted again


class Outcome:
    """What a group of rules does for one combination of the answers it reads.

    `gains` and `losses` sum the positive and negative weights per candidate of
    the rules still undecided: how far unanswered questions could move it.
    """

    __slots__ = ("effects", "fired", "undecided", "gains", "losses", "vector", "totals", "why")

    # `vector` and `totals` are packed ints (`RuleGroup.packings`): a profile's groups sum with int additions.

    def __init__(
        self,
        effects: tuple[tuple[str, int], ...],
        fired: tuple[Rule, ...],
        undecided: tuple[Rule, ...],
        gains: tuple[tuple[str, int], ...] = (),
        losses: tuple[tuple[str, int], ...] = (),
        vector: int = 0,
        totals: int = 0,
    ) -> None:
        self.effects = effects
        self.fired = fired
        self.undecided = undecided
        self.gains = gains
        self.losses = losses
        self.vector = vector  # effects, gains and losses per candidate, packed (`RuleGroup.packings[0]`)
        self.totals = totals  # the effects alone per candidate, packed (`RuleGroup.packings[1]`)
        self.why: tuple[list[str], ...] | None = None  # `firing`'s, on first use

    def firing(self, answers: Mapping[str, Any]) -> tuple[list[str], ...]:
        """Per fired rule, the questions whose answers make it fire (`conditions.firing`). An outcome is
        its group's for one view of the answers (`RuleGroup.seen`), and answers seen alike test alike, so
        this is worked out once per view, for the first answers that ask."""
        if self.why is None:
            self.why = tuple([firing(rule.when, answers) for rule in self.fired])
        return self.why


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
    have few combinations, so scoring a profile costs one lookup per group. An
    answer combination not seen yet is first seen as the group's rules see it
    (`seen`: the options they name), which many combinations share: its outcome
    is worked out once per such view, not once per combination.
    """

    def __init__(
        self, questions: tuple[str, ...], rules: list[Rule],
        candidates: tuple[str, ...], gated: tuple[str, ...], packings: tuple[Packing, Packing],
    ) -> None:
        self.questions = questions
        self.rules = rules
        self.candidates = candidates
        self.gated = gated  # its questions that have a `when`
        self.memo: dict[Any, Outcome] = {}
        self.effects_memo: dict[Any, tuple[tuple[str, int], ...]] = {}
        self.key = _key_function(questions)
        # Outcomes per view of the answers (`seen`); the options the rules name are found on the first
        # fill, so a knowledge base that scores nothing never works them out.
        self.by_view: dict[tuple[Any, ...], Outcome] = {}
        self.named: dict[str, frozenset[str]] | None = None
        # (effects, gains and losses; effects alone) per candidate: the knowledge base's, which bound
        # every group's weights and how many groups a profile sums.
        self.packings = packings

    def outcome(self, answers: Mapping[str, Any]) -> Outcome:
        return self.memo.get(self.key(answers)) or self.fill(answers)

    def fill(self, answers: Mapping[str, Any]) -> Outcome:
        """Work out and remember the outcome (the engine's hot loop looks up `memo` itself)."""
        found = self.memo[self.key(answers)] = self._of_view(answers)
        return found

    def effects(self, answers: Mapping[str, Any]) -> tuple[tuple[str, int], ...]:
        """The fired rules' summed weights alone: what re-scoring a changed answer needs, remembered apart
        from `memo` so a search's many trial answers do not fill the scoring's table."""
        key = self.key(answers)
        known = self.memo.get(key)
        if known is not None:
            return known.effects
        found = self.effects_memo.get(key)
        if found is None:
            found = self.effects_memo[key] = self._of_view(answers).effects
        return found

    def _of_view(self, answers: Mapping[str, Any]) -> Outcome:
        """The outcome of the answers' view (`seen`), worked out on its first use."""
        view = self.seen(answers)
        found = self.by_view.get(view)
        if found is None:
            found = self.by_view[view] = self._evaluate(answers)
        return found

    def seen(self, answers: Mapping[str, Any]) -> tuple[Any, ...]:
        """The answers as the group's rules see them: per question, a one-choice answer when they name it
        (else OTHER), the named options a many-choice answer ticks, or None (unanswered). Conditions test
        only those (`equals`, `one_of`, `contains`, `contains_any`), so answers seen alike fire alike."""
        named = self.named
        if named is None:
            found = named_options(*(rule.when for rule in self.rules))
            named = self.named = {q: frozenset(found.get(q, ())) for q in self.questions}
        return tuple([seen_as(answers.get(q), named[q]) for q in self.questions])

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
        vector = [bucket.get(c, 0) for bucket in (totals, gains, losses) for c in self.candidates]
        whole, alone = self.packings
        return Outcome(
            tuple(sorted(totals.items())), tuple(fired), tuple(undecided),
            tuple(sorted(gains.items())), tuple(sorted(losses.items())),
            whole.pack(vector), alone.pack(vector[:len(self.candidates)]),
        )


class KnowledgeBase:
    """Read-only indexes over the compiled data."""

    def __init__(self, data: dict[str, Any], deferred: Callable[[], dict[str, Any]] | None = None) -> None:
        self.data = data
        self.deferred = deferred  # the sections a cache entry keeps back until one is read (see `section`)
        self.files: list[str] = []  # the rule files it came from, when loaded from disk
        self.cache_note = ""  # what the cache did when it was loaded ("hit", "miss (why)"), for --debug
        self.questions: dict[str, QuestionSpec] = {q["id"]: q for q in data["questions"]}
        self.candidates: dict[str, CandidateSpec] = {c["id"]: c for c in data["candidates"]}
        self.sources: dict[str, SourceSpec] = {s["id"]: s for s in data["sources"]}
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
                tuple(a["source"] for a in r.get("also", [])),
            )
            for r in data["rules"]
        ]
        self._requirements()
        self.packages: dict[str, list[tuple[str, str | None, Test]]] = {
            cid: [(p["name"], p.get("backend"), compile_condition(p.get("when"))) for p in spec["packages"]]
            for cid, spec in self.candidates.items()
        }
        # Each starter snippet's condition, in the candidate's order (the first that holds is shown).
        self.snippet_tests: dict[str, list[tuple[SnippetSpec, Test]]] = {
            cid: [(item, compile_condition(item.get("when"))) for item in spec.get("starter", {}).get("snippets", [])]
            for cid, spec in self.candidates.items()
        }
        order = tuple(self.candidates)
        gated = {q for q, spec in self.questions.items() if spec.get("when") is not None}
        grouped = sorted(_grouped(self.scored_rules, self.questions).items())
        # No field of a group's sums exceeds the sum of every weight's size; a profile sums every group.
        magnitude = sum(abs(w) for rule in self.scored_rules for w in rule.effects.values())
        self.packings = (Packing(3 * len(order), magnitude, len(grouped)),
                         Packing(len(order), magnitude, len(grouped)))
        self.groups = [RuleGroup(qs, rules, order, tuple(q for q in qs if q in gated), self.packings)
                       for qs, rules in grouped]
        # Each group's memo, key and fill, read once per profile by scoring's hot loop.
        self.lookups = [(group.memo, group.key, group.fill) for group in self.groups]
        self.groups_reading: dict[str, list[int]] = {}
        for index, group in enumerate(self.groups):
            for qid in group.questions:
                self.groups_reading.setdefault(qid, []).append(index)
        # Each decision's candidates, in candidate order: a rule names candidates of one decision only.
        # The framework first: the approach runs on it. A decision with no candidates is left out.
        pools = {
            name: tuple(c for c, spec in self.candidates.items() if spec["decision"] == name)
            for name in ("framework", "approach")
        }
        self.decisions: dict[str, tuple[str, ...]] = {name: pool for name, pool in pools.items() if pool}
        # What an option needs of the other answers to make sense (`fits`); what-if offers nothing else.
        self.fits: dict[tuple[str, str], Test] = {
            (q, o["id"]): compile_condition(o["fits"]) for q, spec in self.questions.items()
            for o in spec["options"] if "fits" in o
        }
        # Options that exclude the others of their many-choice question (`exclusive: true`, as deploy's `none`).
        self.exclusive: dict[str, frozenset[str]] = {
            q: frozenset(o["id"] for o in spec["options"] if o.get("exclusive")) for q, spec in self.questions.items()
        }
        self.variant_tests: dict[str, tuple[tuple[str, Test], ...]] = {
            cid: tuple((v["id"], compile_condition(v["when"])) for v in spec.get("variants", []))
            for cid, spec in self.candidates.items()
        }
        self.asked_when: dict[str, Test] = {q: compile_condition(s.get("when")) for q, s in self.questions.items()}
        self.conditional = frozenset(gated)  # the questions with a `when`: only their answers can be ignored
        self.when_reads = {q: questions_of(s.get("when")) for q, s in self.questions.items()}  # questions it reads

    def _requirements(self) -> None:
        """The stated requirements, and one penalty rule per candidate lacking some (knowledge/requirements.py).
        `rules` stays the authored rules (what the rule tools weigh and cite); `scored_rules` adds these."""
        self.requirements = requirements.declared(self.data["questions"])
        self.reach = requirements.reach(r.effects for r in self.rules)
        self.penalty = 2 * self.reach + 1  # a penalised score is below -reach, an unpenalised one is not
        self.requirement_rules: list[Rule] = []
        # Per candidate, the requirements of its decision it does not provide, in id order.
        self.lacking = {cid: requirements.lacking(spec, self.requirements) for cid, spec in self.candidates.items()}
        for cid in self.candidates:
            when = requirements.condition(self.lacking[cid], self.requirements)
            if when is not None:
                self.requirement_rules.append(Rule(
                    requirements.PREFIX + cid, requirements.KIND, {cid: -self.penalty}, {}, "", None, when,
                    compile_condition(when), questions_of(when),
                ))
        self.scored_rules = self.rules + self.requirement_rules

    @property
    def settings(self) -> Settings:
        found: Settings = self.data["settings"]
        return found

    @property
    def tests(self) -> list[RuleTestSpec]:
        found: list[RuleTestSpec] = self.section("tests")
        return found

    def section(self, name: str) -> Any:
        """A top-level section of the compiled data (`tests`, `origins` …): read through here, not from
        `data`, since a cache entry keeps the rule tools' sections back until one is asked for."""
        if name not in self.data and self.deferred is not None:
            self.data.update(self.deferred())
            self.deferred = None
        return self.data[name]

    def open_questions(self, answers: Mapping[str, Any]) -> list[str]:
        """The one definition of an open question: unanswered, and its `when` not definitely false (it may
        still be asked). A question that will never be asked stays unanswered and fires nothing."""
        return [q for q, when in self.asked_when.items() if q not in answers and when(answers) is not False]

    def effective(
        self, answers: Mapping[str, Any], keep: frozenset[str] | set[str] = frozenset(),
    ) -> tuple[Mapping[str, Any], tuple[str, ...]]:
        """The one rule for answers to questions that would not be asked, in every command and the API:
        the answers that count, and the questions whose answers are ignored because their `when` is false
        (found again after each removal, as one ignored answer can make another `when` false). Ignored
        answers never fire a rule. The answers themselves come back when none is ignored. `keep` names
        answers never dropped (ask's review keeps what the person just gave while the rest settles)."""
        if self.conditional.isdisjoint(answers):
            return answers, ()
        kept = dict(answers)
        while dropped := [q for q in kept if q in self.conditional and q not in keep
                          and self.asked_when[q](kept) is False]:
            for q in dropped:
                del kept[q]
        return kept, tuple(q for q in self.questions if q in answers and q not in kept)

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
    # Each key's question set and combinations, worked out once: every group is compared with every other.
    sets = {qs: frozenset(qs) for qs in by_questions}
    space = {qs: _key_space(qs, specs) for qs in by_questions}
    for small in sorted(by_questions, key=lambda qs: (len(qs), qs)):
        hosts = [big for big in by_questions if sets[small] < sets[big] and space[big] <= MAX_GROUP_KEYS]
        if hosts:
            host = min(hosts, key=lambda qs: (len(qs), space[qs], qs))
            by_questions[host].extend(by_questions.pop(small))
    return by_questions
