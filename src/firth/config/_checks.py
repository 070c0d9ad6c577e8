"""Validation shared by the configuration dataclasses.

Every check raises :class:`~firth.errors.ConfigError` with one uniform message: the
option (``Owner.name``), the rule it broke and the value received.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any, TypeVar

from firth.errors import ConfigError

__all__ = ["ConfigMixin", "check_bool", "check_choice", "check_float", "check_int", "fail"]

_C = TypeVar("_C", bound="ConfigMixin")


def fail(owner: object, name: str, rule: str, value: object) -> ConfigError:
    """The error for option ``name`` of ``owner`` (a config instance) breaking ``rule``."""
    return ConfigError(f"{type(owner).__name__}.{name} must be {rule}; got {value!r}.")


def check_int(
    owner: object, name: str, minimum: int, *, maximum: int | None = None, optional: bool = False
) -> None:
    """Option ``name`` must be an int (not a bool) in ``[minimum, maximum]`` (or ``None``)."""
    value = getattr(owner, name)
    if optional and value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise fail(owner, name, f"an integer >= {minimum}", value)
    if maximum is not None and value > maximum:
        raise fail(owner, name, f"an integer <= {maximum}", value)


def check_float(
    owner: object, name: str, low: float, high: float, *, low_open: bool = False
) -> None:
    """Option ``name`` must be a finite real number in ``[low, high]`` (or ``(low, high]``)."""
    value = getattr(owner, name)
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    if ok:
        ok = (value > low if low_open else value >= low) and value <= high
    if not ok:
        bracket = "(" if low_open else "["
        raise fail(owner, name, f"a finite number in {bracket}{low}, {high}]", value)


def check_choice(owner: object, name: str, choices: tuple[str, ...]) -> None:
    """Option ``name`` must be one of ``choices``."""
    value = getattr(owner, name)
    if value not in choices:
        raise fail(owner, name, "one of " + ", ".join(repr(c) for c in choices), value)


def check_bool(owner: object, *names: str) -> None:
    """Each option in ``names`` must be ``True`` or ``False`` (not 0/1)."""
    for name in names:
        if not isinstance(getattr(owner, name), bool):
            raise fail(owner, name, "True or False", getattr(owner, name))


class ConfigMixin:
    """``to_dict`` / ``from_dict`` for a frozen config dataclass."""

    def to_dict(self) -> dict[str, Any]:
        """The options as a JSON-ready dictionary (inverse of :meth:`from_dict`)."""
        assert dataclasses.is_dataclass(self)
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls: type[_C], data: dict[str, Any]) -> _C:
        """Build a config from :meth:`to_dict` output, rejecting unknown keys."""
        assert dataclasses.is_dataclass(cls)
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ConfigError(
                f"unknown {cls.__name__} option(s) {unknown}; valid options are {sorted(known)}."
            )
        return cls(**data)
