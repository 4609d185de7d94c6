"""Which question to ask next, and when to stop: pure, no I/O.

A question is *open* while it is unanswered and its `when` condition is not
definitely false; it is *askable* once its `when` is definitely true. A rule
that is still undecided only because of questions that will never be asked can
never fire (an unanswered question makes its tests unknown, and unknown never
fires), so the stopping bound leaves such rules out.
"""

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from recommender.engine import scoring as engine
from recommender.engine import settled as settle
from recommender.engine.requirements import points
from recommender.engine.settled import exact as bounds
from recommender.engine.settled.memo import Memo
from recommender.knowledge.conditions import Answers, Test, Value, named_options
from recommender.knowledge.model import KnowledgeBase, Rule

AnswerFn = Callable[[str], Value]

# Expected rooms within this fraction of the smallest count as tied, and the tie goes to question order:
# a person expects the task soon after the data, and a slightly better question asked out of order costs
# more attention than it saves. Over 300 random profiles (seed 1): 8.96 pairs of questions out of order per
# session instead of 11.36, task asked 6.4th instead of 7.5th on average, 58.0 % of questions asked instead of 57.8 %.
NEAR_TIE = 0.1


class _Group(NamedTuple):
    """Live rules that share open questions, and what a rival's best case over them depends on.

    That is the open questions with their `when` verdicts (which set the
    variables' domains), and each rule's answers as its test sees them: of a
    many-choice answer only the options the rule names.
    """

    opened: tuple[tuple[str, bool | None], ...]
    seen: tuple[tuple[str, tuple[Value | None, ...]], ...]
    rules: list[Rule]


