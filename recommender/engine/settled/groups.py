"""Could the open questions still change the winner? Each rule group's best case: exact for most profiles.

A rule reads a many-choice answer only through the options its conditions name
(they test membership) and a one-choice answer only through which named option
it is, if any. So a rule group sees an answer through its *projection* onto the
options its rules name (`Lens`): the named options ticked, or the named option
chosen (options its rules test alike count as one), else "another". Profiles
share projections far more often than answers.

For one group and one projection of its own answers, with each open question
marked open (and whether it may stay unasked: its `when` is unknown), a `View`
lists what the group gives each candidate for every projected answer to its
open questions. Views are kept in the caller's Memo. Then, per rival and leader:

* what the rival can gain on the leader is at most the sum of each group's own
  best gain (each open question ranging over every answer and, while its `when`
  is unknown, none: a superset of the completions). If that cannot overtake,
  no completion can: "no", exact.
* else the groups' best choices are merged where they agree (whether a question
  is asked; the options two groups both name), the rest completed (each open
  question answered exactly where its `when` holds) and scored in full: an
  outcome that differs there is a "yes", exact (where the choices all agree it
  reaches the sum).
* otherwise this test cannot tell (None) and the caller's next test decides; so
  it does for a group whose open questions have more than `MAX_VIEW` projected
  answers. A doubtful answer (one whose `when` may still turn false) is one more
  variable of the views: kept or dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations, product
from typing import Any

from recommender.engine.scoring import overtakes, scores_of, top_of
from recommender.engine.settled.exact import completed
from recommender.engine.settled.memo import Memo
from recommender.engine.settled.witness import first_answer, real
from recommender.knowledge.conditions import OTHER, Answers, Value, alike_options, named_options
from recommender.knowledge.model import KnowledgeBase

# Marks in a view's key: an open question that will be asked, one that may stay unasked, and a doubtful
# answer (`(DOUBT, what the group sees of it)`: it counts now, and in a completion it may be dropped).
OPEN, OPEN_UNASKED, DOUBT = 1, 2, 3


# A group whose open questions have more projected answers than this is left to the caller's next test.
MAX_VIEW = 1024

Choice = tuple[Any, ...]  # a projected answer (or None: unasked) per open question of a view
Best = tuple[int, list[Choice]]  # a group's best gain for a rival over a leader, and the choices that give it


class Lens:
    """How one rule group sees the answers: per question, the options its rules name."""

    __slots__ = ("group", "questions", "many", "named", "alike", "unnamed", "other", "names")

    def __init__(self, kb: KnowledgeBase, index: int) -> None:
        self.group = group = kb.groups[index]
        self.questions = group.questions
        named = named_options(*(rule.when for rule in group.rules))
        self.many = {q: kb.questions[q]["kind"] == "many" for q in self.questions}
        # In option order: a many-choice answer lists its options in that order.
        self.named = {q: tuple(o for o in kb.options[q] if o in named.get(q, ())) for q in self.questions}
        self.unnamed = {q: frozenset(kb.options[q]) - set(self.named[q]) for q in self.questions}
        # A one-choice question's named options that the group's rules test alike (in the same `equals` and
        # `one_of` lists) are one value, seen as the first of them: `alike` maps each to it.
        self.alike = {q: alike_options(self.named[q], [r.when for r in group.rules], q) for q in self.questions
                      if not self.many[q]}
        self.named.update({q: tuple(dict.fromkeys(alike.values())) for q, alike in self.alike.items()})
        # The answer standing for "another": the first option the group does not name.
        self.other = {q: next((o for o in kb.options[q] if o in self.unnamed[q]), None) for q in self.questions}
        self.names = frozenset(c for rule in group.rules for c in rule.effects)  # the candidates it moves

    def project(self, question: str, value: Value) -> Any:
        """What the group sees of an answer."""
        if self.many[question]:
            named = self.named[question]
            return tuple([o for o in value if o in named])
        return self.alike[question].get(value, OTHER)  # type: ignore[arg-type]  # one-choice: an option id

    def answer(self, question: str, seen: Any) -> Value:
        """A real answer the group sees as `seen` (for "another": the first option it does not name)."""
        return self.other[question] if seen is OTHER else seen  # type: ignore[return-value]

    def domain(self, question: str, unasked: bool) -> list[Any]:
        """Every projected answer an open question can get (None too when it may stay unasked)."""
        named = self.named[question]
        if self.many[question]:
            values: list[Any] = [c for size in range(len(named) + 1) for c in combinations(named, size)]
        else:
            values = [*named, *([OTHER] if self.other[question] is not None else [])]
        return [*values, None] if unasked else values

    def key(self, answers: Answers, marks: dict[str, int]) -> tuple[Any, ...]:
        """The view's key: per question, its mark when open, else what the group sees of its answer (marked
        when doubtful), else None (unanswered, never asked)."""
        return tuple([self._seen(q, answers.get(q), marks.get(q)) for q in self.questions])

    def _seen(self, question: str, value: Value | None, mark: int | None) -> Any:
        if value is None:
            return mark
        seen = self.project(question, value)
        return (DOUBT, seen) if mark == DOUBT else seen

    def size(self, marks: dict[str, int]) -> int:
        """How many rows the view for these marks would list, counted without listing them."""
        size = 1
        for q in self.questions:
            if marks.get(q) in (OPEN, OPEN_UNASKED):
                named = len(self.named[q])
                count = 1 << named if self.many[q] else named + (self.other[q] is not None)
                size *= count + (marks[q] == OPEN_UNASKED)
        return size


class View:
    """One group under one key: what it gives each candidate now and for each choice of its open answers."""

    __slots__ = ("open", "now", "rows", "tops")

    def __init__(self, lens: Lens, key: tuple[Any, ...]) -> None:
        marked = list(zip(lens.questions, key, strict=True))
        doubts = {q: v[1] for q, v in marked if isinstance(v, tuple) and v[:1] == (DOUBT,)}
        self.open = tuple(q for q, v in marked if v in (OPEN, OPEN_UNASKED) or q in doubts)
        fixed = {q: lens.answer(q, v) for q, v in marked if v is not None and q not in self.open}
        self.now = lens.group.effects({**fixed, **{q: lens.answer(q, v) for q, v in doubts.items()}})
        # A doubtful answer is kept or dropped; an open question gets any answer (or none, when it may).
        domains = [[doubts[q], None] if q in doubts else lens.domain(q, v == OPEN_UNASKED)
                   for q, v in marked if q in self.open]
        # The group's own effects tuples (memoised by the group): a view adds only the choices.
        self.rows: list[tuple[Choice, tuple[tuple[str, int], ...]]] = []
        for values in product(*domains):
            trial = dict(fixed)
            for q, v in zip(self.open, values, strict=True):
                if v is not None:
                    trial[q] = lens.answer(q, v)
            self.rows.append((values, lens.group.effects(trial)))
        self.tops: dict[tuple[str, str], Best] = {}

    def top(self, rival: str, leader: str) -> Best:
        """The most the group can add to rival minus leader over its open answers, and every choice that
        does, in row order (a view is built the same way whatever profile asked for it)."""
        found = self.tops.get((rival, leader))
        if found is None:
            now = _lead(self.now, rival, leader)
            gains = [_lead(effects, rival, leader) - now for _, effects in self.rows]
            best = max(gains)
            found = self.tops[(rival, leader)] = (
                best, [choice for (choice, _), gain in zip(self.rows, gains, strict=True) if gain == best])
        return found


def _lead(effects: tuple[tuple[str, int], ...], rival: str, leader: str) -> int:
    """What effects give `rival` minus what they give `leader`."""
    return sum([w if c == rival else -w for c, w in effects if c == rival or c == leader])


def quick_verdict(
    kb: KnowledgeBase, answers: Answers, still: Sequence[str], scores: dict[str, int],
    pairs: list[tuple[str, str, int]], memo: Memo, unsure: Sequence[str] = (),
) -> bool | None:
    """True: some completion gives a rival the lead it needs over a leader (`pairs` as `scoring.contests`
    lists them); False: none does; None: this test cannot tell. `answers` count (a checked profile's),
    `still` are its open questions and `unsure` its doubtful answers."""
    marks = _marks(kb, answers, still, unsure)
    lenses = _lenses(kb, memo)
    undecided = False
    for rival, leader, need in pairs:
        views = _views(kb, memo, lenses, answers, marks, (rival, leader))
        if views is None:
            return None
        bests = [view.top(rival, leader) for _, view in views]
        if not overtakes(scores[rival] - scores[leader] - need + sum([gain for gain, _ in bests]), 0):
            continue
        # Where the best cases agree and make a completion, it reaches the sum; scored in full either way.
        if _changes(kb, answers, still, scores, pairs, _merged(kb, views, bests)):
            return True
        undecided = True
    return None if undecided else False


def _changes(kb: KnowledgeBase, answers: Answers, still: Sequence[str], scores: dict[str, int],
             pairs: list[tuple[str, str, int]], choice: dict[str, Value | None]) -> bool:
    """Whether the completion nearest `choice` changes the outcome: every answer and the chosen answers
    to the open questions; any answer to an open question left that its `when` then asks; then only the
    answers whose `when` holds kept. Scored in full, so a "yes" is exact; a "no" says nothing of the
    other completions."""
    trial = {**answers, **{q: v for q, v in choice.items() if v is not None and q in still}}
    for _ in still:  # an answer given may make another `when` true: until none is left to give
        asked = [q for q in still if q not in trial and kb.asked_when[q](trial) is True]
        if not asked:
            break
        trial.update({q: first_answer(kb, q) for q in asked})
    complete = completed(kb, trial)
    if not real(kb, answers, tuple(still), complete) or any(
            q not in complete and kb.asked_when[q](complete) is True for q in still):
        return False
    now = {leader for _, leader, _ in pairs}
    pool = tuple(dict.fromkeys(c for pair in pairs for c in pair[:2]))
    return set(top_of(scores_of(kb, complete, counted=True), pool)) != now


def _marks(kb: KnowledgeBase, answers: Answers, still: Sequence[str], unsure: Sequence[str]) -> dict[str, int]:
    """Each open question's mark: open, or open and maybe never asked (its `when` not yet true for the
    answers that surely count); and each doubtful answer's."""
    firm = {q: v for q, v in answers.items() if q not in unsure} if unsure else answers
    marks = {q: OPEN if kb.asked_when[q](firm) is True else OPEN_UNASKED for q in still}
    marks.update(dict.fromkeys(unsure, DOUBT))
    return marks


