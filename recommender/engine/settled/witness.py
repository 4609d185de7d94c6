"""A fast "yes" to "could the open questions change the winner?": try the answers that favour each rival.

For each rival and leader, a profile that favours the rival over the leader as
much as one question at a time can make it (coordinate ascent from a fixed
start), and `MORE` others found by one sweep from seeded random starts, are
found once per knowledge base (every memo asking for them shares them). Their
answers to a profile's open questions, completed (an answer kept exactly where
its `when` holds, a doubtful one too), are real completions of that profile: if
the outcome differs at one, it can change. When none does, a climb from the
first (one open answer changed at a time while the rival's lead grows) tries
the completions nearby. Over 4,000 seeded batch profiles the favoured
completions alone find 97 % of the "yes" cases (5,024 of 5,183).

The search costs what a few checks save, so it runs only for a caller whose
Memo asks for it (a batch, the API), once per knowledge base. A "no" from here
means nothing; the exact tests follow.
"""

from __future__ import annotations

import random
from typing import Any
from weakref import WeakKeyDictionary

from recommender.engine.scoring import scores_of, top_of
from recommender.engine.settled.exact import alike, completed
from recommender.engine.settled.memo import Memo
from recommender.knowledge.conditions import Answers, Value
from recommender.knowledge.model import KnowledgeBase

Favoured = dict[tuple[str, str], list[dict[str, Any]]]  # per rival and leader, first the one from first options


def unseats(kb: KnowledgeBase, answers: Answers, open_questions: tuple[str, ...], scores: dict[str, int],
            pool: tuple[str, ...], memo: Memo, *, climb: bool = False) -> bool:
    """True when the answers favouring some rival over a leader, given to the open questions, change the
    outcome of the decision over `pool`; with `climb`, also when changing one open answer at a time from
    there, while that raises the rival's lead, comes to such a completion."""
    favoured = _favoured(kb, memo)
    top = top_of(scores, pool)
    for leader in top:
        # The rival closest to the leader first, the likeliest to overtake (any order gives the same verdict).
        for rival in sorted([c for c in pool if c != leader], key=scores.__getitem__, reverse=True):
            profiles = favoured[(rival, leader)]
            if climb:  # from the first favoured profile: the others' completions were tried already
                trial = _climb(kb, answers, open_questions, _completion(profiles[0], open_questions),
                               (rival, leader), pool, top)
                if trial is not None and real(kb, answers, open_questions, trial):
                    return True
            elif any(_changes(kb, answers, open_questions, _completion(profile, open_questions), pool, top)
                     for profile in profiles):
                return True
    return False


def _changes(kb: KnowledgeBase, answers: Answers, open_questions: tuple[str, ...], start: dict[str, Any],
             pool: tuple[str, ...], top: tuple[str, ...]) -> bool:
    """Whether the answers `start` gives the open questions, completed, are a real completion whose outcome
    differs from `top`."""
    trial = completed(kb, {**answers, **start})
    return top_of(scores_of(kb, trial, counted=True), pool) != top and real(kb, answers, open_questions, trial)


# Sweeps over the open answers one climb may make: on the shipped pack one sweep nearly always suffices.
SWEEPS = 4


def _climb(kb: KnowledgeBase, answers: Answers, open_questions: tuple[str, ...], start: dict[str, Any],
           pair: tuple[str, str], pool: tuple[str, ...], top: tuple[str, ...]) -> dict[str, Value] | None:
    """From the favoured answers, change one open answer at a time while that raises the rival's lead;
    the first completion whose outcome differs from `top`, or None when the climb stops short of one."""
    rival, leader = pair
    chosen = dict(start)
    trial = completed(kb, {**answers, **chosen})
    scores = scores_of(kb, trial, counted=True)
    best, improved, sweeps = scores[rival] - scores[leader], True, 0
    while improved and sweeps < SWEEPS:  # bounded on any pack: past it, the elimination decides
        sweeps += 1
        if top_of(scores, pool) != top:
            return trial
        improved = False
        for question in open_questions:
            for option in moves(kb, question):
                moved = {**chosen, question: _moved(kb, question, chosen[question], option)}
                found = completed(kb, {**answers, **moved})
                after = _rescored(kb, scores, trial, found)
                if top_of(after, pool) != top:
                    return found
                if (lead := after[rival] - after[leader]) > best:
                    chosen, trial, scores, best, improved = moved, found, after, lead, True
    return None


def _rescored(kb: KnowledgeBase, scores: dict[str, int], before: dict[str, Value],
              after: dict[str, Value]) -> dict[str, int]:
    """The `scores` of `before` turned into those of `after`: only the rule groups reading an answer that
    differs are looked up again (one move changes an answer, and the answers whose `when` it decides)."""
    changed = [q for q in before.keys() | after.keys() if before.get(q) != after.get(q)]
    out = dict(scores)
    for index in {i for q in changed for i in kb.groups_reading.get(q, ())}:
        group = kb.groups[index]
        for candidate, weight in group.effects(before):
            out[candidate] -= weight
        for candidate, weight in group.effects(after):
            out[candidate] += weight
    return out