@dataclass
class Plan:
    """The questionnaire over a knowledge base; `whens` are its compiled `when` conditions."""

    kb: KnowledgeBase
    whens: dict[str, Test] = field(init=False)
    # Memos for `room`: exact best cases by shape, and the options each rule names.
    _gains: dict[tuple[object, ...], int] = field(init=False, default_factory=dict)
    _named: dict[str, dict[str, set[str]]] = field(init=False)
    _when_reads: dict[str, list[str]] = field(init=False)  # the questions each question's `when` reads
    memo: Memo = field(init=False, default_factory=Memo)  # the settled searches' tables, kept for the session

    def __post_init__(self) -> None:
        self.whens = self.kb.asked_when
        self._named = {rule.id: named_options(rule.when) for rule in self.kb.scored_rules}
        self._when_reads = {q: list(named_options(spec.get("when"))) for q, spec in self.kb.questions.items()}

    def open_questions(self, answers: Answers) -> list[str]:
        """Unanswered questions that may still be asked, in question order."""
        return self.kb.open_questions(answers)

    def askable(self, answers: Answers) -> list[str]:
        """Unanswered questions whose `when` holds now, in question order."""
        return [q for q, when in self.whens.items() if q not in answers and when(answers) is True]

    def live_rules(self, answers: Answers) -> list[Rule]:
        """Undecided rules that an open question could still fire."""
        return bounds.live_rules(self.kb, self.kb.effective(answers)[0])

    def scoring(self, answers: Answers) -> engine.Scoring:
        """The engine's scoring with only the live rules left undecided."""
        base = engine.evaluate(self.kb, answers)
        return engine.Scoring(base.scores, base.fired, self.live_rules(answers))

    def outcome(self, answers: Answers) -> dict[str, tuple[str, ...]]:
        """Each decision's top: its winner, or the candidates that tie."""
        return engine.outcomes(self.kb, engine.evaluate(self.kb, answers).scores)

    def settled(self, answers: Answers) -> bool:
        """True when no answers to the open questions can change either decision (the engine's exact check)."""
        scoring = self.scoring(answers)
        return all(settle.settled(self.kb, scoring, pool, answers, self.memo) for pool in self.kb.decisions.values())

    def next_question(
        self, answers: Answers, *, ask_all: bool = False, skipped: Collection[str] = ()
    ) -> str | None:
        """The next question to ask, or None when done.

        Adaptive order: the question whose answer, averaged over its likely
        answers, leaves the least room for a rival to change either decision;
        ties (rooms within NEAR_TIE of the least) go to the question that comes
        first in `rules/questions.yaml`. The first question is the first in order.
        `skipped` questions ("Not sure") stay unanswered and are not asked again.
        """
        ready = [q for q in self.askable(answers) if q not in skipped]
        if not ready:
            return None
        if ask_all or not answers:
            # With nothing answered yet every session would start alike: the first question in order
            # (the goal) is what a person expects first, and the room search would delay the first prompt.
            return ready[0]
        if self.settled(answers):
            return None
        base = self.groups(answers)
        room = {q: self.expected_room(answers, q, base) for q in ready}
        least = min(room.values())
        # `ready` is in question order: the first of the (nearly) tied.
        return next(q for q in ready if room[q] <= least * (1 + NEAR_TIE))

    def expected_room(self, answers: Answers, question: str, base: list[_Group] | None = None) -> float:
        """Mean, over the question's likely answers (equally likely), of the room left afterwards.

        `base`, the `groups` of `answers` if the caller has them, saves building them again.
        """
        base = self.groups(answers) if base is None else base
        # Each option alone, not every subset of a many-choice question (2^n of them cost seconds a
        # question): one option each already says which way the question can swing the decisions.
        values = single_answers(self.kb, question)
        return sum(self.room({**answers, question: value}, base) for value in values) / len(values)

    def room(self, answers: Answers, base: list[_Group] | None = None) -> int:
        """How far, in total, the rivals' best cases reach past what would change a decision: 0 exactly when
        both decisions are settled.

        The best cases are the exact ones of the stopping bound (`bounds.max_gain`),
        not each undecided rule counted on its own: that looser count credits a
        rival with every option of a one-choice question at once (all four famous
        Transformer models, say), and so steered the questionnaire to questions
        whose answers could not settle anything. `base`: the `groups` of the
        answers without the last one, if known.
        """
        answers = self.kb.effective(answers)[0]  # as scoring and `settled` see them
        scores = engine.evaluate(self.kb, answers).scores
        groups = self.groups(answers) if base is None else self._regroup(answers, base)
        return sum(
            max(0, scores[rival] - scores[leader] + sum(self._gain(g, answers, rival, leader) for g in groups)
                - need + 1)
            for pool in self.kb.decisions.values()
            for rival, leader, need in engine.contests(engine.top_of(scores, pool), pool)
        )

    def groups(self, answers: Answers) -> list[_Group]:
        """The live rules in groups that share no open question, each keyed by what its best case depends on.

        A rival's best case is the sum of its best cases over such groups, and
        most groups stay the same whatever the next answer is, so each costly
        elimination runs once per group, not once per answer tried.
        """
        answers = self.kb.effective(answers)[0]
        return self._grouped(answers, bounds.live_rules(self.kb, answers), self._still(answers))

    def _still(self, answers: Answers) -> dict[str, bool | None]:
        """The open questions with their `when` verdicts, and the doubtful answers (None): the variables."""
        still = {q: self.whens[q](answers) for q in self.open_questions(answers)}
        return {**still, **dict.fromkeys(bounds.doubtful(self.kb, answers))}

    def _live(self, rule: Rule, answers: Answers, still: dict[str, bool | None]) -> bool:
        """As `bounds.live_rules`: undecided and reading a variable, or fired and reading a doubtful answer."""
        verdict = rule.test(answers)
        if verdict is None:
            return not still.keys().isdisjoint(rule.questions)
        return verdict is True and any(q in answers and q in still for q in rule.questions)

    def _reads(self, rule: Rule, still: dict[str, bool | None]) -> set[str]:
        """The variables a rule's best case depends on: the open questions it reads and, for one that may
        stay unasked, those its `when` reads, in turn (they decide whether it is answered)."""
        reads = still.keys() & set(rule.questions)
        todo = [q for q in reads if still[q] is not True]
        while todo:
            more = (still.keys() & set(self._when_reads[todo.pop()])) - reads
            reads |= more
            todo += [q for q in more if still[q] is not True]
        return reads

    def _regroup(self, answers: Answers, base: list[_Group]) -> list[_Group]:
        """The groups of `answers` from those of the answers before the last: only changed groups are rebuilt.

        A group whose open questions are all still open, with the same `when`
        verdicts, reads no question that was just answered: its rules and key stand.
        """
        still = self._still(answers)
        kept: list[_Group] = []
        redo: list[Rule] = []
        for group in base:
            if all(q in still and still[q] is verdict for q, verdict in group.opened):
                kept.append(group)
            else:
                redo += [r for r in group.rules if self._live(r, answers, still)]
        return kept + self._grouped(answers, redo, still)

    def _grouped(self, answers: Answers, live: list[Rule], still: dict[str, bool | None]) -> list[_Group]:
        groups: list[tuple[set[str], list[Rule]]] = []
        for rule in live:
            reads = self._reads(rule, still)
            joined = [g for g in groups if g[0] & reads]
            groups = [g for g in groups if not g[0] & reads]
            groups.append((reads.union(*(g[0] for g in joined)), [r for g in joined for r in g[1]] + [rule]))
        return [self._keyed(reads, rules, still, answers) for reads, rules in groups]

    def _keyed(self, reads: set[str], rules: list[Rule], still: dict[str, bool | None], answers: Answers) -> _Group:
        rules = sorted(rules, key=lambda r: r.id)
        opened = tuple((q, still[q]) for q in sorted(reads))
        # Whether a question that may stay unasked is answered depends on the answers its `when` reads.
        gates = tuple((f"when:{q}", tuple(answers.get(w) for w in self._when_reads[q]))
                      for q in sorted(reads) if still[q] is not True)
        return _Group(opened, tuple((r.id, self._seen(r, answers)) for r in rules) + gates, rules)

    def _seen(self, rule: Rule, answers: Answers) -> tuple[Value | None, ...]:
        """A rule's answers as its test sees them: of a many-choice answer, only the options it names."""
        named = self._named[rule.id]
        return tuple(_project(answers.get(q), named.get(q)) for q in rule.questions)

    def _gain(self, group: _Group, answers: Answers, rival: str, leader: str) -> int:
        key = (group.opened, group.seen, rival, leader)
        if key not in self._gains:
            tables = bounds.fire_tables(self.kb, answers, group.rules, self.memo)
            self._gains[key] = bounds.max_gain(tables, rival, leader)
        return self._gains[key]

    def remaining(self, answers: Answers) -> int:
        """How many questions are left unasked that could still be asked."""
        return len(self.open_questions(answers))

    def at_most_left(self, answers: Answers, question: str, skipped: Collection[str] = ()) -> int:
        """A bound on the questions still to come after `question`: the open ones not skipped (stopping early
        or a `when` turning false can only make it fewer)."""
        return len([q for q in self.open_questions(answers) if q != question and q not in skipped])

    def run(
        self, answers: Mapping[str, Value], answer: AnswerFn, *, ask_all: bool = False
    ) -> tuple[dict[str, Value], list[str]]:
        """Ask until done, taking each answer from `answer`; the answers and the questions asked."""
        current = dict(answers)
        asked: list[str] = []
        while (question := self.next_question(current, ask_all=ask_all)) is not None:
            current[question] = answer(question)
            asked.append(question)
        return current, asked

    def prune(self, answers: Mapping[str, Value], keep: set[str]) -> dict[str, Value]:
        """Drop answers (except those in `keep`) to questions whose `when` no longer holds."""
        return dict(self.kb.effective(answers, keep)[0])



