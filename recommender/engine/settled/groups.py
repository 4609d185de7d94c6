"""Could the open questions still change the winner? Exact, from each rule group's best case.

`exact.can_change` answers this by eliminating variables over every rule's
fire table: a fraction of a millisecond per profile. This module gives the
same verdict in a few microseconds for almost every profile. Each open
question ranges over its answers, and also None while its `when` is unknown,
whatever that `when` says: a superset of the real completions, so where such a
question is open "none can" is final, and "some can" only when the agreed best
case is itself a real completion (`_real`); otherwise the elimination (which
ties each answer to its `when`) decides. Answers whose `when` is not
yet true, and questions with too many answers to list, are left to it too.

* A group's rules read only the group's questions, so what a rival can gain on
  the leader is at most the sum, over the groups reading an open question, of
  each group's own best case. If that cannot overtake the leader, nothing can.
* When the groups' best cases agree on every question they share, that sum is
  reached: the rival can overtake.
* Otherwise, branch and bound: one disputed question is fixed to each of its
  answers in turn and the best cases worked out again under it.

Best cases are kept in the caller's Memo, one per group and combination of
answers to the group's questions, which many profiles share. A search
that runs out of budget answers None and the caller falls back to the
elimination.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain, product
from typing import Any

from recommender.engine.scoring import overtakes
from recommender.engine.settled.exact import doubtful, option_values
from recommender.engine.settled.memo import Memo
from recommender.knowledge.conditions import Answers
from recommender.knowledge.model import KnowledgeBase, RuleGroup

# A group's best case for a rival against the leader: the gain and the answers that give it.
Best = tuple[int, dict[str, Any]]
Domains = dict[str, tuple[Any, ...]]
# A branch and bound still to run: the search, the rival's gap, the best cases and the disputed questions.
_Pending = tuple["_Search", int, list[Best], dict[str, list[Any]]]


def quick_verdict(
    kb: KnowledgeBase, answers: Answers, scores: dict[str, int], pairs: list[tuple[str, str, int]], memo: Memo,
    domains: Domains | None = None,
) -> bool | None:
    """True: some answers give a rival the lead it needs over a leader (`pairs` as `scoring.contests` lists
    them); False: none do; None: out of budget.

    `domains` (`open_domains` for these answers), when the caller has it, saves
    working it out again.
    """
    if domains is None:
        domains = open_domains(kb, answers, memo)
        if domains is None:
            return None
    # A None answer stands for "never asked" whatever the `when` says: a superset of the completions, so
    # only "none can" is exact then; "some can" is left to the elimination, which ties answers to `when`s.
    relaxed = any(None in values for values in domains.values())
    touched, shared = _touched(kb, domains, memo)
    if any(_space(kb.groups[i], domains) > MAX_VIEW for i in touched):
        return None  # a group's best case would enumerate too many answers: the elimination splits them
    views = [_view(memo, i, kb.groups[i], answers, domains) for i in touched]
    pending: list[_Pending] = []
    for rival, leader, need in pairs:
        look = _first_look(views, shared, domains, scores[rival] - scores[leader] - need, rival, leader)
        if look is True:
            return None if relaxed and not _real(kb, answers, views, rival, leader) else True
        if look:
            pending.append(look)
    # Only when no rival's best cases agree: branch, rival by rival.
    undecided = False
    for search, gap, bests, disputed in pending:
        verdict = search.branch(gap, {}, bests, disputed)
        if verdict:
            return None if relaxed else True
        undecided = undecided or verdict is None
    return None if undecided else False


def _real(kb: KnowledgeBase, answers: Answers, views: list[_View], rival: str, leader: str) -> bool:
    """Whether the groups' agreed best case is a real completion: each question it answers has its `when`
    true there, each it leaves unanswered has not (and every `when` involved reads only settled answers)."""
    choice: dict[str, Any] = {}
    for view in views:
        choice.update(view.top(rival, leader)[1])
    trial = _with(answers, choice)
    for q, value in choice.items():
        if not set(kb.when_reads[q]) <= trial.keys() | choice.keys():
            return False  # a `when` reading a question no group chose: left to the elimination
        if (value is not None) != (kb.asked_when[q](trial) is True):
            return False
    return True


def _first_look(views: list[_View], shared: Shared, domains: Domains, gap: int, rival: str,
                leader: str) -> _Pending | bool:
    """False: the rival cannot reach `gap` ≥ 0 (its need already taken off); True: it can; else the search to
    run when no rival is clear."""
    pair = (rival, leader)
    bests = [view.tops.get(pair) or view.top(rival, leader) for view in views]
    if not overtakes(gap + sum([gain for gain, _ in bests]), 0):
        return False
    disputed = _disputed(bests, shared)
    return (_Search(views, shared, domains, rival, leader), gap, bests, disputed) if disputed else True


# A group whose open questions have more answer combinations than this is left to the elimination,
# which splits a many-choice question into one yes/no variable per option instead of listing subsets.
MAX_VIEW = 2048


def _space(group: RuleGroup, domains: Domains) -> int:
    size = 1
    for q in group.questions:
        size *= len(domains.get(q, ())) or 1
    return size


def open_domains(
    kb: KnowledgeBase, answers: Answers, memo: Memo, still: Sequence[str] | None = None,
) -> Domains | None:
    """Each open question and the answers it may get (None among them while its `when` is unknown); None
    when the groups cannot judge these answers: an open question has too many answers to list (a
    many-choice question's are its subsets), or an answer counts only where its `when` holds (doubtful).
    `still`: the open questions, when the caller has them."""
    if still is None:
        still = kb.open_questions(answers)
    if any(_size(kb, q) > MAX_VIEW for q in still) or doubtful(kb, answers):
        return None
    out: Domains = {}
    for q in still:
        values = _answer_space(kb, q, memo)
        out[q] = values if kb.asked_when[q](answers) else (*values, None)
    return out


def _size(kb: KnowledgeBase, question: str) -> int:
    """How many answers a question has, unanswered included, counted without listing them."""
    count = len(kb.options[question])
    return (count if kb.questions[question]["kind"] == "one" else 1 << count) + 1


def _answer_space(kb: KnowledgeBase, question: str, memo: Memo) -> tuple[Any, ...]:
    key = ("answers", question)
    found: tuple[Any, ...] | None = memo.tables.get(key)
    if found is None:
        found = memo.tables[key] = tuple(option_values(kb, question))
    return found


# The groups reading an open question (indexes into kb.groups), and each open question that
# several of them read with the positions of those groups in that list.
Shared = dict[str, list[int]]
Touched = tuple[list[int], Shared]


def _touched(kb: KnowledgeBase, domains: Domains, memo: Memo) -> Touched:
    key = ("touched", *domains)
    found: Touched | None = memo.tables.get(key)
    if found is None:
        groups = sorted({i for q in domains for i in kb.groups_reading.get(q, ())})
        readers = [(q, [n for n, i in enumerate(groups) if q in kb.groups[i].questions]) for q in domains]
        found = memo.tables[key] = (groups, {q: where for q, where in readers if len(where) > 1})
    return found




class _View:
    """One group under one combination of answers to its questions: its best cases, per rival and leader."""

    def __init__(self, group: RuleGroup, answers: Answers, domains: Domains) -> None:
        self.group = group
        # A copy of the group's own answers (the rest do not count): callers may change their dict later.
        self.answers = {q: answers[q] for q in group.questions if q in answers}
        self.domains = {q: domains[q] for q in group.questions if q in domains}
        self.tops: dict[tuple[str, str], Best] = {}
        self.pinned: dict[tuple[str, str, tuple[tuple[str, Any], ...]], Best] = {}

    def top(self, rival: str, leader: str) -> Best:
        """The most the group can add to rival minus leader over its open questions."""
        found = self.tops.get((rival, leader))
        if found is None:
            found = self.tops[(rival, leader)] = self._search(rival, leader, {})
        return found

    def best(self, rival: str, leader: str, fixed: dict[str, Any]) -> Best:
        """The same with the `fixed` questions answered so."""
        # `fixed` holds a question or two: read it rather than the domains.
        pinned = tuple([(q, v) for q, v in fixed.items() if q in self.domains])
        if not pinned:
            return self.top(rival, leader)
        found = self.pinned.get((rival, leader, pinned))
        if found is None:
            found = self.pinned[(rival, leader, pinned)] = self._search(rival, leader, dict(pinned))
        return found

    def _search(self, rival: str, leader: str, pinned: dict[str, Any]) -> Best:
        """The best case may be a loss: every answer to a question that will be asked may cost the rival."""
        now = self.delta(self.answers, rival, leader)
        best: Best | None = None
        for values in product(*((pinned[q],) if q in pinned else d for q, d in self.domains.items())):
            choice = dict(zip(self.domains, values, strict=True))
            gain = self.delta(_with(self.answers, choice), rival, leader) - now
            if best is None or gain > best[0]:
                best = (gain, choice)
        assert best is not None  # every open question has at least one answer
        return best

    def delta(self, answers: Answers, rival: str, leader: str) -> int:
        """What the group's fired rules give `rival` minus what they give `leader`."""
        effects = dict(self.group.outcome(answers).effects)
        return effects.get(rival, 0) - effects.get(leader, 0)


def _view(memo: Memo, index: int, group: RuleGroup, answers: Answers, domains: Domains) -> _View:
    """The view of group `index` for these answers: one per combination of its answers and open shape."""
    # Which unanswered questions are open is fixed by the answers, except where a `when` decides it.
    shape = tuple(len(domains.get(q, ())) for q in group.gated) if group.gated else ()
    key = (index, group.key(answers), shape)
    found: _View | None = memo.views.get(key)
    if found is None:
        found = memo.views[key] = _View(group, answers, domains)
    return found


def _with(answers: Answers, choice: dict[str, Any]) -> dict[str, Any]:
    """The answers with the chosen ones added; None stays unanswered."""
    return {**answers, **{q: v for q, v in choice.items() if v is not None}}


class _Search:
    """Branch and bound for one rival over the questions the groups' best cases dispute."""

    BUDGET = 64  # bounds worked out before leaving the profile to the full elimination

    def __init__(
        self, views: list[_View], shared: Shared, domains: Domains, rival: str, leader: str
    ) -> None:
        self.views, self.shared, self.domains, self.rival, self.leader = views, shared, domains, rival, leader
        self.left = self.BUDGET

    def overtakes(self, gap: int, fixed: dict[str, Any], bests: list[Best]) -> bool | None:
        """Whether the rival can overtake with the `fixed` answers; `bests` are the views' best cases under them."""
        self.left -= 1
        if self.left < 0:
            return None
        if not overtakes(gap + sum(gain for gain, _ in bests), 0):
            return False
        disputed = _disputed(bests, self.shared)
        return self.branch(gap, fixed, bests, disputed) if disputed else True

    def branch(self, gap: int, fixed: dict[str, Any], bests: list[Best], disputed: dict[str, list[Any]]) -> bool | None:
        """Try each answer to one disputed question: the smallest domain first (fewest branches), and
        the answers the groups proposed first (likeliest to win)."""
        question = min(disputed, key=lambda q: (len(self.domains[q]), q))
        proposed = disputed[question]
        undecided = False
        for value in chain(proposed, (v for v in self.domains[question] if v not in proposed)):
            pinned = {**fixed, question: value}
            under = list(bests)
            for n in self.shared[question]:  # only the groups reading the question change their best case
                under[n] = self.views[n].best(self.rival, self.leader, pinned)
            verdict = self.overtakes(gap, pinned, under)
            if verdict:
                return True
            undecided = undecided or verdict is None
        return None if undecided else False


def _disputed(bests: list[Best], shared: Shared) -> dict[str, list[Any]]:
    """The shared questions on which the best cases disagree, with the answers proposed, in order."""
    disputed: dict[str, list[Any]] = {}
    for q, where in shared.items():
        proposed = [bests[n][1][q] for n in where]
        first = proposed[0]
        if any(value != first for value in proposed):
            disputed[q] = list(dict.fromkeys(proposed))
    return disputed
