"""An independent copy of a YAML/JSON-shaped document, several times cheaper than deepcopy."""

from __future__ import annotations

import copy
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
    kind = type(value)
    if kind is dict or (kind is not list and isinstance(value, dict)):
        return {k: v if type(v) in _ATOMS else json_copy(v) for k, v in value.items()}
    if kind is list or isinstance(value, list):
        return [v if type(v) in _ATOMS else json_copy(v) for v in value]
    if kind in _ATOMS:
        return value
    try:
        return copy.deepcopy(value)
    except RecursionError:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure of a foreign __deepcopy__ means "not plain data"
        raise UncopyableError(type(value).__name__) from exc