def _lenses(kb: KnowledgeBase, memo: Memo) -> list[Lens]:
    if memo.lenses is None:
        memo.lenses = [Lens(kb, index) for index in range(len(kb.groups))]
    return memo.lenses


def _views(kb: KnowledgeBase, memo: Memo, lenses: list[Lens], answers: Answers, marks: dict[str, int],
           pair: tuple[str, str]) -> list[tuple[Lens, View]] | None:
    """The view of each group that reads an open question and moves the rival or the leader; None when a
    group's open answers are too many to list."""
    key = ("reading", pair)
    reading: dict[str, tuple[int, ...]] | None = memo.tables.get(key)
    if reading is None:  # per question, the groups that read it and move the rival or the leader
        reading = memo.tables[key] = {q: tuple(i for i in kb.groups_reading.get(q, ())
                                               if lenses[i].names.intersection(pair)) for q in kb.questions}
    touched = sorted({i for q in marks for i in reading[q]})
    out: list[tuple[Lens, View]] = []
    for index in touched:
        lens = lenses[index]
        view_key = (index, *lens.key(answers, marks))
        view: View | None = memo.views.get(view_key)
        if view is None:
            if lens.size(marks) > MAX_VIEW:
                return None
            view = memo.views[view_key] = View(lens, view_key[1:])
        out.append((lens, view))
    return out


