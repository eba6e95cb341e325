"""Mutations for ``invalid_configs``: the coded rules of a schema, and a valid config
broken by one of them.

The schema is walked for every rule that carries a code (inside ``then`` branches and
map entries too); a mutation makes the rule's conditions hold, then breaks the rule with
a value, a key or a missing field that it refuses.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Final

from hypothesis import strategies as st

from ._contracts import Contract
from ._document import ANY_KEY
from ._messages import kind
from ._schema import CODE_KEYWORD, resolve_ref
from ._secrets import exposure_of, under_secret_block
from ._strategy_space import (
    Path,
    Schema,
    Space,
    any_keys,
    candidates,
    check_keywords,
    json_data,
    types_of,
)
from ._strategy_values import map_keys, satisfying
from .diagnostics import HiddenKey, dotted

__all__ = ["Mutation", "Target", "mutate", "mutation_targets"]

#: A broken config, with the code and dotted path the validator must report, and the
#: schema keyword broken: the fields of the public ``Mutant``.
Mutation = tuple[Any, str, str, str]

# A rule inside a `then` or an `else`: where its `if` applies, the `if`, and whether it
# must hold (then) or not (else) for the rule to apply.
_Context = tuple[Path, Schema, bool]


@dataclass(frozen=True)
class Target:
    """One rule of the schema that a mutation can break, and where."""

    at: Path  # the instance path of the subschema holding the rule (ANY_KEY: a map entry)
    keyword: str
    value: Any  # the keyword's value in the schema, e.g. the minimum
    schema: Schema
    code: str
    contexts: tuple[_Context, ...]  # outermost first
    # The keys each ANY_KEY in `at` may take (a map's propertyNames), in order.
    names: tuple[st.SearchStrategy[str], ...] = ()
    on_key: bool = False  # a rule on a map's keys (propertyNames): `at` is the map


def _walk(
    schema: Schema,
    at: Path,
    contexts: tuple[_Context, ...],
    names: tuple[st.SearchStrategy[str], ...],
    space: Space,
) -> Iterator[Target]:
    if "$ref" in schema:
        where, target = resolve_ref(space.root, schema["$ref"])
        if where in space.following:
            raise NotImplementedError(f"a schema that refers to itself at {dotted(at)}")
        inner = Space(space.contract, space.profile, (*space.following, where))
        yield from _walk(target, at, contexts, names, inner)
        return
    check_keywords(schema, at)
    for keyword, code in schema.get(CODE_KEYWORD, {}).items():
        yield Target(at, keyword, schema[keyword], schema, code, contexts, names)
    for name, sub in schema.get("properties", {}).items():
        yield from _walk(sub, (*at, name), contexts, names, space)
    others = schema.get("additionalProperties")
    keys = space.resolved(schema.get("propertyNames", {}))
    if isinstance(others, Mapping):
        entry_names = (*names, map_keys(keys, at, space))
        yield from _walk(others, (*at, ANY_KEY), contexts, entry_names, space)
    for keyword, code in keys.get(CODE_KEYWORD, {}).items():
        yield Target(at, keyword, keys[keyword], keys, code, contexts, names, on_key=True)
    for item in schema.get("allOf", ()):
        yield from _walk(item, at, contexts, names, space)
    if "then" in schema:
        yield from _walk(schema["then"], at, (*contexts, (at, schema["if"], True)), names, space)
    if "else" in schema:
        yield from _walk(schema["else"], at, (*contexts, (at, schema["if"], False)), names, space)
    for keyword in ("if", "anyOf", "not"):
        inside = schema.get(keyword)
        parts = inside if isinstance(inside, list) else [inside] if inside else []
        if any(CODE_KEYWORD in str(part) for part in parts):
            raise NotImplementedError(f"a coded rule in {keyword} at {dotted(at)}: teach _walk")


def _value_level(target: Target, where: Path) -> bool:
    # A condition on the value the mutation replaces (a reserved transport), rather than
    # on the block around the rule.
    return where == target.at and not target.on_key and target.keyword not in _IN_BLOCK


_IN_BLOCK: Final = frozenset({"additionalProperties", "required"})


@cache
def mutation_targets(contract: Contract) -> tuple[Target, ...]:
    found = list(_walk(contract.schema(), (), (), (), Space(contract, None)))
    plain = {(t.at, t.keyword, t.code, t.on_key) for t in found if not t.contexts}
    kept = []
    for target in found:
        if target.contexts and (target.at, target.keyword, target.code, target.on_key) in plain:
            # The same rule with the same code already applies everywhere (a bootstrap
            # that is not a mapping, in the branches of the bootstrap default).
            continue
        for where, _, wanted in target.contexts:
            if not wanted and not _value_level(target, where):
                raise NotImplementedError(
                    f"a coded rule in an else at {dotted(target.at)}: teach mutate"
                )
        kept.append(target)
    return tuple(kept)


_KINDS: Final[Mapping[str, st.SearchStrategy[Any]]] = {
    "null": st.none(),
    "boolean": st.booleans(),
    "integer": st.integers(),
    "number": st.floats(allow_nan=False, allow_infinity=False).filter(lambda f: not f.is_integer()),
    "string": st.text(max_size=12),
    "array": st.lists(json_data(max_leaves=4), max_size=3),
    "object": st.dictionaries(any_keys(), json_data(max_leaves=4), max_size=3),
}


def _wrong_type(declared: frozenset[str]) -> st.SearchStrategy[Any]:
    # JSON Schema's "number" includes its "integer"; an integral float is an integer.
    covered = declared | ({"integer"} if "number" in declared else set())
    return st.one_of([s for kind, s in _KINDS.items() if kind not in covered])


def _not_in(allowed: list[Any]) -> st.SearchStrategy[Any]:
    near = st.sampled_from(allowed).flatmap(
        lambda v: (
            st.sampled_from([v.upper(), v.title(), f" {v}", f"{v}_"])
            if isinstance(v, str)
            else st.nothing()
        )
    )
    return (near | json_data(max_leaves=4)).filter(lambda v: v not in allowed)


def _bad_values(target: Target) -> st.SearchStrategy[Any]:  # noqa: PLR0911 - one a keyword
    keyword, value = target.keyword, target.value
    if keyword == "type":
        return _wrong_type(types_of(target.schema))
    if keyword == "enum":
        return _not_in(list(value))
    if keyword == "const":
        return _not_in([value])
    if keyword == "minimum":
        below = st.integers(max_value=value - 1)
        return below | st.just(value - 1) | st.just(float(value - 1))
    if keyword == "exclusiveMinimum":
        floats = st.floats(max_value=value, allow_nan=False, allow_infinity=False)
        return st.just(value) | st.integers(max_value=int(value // 1)) | floats
    if keyword == "maximum":
        return st.integers(min_value=value + 1) | st.just(value + 1)
    if keyword == "minLength":
        return st.text(max_size=value - 1)
    raise NotImplementedError(f"no value breaks {keyword!r} at {dotted(target.at)}")


def _bad_keys(target: Target) -> st.SearchStrategy[Any]:
    """Keys a map's ``propertyNames`` refuses: what YAML may read as a key."""
    if target.keyword == "type":
        declared = types_of(target.schema)
        keys = {
            "string": st.text(max_size=12),
            "integer": st.integers(),
            "boolean": st.booleans(),
            "null": st.none(),
            "number": st.floats(allow_nan=False, allow_infinity=False),
        }
        covered = declared | ({"integer"} if "number" in declared else set())
        return st.one_of([s for kind, s in keys.items() if kind not in covered])
    return _bad_values(target)


