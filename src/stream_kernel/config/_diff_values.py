"""The value rules of a field, told apart: which values to try, and how to name a change.

Two fields' value rules (``type``, ``enum``, ``const``, bounds, lengths) differ exactly
where one accepts a value the other refuses. Such a value is always among a small set:
the values the rules themselves name, each bound and its neighbours, strings around each
length limit, and one value of each JSON type. The contract diff tries those.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any, Final

from ._compiled import compile_predicate

__all__ = ["VALUE_KEYWORDS", "ValueRules", "candidates", "label", "refusing"]

Node = Mapping[str, Any]

#: The keywords that judge a value by itself (not its keys, not its siblings).
VALUE_KEYWORDS: Final = (
    "type",
    "enum",
    "const",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
)
_BOUNDS: Final = VALUE_KEYWORDS[3:]
_SAMPLES: Final[tuple[Any, ...]] = (None, True, False, 0, 1, -1, 0.5, "", "x", [], {})


def _canon(value: object) -> str:
    return json.dumps(value, sort_keys=True, default=repr)


class ValueRules:
    """Whether subschemas' value rules accept a value, each compiled once."""

    def __init__(self) -> None:
        # Keyed by id(); the node is kept too, so that no id is reused while cached.
        self._checks: dict[int, tuple[Node, Callable[[object], bool]]] = {}

    def accept(self, nodes: list[Node], value: object) -> bool:
        for node in nodes:
            if id(node) not in self._checks:
                rules = {k: node[k] for k in VALUE_KEYWORDS if k in node}
                self._checks[id(node)] = (node, compile_predicate(rules))
            if not self._checks[id(node)][1](value):
                return False
        return True


def refusing(nodes: list[Node], value: object) -> str:
    """The first value keyword of ``nodes`` that refuses ``value``."""
    for node in nodes:
        for keyword in VALUE_KEYWORDS:
            if keyword in node and not compile_predicate({keyword: node[keyword]})(value):
                return keyword
    return "minimum"


def candidates(nodes: list[Node]) -> list[Any]:
    """The values that tell two sets of value rules apart (see the module's docstring)."""
    found: list[Any] = []
    for node in nodes:
        found.extend(node[k] for k in ("const", "default") if k in node)
        found.extend(node.get("enum", ()))
        for bound in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            value = node.get(bound)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                found.extend([value, value - 1, value + 1, value - 0.5, value + 0.5, float(value)])
        for limit in ("minLength", "maxLength"):
            if isinstance(node.get(limit), int):
                size = node[limit]
                found.extend(["x" * size, "x" * max(0, size - 1), "x" * (size + 1)])
    unique: dict[str, Any] = {}
    for value in (*found, *_SAMPLES):
        unique.setdefault(_canon(value), value)
    return list(unique.values())


def label(keyword: str, value: object, old: list[Node], new: list[Node]) -> str:
    """How a finding names what changed: the value, its type, or the bounds."""
    if keyword in ("enum", "const"):
        return repr(value) if isinstance(value, str) else _canon(value)
    if keyword == "type":
        return _type_name(value)
    changes = []
    for bound in _BOUNDS:
        was = [node[bound] for node in old if bound in node]
        now = [node[bound] for node in new if bound in node]
        if was != now:
            changes.append(f"{bound} {_tightest(bound, was)} -> {_tightest(bound, now)}")
    return ", ".join(changes)


def _tightest(bound: str, values: list[Any]) -> str:
    if not values:
        return "none"
    return str(min(values) if bound.startswith(("max", "exclusiveMax")) else max(values))


_TYPE_NAMES: Final[Mapping[type, str]] = {str: "string", list: "array", dict: "object"}


def _type_name(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "integer" if isinstance(value, int) or value.is_integer() else "number"
    return _TYPE_NAMES.get(type(value), type(value).__name__)
