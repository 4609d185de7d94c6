"""The checked profile: one project's answers as every later step reads them, worked out once.

Answers come in at four entries (the command line, the API, a batch line, `ask`); each checks and
normalizes them once (`answers.checked`) and hands the `Profile` on. The engine, what-if, the settled
check and the renderers read its parts and never derive them again: the answers that count, the
answers ignored (their question's `when` is false for the others, so it would not be asked) and the
open questions (unanswered, and their `when` not definitely false).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from recommender.knowledge.conditions import Value
    from recommender.knowledge.model import KnowledgeBase


class Profile:
    """`given`: every checked answer, in question order; `answers`: those that count; `ignored`: the
    rest, question → answer; `open`: the open questions, in question order."""

    __slots__ = ("given", "answers", "ignored", "open")

    def __init__(self, given: Mapping[str, Value], answers: Mapping[str, Value], ignored: dict[str, Value],
                 open_questions: tuple[str, ...]) -> None:
        self.given = given
        self.answers = answers
        self.ignored = ignored
        self.open = open_questions

    def __repr__(self) -> str:
        return f"Profile(answers={dict(self.answers)!r}, ignored={self.ignored!r}, open={self.open!r})"


def profile_of(kb: KnowledgeBase, given: Mapping[str, Value] | Profile) -> Profile:
    """The profile of normalized answers (a profile is returned as it is): the one place that applies
    `KnowledgeBase.effective` and `open_questions` to a project's own answers."""
    if isinstance(given, Profile):
        return given
    answers, dropped = kb.effective(given)
    return Profile(given, answers, {q: given[q] for q in dropped}, tuple(kb.open_questions(answers)))
