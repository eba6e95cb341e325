"""Hypothesis strategies for stream_kernel runtime configs (contract v1), for your own tests.

Install with the ``strategies`` extra (Hypothesis is not a runtime dependency)::

    pip install 'stream-kernel-config[strategies]'

- :func:`valid_configs` draws configs the validator accepts, across the whole v1 space:
  the memory profile, ``tcp_local`` with inline bootstrap, and ``process_supervisor``;
  each contract field omitted or explicit, empty (null) blocks, integral floats where
  the contract takes integers, and unowned sections around them holding arbitrary
  JSON-like data.
- :func:`invalid_configs` draws :class:`Mutant` values: a valid config broken by one
  targeted change, labelled with the code and path the validator must report.

Everything is read from the bundled schema: enum values, ranges, which keys a block
allows, the conditional rule, and the code of each rule. A keyword the schema starts to
use that these strategies do not understand makes them fail loudly when built, rather
than quietly draw configs of the wrong kind.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Final, Literal

try:
    from hypothesis import strategies as st
except ImportError as exc:
    raise ImportError(
        "stream_kernel.config.strategies needs Hypothesis, which is an optional dependency;"
        " install it with: pip install 'stream-kernel-config[strategies]'"
    ) from exc

from ._contracts import Contract, ContractChoice, resolve_contract
from ._schema import (
    ANNOTATIONS,
    BRANCHES,
    CODE_KEYWORD,
    UNDERSTOOD_KEYWORDS,
    compile_validator,
    rules_view,
    type_names,
)
from .diagnostics import dotted

__all__ = ["PROFILES", "Mutant", "Profile", "invalid_configs", "json_values", "valid_configs"]

#: ``memory``: no ``execution_ipc`` block (absent or empty), so bootstrap is inline.
#: ``tcp_local``: an ``execution_ipc`` block, and a bootstrap mode other than
#: ``process_supervisor``. ``process_supervisor``: an ``execution_ipc`` block and the
#: supervisor bootstrap mode.
Profile = Literal["memory", "tcp_local", "process_supervisor"]
PROFILES: Final[tuple[Profile, ...]] = ("memory", "tcp_local", "process_supervisor")

_Path = tuple[str, ...]
_Schema = Mapping[str, Any]

# Where the profile is decided: the memory profile is the absence of this block
# (docs/decisions.md). A test holds the schema to having it.
_IPC: Final[_Path] = ("runtime", "platform", "execution_ipc")

# Every keyword the strategies know how to satisfy and to break: the annotations, which
# change no verdict, and the keywords the compiled check also understands. Anything else
# in the schema raises NotImplementedError when a strategy is built.
_UNDERSTOOD: Final = ANNOTATIONS | UNDERSTOOD_KEYWORDS

# JSON integers a float holds exactly: an integral float beyond these is not the same number.
_EXACT_FLOAT: Final = 2**53


@dataclass(frozen=True)
class Mutant:
    """A config that breaks exactly one rule, with what the validator must report for it.

    ``code`` must be among the codes of the ``ConfigError``'s diagnostics, at ``path``
    (dotted, ``""`` for the document root). Other diagnostics may come with it: a
    transport other than ``tcp_local`` under ``process_supervisor`` breaks the transport
    enum and the supervisor rule at once. ``rule`` names the schema keyword broken,
    for reading a failure.
    """

    config: Any
    code: str
    path: str
    rule: str


def json_values(*, max_leaves: int = 8) -> st.SearchStrategy[Any]:
    """Arbitrary JSON-like data: what a YAML file's other sections may hold."""
    scalars = (
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats(allow_nan=False, allow_infinity=False)
        | st.text(max_size=12)
    )
    return st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys(), inner, max_size=4),
        max_leaves=max_leaves,
    )


def _keys() -> st.SearchStrategy[str]:
    return st.text(max_size=12)


