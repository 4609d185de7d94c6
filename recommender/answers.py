"""Answers checked against the questions and normalized, whichever way they came (flags, a file, a
batch line, the API), once: `checked` turns them into the checked profile every later step reads.
Reading an answers file is `answers_file`'s.

Normalized answers map a question id to an option id (one-choice) or a tuple of
option ids in the questions' option order (many-choice). Unanswered questions
are absent.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from recommender.errors import AnswersError
from recommender.knowledge.conditions import Value, did_you_mean
from recommender.knowledge.model import KnowledgeBase, flag_name
from recommender.knowledge.profile import Profile, profile_of
from recommender.knowledge.scalars import Typed

if TYPE_CHECKING:  # the records are types only: building TypedDicts costs the warm start
    from recommender.knowledge.records import QuestionSpec

Locate = Callable[[str], str]

QUOTE_LIMIT = 60  # characters of a key or value quoted in a message: a message must stay one short line


def clipped(text: str) -> str:
    """`text`, cut to QUOTE_LIMIT characters with an ellipsis: keys and values are quoted from untrusted input."""
    return text if len(text) <= QUOTE_LIMIT else text[:QUOTE_LIMIT] + "…"


def flag_locator(question: str) -> str:
    """Where a bad flag answer is reported: the flag itself."""
    return flag_name(question)


def checked(kb: KnowledgeBase, raw: Mapping[str, Any], locate: Locate = flag_locator) -> Profile:
    """Raw answers checked and normalized (`normalize`), as the profile the engine and renderers read."""
    return profile_of(kb, normalize(kb, raw, locate))


def normalize(kb: KnowledgeBase, raw: Mapping[str, Any], locate: Locate = flag_locator) -> dict[str, Value]:
    """Checked answers in question order; AnswersError names the place of the first bad one."""
    for question in raw:
        if question not in kb.questions:
            hint = did_you_mean(str(question), list(kb.questions))
            raise AnswersError(f"{locate(str(question))}: unknown question {clipped(str(question))!r}{hint}")
    out: dict[str, Value] = {}
    for question, spec in kb.questions.items():
        value = raw.get(question)
        if value is None:
            continue
        # The usual answer, a known name or list of names, is looked up; anything else is checked in full.
        seen = kb.answer_memo[question]
        # A list and a tuple of the same names share a key: both are checked as the same sequence.
        key = tuple(value) if type(value) is list else value
        try:
            found = seen.get(key)
        except TypeError:  # an unhashable item: checked below
            found = None
        if found is None:
            found = _checked(kb, spec, value, locate)
            if type(value) in (str, list, tuple) and len(seen) < MAX_REMEMBERED:
                seen[key] = found
        out[question] = found
    return out


# Distinct raw answers remembered per question: the options' names and their usual
# combinations fit; a stream of odd spellings cannot grow the memory without end.
MAX_REMEMBERED = 4096


def not_an_option(spec: QuestionSpec, names: dict[str, str], text: str) -> str:
    """What is wrong with an unknown option name, for files and flags alike: the choices and a close match."""
    choices = ", ".join(o["id"] for o in spec["options"])
    return f"{clipped(text)!r} is not one of {choices}{did_you_mean(text.lower(), list(names))}"


def _checked(kb: KnowledgeBase, spec: QuestionSpec, value: Any, locate: Locate) -> Value:
    question = spec["id"]
    names = kb.option_names[question]
    if spec["kind"] == "one":
        return _one(spec, names, value, locate)
    return _many(spec, names, value, locate, kb.options[question])


def _one(spec: QuestionSpec, names: dict[str, str], value: Any, locate: Locate) -> str:
    if isinstance(value, (list, tuple)):
        raise AnswersError(f"{locate(spec['id'])}: takes one value, got a list")
    return _option(spec, names, value, locate)


def _many(spec: QuestionSpec, names: dict[str, str], value: Any, locate: Locate,
          ids: tuple[str, ...]) -> tuple[str, ...]:
    if isinstance(value, str):
        # An empty part ("", "text,", ",,") is refused, as the flag refuses it: it is a slip, not "no option".
        value = [v.strip() for v in value.split(",")]
    elif not isinstance(value, (list, tuple)):  # a tuple too: a Result's own answers come back as tuples
        value = [value]
    chosen = {_option(spec, names, item, locate) for item in value}
    _check_exclusive(spec, chosen, locate)
    return tuple(o for o in ids if o in chosen)


def _check_exclusive(spec: QuestionSpec, chosen: set[str], locate: Locate) -> None:
    """An option marked `exclusive` (deploy's `none`) is chosen alone: with another it contradicts itself."""
    if len(chosen) < 2:
        return
    for option in spec["options"]:
        if option.get("exclusive") and option["id"] in chosen:
            others = ", ".join(o["id"] for o in spec["options"] if o["id"] in chosen and o["id"] != option["id"])
            raise AnswersError(f"{locate(spec['id'])}: {option['id']!r} excludes the other options "
                               f"(here {others}); give it alone")


def option_id(names: dict[str, str], text: str) -> str | None:
    """The option `text` names (an id or an alias), its case ignored, for flags, files, batch lines and the
    API alike: `Research` is `research` (ids and aliases are lower case); None for no option."""
    found = names.get(text)
    return found if found is not None else names.get(text.lower())


def _option(spec: QuestionSpec, names: dict[str, str], value: Any, locate: Locate) -> str:
    text = value.raw if isinstance(value, Typed) else value
    if isinstance(text, str) and (found := option_id(names, text)) is not None:
        return found
    if isinstance(text, str):
        raise AnswersError(f"{locate(spec['id'])}: {not_an_option(spec, names, text)}")
    choices = ", ".join(o["id"] for o in spec["options"])
    import json  # only this message needs it: the warm path with flags never imports json

    shown = json.dumps(value) if isinstance(value, (bool, int, float)) else type(value).__name__
    raise AnswersError(f"{locate(spec['id'])}: expected one of {choices}, found {shown}; write the option as text")
