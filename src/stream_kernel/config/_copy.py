"""An independent copy of a YAML/JSON-shaped document, several times cheaper than deepcopy."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

__all__ = ["UncopyableError", "json_copy"]

# Immutable leaves that YAML and JSON produce; they are shared, never copied.
_ATOMS = frozenset({str, int, float, bool, type(None)})


class UncopyableError(Exception):
    """A value in the document is not plain data and cannot be copied."""


def json_copy(value: Any) -> Any:  # noqa: ANN401 - documents are arbitrary YAML data
    """Copy dicts and lists recursively; share immutable scalars.

    Dict and list subclasses become plain dicts and lists (the normalized document
    is plain data). Anything else (a date from YAML, a set, a caller's own object)
    goes through ``copy.deepcopy``. A self-referencing or absurdly deep document
    raises ``RecursionError``; a value deepcopy cannot handle raises
    ``UncopyableError``.
    """
    copier = _COPIERS.get(type(value))
    if copier is not None:
        return copier(value)
    if type(value) in _ATOMS:
        return value
    if isinstance(value, dict):
        return _copy_dict(value)
    if isinstance(value, list):
        return _copy_list(value)
    try:
        return copy.deepcopy(value)
    except RecursionError:
        raise
    except Exception as exc:  # any failure of a foreign __deepcopy__ means "not plain data"
        raise UncopyableError(type(value).__name__) from exc


# A shallow copy in C, then a Python pass that replaces only the container values:
# in a config most values are scalars, so this beats a comprehension over every item.
def _copy_dict(source: dict[Any, Any]) -> dict[Any, Any]:
    new = dict(source)
    for key, item in new.items():
        if type(item) not in _ATOMS:
            new[key] = json_copy(item)
    return new


def _copy_list(source: list[Any]) -> list[Any]:
    new = list(source)
    for index, item in enumerate(new):
        if type(item) not in _ATOMS:
            new[index] = json_copy(item)
    return new


_COPIERS: dict[type, Callable[[Any], Any]] = {dict: _copy_dict, list: _copy_list}