def _check_keywords(schema: _Schema, at: _Path) -> None:
    unknown = set(schema) - _UNDERSTOOD
    if unknown:
        raise NotImplementedError(
            f"the schema at {dotted(at) or '(root)'} uses {sorted(unknown)}:"
            " stream_kernel.config.strategies must learn to generate for it"
        )


def _types(schema: _Schema) -> frozenset[str]:
    return frozenset(type_names(schema.get("type", ())))


# --- valid configs ---------------------------------------------------------------------

_Presence = Literal["free", "present", "absent"]


def _presence(at: _Path, profile: Profile | None) -> _Presence:
    if profile is None:
        return "free"
    if profile == "memory":
        return "absent" if at == _IPC else "free"
    return "present" if _IPC[: len(at)] == at else "free"


def _integers(schema: _Schema) -> st.SearchStrategy[Any]:
    low: int = schema.get("minimum", -_EXACT_FLOAT)
    high: int = schema.get("maximum", _EXACT_FLOAT)
    # The edges, where off-by-one rules break; then anything in range; then the same
    # numbers as integral floats (8080.0 is an integer to JSON Schema).
    edges = st.sampled_from([low, high])
    exact = st.integers(max(low, -_EXACT_FLOAT), min(high, _EXACT_FLOAT)).map(float)
    return edges | st.integers(low, high) | exact


def _valid_value(schema: _Schema, at: _Path, profile: Profile | None) -> st.SearchStrategy[Any]:
    _check_keywords(schema, at)
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    if "const" in schema:
        return st.just(schema["const"])
    types = _types(schema)
    if "object" in types:
        block = _valid_block(schema, at, profile)
        # An empty (null) block means the same as an absent one.
        may_be_null = "null" in types and _presence(at, profile) != "present"
        return block | st.none() if may_be_null else block
    if types == {"integer"}:
        return _integers(schema)
    if types == {"string"}:
        return st.text(min_size=schema.get("minLength", 0), max_size=24)
    raise NotImplementedError(f"no strategy for the value at {dotted(at)}: {sorted(types)}")


def _valid_block(schema: _Schema, at: _Path, profile: Profile | None) -> st.SearchStrategy[Any]:
    properties: Mapping[str, _Schema] = schema.get("properties", {})
    required: dict[str, st.SearchStrategy[Any]] = {}
    optional: dict[str, st.SearchStrategy[Any]] = {}
    for name, sub in properties.items():
        where = (*at, name)
        rule = _presence(where, profile)
        if rule == "present":
            required[name] = _valid_value(sub, where, profile)
        elif rule == "absent":
            optional[name] = st.none()
        else:
            optional[name] = _valid_value(sub, where, profile)
    block: st.SearchStrategy[Any] = st.fixed_dictionaries(required, optional=optional)
    if schema.get("additionalProperties", True) is not False:
        # Sections this contract does not own: anything goes, untouched by the validator.
        extras = st.dictionaries(
            _keys().filter(lambda k: k not in properties), json_values(), max_size=3
        )
        block = st.tuples(extras, block).map(lambda pair: {**pair[0], **pair[1]})
    if "if" in schema:
        block = _conditional(block, schema, at, profile)
    return block


def _conditional(
    block: st.SearchStrategy[Any], schema: _Schema, at: _Path, profile: Profile | None
) -> st.SearchStrategy[Any]:
    condition = compile_validator(rules_view(schema["if"]))
    branches = {k: schema[k] for k in BRANCHES if k in schema}
    rule = compile_validator(rules_view(branches))
    if at == _IPC[:-1] and profile == "process_supervisor":
        # This profile is the one where the condition holds: make it hold.
        block = block.map(lambda value: _satisfying(value, schema["if"], at, condition.is_valid))
    elif at == _IPC[:-1] and profile == "tcp_local":
        block = block.filter(lambda value: not condition.is_valid(value))
    # The cross-field rule (process_supervisor requires tcp_local) is the schema's own
    # verdict: only the few drawn blocks that break it are dropped.
    return block.filter(rule.is_valid)


