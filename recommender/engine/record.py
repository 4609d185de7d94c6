"""The named-tuple type the public result types are built with: `typing.NamedTuple` for the type checker,
this light one at run time.

`typing.NamedTuple` checks every annotation and `collections.namedtuple` compiles
a `__new__` from source for each class: about 0.1 ms a class, 0.6 ms of the warm
start for the six result types. A class here is a tuple subclass with the same
surface (`_fields`, `_field_defaults`, `_make`, `_replace`, `_asdict`, the repr,
pickling, `match`), built from its annotations without compiling anything.
"""

from __future__ import annotations

from operator import itemgetter
from typing import Any


class _RecordType(type):
    """Turns a class body's annotations into tuple fields, its assigned values into their defaults."""

    def __new__(mcs, name: str, bases: tuple[type, ...], ns: dict[str, Any]) -> _RecordType:
        if not any(isinstance(base, _RecordType) for base in bases):
            return super().__new__(mcs, name, bases, ns)  # NamedTuple itself
        fields = tuple(ns.get("__annotations__", {}))
        ns["_field_defaults"] = {f: ns.pop(f) for f in fields if f in ns}
        ns.update(__slots__=(), _fields=fields, __match_args__=fields)
        for index, field in enumerate(fields):
            ns[field] = property(itemgetter(index), doc=f"Alias for field number {index}")
        return super().__new__(mcs, name, bases, ns)


class NamedTuple(tuple[Any, ...], metaclass=_RecordType):
    """Subclass it with annotated fields, as `typing.NamedTuple`."""

    __slots__ = ()
    # Typed by their values: an annotation here would be a field of every record to typing.get_type_hints.
    _fields = tuple[str, ...]()
    _field_defaults = dict[str, Any]()

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        if len(args) == len(cls._fields) and not kwargs:  # the usual call: every field, in order
            return tuple.__new__(cls, args)
        return tuple.__new__(cls, cls._values(args, kwargs))

    @classmethod
    def _values(cls, args: tuple[Any, ...], kwargs: dict[str, Any]) -> list[Any]:
        if len(args) > len(cls._fields):
            raise TypeError(f"{cls.__name__} takes {len(cls._fields)} arguments, got {len(args)}")
        given = dict(zip(cls._fields, args, strict=False))  # the rest from kwargs or defaults
        for field, value in kwargs.items():
            if field not in cls._fields or field in given:
                raise TypeError(f"{cls.__name__} got an unexpected or repeated argument {field!r}")
            given[field] = value
        missing = [f for f in cls._fields if f not in given and f not in cls._field_defaults]
        if missing:
            raise TypeError(f"{cls.__name__} is missing {', '.join(map(repr, missing))}")
        return [given[f] if f in given else cls._field_defaults[f] for f in cls._fields]

    @classmethod
    def _make(cls, iterable: Any) -> Any:
        values = tuple(iterable)
        if len(values) != len(cls._fields):
            raise TypeError(f"expected {len(cls._fields)} arguments, got {len(values)}")
        return tuple.__new__(cls, values)

    def _replace(self, **changes: Any) -> Any:
        unknown = set(changes) - set(self._fields)
        if unknown:
            raise ValueError(f"got unexpected field names: {sorted(unknown)!r}")
        return tuple.__new__(type(self), [changes.get(f, v) for f, v in zip(self._fields, self, strict=True)])

    def _asdict(self) -> dict[str, Any]:
        return dict(zip(self._fields, self, strict=True))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{f}={v!r}' for f, v in zip(self._fields, self, strict=True))})"

    def __getnewargs__(self) -> tuple[Any, ...]:
        return tuple(self)
