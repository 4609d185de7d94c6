"""What-if: the smallest answer changes that change each decision's outcome, by exact search.

One change sets a one-choice question to another option, or adds or removes one
option of a many-choice question (answering an unanswered question counts too).
Every single change is tried; pairs are tried only when no single change works.
An option marked `exclusive` in a many-choice question excludes the others
("Not deployed" and "Mobile phones" cannot both hold), and a change to a
question that would not be asked (its `when` is false), or an option whose `fits` condition
the other answers contradict, is not offered.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations, islice

from recommender.engine.requirements import lead, set_aside
from recommender.engine.result import Change, WhatIf
from recommender.engine.scoring import Rescorer, rank, top_of
from recommender.knowledge.conditions import Value
from recommender.knowledge.model import KnowledgeBase
from recommender.knowledge.profile import Profile

LIMIT = 10
# Pairs of changes tried at most: a pack at its limits (many questions of many options) would otherwise
# try hundreds of thousands; past it the list is shorter, never wrong (each suggestion is still checked).
MAX_PAIRS = 20_000


def nature(kb: KnowledgeBase, question: str) -> str:
    """`fact` (the data, the task, the field: what the project is) or `choice` (what a person can decide:
    pre-trained or not, hardware, scale …), as the question states; a question that states neither is a choice."""
    return str(kb.questions[question].get("nature", "choice"))


def actionable(kb: KnowledgeBase, item: WhatIf) -> bool:
    """A person can act on it: every change answers an open question or changes a choice, never a fact given."""
    return all(c.before is None or nature(kb, c.question) == "choice" for c in item.changes)


def toggle(kb: KnowledgeBase, qid: str, current: Value | None, option: str) -> tuple[str, ...]:
    """A many-choice answer with `option` added or removed, keeping an `exclusive` option (`none`) alone."""
    chosen, alone = set(current or ()), kb.exclusive[qid]
    if option in chosen:
        chosen.discard(option)
    elif option in alone:
        chosen = {option}
    else:
        chosen = (chosen - alone) | {option}
    return tuple(o for o in kb.option_ids(qid) if o in chosen)


def asked(kb: KnowledgeBase, qid: str, answers: dict[str, Value]) -> bool:
    """False only when the question's `when` is definitely false: it would not be asked."""
    return kb.asked_when[qid](answers) is not False


def fits(kb: KnowledgeBase, answers: dict[str, Value]) -> bool:
    """False when a chosen option's `fits` condition is false for the other answers (a model close to
    AlphaFold for a text-only project): such answers contradict each other."""
    for (qid, option), test in kb.fits.items():
        value = answers.get(qid)
        chosen = value == option if isinstance(value, str) else value is not None and option in value
        if chosen and test(answers) is False:
            return False
    return True


def changes(kb: KnowledgeBase, answers: dict[str, Value]) -> Iterator[Change]:
    """Every single-answer change that leaves a consistent profile, in question and option order."""
    for qid, spec in kb.questions.items():
        current = answers.get(qid)
        for option in kb.option_ids(qid):
            after: Value = option if spec["kind"] == "one" else toggle(kb, qid, current, option)
            if after == current:
                continue
            change = Change(qid, current, after)
            changed = apply(answers, (change,))
            if asked(kb, qid, changed) and fits(kb, changed):
                yield change


def apply(answers: dict[str, Value], picked: tuple[Change, ...]) -> dict[str, Value]:
    out = dict(answers)
    for change in picked:
        out[change.question] = change.after
    return out


def search(kb: KnowledgeBase, profile: Profile, tops: dict[str, tuple[str, ...]]) -> tuple[WhatIf, ...]:
    """Per decision: the single changes that change its outcome (`tops`: each decision's winner or tie);
    pairs only for a decision no single change moves. At most LIMIT in all, shared out between decisions.
    Changes start from the answers that count: an ignored answer is no part of the project."""
    answers = dict(profile.answers)
    singles = list(changes(kb, answers))
    found = _try(kb, profile, tops, ((c,) for c in singles))
    stuck = {name: top for name, top in tops.items() if not any(w.decision == name for w in found)}
    if stuck:
        pairs = islice((
            p for p in combinations(singles, 2)
            if p[0].question != p[1].question and all(asked(kb, c.question, apply(answers, p)) for c in p)
            and fits(kb, apply(answers, p))
        ), MAX_PAIRS)
        found += _try(kb, profile, stuck, pairs)
    share = max(1, LIMIT // max(1, len(tops)))
    return tuple(w for name in tops for w in [w for w in found if w.decision == name][:share])


def _try(
    kb: KnowledgeBase, profile: Profile, tops: dict[str, tuple[str, ...]], options: Iterator[tuple[Change, ...]],
) -> list[WhatIf]:
    order = {qid: index for index, qid in enumerate(kb.questions)}
    rescorer = Rescorer(kb, profile)
    answers = dict(profile.answers)
    found: list[WhatIf] = []
    for picked in options:
        scores = rescorer.scores_after([c.question for c in picked], apply(answers, picked))
        for name, top in tops.items():
            pool = kb.decisions[name]
            new_top = top_of(scores, pool)
            if new_top != top:
                ranking = rank({c: scores[c] for c in pool})
                required = len(ranking) > 1 and not set_aside(kb, ranking[0][1]) and set_aside(kb, ranking[1][1])
                found.append(WhatIf(picked, name, new_top, lead(kb, ranking), required))
    # Smallest first; then changes to what was answered (a person can revisit those), then the clearest.
    found.sort(key=lambda w: (
        len(w.changes), sum(c.before is None for c in w.changes), not w.requirement, -w.margin,
        [(order[c.question], str(c.after)) for c in w.changes],
    ))
    return found
