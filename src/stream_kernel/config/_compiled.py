"""Schema checks compiled to closures: verdicts without jsonschema's walk.

jsonschema builds a sub-validator for every ``properties`` descent (``evolve``), which
is most of the cost of validating a config. A verdict needs no error message: the
contracts' rules use a handful of keywords with plain semantics
(``_schema.UNDERSTOOD_KEYWORDS``), so they compile to closures here. Two users:

- the validator's first step, :func:`surely_valid`: a contract's whole schema compiled
  once. It may only ever say "valid" when jsonschema would: anything it cannot compile,
  and any exception while checking, sends the document through jsonschema, which also
  produces the diagnostics of an invalid one;
- the defaults post-pass, whose ``if`` conditions (which branch's defaults apply) are
  compiled by :func:`compile_predicate`, with jsonschema's ``is_valid`` for a condition
  that cannot be compiled.

Every keyword of a subschema applies, each as jsonschema applies it (a ``const`` beside
an ``enum`` must hold as well as the ``enum``), except beside ``$ref``, which replaces
its siblings in draft-07. A ``$ref`` points into the same schema (``root``).

>>> holds = compile_predicate({"properties": {"mode": {"const": "generated"}}})
>>> holds({"mode": "generated"}), holds({"mode": "static"}), holds("not a mapping")
(True, False, True)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

from ._contracts import Contract
from ._schema import (
    ANNOTATIONS,
    UNDERSTOOD_KEYWORDS,
    UnresolvableRefError,
    is_real_number,
    number_type,
    resolve_ref,
    subschema_validator,
    type_names,
)

__all__ = ["UncompilableError", "compile_check", "compile_predicate", "surely_valid"]

Check = Callable[[object], bool]


def _is_integer(v: object) -> bool:
    if isinstance(v, bool):
        return False
    return isinstance(v, int) or (isinstance(v, float) and v.is_integer())


def _types(is_number: Check) -> Mapping[str, Check]:
    # The contract's type checker (_schema's validator classes): draft-07's, with real
    # numbers only (is_real_number), or finite ones only for a contract that says so.
    return {
        "object": lambda v: isinstance(v, dict),
        "array": lambda v: isinstance(v, list),
        "string": lambda v: isinstance(v, str),
        "null": lambda v: v is None,
        "boolean": lambda v: isinstance(v, bool),
        "integer": _is_integer,
        "number": is_number,
    }


class UncompilableError(Exception):
    """The schema uses a keyword, or a keyword value, that this module does not compile."""


def _always(_: object) -> bool:
    return True


def _never(_: object) -> bool:
    return False


class _Compiler:
    """Compiles the subschemas of one schema (``root``), each ``$ref`` target once."""

    def __init__(self, root: Mapping[str, Any], *, finite: bool) -> None:
        self.root = root
        self.is_number = number_type(finite=finite)
        self.types = _types(self.is_number)
        self.refs: dict[tuple[str, ...], Check] = {}
        self.pending: set[tuple[str, ...]] = set()

    def compile(self, schema: object) -> Check:
        # Draft-07 allows true and false as schemas.
        if schema is True:
            return _always
        if schema is False:
            return _never
        if not isinstance(schema, Mapping):
            raise UncompilableError("a schema that is not a mapping")
        if "$ref" in schema:
            return self._ref(schema["$ref"])
        unknown = set(schema) - ANNOTATIONS - UNDERSTOOD_KEYWORDS
        if unknown:
            raise UncompilableError(sorted(unknown))
        if "$id" in schema and schema is not self.root:
            raise UncompilableError("an $id inside the schema (a base URI of its own)")
        return _all_of((*self._values(schema), *self._objects(schema), *self._logic(schema)))

    def _ref(self, ref: object) -> Check:
        if not isinstance(ref, str):
            raise UncompilableError("a $ref that is not a string")
        try:
            where, target = resolve_ref(self.root, ref)
        except UnresolvableRefError as exc:
            raise UncompilableError(str(exc)) from None
        done = self.refs.get(where)
        if done is not None:
            return done
        if where in self.pending:
            # A schema that refers to itself: look the compiled target up when called.
            refs = self.refs
            return lambda v: refs[where](v)  # noqa: PLW0108 - not compiled yet: looked up later
        self.pending.add(where)
        check = self.compile(target)
        self.pending.discard(where)
        self.refs[where] = check
        return check

    def _values(self, schema: Mapping[str, Any]) -> list[Check]:
        """The keywords about a value itself: type, constants, ranges, lengths."""
        checks: list[Check] = []
        if "type" in schema:
            kinds = tuple(self.types[t] for t in type_names(schema["type"]))
            if len(kinds) == 1:
                checks.append(kinds[0])
            else:
                checks.append(lambda v: any(k(v) for k in kinds))
        if "const" in schema:
            checks.append(_one_of_strings([schema["const"]]))
        if "enum" in schema:
            checks.append(_one_of_strings(list(schema["enum"])))
        is_number = self.is_number
        if "minimum" in schema:
            low = _limit(schema["minimum"])
            checks.append(lambda v: not is_number(v) or not v < low)  # type: ignore[operator]
        if "exclusiveMinimum" in schema:
            above = _limit(schema["exclusiveMinimum"])
            checks.append(lambda v: not is_number(v) or not v <= above)  # type: ignore[operator]
        if "maximum" in schema:
            high = _limit(schema["maximum"])
            checks.append(lambda v: not is_number(v) or not v > high)  # type: ignore[operator]
        if "minLength" in schema:
            shortest = schema["minLength"]
            checks.append(lambda v: not isinstance(v, str) or len(v) >= shortest)
        if "minItems" in schema:
            fewest = schema["minItems"]
            checks.append(lambda v: not isinstance(v, list) or len(v) >= fewest)
        return checks

    def _objects(self, schema: Mapping[str, Any]) -> list[Check]:
        """The keywords about a mapping's keys and entries."""
        checks: list[Check] = []
        if "required" in schema:
            names = tuple(schema["required"])
            checks.append(lambda v: not isinstance(v, dict) or all(n in v for n in names))
        properties: Mapping[str, Any] = schema.get("properties", {})
        if properties:
            subs = tuple((n, self.compile(s)) for n, s in properties.items())
            checks.append(lambda v: not isinstance(v, dict) or _properties_hold(v, subs))
        others = schema.get("additionalProperties", True)
        if others is not True:
            known = frozenset(properties)
            if others is False:
                checks.append(lambda v: not isinstance(v, dict) or all(k in known for k in v))
            else:
                entry = self.compile(others)
                checks.append(lambda v: not isinstance(v, dict) or _others_hold(v, known, entry))
        if "propertyNames" in schema:
            key = self.compile(schema["propertyNames"])
            checks.append(lambda v: not isinstance(v, dict) or all(key(k) for k in v))
        return checks

    def _logic(self, schema: Mapping[str, Any]) -> list[Check]:
        """The keywords that combine subschemas: allOf, anyOf, not, if/then/else."""
        checks: list[Check] = [self.compile(s) for s in schema.get("allOf", ())]
        if "anyOf" in schema:
            options = tuple(self.compile(s) for s in schema["anyOf"])
            checks.append(lambda v: any(o(v) for o in options))
        if "not" in schema:
            negated = self.compile(schema["not"])
            checks.append(lambda v: not negated(v))
        if "if" in schema:
            condition = self.compile(schema["if"])
            then = self.compile(schema["then"]) if "then" in schema else None
            otherwise = self.compile(schema["else"]) if "else" in schema else None

            def branch(v: object) -> bool:
                chosen = then if condition(v) else otherwise
                return chosen is None or chosen(v)

            checks.append(branch)
        return checks