def _satisfying(
    value: dict[str, Any], condition: _Schema, at: _Path, holds: Callable[[object], bool]
) -> dict[str, Any]:
    made = _satisfy(value, condition)
    if not holds(made):
        raise NotImplementedError(
            f"cannot make the condition at {dotted(at)} hold: teach _satisfy its keywords"
        )
    return made


def _satisfy(value: dict[str, Any], condition: _Schema) -> dict[str, Any]:
    """``value`` changed as little as possible so that ``condition`` (an ``if``) holds."""
    made = dict(value)
    required = condition.get("required", ())
    for name, sub in condition.get("properties", {}).items():
        if name not in made and name not in required:
            continue
        if "const" in sub:
            made[name] = sub["const"]
        elif "properties" in sub or "required" in sub:
            child = made.get(name)
            made[name] = _satisfy(child if isinstance(child, dict) else {}, sub)
    return made


def valid_configs(
    profile: Profile | None = None, *, contract: ContractChoice = "v1"
) -> st.SearchStrategy[dict[str, Any]]:
    """Configs that ``validate_newgen_config`` accepts.

    ``profile`` narrows them to one of :data:`PROFILES`; by default each is drawn. The
    configs are raw (not normalized): defaults are mostly left out, sometimes written
    out, blocks are sometimes empty (null), integers are sometimes integral floats.

    :raises ValueError: ``profile`` is not one of :data:`PROFILES`, or ``contract``
        names no contract.
    :raises NotImplementedError: the schema uses a keyword these strategies cannot
        generate for yet.
    """
    chosen = resolve_contract(contract)
    if profile is not None and profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}; choose from {', '.join(PROFILES)}")
    return _valid_configs(chosen, profile)


@cache
def _valid_configs(
    contract: Contract, profile: Profile | None
) -> st.SearchStrategy[dict[str, Any]]:
    if profile is None:
        return st.one_of([_valid_configs(contract, p) for p in PROFILES])
    schema = contract.schema()
    _check_keywords(schema, ())
    return _valid_block(schema, (), profile)


# --- invalid configs -------------------------------------------------------------------


@dataclass(frozen=True)
class _Target:
    """One rule of the schema that a mutation can break, and where."""

    at: _Path  # the instance path of the subschema holding the rule
    keyword: str
    value: Any  # the keyword's value in the schema, e.g. the minimum
    schema: _Schema
    code: str
    # For a rule inside a `then`: where the governing `if` applies, and the `if` itself.
    context: tuple[_Path, _Schema] | None


def _walk(schema: _Schema, at: _Path, context: tuple[_Path, _Schema] | None) -> Iterator[_Target]:
    _check_keywords(schema, at)
    for keyword, code in schema.get(CODE_KEYWORD, {}).items():
        yield _Target(at, keyword, schema[keyword], schema, code, context)
    for name, sub in schema.get("properties", {}).items():
        yield from _walk(sub, (*at, name), context)
    if "then" in schema:
        yield from _walk(schema["then"], at, (at, schema["if"]))
    if CODE_KEYWORD in schema.get("else", {}) or CODE_KEYWORD in schema.get("if", {}):
        raise NotImplementedError(f"a coded rule in an if/else at {dotted(at)}: teach _walk")


@cache
def _targets(contract: Contract) -> tuple[_Target, ...]:
    return tuple(_walk(contract.schema(), (), None))