class _Merge:
    """Choices of several groups made into one set of answers to the open questions they read, as long as
    they agree where they overlap: whether a question is asked, each option two groups both name (ticked
    or not), and for a one-choice question an option that each group sees as it chose."""

    def __init__(self) -> None:
        self.asked: dict[str, bool] = {}
        self.ticks: dict[str, dict[str, bool]] = {}
        self.allowed: dict[str, frozenset[str]] = {}

    def fits(self, lens: Lens, questions: tuple[str, ...], choice: Choice) -> bool:
        for q, seen in zip(questions, choice, strict=True):
            if self.asked.get(q, seen is not None) is not (seen is not None):
                return False
            if seen is None:
                continue
            if lens.many[q]:
                mine = self.ticks.get(q, {})
                if any(mine.get(o, o in seen) is not (o in seen) for o in lens.named[q]):
                    return False
            elif q in self.allowed and not self.allowed[q] & _options(lens, q, seen):
                return False
        return True

    def add(self, lens: Lens, questions: tuple[str, ...], choice: Choice) -> None:
        for q, seen in zip(questions, choice, strict=True):
            self.asked[q] = seen is not None
            if seen is None:
                continue
            if lens.many[q]:
                self.ticks.setdefault(q, {}).update((o, o in seen) for o in lens.named[q])
            else:
                fits = _options(lens, q, seen)
                self.allowed[q] = self.allowed[q] & fits if q in self.allowed else fits

    def answers(self, kb: KnowledgeBase) -> dict[str, Value | None]:
        """The answers agreed (None: unasked): ticked options in option order; the first option that fits."""
        out: dict[str, Value | None] = {}
        for q, yes in self.asked.items():
            if not yes:
                out[q] = None
            elif q in self.ticks:
                out[q] = tuple(o for o in kb.options[q] if self.ticks[q].get(o))
            else:
                out[q] = next(o for o in kb.options[q] if o in self.allowed[q])
        return out


def _options(lens: Lens, question: str, seen: Any) -> frozenset[str]:
    """The one-choice answers a group sees as `seen`."""
    if seen is OTHER:
        return lens.unnamed[question]
    return frozenset(o for o, first in lens.alike[question].items() if first == seen)


# Best choices of one group tried against the others' in the greedy pass (past them, the next test decides).
TRIED = 8


def _merged(kb: KnowledgeBase, views: list[tuple[Lens, View]], bests: list[Best]) -> dict[str, Value | None]:
    """The groups' best choices made into answers to the open questions they read, where they agree: the
    largest gains choose first, each group the first of its best choices that fits the choices so far; a
    group none of whose choices fits is left out."""
    merge = _Merge()
    for (lens, view), (_, choices) in sorted(zip(views, bests, strict=True), key=lambda item: -item[1][0]):
        choice = next((c for c in choices[:TRIED] if merge.fits(lens, view.open, c)), None)
        if choice is not None:
            merge.add(lens, view.open, choice)
    return merge.answers(kb)
