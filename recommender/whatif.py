"""What-if: the smallest answer changes that change the winner, by exact search.

One change sets a one-choice question to another option, or adds or removes one
option of a many-choice question (answering an unanswered question counts too).
Every single change is tried; pairs are tried only when no single change works.
"""

from __future__ import annotations

from itertools import combinations
from typing import Iterator

from recommender.conditions import Value
from recommender.kb import KnowledgeBase
from recommender.result import Change, WhatIf

LIMIT = 10


def changes(kb: KnowledgeBase, answers: dict[str, Value]) -> Iterator[Change]:
    """Every single-answer change, in question and option order."""
    for qid, spec in kb.questions.items():
        current = answers.get(qid)
        for option in kb.option_ids(qid):
            if spec["kind"] == "one":
                if option != current:
                    yield Change(qid, current, option)
                continue
            chosen = set(current or ())
            chosen ^= {option}
            yield Change(qid, current, tuple(o for o in kb.option_ids(qid) if o in chosen))


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
        pairs = (p for p in combinations(singles, 2) if p[0].question != p[1].question)
        found = _try(kb, answers, winner, pairs)
    return tuple(found[:LIMIT])


def _try(kb: KnowledgeBase, answers: dict[str, Value], winner: str, options: Iterator[tuple[Change, ...]]) -> list[WhatIf]:
    from recommender.engine import winner_of

    order = {qid: index for index, qid in enumerate(kb.questions)}
    found: list[WhatIf] = []
    for picked in options:
        new_winner, backend, margin = winner_of(kb, apply(answers, picked))
        if new_winner != winner:
            found.append(WhatIf(picked, new_winner, backend, margin))
    # Changes to what was answered first: they are the ones a person can revisit.
    found.sort(key=lambda w: (
        sum(c.before is None for c in w.changes), -w.margin, [(order[c.question], str(c.after)) for c in w.changes]
    ))
    return found
