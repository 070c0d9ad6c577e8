"""Validation of query parameters, with uniform messages (name, rule, value received)."""

from __future__ import annotations

import math
import operator
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from firth.errors import ConfigError


def check_positive_int(name: str, value: object) -> int:
    """``value`` as an int if it is an integer >= 1 (bools are refused)."""
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool) and value >= 1:
        return operator.index(value)
    raise ConfigError(f"{name} must be an integer >= 1; got {value!r}.")


def check_k(k: object) -> int:
    """The number of answers asked for: an integer >= 1."""
    return check_positive_int("k", k)


def check_optional_positive_int(name: str, value: object) -> int | None:
    """``None``, or an integer >= 1."""
    if value is None:
        return None
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool) and value >= 1:
        return operator.index(value)
    raise ConfigError(f"{name} must be an integer >= 1 or None; got {value!r}.")


def check_seed(seed: object) -> int:
    """A random seed: an integer >= 0."""
    if isinstance(seed, (int, np.integer)) and not isinstance(seed, bool) and seed >= 0:
        return operator.index(seed)
    raise ConfigError(f"seed must be an integer >= 0; got {seed!r}.")


def check_restrict(restrict: object, size: int) -> int:
    """How many leading rows a search covers (``None``: all ``size`` rows)."""
    value = check_optional_positive_int("restrict", restrict)
    return size if value is None else min(value, size)


def check_choice(name: str, value: object, choices: Sequence[str]) -> str:
    """``value`` if it is one of ``choices``."""
    if isinstance(value, str) and value in choices:
        return value
    allowed = ", ".join(repr(c) for c in choices)
    raise ConfigError(f"{name} must be one of {allowed}; got {value!r}.")


def check_positive_float(name: str, value: object) -> float:
    """``value`` as a float if it is a finite real number > 0."""
    if (
        isinstance(value, (int, float, np.integer, np.floating))
        and not isinstance(value, bool)
        and math.isfinite(value)
        and value > 0
    ):
        return float(value)
    raise ConfigError(f"{name} must be a finite number > 0; got {value!r}.")


def check_words(words: Iterable[str], name: str = "words") -> list[str]:
    """``words`` as a list; a single ``str`` is refused (it would be read letter by letter)."""
    if isinstance(words, str):
        raise TypeError(
            f"{name} must be a sequence of words, not a single str; got {words!r} "
            f"(write [{words!r}] for one word)."
        )
    return list(words)


def as_real_array(value: object, name: str) -> npt.NDArray[Any]:
    """``value`` as a NumPy array of real numbers (no copy when it already is one)."""
    array = np.asarray(value)
    if array.dtype.kind not in "fiu":
        raise ConfigError(f"{name} must hold real numbers; got dtype {array.dtype}.")
    return array


def as_vector(value: object, dim: int, name: str = "query") -> npt.NDArray[np.float32]:
    """A finite 1-D vector of length ``dim``, as float32."""
    array = as_real_array(value, name)
    if array.shape != (dim,):
        raise ConfigError(
            f"{name} must be a 1-D vector of length {dim} (the embedding dim); "
            f"got shape {array.shape}."
        )
    if not np.isfinite(array).all():
        raise ConfigError(f"{name} must be finite; got a vector holding NaN or infinity.")
    return array.astype(np.float32)


def as_matrix(value: object, dim: int, name: str = "queries") -> npt.NDArray[np.float32]:
    """A finite 2-D array with ``dim`` columns, as float32."""
    array = as_real_array(value, name)
    if array.ndim != 2 or array.shape[1] != dim:
        raise ConfigError(
            f"{name} must be a 2-D array of shape (n, {dim}) (one row per query); "
            f"got shape {array.shape}."
        )
    finite = np.isfinite(array).all(axis=1)
    if not finite.all():
        row = int(np.argmin(finite))
        raise ConfigError(f"{name} must be finite; row {row} holds NaN or infinity.")
    return np.ascontiguousarray(array, dtype=np.float32)


def unit_rows(array: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """``array`` (1-D or 2-D) scaled in place to unit length per row; zero rows stay zero."""
    norms = np.linalg.norm(array, axis=-1, keepdims=True)
    np.divide(array, norms, out=array, where=norms > 0)
    return array
