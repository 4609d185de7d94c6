"""The terminal side of `ask` without a terminal: what does not need a pty."""

from __future__ import annotations

import sys
import weakref

from recommender.ask.prompts import _noting_interrupts


class _Thing:
    pass


def _drop_with_callback(error: BaseException) -> None:
    """A weakref callback that raises while an object goes away: Python cannot raise it, so it is unraisable."""

    def callback(ref: object) -> None:
        raise error

    thing = _Thing()
    ref = weakref.ref(thing, callback)
    del thing
    assert ref() is None


def test_a_ctrl_c_python_would_drop_is_kept_for_the_next_prompt() -> None:
    """Between prompts Ctrl-C is a SIGINT; its KeyboardInterrupt can land in a garbage-collector callback,
    where Python printed "Exception ignored" and the session went on. It is kept instead."""
    missed: list[KeyboardInterrupt] = []
    others: list[object] = []
    previous = sys.unraisablehook
    sys.unraisablehook = _noting_interrupts(others.append, missed)
    try:
        _drop_with_callback(KeyboardInterrupt())
        _drop_with_callback(ValueError("other"))
    finally:
        sys.unraisablehook = previous
    assert len(missed) == 1
    assert len(others) == 1  # anything else goes to the previous hook as before