def _project(value: Value | None, named: set[str] | None) -> Value | None:
    if isinstance(value, tuple) and named is not None:
        return tuple(o for o in value if o in named)
    return value


def option_impact(kb: KnowledgeBase, answers: Answers, question: str) -> dict[str, dict[str, int]]:
    """Per option, per candidate: the largest change choosing that option makes to the candidate's score,
    now or once one more open question is answered (so a rule that also needs that answer counts).

    The option is tried alone (for a many-choice question: that option ticked by itself) against the
    question left unanswered. The change keeps its sign: the one of largest size; a tie in size goes to
    the gain.
    """
    # The question's own answer (when changing it at the review) is set aside.
    base = {q: v for q, v in answers.items() if q != question}
    contexts = [base] + [
        {**base, other: value}
        for other in kb.open_questions(base) if other != question
        for value in single_answers(kb, other)
    ]
    out: dict[str, dict[str, int]] = {}
    for option in kb.option_ids(question):
        largest: dict[str, int] = {}
        for context in contexts:
            # In points: a requirement's penalty is no weight (the WHY screen lists what the option weighs).
            before = {c: points(kb, v) for c, v in engine.scores_of(kb, context).items()}
            after = {c: points(kb, v) for c, v in engine.scores_of(
                kb, {**context, question: as_answer(kb, question, option)}).items()}
            for cid, score in after.items():
                change = score - before[cid]
                if (abs(change), change) > (abs(largest.get(cid, 0)), largest.get(cid, 0)):
                    largest[cid] = change
        out[option] = largest
    return out


def single_answers(kb: KnowledgeBase, question: str) -> list[Value]:
    """Each option of a question given alone, as an answer."""
    return [as_answer(kb, question, option) for option in kb.option_ids(question)]


def as_answer(kb: KnowledgeBase, question: str, option: str) -> Value:
    """One option as the question's answer: the option, or a selection of just it."""
    return option if kb.questions[question]["kind"] == "one" else (option,)


def feeding_rules(kb: KnowledgeBase, answers: Answers, question: str) -> list[tuple[Rule, bool | None]]:
    """The rules that read a question, with their verdict on the current answers."""
    return [(r, r.test(answers)) for r in kb.rules if question in r.questions]
