"""``Record``: the immutable value type of aecalc's results and documents.

A record is what a frozen dataclass is — named, typed, read-only fields with value
equality, a hash and a readable repr — and type checkers treat it as one (PEP 681,
``dataclass_transform``). It exists because of start-up time: ``@dataclass`` writes
and compiles six methods per class, about 1.3 ms a class on this project's machine,
and every command loads a dozen or more of these classes before it prints anything.
A ``Record`` subclass shares one set of methods, so defining it costs about 0.02 ms
(bench/README.md has the measurements).

    >>> class Point(Record):
    ...     x: int
    ...     y: int = 0
    >>> Point(1)
    Point(x=1, y=0)
    >>> Point(1, 2) == Point(x=1, y=2)
    True

Fields are the class's own annotations, after those of its bases, in order; a value in
the class body is the default. ``field(default=..., compare=False)`` leaves a field out
of equality and hashing. Values are set once, in ``__init__``; assigning raises.

This module imports nothing of aecalc's: in Jupyter a record is drawn as its printout because
:mod:`aecalc.render.notebook` registers IPython formatters for this type, not because the type
knows about printouts.
"""

from __future__ import annotations

import inspect
from typing import Any, ClassVar, TypeVar, dataclass_transform

_NO_DEFAULT: Any = object()


class _Field:
    """What :func:`field` returns: a default and whether the field takes part in equality."""

    __slots__ = ("compare", "default")

    def __init__(self, default: Any, compare: bool) -> None:
        self.default = default
        self.compare = compare


def field(*, default: Any = _NO_DEFAULT, compare: bool = True) -> Any:
    """A field's options, written as its default: ``path: Path | None = field(default=None,
    compare=False)``."""
    return _Field(default, compare)


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
class Record:
    """Base class of immutable records (see the module's docstring)."""

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]] = ()
    _compared: ClassVar[tuple[str, ...]] = ()
    _defaults: ClassVar[dict[str, Any]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        annotations = inspect.get_annotations(cls)
        own = [name for name, kind in annotations.items() if not str(kind).startswith("ClassVar")]
        defaults = dict(cls._defaults)
        excluded = set(cls._fields) - set(cls._compared)
        for name in own:
            if name in cls.__dict__:
                value = cls.__dict__[name]
                if isinstance(value, _Field):
                    if not value.compare:
                        excluded.add(name)
                    value = value.default
                    if value is _NO_DEFAULT:
                        delattr(cls, name)
                    else:
                        setattr(cls, name, value)
                if value is not _NO_DEFAULT:
                    defaults[name] = value
        cls._fields = cls._fields + tuple(name for name in own if name not in cls._fields)
        cls._compared = tuple(name for name in cls._fields if name not in excluded)
        cls._defaults = defaults
        for name in cls._fields:  # __init__ writes __dict__: a property there would hide the value
            found = next((k.__dict__[name] for k in cls.__mro__ if name in k.__dict__), None)
            if hasattr(type(found), "__set__"):
                raise TypeError(f"{cls.__name__}: field {name!r} is also a property or descriptor")
        required = [name for name in cls._fields if name not in defaults]
        last_required = cls._fields.index(required[-1]) if required else 0
        for name in cls._fields[:last_required]:
            if name in defaults:
                raise TypeError(
                    f"{cls.__name__}: field {name!r} has a default but a later one has none"
                )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The values go straight into the instance's __dict__ (``__setattr__`` refuses): a record
        # is built hundreds of thousands of times in a long pass, and one update is ~40 % faster
        # than a field-by-field object.__setattr__.
        fields = self._fields
        if not kwargs and len(args) == len(fields):  # every field given in order: the common case
            self.__dict__.update(zip(fields, args, strict=True))
            return
        name = type(self).__name__
        if len(args) > len(fields):
            raise TypeError(f"{name} takes at most {len(fields)} values, got {len(args)}")
        values = dict(zip(fields, args, strict=False))
        for key, value in kwargs.items():
            if key not in fields:
                raise TypeError(f"{name} has no field {key!r}")
            if key in values:
                raise TypeError(f"{name} got {key!r} twice")
            values[key] = value
        if len(values) < len(fields):
            defaults = self._defaults
            for field_name in fields:
                if field_name not in values:
                    if field_name not in defaults:
                        raise TypeError(f"{name} needs a value for {field_name!r}")
                    values[field_name] = defaults[field_name]
        self.__dict__.update(values)

    def __replace__(self, **changes: Any) -> Any:
        """A copy with ``changes`` (``copy.replace`` in Python 3.13; :func:`replace` here)."""
        values = {name: getattr(self, name) for name in self._fields}
        for key in changes:
            if key not in values:
                raise TypeError(f"{type(self).__name__} has no field {key!r}")
        return type(self)(**{**values, **changes})

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable: cannot delete {name!r}")

    def _key(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._compared)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, Record)
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash((type(self), self._key()))

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__name__}({inner})"


R = TypeVar("R", bound=Record)


def replace(record: R, /, **changes: Any) -> R:
    """A copy of ``record`` with the fields named in ``changes`` set anew, as
    ``dataclasses.replace`` does for a dataclass.

    >>> class Point(Record):
    ...     x: int
    ...     y: int = 0
    >>> replace(Point(1, 2), y=5)
    Point(x=1, y=5)
    """
    new: R = record.__replace__(**changes)
    return new
