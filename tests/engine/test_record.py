"""The result types behave as typing.NamedTuple classes do: scripts unpack, compare, pickle and _replace them."""

from __future__ import annotations

import copy
import pickle
import typing

import pytest

from recommender.engine import record, result
from recommender.engine.result import Change, Confidence, Decision, Reason, Result, WhatIf


class Light(record.NamedTuple):
    name: str
    margin: int
    why: str = ""
    seen: tuple[str, ...] = ()

    @property
    def shout(self) -> str:
        return self.name.upper()


class Stock(typing.NamedTuple):
    name: str
    margin: int
    why: str = ""
    seen: tuple[str, ...] = ()


CALLS = [(("a", 1), {}), (("a", 1, "tie", ("x",)), {}), (("a",), {"margin": 2}), ((), {"name": "a", "margin": 3,
                                                                                     "seen": ("y",)})]


@pytest.mark.parametrize(("args", "kwargs"), CALLS)
def test_a_light_record_is_the_tuple_typing_namedtuple_builds(args, kwargs):
    light, stock = Light(*args, **kwargs), Stock(*args, **kwargs)
    assert isinstance(light, tuple) and tuple(light) == tuple(stock) and light == stock and hash(light) == hash(stock)
    assert repr(light) == repr(stock).replace("Stock", "Light")
    assert light._asdict() == stock._asdict()
    assert light._replace(why="x") == stock._replace(why="x")
    assert Light._make(stock) == light
    name, margin, *_ = light
    assert (name, margin) == (light.name, light.margin) == (light[0], light[1])


def test_a_light_record_has_the_fields_defaults_and_methods_of_its_class_body():
    assert Light._fields == Stock._fields == Light.__match_args__
    assert Light._field_defaults == Stock._field_defaults
    assert Light("b", 0).shout == "B"
    assert typing.get_type_hints(Light) == typing.get_type_hints(Stock)
    with pytest.raises(AttributeError):
        Light("a", 1).name = "b"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        Light("a", 1).other = 1  # type: ignore[attr-defined]


@pytest.mark.parametrize(("args", "kwargs"), [((), {}), (("a",), {}), (("a", 1, "", (), 5), {}),
                                              (("a", 1), {"name": "b"}), (("a", 1), {"other": 2})])
def test_wrong_arguments_are_refused_as_typing_namedtuple_refuses_them(args, kwargs):
    with pytest.raises(TypeError):
        Stock(*args, **kwargs)
    with pytest.raises(TypeError):
        Light(*args, **kwargs)


def test_replace_refuses_a_field_the_record_does_not_have():
    with pytest.raises(ValueError):
        Light("a", 1)._replace(other=2)
    with pytest.raises(TypeError):
        Light._make(("a",))


def test_a_light_record_matches_by_position_and_by_name():
    match Light("a", 1):
        case Light(name, margin=1):
            assert name == "a"
        case _:
            pytest.fail("no match")


def sample() -> Result:
    reason = Reason("r1", "pytorch", 3, {"goal": "research"}, {"en": "x"}, "§6", "advice")
    confidence = Confidence("medium", 3, False, "open", 2)
    change = Change("goal", None, "production")
    decision = Decision("framework", (("pytorch", 3), ("tensorflow", 0)), ("pytorch",), confidence)
    what_if = WhatIf((change,), "framework", ("tensorflow",), 1)
    return Result("pytorch", None, decision.ranking, confidence, (reason,), (), (), (what_if,), ("data",),
                  {"goal": "research"}, ("torch",), (decision,))


def test_the_result_types_survive_pickle_and_copy_as_they_are():
    found = sample()
    assert pickle.loads(pickle.dumps(found)) == found
    assert copy.deepcopy(found) == found
    assert type(pickle.loads(pickle.dumps(found)).what_if[0]) is WhatIf


def test_the_result_types_keep_their_defaults_properties_and_methods():
    found = sample()
    assert found.ignored == {} and found.variants == () and found.default_backend is None
    assert found.what_if[0].winner == "tensorflow" and found.decision("framework").winner == "pytorch"
    assert found.scores == {"pytorch": 3, "tensorflow": 0}
    assert Confidence("low", 0, True)._asdict() == {"level": "low", "margin": 0, "settled": True, "why": "",
                                                    "open": 0}
    assert result.Result._fields[:3] == ("winner", "backend", "ranking")
