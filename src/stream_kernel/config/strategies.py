"""Hypothesis strategies for stream_kernel runtime configs, for your own tests.

Install with the ``strategies`` extra (Hypothesis is not a runtime dependency)::

    pip install 'stream-kernel-config[strategies]'

- :func:`valid_configs` draws configs the validator accepts, across the whole space of a
  contract (``contract="v1"``, the default, or ``"v2"``): the memory profile, an
  execution IPC block with inline bootstrap, and ``process_supervisor`` (v2 adds
  ``ipc_local`` and the supervisor implied by process groups: :func:`profiles`); each
  contract field omitted or explicit, defaults sometimes written out, empty (null)
  blocks, integral floats where the contract takes integers, and unowned sections
  around them holding arbitrary JSON-like data.
- :func:`invalid_configs` draws :class:`Mutant` values: a valid config broken by one
  targeted change, labelled with the code and path the validator must report.

Everything is read from the contract's schema: enum values, ranges, which keys a block
allows, the conditional rules, defaults taken from a sibling, and the code of each rule.
A keyword the schema starts to use that these strategies do not understand makes them
fail loudly when built, rather than quietly draw configs of the wrong kind.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Final, Literal

try:
    from hypothesis import strategies as st
except ImportError as exc:
    raise ImportError(
        "stream_kernel.config.strategies needs Hypothesis, which is an optional dependency;"
        " install it with: pip install 'stream-kernel-config[strategies]'"
    ) from exc

from ._compiled import compile_predicate
from ._contracts import Contract, ContractChoice, resolve_contract
from ._document import ANY_KEY, value_at
from ._schema import (
    ANNOTATIONS,
    BRANCHES,
    CODE_KEYWORD,
    DEFAULT_FROM_KEYWORD,
    UNDERSTOOD_KEYWORDS,
    resolve_ref,
    type_names,
)
from .diagnostics import dotted

__all__ = [
    "PROFILES",
    "Mutant",
    "Profile",
    "invalid_configs",
    "json_values",
    "profiles",
    "valid_configs",
]

#: ``memory``: no ``execution_ipc`` block (absent or empty), so bootstrap is inline.
#: ``tcp_local``: an ``execution_ipc`` block whose transport is ``tcp_local`` (written
#: or defaulted), and a bootstrap mode other than ``process_supervisor``.
#: ``process_supervisor``: an ``execution_ipc`` block and the supervisor bootstrap mode,
#: written. Contract v2 only: ``ipc_local``, as ``tcp_local`` with the ``ipc_local``
#: transport; ``process_groups``, non-empty process groups and no bootstrap mode
#: written, so the mode defaults to ``process_supervisor``.
Profile = Literal["memory", "tcp_local", "ipc_local", "process_supervisor", "process_groups"]

#: The profiles of contract v1 (the default contract).
PROFILES: Final[tuple[Profile, ...]] = ("memory", "tcp_local", "process_supervisor")

_PROFILES: Final[Mapping[str, tuple[Profile, ...]]] = {
    "v1": PROFILES,
    "v2": ("memory", "tcp_local", "ipc_local", "process_supervisor", "process_groups"),
}

_Path = tuple[str, ...]
_Schema = Mapping[str, Any]

# Where the profile is decided: the memory profile is the absence of this block
# (docs/decisions.md); the transport profiles are its transport; the supervisor profiles
# make the platform's condition that requires it hold, with or without a written mode.
# A test holds the schemas to having them.
_PLATFORM: Final[_Path] = ("runtime", "platform")
_IPC: Final[_Path] = (*_PLATFORM, "execution_ipc")
_MODE: Final[_Path] = ("bootstrap", "mode")
_TRANSPORTS: Final[frozenset[str]] = frozenset({"tcp_local", "ipc_local"})
_SUPERVISED: Final[frozenset[str]] = frozenset({"process_supervisor", "process_groups"})

# Every keyword the strategies know how to satisfy and to break: the annotations, which
# change no verdict, and the keywords the compiled check also understands. Anything else
# in the schema raises NotImplementedError when a strategy is built.
_UNDERSTOOD: Final = ANNOTATIONS | UNDERSTOOD_KEYWORDS

# JSON integers a float holds exactly: an integral float beyond these is not the same number.
_EXACT_FLOAT: Final = 2**53

# How many branches of an anyOf are tried to make a condition hold the profile's way.
_ATTEMPTS: Final = 4


def profiles(contract: ContractChoice = "v1") -> tuple[Profile, ...]:
    """The profiles :func:`valid_configs` knows for ``contract`` (v1's are :data:`PROFILES`).

    :raises ValueError: ``contract`` names no contract.
    """
    return _PROFILES.get(resolve_contract(contract).name, PROFILES)


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


@dataclass(frozen=True)
class _Space:
    """What a strategy is drawn for: a contract's schema, and a profile of it."""

    contract: Contract
    profile: Profile | None
    # Locations of the references being followed, so that a schema that refers to
    # itself is refused rather than followed without end.
    following: tuple[_Path, ...] = field(default=(), compare=False)

    @property
    def root(self) -> _Schema:
        return self.contract.schema()

    def resolved(self, schema: _Schema) -> _Schema:
        """``schema``, or the schema its ``$ref`` points at (draft-07: siblings ignored)."""
        while "$ref" in schema:
            _, schema = resolve_ref(self.root, schema["$ref"])
        return schema

    def check(self, schema: _Schema) -> Callable[[object], bool]:
        """The contract's verdict on ``schema`` (a part of its schema), compiled."""
        return compile_predicate(schema, root=self.root, finite=self.contract.finite_numbers)

    def free(self) -> _Space:
        """The same contract without a profile: for map entries, which no profile shapes."""
        return _Space(self.contract, None)


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


def _numbers(schema: _Schema) -> st.SearchStrategy[Any]:
    # Numbers keep the type they are written with: ints and floats alike, finite only.
    above = schema.get("exclusiveMinimum")
    low = schema.get("minimum", above)
    high = schema.get("maximum")
    floats = st.floats(
        min_value=low,
        max_value=high,
        exclude_min=above is not None,
        allow_nan=False,
        allow_infinity=False,
    )
    first = None if low is None else int(low) + 1 if above is not None else -(-low // 1)
    ints = st.integers(min_value=first, max_value=None if high is None else int(high // 1))
    return floats | ints


def _candidates(schema: _Schema) -> list[Any]:
    """The constants a scalar's branches name (a transport's accepted values)."""
    found: list[Any] = []
    for branch in BRANCHES:
        sub = schema.get(branch, {})
        found += sub.get("enum", []) + ([sub["const"]] if "const" in sub else [])
    return list(dict.fromkeys(found))


def _valid_value(schema: _Schema, at: _Path, space: _Space) -> st.SearchStrategy[Any]:
    schema = space.resolved(schema)
    _check_keywords(schema, at)
    types = _types(schema)
    if "object" in types:
        block = _valid_block(schema, at, space)
        # An empty (null) block means the same as an absent one.
        may_be_null = "null" in types and _presence(at, space.profile) != "present"
        return block | st.none() if may_be_null else block
    value: st.SearchStrategy[Any]
    if "enum" in schema:
        value = st.sampled_from(schema["enum"])
    elif "const" in schema:
        value = st.just(schema["const"])
    elif types == {"integer"}:
        value = _integers(schema)
    elif types == {"number"}:
        value = _numbers(schema)
    elif types == {"string"}:
        value = st.text(min_size=schema.get("minLength", 0), max_size=24)
    elif types == {"boolean"}:
        value = st.booleans()
    elif not types and "if" in schema and _candidates(schema):
        value = st.sampled_from(_candidates(schema))
    else:
        raise NotImplementedError(f"no strategy for the value at {dotted(at)}: {sorted(types)}")
    if "if" in schema:
        # A rule on the value itself (a reserved transport): the schema's own verdict.
        value = value.filter(space.check(schema))
    if "default" in schema:
        # A default written out means the same as the default left out.
        value = value | st.just(schema["default"])
    return value


def _valid_block(schema: _Schema, at: _Path, space: _Space) -> st.SearchStrategy[Any]:
    properties: Mapping[str, _Schema] = schema.get("properties", {})
    required: dict[str, st.SearchStrategy[Any]] = {}
    optional: dict[str, st.SearchStrategy[Any]] = {}
    for name, sub in properties.items():
        where = (*at, name)
        rule = _presence(where, space.profile)
        if at == _IPC and name == "transport" and space.profile in _TRANSPORTS:
            # The transport profiles: that transport, written, or left to its default.
            transport = space.profile
            resolved = space.resolved(sub)
            if not space.check(resolved)(transport):
                raise ValueError(f"{transport!r} is no transport of contract {space.contract.name}")
            into = optional if resolved.get("default") == transport else required
            into[name] = st.just(transport)
        elif rule == "present":
            required[name] = _valid_value(sub, where, space)
        elif rule == "absent":
            optional[name] = st.none()
        else:
            optional[name] = _valid_value(sub, where, space)
    block: st.SearchStrategy[Any] = st.fixed_dictionaries(required, optional=optional)
    others = schema.get("additionalProperties", True)
    if isinstance(others, Mapping):
        # A map (per_group): entries named by the user, each filled like a block.
        names = _names(schema.get("propertyNames", {}), at, space)
        entries = st.dictionaries(
            names.filter(lambda k: k not in properties),
            _valid_value(others, (*at, ANY_KEY), space.free()),
            max_size=3,
        )
        block = st.tuples(entries, block).map(lambda pair: {**pair[0], **pair[1]})
    elif others is not False:
        # Sections this contract does not own: anything goes, untouched by the validator;
        # those its conditions read (process_groups) in the shapes that matter to them.
        read = {n: s for n, s in _condition_keys(schema, space).items() if n not in properties}
        extras = st.dictionaries(
            _keys().filter(lambda k: k not in properties and k not in read),
            json_values(),
            max_size=3,
        )
        shaped = st.fixed_dictionaries({}, optional={n: _read_value(s) for n, s in read.items()})
        block = st.tuples(extras, shaped, block).map(
            lambda parts: {**parts[0], **parts[1], **parts[2]}
        )
    derived = {
        name: space.resolved(sub)[DEFAULT_FROM_KEYWORD]
        for name, sub in properties.items()
        if DEFAULT_FROM_KEYWORD in space.resolved(sub)
    }
    if derived:
        # A default taken from a sibling, sometimes written out as the pass would fill it.
        block = st.tuples(block, st.booleans()).map(
            lambda pair: _derive(pair[0], derived) if pair[1] else pair[0]
        )
    for conditional in (schema, *map(space.resolved, schema.get("allOf", ()))):
        if "if" in conditional:
            block = _conditional(block, conditional, at, space, properties)
    return block


def _names(schema: _Schema, at: _Path, space: _Space) -> st.SearchStrategy[str]:
    """Keys of a map: what its ``propertyNames`` accepts (group names), or any text."""
    if not schema:
        return _keys()
    names: st.SearchStrategy[str] = _valid_value(schema, (*at, ANY_KEY), space.free())
    return names


def _derive(value: dict[str, Any], derived: Mapping[str, str]) -> dict[str, Any]:
    made = dict(value)
    for name, source in derived.items():
        if name not in made and made.get(source) is not None:
            made[name] = made[source]
    return made


def _condition_keys(schema: _Schema, space: _Space, *, inside: bool = False) -> dict[str, _Schema]:
    """Every key a condition on this block reads, with the subschema it reads it with."""
    schema = space.resolved(schema)
    found: dict[str, _Schema] = {}
    if inside:
        for name, sub in schema.get("properties", {}).items():
            found.setdefault(name, space.resolved(sub))
    for keyword in ("allOf", "anyOf"):
        for sub in schema.get(keyword, ()):
            found = {**_condition_keys(sub, space, inside=inside), **found}
    if "if" in schema:
        found = {**_condition_keys(schema["if"], space, inside=True), **found}
    for branch in ("then", "else"):
        if branch in schema:
            found = {**_condition_keys(schema[branch], space, inside=inside), **found}
    return found


def _read_value(schema: _Schema) -> st.SearchStrategy[Any]:
    """A value for a key that a condition reads but the contract does not own: lists of
    every length the condition tells apart when it reads a list, else anything."""
    if "array" in _types(schema):
        fewest = schema.get("minItems", 0)
        lists = st.lists(json_values(max_leaves=4), max_size=max(3, fewest + 1))
        return lists | json_values(max_leaves=4)
    return json_values(max_leaves=4)


def _conditional(
    block: st.SearchStrategy[Any],
    schema: _Schema,
    at: _Path,
    space: _Space,
    properties: Mapping[str, _Schema],
) -> st.SearchStrategy[Any]:
    condition: _Schema = schema["if"]
    holds = space.check(condition)
    rule = space.check({k: schema[k] for k in BRANCHES if k in schema})
    then = space.resolved(schema.get("then", {}))
    supervisor = at == _PLATFORM and "execution_ipc" in then.get("required", ())
    if supervisor and space.profile in _SUPERVISED:
        # These profiles are the ones where the condition holds: make it hold their way.
        block = _made_to_hold(block, condition, at, holds, space)
    elif supervisor and space.profile is not None:
        block = block.filter(lambda value: not holds(value))
    elif then.get("required"):
        missing = {
            n: _valid_value(properties[n], (*at, n), space)
            for n in then["required"]
            if n in properties
        }
        block = _completed(block, missing, holds)
    # A cross-field rule (process_supervisor requires an accepted transport) is the
    # schema's own verdict: only the few drawn blocks that break it are dropped.
    return block.filter(rule)


def _completed(
    block: st.SearchStrategy[Any],
    missing: Mapping[str, st.SearchStrategy[Any]],
    holds: Callable[[object], bool],
) -> st.SearchStrategy[Any]:
    """Blocks where a condition that requires keys holds, given those keys (the bind
    host that a tcp_local block must have)."""

    @st.composite
    def completed(draw: st.DrawFn) -> Any:  # noqa: ANN401 - a block of YAML data
        value = draw(block)
        if isinstance(value, dict) and holds(value):
            for name, strategy in missing.items():
                if name not in value:
                    value = {**value, name: draw(strategy)}
        return value

    return completed()


def _made_to_hold(
    block: st.SearchStrategy[Any],
    condition: _Schema,
    at: _Path,
    holds: Callable[[object], bool],
    space: _Space,
) -> st.SearchStrategy[Any]:
    @st.composite
    def made(draw: st.DrawFn) -> Any:  # noqa: ANN401 - a block of YAML data
        value = draw(block)
        first = draw(st.integers(0, _ATTEMPTS - 1))
        for attempt in range(_ATTEMPTS):
            candidate = _satisfy(draw, value, condition, space, first + attempt)
            if holds(candidate) and _fits(candidate, space.profile):
                return candidate
        raise NotImplementedError(
            f"cannot make the condition at {dotted(at)} hold for the profile"
            f" {space.profile!r}: teach _satisfy its keywords"
        )

    return made()


def _fits(platform: dict[str, Any], profile: Profile | None) -> bool:
    """Whether a platform block whose supervisor condition holds is of ``profile``: the
    mode written (``process_supervisor``) or left to its default (``process_groups``)."""
    written = value_at(platform, _MODE) is not None
    return written if profile == "process_supervisor" else not written


def _satisfying(
    draw: st.DrawFn,
    value: dict[str, Any],
    condition: _Schema,
    at: _Path,
    space: _Space,
) -> dict[str, Any]:
    """``value`` made to satisfy ``condition``, trying each way an ``anyOf`` offers."""
    holds = space.check(condition)
    first = draw(st.integers(0, _ATTEMPTS - 1))
    for attempt in range(_ATTEMPTS):
        made = _satisfy(draw, value, condition, space, first + attempt)
        if holds(made):
            return made
    raise NotImplementedError(
        f"cannot make the condition at {dotted(at)} hold: teach _satisfy its keywords"
    )


def _satisfy(
    draw: st.DrawFn, value: dict[str, Any], condition: _Schema, space: _Space, choice: int
) -> dict[str, Any]:
    """``value`` changed as little as possible so that ``condition`` (an ``if``) holds;
    ``choice`` picks the branch of an ``anyOf``."""
    condition = space.resolved(condition)
    made = dict(value)
    for sub in condition.get("allOf", ()):
        made = _satisfy(draw, made, sub, space, choice)
    options = condition.get("anyOf", ())
    if options:
        made = _satisfy(draw, made, options[choice % len(options)], space, choice)
    required = condition.get("required", ())
    for name, raw in condition.get("properties", {}).items():
        sub = space.resolved(raw)
        if name not in made and name not in required:
            continue
        if sub.get("not") == {}:
            made.pop(name, None)  # nothing is valid there: the key must be absent
        elif "const" in sub:
            made[name] = sub["const"]
        elif "properties" in sub or "required" in sub:
            child = made.get(name)
            empty_is_fine = "null" in _types(sub) and not sub.get("required")
            if not (child is None and name in made and empty_is_fine):
                made[name] = _satisfy(
                    draw, child if isinstance(child, dict) else {}, sub, space, choice
                )
        elif "array" in _types(sub) and not space.check(sub)(made.get(name)):
            fewest = sub.get("minItems", 0)
            made[name] = draw(
                st.lists(json_values(max_leaves=4), min_size=fewest, max_size=fewest + 2)
            )
    return made


def valid_configs(
    profile: Profile | None = None, *, contract: ContractChoice = "v1"
) -> st.SearchStrategy[dict[str, Any]]:
    """Configs that ``validate_newgen_config(config, contract=contract)`` accepts.

    ``profile`` narrows them to one of the contract's :func:`profiles`; by default each
    is drawn. The configs are raw (not normalized): defaults are mostly left out,
    sometimes written out, blocks are sometimes empty (null), integers are sometimes
    integral floats.

    :raises ValueError: ``profile`` is not one of the contract's profiles, or
        ``contract`` names no contract.
    :raises NotImplementedError: the schema uses a keyword these strategies cannot
        generate for yet.
    """
    chosen = resolve_contract(contract)
    known = profiles(chosen)
    if profile is not None and profile not in known:
        raise ValueError(
            f"unknown profile {profile!r} for contract {chosen.name};"
            f" choose from {', '.join(known)}"
        )
    return _valid_configs(chosen, profile)


@cache
def _valid_configs(
    contract: Contract, profile: Profile | None
) -> st.SearchStrategy[dict[str, Any]]:
    if profile is None:
        return st.one_of([_valid_configs(contract, p) for p in profiles(contract)])
    schema = contract.schema()
    _check_keywords(schema, ())
    return _valid_block(schema, (), _Space(contract, profile))


# --- invalid configs -------------------------------------------------------------------


# A rule inside a `then` or an `else`: where its `if` applies, the `if`, and whether it
# must hold (then) or not (else) for the rule to apply.
_Context = tuple[_Path, _Schema, bool]


@dataclass(frozen=True)
class _Target:
    """One rule of the schema that a mutation can break, and where."""

    at: _Path  # the instance path of the subschema holding the rule (ANY_KEY: a map entry)
    keyword: str
    value: Any  # the keyword's value in the schema, e.g. the minimum
    schema: _Schema
    code: str
    contexts: tuple[_Context, ...]  # outermost first
    # The keys each ANY_KEY in `at` may take (a map's propertyNames), in order.
    names: tuple[st.SearchStrategy[str], ...] = ()
    on_key: bool = False  # a rule on a map's keys (propertyNames): `at` is the map


def _walk(
    schema: _Schema,
    at: _Path,
    contexts: tuple[_Context, ...],
    names: tuple[st.SearchStrategy[str], ...],
    space: _Space,
) -> Iterator[_Target]:
    if "$ref" in schema:
        where, target = resolve_ref(space.root, schema["$ref"])
        if where in space.following:
            raise NotImplementedError(f"a schema that refers to itself at {dotted(at)}")
        inner = _Space(space.contract, space.profile, (*space.following, where))
        yield from _walk(target, at, contexts, names, inner)
        return
    _check_keywords(schema, at)
    for keyword, code in schema.get(CODE_KEYWORD, {}).items():
        yield _Target(at, keyword, schema[keyword], schema, code, contexts, names)
    for name, sub in schema.get("properties", {}).items():
        yield from _walk(sub, (*at, name), contexts, names, space)
    others = schema.get("additionalProperties")
    keys = space.resolved(schema.get("propertyNames", {}))
    if isinstance(others, Mapping):
        entry_names = (*names, _names(keys, at, space))
        yield from _walk(others, (*at, ANY_KEY), contexts, entry_names, space)
    for keyword, code in keys.get(CODE_KEYWORD, {}).items():
        yield _Target(at, keyword, keys[keyword], keys, code, contexts, names, on_key=True)
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


def _value_level(target: _Target, where: _Path) -> bool:
    # A condition on the value the mutation replaces (a reserved transport), rather than
    # on the block around the rule.
    return where == target.at and not target.on_key and target.keyword not in _IN_BLOCK


_IN_BLOCK: Final = frozenset({"additionalProperties", "required"})


@cache
def _targets(contract: Contract) -> tuple[_Target, ...]:
    found = list(_walk(contract.schema(), (), (), (), _Space(contract, None)))
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
                    f"a coded rule in an else at {dotted(target.at)}: teach _mutant"
                )
        kept.append(target)
    return tuple(kept)


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


def _bad_values(target: _Target) -> st.SearchStrategy[Any]:  # noqa: PLR0911 - one a keyword
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
    if keyword == "exclusiveMinimum":
        floats = st.floats(max_value=value, allow_nan=False, allow_infinity=False)
        return st.just(value) | st.integers(max_value=int(value // 1)) | floats
    if keyword == "maximum":
        return st.integers(min_value=value + 1) | st.just(value + 1)
    if keyword == "minLength":
        return st.text(max_size=value - 1)
    raise NotImplementedError(f"no value breaks {keyword!r} at {dotted(target.at)}")


def _bad_keys(target: _Target) -> st.SearchStrategy[Any]:
    """Keys a map's ``propertyNames`` refuses: what YAML may read as a key."""
    if target.keyword == "type":
        declared = _types(target.schema)
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
    bad: st.SearchStrategy[Any], condition: _Schema, wanted: bool, space: _Space
) -> st.SearchStrategy[Any]:
    """Bad values for a rule that applies when ``condition`` (on the value) holds, or when
    it does not: the reserved transports are refused by one code, other values by another."""
    holds = space.check(condition)
    if wanted:
        named = _candidates({"then": condition})
        bad = (st.sampled_from(named) | bad) if named else bad
    return bad.filter(lambda v: holds(v) == wanted)


def _block_at(document: dict[str, Any], at: _Path) -> dict[str, Any]:
    """The mapping at ``at``, created where absent or empty: an empty block is valid."""
    node = document
    for name in at:
        child = node.get(name)
        if not isinstance(child, dict):
            child = node[name] = {}
        node = child
    return node


def _concrete(draw: st.DrawFn, target: _Target) -> dict[_Path, _Path]:
    """A key for each map entry on the target's path: schema path -> document path."""
    keys = iter(target.names)
    parts: list[str] = []
    found: dict[_Path, _Path] = {(): ()}
    for index, part in enumerate(target.at):
        parts.append(draw(next(keys)) if part == ANY_KEY else part)
        found[target.at[: index + 1]] = tuple(parts)
    return found


@st.composite
def _mutant(draw: st.DrawFn, config: dict[str, Any], target: _Target, space: _Space) -> Mutant:
    document = copy.deepcopy(config)
    concrete = _concrete(draw, target)
    at = concrete[target.at]
    conditions: list[tuple[_Schema, bool]] = []
    for schema_at, condition, wanted in target.contexts:
        if _value_level(target, schema_at):
            conditions.append((condition, wanted))
            continue
        # A rule of a `then` only applies where its `if` holds: make it hold first.
        where = concrete[schema_at]
        made = _satisfying(draw, _block_at(document, where), condition, where, space)
        if where:
            _block_at(document, where[:-1])[where[-1]] = made
        else:
            document = made
    keyword = target.keyword
    if target.on_key:
        key = draw(_bad_keys(target))
        # An entry left empty: the key alone is what is wrong.
        _block_at(document, at)[key] = None
        return Mutant(document, target.code, dotted((*at, key)), f"propertyNames.{keyword}")
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
    bad_values = _bad_values(target)
    for condition, wanted in conditions:
        bad_values = _condition_met(bad_values, condition, wanted, space)
    bad = draw(bad_values)
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
    space = _Space(contract, None)
    return st.sampled_from(targets).flatmap(
        lambda target: valid_configs(profile, contract=contract).flatmap(
            lambda config: _mutant(config, target, space)
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
    one, or with another transport); in v2 also a reserved transport, a missing
    ``bind_host``, a number not above its bound and a group name that is no name. A rule
    inside a ``per_group`` override is broken in an override of a drawn group name.
    ``codes`` keeps only the rules raising those codes.

    :raises ValueError: no rule of the schema raises any of ``codes``, or ``contract``
        names no contract.
    :raises NotImplementedError: the schema uses a keyword these strategies cannot
        break yet.
    """
    chosen = resolve_contract(contract)
    return _invalid(chosen, profile, None if codes is None else frozenset(codes))
