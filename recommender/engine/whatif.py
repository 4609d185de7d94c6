"""What-if: the smallest answer changes that change the winner, by exact search.

One change sets a one-choice question to another option, or adds or removes one
option of a many-choice question (answering an unanswered question counts too).
Every single change is tried; pairs are tried only when no single change works.
An option with id `none` in a many-choice question excludes the others
("Not deployed" and "Mobile phones" cannot both hold), and a change to a
question that would not be asked (its `when` is false) is not offered.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations

from recommender.engine.result import Change, WhatIf
from recommender.engine.scoring import Rescorer
from recommender.knowledge.conditions import Value
from recommender.knowledge.model import KnowledgeBase

LIMIT = 10
EXCLUSIVE = "none"


def toggle(kb: KnowledgeBase, qid: str, current: Value | None, option: str) -> tuple[str, ...]:
    """A many-choice answer with `option` added or removed, keeping `none` exclusive."""
    chosen = set(current or ())
    if option in chosen:
        chosen.discard(option)
    elif option == EXCLUSIVE:
        chosen = {option}
    else:
        chosen = (chosen - {EXCLUSIVE}) | {option}
    return tuple(o for o in kb.option_ids(qid) if o in chosen)


def asked(kb: KnowledgeBase, qid: str, answers: dict[str, Value]) -> bool:
    """False only when the question's `when` is definitely false: it would not be asked."""
    return kb.asked_when[qid](answers) is not False


def changes(kb: KnowledgeBase, answers: dict[str, Value]) -> Iterator[Change]:
    """Every single-answer change, in question and option order."""
    for qid, spec in kb.questions.items():
        current = answers.get(qid)
        for option in kb.option_ids(qid):
            after: Value = option if spec["kind"] == "one" else toggle(kb, qid, current, option)
            if after == current:
                continue
            change = Change(qid, current, after)
            if asked(kb, qid, apply(answers, (change,))):
                yield change


def apply(answers: dict[str, Value], picked: tuple[Change, ...]) -> dict[str, Value]:
    out = dict(answers)
    for change in picked:
        out[change.question] = change.after
    return out


def search(kb: KnowledgeBase, answers: dict[str, Value], winner: str) -> tuple[WhatIf, ...]:
    """Single changes that change the winner; pairs only if there are none."""
    singles = list(changes(kb, answers))
    found = _try(kb, answers, winner, ((c,) for c in singles))
    if not found:
        pairs = (
            p for p in combinations(singles, 2)
            if p[0].question != p[1].question and all(asked(kb, c.question, apply(answers, p)) for c in p)
        )
        found = _try(kb, answers, winner, pairs)
    return tuple(found[:LIMIT])


def _try(
    kb: KnowledgeBase, answers: dict[str, Value], winner: str, options: Iterator[tuple[Change, ...]]
) -> list[WhatIf]:
    order = {qid: index for index, qid in enumerate(kb.questions)}
    rescorer = Rescorer(kb, answers)
    found: list[WhatIf] = []
    for picked in options:
        new_winner, backend, margin = rescorer.winner([c.question for c in picked], apply(answers, picked))
        if new_winner != winner:
            found.append(WhatIf(picked, new_winner, backend, margin))
    # Changes to what was answered first: they are the ones a person can revisit.
    found.sort(key=lambda w: (
        sum(c.before is None for c in w.changes), -w.margin, [(order[c.question], str(c.after)) for c in w.changes]
    ))
    return found