def _condition_met(
    bad: st.SearchStrategy[Any], condition: Schema, wanted: bool, space: Space
) -> st.SearchStrategy[Any]:
    """Bad values for a rule that applies when ``condition`` (on the value) holds, or when
    it does not: the reserved transports are refused by one code, other values by another."""
    holds = space.check(condition)
    if wanted:
        named = candidates({"then": condition})
        bad = (st.sampled_from(named) | bad) if named else bad
    return bad.filter(lambda v: holds(v) == wanted)


def _block_at(document: dict[str, Any], at: Path) -> dict[str, Any]:
    """The mapping at ``at``, created where absent or empty: an empty block is valid."""
    node = document
    for name in at:
        child = node.get(name)
        if not isinstance(child, dict):
            child = node[name] = {}
        node = child
    return node


def _concrete(draw: st.DrawFn, target: Target) -> dict[Path, Path]:
    """A key for each map entry on the target's path: schema path -> document path."""
    keys = iter(target.names)
    parts: list[str] = []
    found: dict[Path, Path] = {(): ()}
    for index, part in enumerate(target.at):
        parts.append(draw(next(keys)) if part == ANY_KEY else part)
        found[target.at[: index + 1]] = tuple(parts)
    return found


def mutate(draw: st.DrawFn, config: dict[str, Any], target: Target, space: Space) -> Mutation:
    """``config`` (left untouched) broken by ``target``, with what the validator must report."""
    document = copy.deepcopy(config)
    concrete = _concrete(draw, target)
    at = concrete[target.at]
    conditions: list[tuple[Schema, bool]] = []
    for schema_at, condition, wanted in target.contexts:
        if _value_level(target, schema_at):
            conditions.append((condition, wanted))
            continue
        # A rule of a `then` only applies where its `if` holds: make it hold first.
        where = concrete[schema_at]
        made = satisfying(draw, _block_at(document, where), condition, where, space)
        if where:
            _block_at(document, where[:-1])[where[-1]] = made
        else:
            document = made
    keyword = target.keyword
    if target.on_key:
        key = draw(_bad_keys(target))
        # An entry left empty: the key alone is what is wrong.
        _block_at(document, at)[key] = None
        path = reported_path(document, (*at, key), space.contract, about_the_key=True)
        return (document, target.code, path, f"propertyNames.{keyword}")
    if keyword == "additionalProperties":
        block = _block_at(document, at)
        known = target.schema.get("properties", {})
        key = draw(any_keys().filter(lambda k: k not in known))
        block[key] = draw(json_data(max_leaves=4))
        path = reported_path(document, (*at, key), space.contract, about_the_key=True)
        return (document, target.code, path, keyword)
    if keyword == "required":
        block = _block_at(document, at)
        name = draw(st.sampled_from(target.value))
        block.pop(name, None)
        return (
            document,
            target.code,
            reported_path(document, (*at, name), space.contract),
            keyword,
        )
    bad_values = _bad_values(target)
    for condition, wanted in conditions:
        bad_values = _condition_met(bad_values, condition, wanted, space)
    bad = draw(bad_values)
    if not at:
        return (bad, target.code, "", keyword)
    _block_at(document, at[:-1])[at[-1]] = bad
    return (document, target.code, reported_path(document, at, space.contract), keyword)


def reported_path(
    document: object, parts: Path, contract: Contract, *, about_the_key: bool = False
) -> str:
    """``parts`` dotted as the validator reports them. A key written under the secret's
    block (the last part, when the finding is about that key) is never shown: its path
    names its kind. So is a key that is the very object written under a secret's block: CPython
    shares one-character strings, so a drawn key can be the secret itself by chance."""
    written = exposure_of(document, contract).written_under_a_secret
    shown: list[object] = []
    node = document
    for at, part in enumerate(parts):
        the_key = about_the_key and at == len(parts) - 1
        hidden = written(part) or (the_key and under_secret_block(parts, contract))
        if hidden and isinstance(node, dict) and part in node:
            shown.append(HiddenKey(kind(part), list(node).index(part)))
        else:
            shown.append(part)
        node = node.get(part) if isinstance(node, dict) else None
    return dotted(tuple(shown))