def real(kb: KnowledgeBase, answers: Answers, open_questions: tuple[str, ...], trial: dict[str, Value]) -> bool:
    """Whether `trial` is a completion the elimination weighs too. `completed` keeps an answer exactly where
    its `when` holds; a question neither answered nor open (its `when` false for the answers) must stay
    unasked, which only dropping a doubtful answer (one whose `when` the favoured answers made false) can
    undo: adding answers never turns a false `when` true."""
    if all(q in trial for q in answers):
        return True
    return all(q in answers or q in open_questions or kb.asked_when[q](trial) is not True for q in kb.questions)


def _completion(profile: dict[str, Any], open_questions: tuple[str, ...]) -> dict[str, Any]:
    """A favoured profile's answers to the open questions. Not memoised: a copy costs less than a memo
    entry per shape of open questions, whose churn emptied the memo's other tables every few thousand lines."""
    return {q: profile[q] for q in open_questions}


# Favoured profiles per rival and leader beyond the first: climbs from seeded random starts end at other
# local optima, and a profile the first one misses is often unseated by one of them. On 4,000 seeded batch
# profiles the first finds 4,048 changes; with these two, 5,024 (of 5,183 in all), so the rule groups and
# the climb run for a third of the checks they did. Two starts, because one found 4,393; one sweep each,
# because a full ascent found the same 5,025 at several times the cost, which a pack at the limits feels.
MORE = 2
EXTRA_SWEEPS = 1


def _favoured(kb: KnowledgeBase, memo: Memo) -> Favoured:
    """The favoured profiles of every rival and leader: the memo's, else the knowledge base's (a pure function
    of it, found once however many memos ask: a batch's and the API's), else found now."""
    found = memo.favoured
    if found is None:
        found = memo.favoured = _FAVOURED.get(kb)
    if found is None:
        found = memo.favoured = _FAVOURED[kb] = {
            (rival, leader): _distinct([_ascent(kb, rival, leader, start, None if n == 0 else EXTRA_SWEEPS)
                                        for n, start in enumerate(_starts(kb))])
            for pool in kb.decisions.values() for rival in pool for leader in pool if rival != leader
        }
    return found


_FAVOURED: WeakKeyDictionary[KnowledgeBase, Favoured] = WeakKeyDictionary()


def _starts(kb: KnowledgeBase) -> list[dict[str, Any]]:
    """Where the ascents start: every question's first answer, then MORE seeded random profiles (the same
    on every run: a seed per start, the questions in the pack's order)."""
    starts: list[dict[str, Any]] = [{q: first_answer(kb, q) for q in kb.questions}]
    for seed in range(MORE):
        rng = random.Random(seed)
        starts.append({q: tuple(o for o in kb.options[q] if rng.random() < 0.5)
                       if kb.questions[q]["kind"] == "many" else rng.choice(kb.options[q]) for q in kb.questions})
    return starts


def _distinct(profiles: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The profiles in order, each once (two ascents may end at the same one)."""
    return [p for i, p in enumerate(profiles) if p not in profiles[:i]]


def _ascent(kb: KnowledgeBase, rival: str, leader: str, start: dict[str, Any],
            sweeps: int | None = None) -> dict[str, Any]:
    """From `start`, change one answer at a time while that raises rival minus leader (for at most `sweeps`
    sweeps over the questions). A many-choice answer changes by one option ticked or unticked (never by
    listing its subsets), so each sweep costs one score per option."""
    profile = dict(start)

    def lead(trial: dict[str, Any]) -> int:
        scores = scores_of(kb, completed(kb, trial))
        return scores[rival] - scores[leader]

    best, improved = lead(profile), True
    while improved and sweeps != 0:
        improved, sweeps = False, None if sweeps is None else sweeps - 1
        for question in kb.questions:
            for option in moves(kb, question):
                trial = {**profile, question: _moved(kb, question, profile[question], option)}
                if (gain := lead(trial)) > best:
                    best, profile, improved = gain, trial, True
    return profile


def moves(kb: KnowledgeBase, question: str) -> tuple[str, ...]:
    """The options a climb tries for a question: every option of a many-choice one (each ticked or
    unticked), one of each class of a one-choice one's options that every condition treats alike."""
    return alike(kb)[question] if kb.questions[question]["kind"] == "one" else kb.options[question]


def first_answer(kb: KnowledgeBase, question: str) -> Value:
    """An answer to any question: its first option, or no option ticked of a many-choice one."""
    return kb.options[question][0] if kb.questions[question]["kind"] == "one" else ()


def _moved(kb: KnowledgeBase, question: str, current: Value, option: str) -> Value:
    """The answer with `option` chosen (one-choice) or ticked or unticked (many-choice)."""
    if isinstance(current, str):
        return option
    return tuple(o for o in kb.options[question] if (o in current) != (o == option))
