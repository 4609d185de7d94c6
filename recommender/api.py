"""The Python API: the same knowledge base, answers checking and engine the CLI uses.

>>> from recommender import recommend
>>> result = recommend({"goal": "research", "data": ["text"]})
>>> result.winner in result.scores
True
>>> [cid for cid, _ in result.ranking] == sorted(result.scores, key=lambda c: (-result.scores[c], c))
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from recommender.answers import checked, normalize
from recommender.engine.recommend import recommend as run_engine
from recommender.engine.requirements import shown
from recommender.engine.result import Result
from recommender.engine.scoring import rank, scores_of
from recommender.engine.settled.memo import LIMIT, Memo
from recommender.errors import UsageError
from recommender.knowledge.load import load_knowledge_base
from recommender.knowledge.model import KnowledgeBase
from recommender.knowledge.profile import Profile
from recommender.render import FORMATS, RenderOptions

_SHIPPED: KnowledgeBase | None = None
# One settled memo per knowledge base, shared by every call: a script calls many times (bounded tables).
_MEMOS: WeakKeyDictionary[KnowledgeBase, Memo] = WeakKeyDictionary()


def shipped_knowledge_base() -> KnowledgeBase:
    """The shipped rule pack alone, loaded once per process (the API never reads RECOMMENDER_RULES)."""
    global _SHIPPED
    if _SHIPPED is None:
        _SHIPPED = load_knowledge_base()
    return _SHIPPED


def recommend(
    answers: Mapping[str, Any] | Profile | None = None,
    /,
    *,
    kb: KnowledgeBase | None = None,
    rules: Iterable[str | Path] = (),
    what_if: bool = True,
    shared: bool = True,
    **more: Any,
) -> Result:
    """Recommend from raw answers, checked and normalized as the CLI does.

    `answers` maps a question id to an option id (one-choice) or to a list or
    tuple of option ids or a comma-separated string (many-choice), so a
    `Result`'s own `answers` can be given back; keyword arguments add
    to it. A `Profile` (from `check`) is used as it is. `kb` is a knowledge
    base from `load_knowledge_base`; without one, `rules` folders are layered
    over the shipped pack (loaded for this call), and with neither the shipped
    pack is used. `what_if=False` skips the what-if search, the costly part.
    The calls share one settled memo per knowledge base (`memo_of`), which pays
    off over many calls; `shared=False` checks without it, cheaper for a
    single call (the command line's). Raises `AnswersError` (a `UsageError`)
    naming the question of the first bad answer.

    >>> from recommender import recommend
    >>> r = recommend(goal="production", deploy="mobile,browser", what_if=False)
    >>> r.answers["deploy"]
    ('mobile', 'browser')
    >>> r.what_if
    ()
    >>> recommend({"goal": "reserch"})
    Traceback (most recent call last):
    ...
    recommender.errors.AnswersError: --goal: 'reserch' is not one of ...
    """
    if kb is None:
        kb = load_knowledge_base(rules) if rules else shipped_knowledge_base()
    profile = answers if isinstance(answers, Profile) and not more else check(answers, kb=kb, **more)
    return run_engine(kb, profile, what_if=what_if, memo=memo_of(kb) if shared else None)


def memo_of(kb: KnowledgeBase) -> Memo:
    """The settled memo the API's calls share for `kb`: the witness's completions and the fire tables are
    worked out once, not once per call (the verdicts are those of a one-shot check)."""
    found = _MEMOS.get(kb)
    if found is None:
        found = _MEMOS[kb] = Memo(witness=True, limit=LIMIT)
    return found


def check(answers: Mapping[str, Any] | Profile | None = None, /, *, kb: KnowledgeBase | None = None,
          **more: Any) -> Profile:
    """Raw answers checked once, as the engine reads them: the answers that count, those ignored (their
    question would not be asked) and the open questions. Raises `AnswersError` as `recommend` does.

    >>> from recommender import check
    >>> p = check(goal="research", production_scale="large")
    >>> p.ignored
    {'production_scale': 'large'}
    >>> "production_scale" in p.open
    False
    """
    kb = kb or shipped_knowledge_base()
    if isinstance(answers, Profile):
        answers = answers.given
    return checked(kb, {**(answers or {}), **more})


def score(answers: Mapping[str, Any] | None = None, /, *, kb: KnowledgeBase | None = None,
          **more: Any) -> tuple[tuple[str, int], ...]:
    """The ranking alone, for raw answers checked as `recommend` checks them: fast enough for
    scoring many profiles (no reasons, no confidence, no what-if).

    Each pair is a candidate id and its score, highest first, ties by id: the
    same as `recommend(...).ranking`.

    >>> from recommender import score
    >>> ranking = score(goal="research", data=["text"])
    >>> ranking == recommend(goal="research", data=["text"], what_if=False).ranking
    True
    """
    if kb is None:
        kb = shipped_knowledge_base()
    raw = {**answers, **more} if answers and more else answers or more
    # Ordered by the full scores, shown in points: a candidate set aside by a requirement comes last.
    return shown(kb, tuple(rank(scores_of(kb, normalize(kb, raw)))))


def format_result(result: Result, fmt: str = "json", *, kb: KnowledgeBase | None = None, lang: str = "en",
                  options: RenderOptions | None = None) -> str:
    """A result as the CLI prints it with `--format fmt` (text, json, env, snippet, …).

    `kb` must be the knowledge base that produced `result` (default: the shipped pack). `options`
    (language, `--explain`, the width to fold text to) replaces `lang` when given. `snippet` is the
    starter's minimal example alone; a result without one (a tie) raises `NoSnippet` (a
    `RecommenderError`).

    >>> from recommender import recommend, format_result
    >>> line = format_result(recommend(goal="research"), "env").splitlines()[0]
    >>> line.startswith("RECOMMENDER_FRAMEWORK=")
    True
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    return FORMATS[fmt](kb or shipped_knowledge_base(), result, options or RenderOptions(lang))
