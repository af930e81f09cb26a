"""``Record``: immutable values with the behaviour of a frozen dataclass."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aecalc.record import Record, field


class Point(Record):
    x: int
    y: int = 0


class Labelled(Point):
    label: str = ""


class Located(Record):
    name: str
    path: Path | None = field(default=None, compare=False)


@dataclasses.dataclass(frozen=True)
class PointDC:
    x: int
    y: int = 0


@given(st.integers(), st.integers())
def test_behaves_like_a_frozen_dataclass(x: int, y: int) -> None:
    record, twin = Point(x, y), PointDC(x, y)
    assert (record.x, record.y) == (twin.x, twin.y)
    assert record == Point(x=x, y=y)
    assert hash(record) == hash(Point(y=y, x=x))
    assert repr(record) == repr(twin).replace("PointDC", "Point")
    assert (record == Point(x, y + 1)) is False


def test_defaults_order_and_inheritance() -> None:
    assert Point(3) == Point(3, 0)
    assert Labelled._fields == ("x", "y", "label")
    assert Labelled(1, 2, "a").label == "a"
    assert Labelled(1) != Point(1)  # a different type is never equal


def test_immutable() -> None:
    point = Point(1)
    with pytest.raises(AttributeError, match="immutable"):
        point.x = 2  # type: ignore[misc]
    with pytest.raises(AttributeError, match="immutable"):
        del point.x  # type: ignore[misc]


def test_field_outside_equality() -> None:
    assert Located("Q2", Path("a.toml")) == Located("Q2", Path("b.toml"))
    assert hash(Located("Q2", Path("a"))) == hash(Located("Q2"))
    assert Located("Q2").path is None


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (Point, "needs a value for 'x'"),
        (lambda: Point(1, 2, 3), "takes at most 2 values, got 3"),  # type: ignore[call-arg]
        (lambda: Point(1, x=2), "got 'x' twice"),  # type: ignore[misc]
        (lambda: Point(1, z=2), "has no field 'z'"),  # type: ignore[call-arg]
    ],
)
def test_construction_errors(make: object, message: str) -> None:
    with pytest.raises(TypeError, match=message):
        make()  # type: ignore[operator]


def test_a_default_before_a_required_field_is_refused() -> None:
    with pytest.raises(TypeError, match="has a default but a later one has none"):

        class Bad(Record):
            a: int = 0
            b: int


def test_a_field_hidden_by_a_property_is_refused() -> None:
    # __init__ writes the instance's __dict__; a property of a field's name would hide the value
    # (and make two different records equal)
    class Base(Record):
        x: int
        y: int

    with pytest.raises(TypeError, match="field 'x' is also a property"):

        class Shadowed(Base):
            @property
            def x(self) -> int:  # type: ignore[override]
                return 1

    with pytest.raises(TypeError, match="field 'y' is also a property"):

        class Declared(Record):
            y: int
            y = property(lambda self: 0)  # type: ignore[assignment]  # noqa: PIE794


def test_replace_changes_the_named_fields_and_keeps_the_others() -> None:
    from aecalc.record import replace

    class Box(Record):
        a: int
        b: str = "x"
        c: tuple[int, ...] = ()

    box = Box(1, "y", (2,))
    assert replace(box, b="z") == Box(1, "z", (2,))
    assert box == Box(1, "y", (2,))  # the original is untouched
    with pytest.raises(TypeError, match="no field 'd'"):
        replace(box, d=3)
