"""Schema checks compiled to closures: verdicts without jsonschema's walk.

jsonschema builds a sub-validator for every ``properties`` descent (``evolve``), which
is most of the cost of validating a config. A verdict needs no error message: the
schema's rules use a handful of keywords with plain semantics
(``_schema.UNDERSTOOD_KEYWORDS``), so they compile to closures here. Two users:

- the validator's first step, :func:`surely_valid`: the whole contract schema compiled
  once. It may only ever say "valid" when jsonschema would: anything it cannot compile,
  and any exception while checking, sends the document through jsonschema, which also
  produces the diagnostics of an invalid one;
- the defaults post-pass, whose ``if`` conditions (which branch's defaults apply) are
  compiled by :func:`compile_predicate`, with jsonschema's ``is_valid`` for a condition
  that cannot be compiled.

>>> holds = compile_predicate({"properties": {"mode": {"const": "generated"}}})
>>> holds({"mode": "generated"}), holds({"mode": "static"}), holds("not a mapping")
(True, False, True)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

from ._schema import (
    ANNOTATIONS,
    UNDERSTOOD_KEYWORDS,
    compile_validator,
    contract_schema,
    is_real_number,
    type_names,
)

__all__ = ["UncompilableError", "compile_check", "compile_predicate", "surely_valid"]

Check = Callable[[object], bool]


def _is_integer(v: object) -> bool:
    if isinstance(v, bool):
        return False
    return isinstance(v, int) or (isinstance(v, float) and v.is_integer())


# The contract's type checker (_schema's contract validator class): draft-07's, with real
# numbers only (is_real_number).
_TYPES: Mapping[str, Check] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "null": lambda v: v is None,
    "boolean": lambda v: isinstance(v, bool),
    "integer": _is_integer,
    "number": is_real_number,
}


class UncompilableError(Exception):
    """The schema uses a keyword, or a keyword value, that this module does not compile."""


def _compile(schema: Mapping[str, Any] | bool) -> Check:  # noqa: PLR0912 - one branch a keyword
    # Every keyword of a subschema applies, each as its own check: they are ANDed, never
    # one read in place of another (a `const` beside an `enum` must satisfy both).
    if isinstance(schema, bool):  # draft-07's boolean subschemas: everything, or nothing
        return (lambda _: True) if schema else (lambda _: False)
    if not isinstance(schema, Mapping):
        raise UncompilableError(type(schema).__name__)
    unknown = set(schema) - ANNOTATIONS - UNDERSTOOD_KEYWORDS
    if unknown:
        raise UncompilableError(sorted(unknown))
    checks: list[Check] = []
    if "type" in schema:
        wanted = type_names(schema["type"])
        if not all(isinstance(t, str) and t in _TYPES for t in wanted):
            raise UncompilableError("a type name draft-07 does not define")
        kinds = tuple(_TYPES[t] for t in wanted)
        if len(kinds) == 1:
            checks.append(kinds[0])
        else:
            checks.append(lambda v: any(k(v) for k in kinds))
    if "const" in schema:
        checks.append(_one_of((schema["const"],)))
    if "enum" in schema:
        checks.append(_one_of(tuple(schema["enum"])))
    if "minimum" in schema:
        low = schema["minimum"]
        checks.append(lambda v: not is_real_number(v) or not v < low)
    if "maximum" in schema:
        high = schema["maximum"]
        checks.append(lambda v: not is_real_number(v) or not v > high)
    if "minLength" in schema:
        shortest = schema["minLength"]
        checks.append(lambda v: not isinstance(v, str) or len(v) >= shortest)
    if "required" in schema:
        names = tuple(schema["required"])
        checks.append(lambda v: not isinstance(v, dict) or all(n in v for n in names))
    properties: Mapping[str, Any] = schema.get("properties", {})
    if not isinstance(properties, Mapping):
        raise UncompilableError("properties that are not a mapping")
    if properties:
        subs = tuple((n, _compile(s)) for n, s in properties.items())
        checks.append(lambda v: not isinstance(v, dict) or _properties_hold(v, subs))
    if "additionalProperties" in schema:
        if schema["additionalProperties"] is not False:
            raise UncompilableError("additionalProperties other than false")
        known = frozenset(properties)
        checks.append(lambda v: not isinstance(v, dict) or all(k in known for k in v))
    if "if" in schema:
        condition = _compile(schema["if"])
        then = _compile(schema["then"]) if "then" in schema else None
        otherwise = _compile(schema["else"]) if "else" in schema else None

        def branch(v: object) -> bool:
            chosen = then if condition(v) else otherwise
            return chosen is None or chosen(v)

        checks.append(branch)
    return _all_of(tuple(checks))


def _one_of(allowed: tuple[object, ...]) -> Check:
    if not all(isinstance(a, str) for a in allowed):
        raise UncompilableError("a non-string enum or const")
    # jsonschema compares with == whenever one side is a string, as these all are.
    return lambda v: any(v == a for a in allowed)


def _properties_hold(mapping: dict[Any, Any], subs: tuple[tuple[str, Check], ...]) -> bool:
    for name, holds in subs:  # noqa: SIM110 - a loop beats all(<genexpr>) on this hot path
        if name in mapping and not holds(mapping[name]):
            return False
    return True


def _all_of(checks: tuple[Check, ...]) -> Check:
    if not checks:
        return lambda _: True
    if len(checks) == 1:
        return checks[0]

    def every(value: object) -> bool:
        for check in checks:  # noqa: SIM110 - a loop beats all(<genexpr>) on this hot path
            if not check(value):
                return False
        return True

    return every


def compile_check(schema: Mapping[str, Any]) -> Check:
    """A check equal to jsonschema's ``is_valid`` for ``schema``; raises UncompilableError."""
    return _compile(schema)


def compile_predicate(schema: Mapping[str, Any]) -> Check:
    """``compile_check(schema)``, or jsonschema's own ``is_valid`` for what it cannot compile."""
    try:
        return compile_check(schema)
    except UncompilableError:
        return compile_validator(schema).is_valid


@cache
def _contract_check() -> Check | None:
    try:
        return _compile(contract_schema())
    except UncompilableError:
        return None


def surely_valid(document: object) -> bool:
    """True only if the contract schema certainly accepts ``document`` (jsonschema agrees)."""
    check = _contract_check()
    if check is None:
        return False
    try:
        return check(document)
    except Exception:  # noqa: BLE001 - a value that cannot be compared goes to jsonschema
        return False