_KINDS: Final[Mapping[str, st.SearchStrategy[Any]]] = {
    "null": st.none(),
    "boolean": st.booleans(),
    "integer": st.integers(),
    "number": st.floats(allow_nan=False, allow_infinity=False).filter(lambda f: not f.is_integer()),
    "string": st.text(max_size=12),
    "array": st.lists(json_values(max_leaves=4), max_size=3),
    "object": st.dictionaries(_keys(), json_values(max_leaves=4), max_size=3),
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
    return (near | json_values(max_leaves=4)).filter(lambda v: v not in allowed)


def _bad_values(target: _Target) -> st.SearchStrategy[Any]:
    keyword, value = target.keyword, target.value
    if keyword == "type":
        return _wrong_type(_types(target.schema))
    if keyword == "enum":
        return _not_in(list(value))
    if keyword == "const":
        return _not_in([value])
    if keyword == "minimum":
        below = st.integers(max_value=value - 1)
        return below | st.just(value - 1) | st.just(float(value - 1))
    if keyword == "maximum":
        return st.integers(min_value=value + 1) | st.just(value + 1)
    if keyword == "minLength":
        return st.text(max_size=value - 1)
    raise NotImplementedError(f"no value breaks {keyword!r} at {dotted(target.at)}")


def _block_at(document: dict[str, Any], at: _Path) -> dict[str, Any]:
    """The mapping at ``at``, created where absent or empty: an empty block is valid."""
    node = document
    for name in at:
        child = node.get(name)
        if not isinstance(child, dict):
            child = node[name] = {}
        node = child
    return node


@st.composite
def _mutant(draw: st.DrawFn, config: dict[str, Any], target: _Target) -> Mutant:
    document = copy.deepcopy(config)
    if target.context is not None:
        # A rule of a `then` only applies where its `if` holds: make it hold first.
        where, condition = target.context
        parent = _block_at(document, where[:-1]) if where else document
        made = _satisfy(_block_at(document, where), condition)
        if where:
            parent[where[-1]] = made
        else:
            document = made
    at, keyword = target.at, target.keyword
    if keyword == "additionalProperties":
        block = _block_at(document, at)
        known = target.schema.get("properties", {})
        key = draw(_keys().filter(lambda k: k not in known))
        block[key] = draw(json_values(max_leaves=4))
        return Mutant(document, target.code, dotted((*at, key)), keyword)
    if keyword == "required":
        block = _block_at(document, at)
        name = draw(st.sampled_from(target.value))
        block.pop(name, None)
        return Mutant(document, target.code, dotted((*at, name)), keyword)
    bad = draw(_bad_values(target))
    if not at:
        return Mutant(bad, target.code, "", keyword)
    _block_at(document, at[:-1])[at[-1]] = bad
    return Mutant(document, target.code, dotted(at), keyword)


@cache
def _invalid(
    contract: Contract, profile: Profile | None, codes: frozenset[str] | None
) -> st.SearchStrategy[Mutant]:
    targets = [t for t in _targets(contract) if codes is None or t.code in codes]
    if not targets:
        raise ValueError(f"no rule of the schema raises any of {sorted(codes or ())}")
    # The rule first: each draws from the same space of valid configs.
    return st.sampled_from(targets).flatmap(
        lambda target: valid_configs(profile, contract=contract).flatmap(
            lambda config: _mutant(config, target)
        )
    )


def invalid_configs(
    profile: Profile | None = None,
    *,
    codes: Collection[str] | None = None,
    contract: ContractChoice = "v1",
) -> st.SearchStrategy[Mutant]:
    """Valid configs (of ``profile``) each broken by one targeted mutation: :class:`Mutant`.

    Every rule of the schema that carries a code is a target: a wrong type, a value
    outside an enum or a range, an empty secret, an unknown key, and the supervisor
    rule (``process_supervisor`` without an ``execution_ipc`` block, with a non-mapping
    one, or with another transport). ``codes`` keeps only the rules raising those codes.

    :raises ValueError: no rule of the schema raises any of ``codes``, or ``contract``
        names no contract.
    :raises NotImplementedError: the schema uses a keyword these strategies cannot
        break yet.
    """
    chosen = resolve_contract(contract)
    return _invalid(chosen, profile, None if codes is None else frozenset(codes))