def _limit(value: object) -> object:
    if not is_real_number(value):
        raise UncompilableError("a range keyword whose value is not a number")
    return value


def _one_of_strings(allowed: list[object]) -> Check:
    if not all(isinstance(a, str) for a in allowed):
        raise UncompilableError("a non-string enum or const")
    # jsonschema compares with == whenever one side is a string, as these all are.
    options = tuple(allowed)
    return lambda v: any(v == a for a in options)


def _properties_hold(mapping: dict[Any, Any], subs: tuple[tuple[str, Check], ...]) -> bool:
    for name, holds in subs:  # noqa: SIM110 - a loop beats all(<genexpr>) on this hot path
        if name in mapping and not holds(mapping[name]):
            return False
    return True


def _others_hold(mapping: dict[Any, Any], known: frozenset[str], holds: Check) -> bool:
    for key, value in mapping.items():  # noqa: SIM110 - as _properties_hold
        if key not in known and not holds(value):
            return False
    return True


def _all_of(checks: tuple[Check, ...]) -> Check:
    if not checks:
        return _always
    if len(checks) == 1:
        return checks[0]

    def every(value: object) -> bool:
        for check in checks:  # noqa: SIM110 - a loop beats all(<genexpr>) on this hot path
            if not check(value):
                return False
        return True

    return every


def compile_check(
    schema: Mapping[str, Any], *, root: Mapping[str, Any] | None = None, finite: bool = False
) -> Check:
    """A check equal to jsonschema's ``is_valid`` for ``schema``, a part of ``root`` (itself
    by default), with the ``number`` type of a contract (``finite``).

    :raises UncompilableError: ``schema`` uses what this module does not compile.
    """
    return _Compiler(schema if root is None else root, finite=finite).compile(schema)


def compile_predicate(
    schema: Mapping[str, Any], *, root: Mapping[str, Any] | None = None, finite: bool = False
) -> Check:
    """``compile_check(schema)``, or jsonschema's own ``is_valid`` for what it cannot compile."""
    whole = schema if root is None else root
    try:
        return compile_check(schema, root=whole, finite=finite)
    except UncompilableError:
        return subschema_validator(whole, schema, finite=finite).is_valid


@cache
def _contract_check(contract: Contract) -> Check | None:
    try:
        return compile_check(contract.schema(), finite=contract.finite_numbers)
    except UncompilableError:
        return None


def surely_valid(document: object, contract: Contract) -> bool:
    """True only if ``contract``'s schema certainly accepts ``document`` (jsonschema agrees)."""
    check = _contract_check(contract)
    if check is None:
        return False
    try:
        return check(document)
    except Exception:  # noqa: BLE001 - a value that cannot be compared goes to jsonschema
        return False
