"""Valid values drawn from a schema: the walk of a contract's blocks for ``valid_configs``.

Each field is drawn omitted or explicit, with defaults sometimes written out, empty
(null) blocks, integral floats where integers are taken, and unowned sections holding
arbitrary data; a block's conditions are made to hold (or not) the way its profile says.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final, Literal

from hypothesis import strategies as st

from ._document import ANY_KEY, value_at
from ._schema import BRANCHES, DEFAULT_FROM_KEYWORD
from ._strategy_space import (
    IPC,
    MODE,
    PLATFORM,
    SUPERVISED,
    TRANSPORTS,
    Path,
    Profile,
    Schema,
    Space,
    any_keys,
    candidates,
    check_keywords,
    json_data,
    types_of,
)
from .diagnostics import dotted

__all__ = ["map_keys", "satisfying", "valid_block"]

# JSON integers a float holds exactly: an integral float beyond these is not the same number.
_EXACT_FLOAT: Final = 2**53

# How many branches of an anyOf are tried to make a condition hold the profile's way.
_ATTEMPTS: Final = 4


_Presence = Literal["free", "present", "absent"]


def _presence(at: Path, profile: Profile | None) -> _Presence:
    if profile is None:
        return "free"
    if profile == "memory":
        return "absent" if at == IPC else "free"
    return "present" if IPC[: len(at)] == at else "free"


def _integers(schema: Schema) -> st.SearchStrategy[Any]:
    low: int = schema.get("minimum", -_EXACT_FLOAT)
    high: int = schema.get("maximum", _EXACT_FLOAT)
    # The edges, where off-by-one rules break; then anything in range; then the same
    # numbers as integral floats (8080.0 is an integer to JSON Schema).
    edges = st.sampled_from([low, high])
    exact = st.integers(max(low, -_EXACT_FLOAT), min(high, _EXACT_FLOAT)).map(float)
    return edges | st.integers(low, high) | exact


def _numbers(schema: Schema) -> st.SearchStrategy[Any]:
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


def _valid_value(schema: Schema, at: Path, space: Space) -> st.SearchStrategy[Any]:
    schema = space.resolved(schema)
    check_keywords(schema, at)
    types = types_of(schema)
    if "object" in types:
        block = valid_block(schema, at, space)
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
    elif not types and "if" in schema and candidates(schema):
        value = st.sampled_from(candidates(schema))
    else:
        raise NotImplementedError(f"no strategy for the value at {dotted(at)}: {sorted(types)}")
    if "if" in schema:
        # A rule on the value itself (a reserved transport): the schema's own verdict.
        value = value.filter(space.check(schema))
    if "default" in schema:
        # A default written out means the same as the default left out.
        value = value | st.just(schema["default"])
    return value


def valid_block(schema: Schema, at: Path, space: Space) -> st.SearchStrategy[Any]:
    properties: Mapping[str, Schema] = schema.get("properties", {})
    required: dict[str, st.SearchStrategy[Any]] = {}
    optional: dict[str, st.SearchStrategy[Any]] = {}
    for name, sub in properties.items():
        where = (*at, name)
        rule = _presence(where, space.profile)
        if at == IPC and name == "transport" and space.profile in TRANSPORTS:
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
        names = map_keys(schema.get("propertyNames", {}), at, space)
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
            any_keys().filter(lambda k: k not in properties and k not in read),
            json_data(),
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


def map_keys(schema: Schema, at: Path, space: Space) -> st.SearchStrategy[str]:
    """Keys of a map: what its ``propertyNames`` accepts (group names), or any text."""
    if not schema:
        return any_keys()
    names: st.SearchStrategy[str] = _valid_value(schema, (*at, ANY_KEY), space.free())
    return names


def _derive(value: dict[str, Any], derived: Mapping[str, str]) -> dict[str, Any]:
    made = dict(value)
    for name, source in derived.items():
        if name not in made and made.get(source) is not None:
            made[name] = made[source]
    return made


def _condition_keys(schema: Schema, space: Space, *, inside: bool = False) -> dict[str, Schema]:
    """Every key a condition on this block reads, with the subschema it reads it with."""
    schema = space.resolved(schema)
    found: dict[str, Schema] = {}
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


def _read_value(schema: Schema) -> st.SearchStrategy[Any]:
    """A value for a key that a condition reads but the contract does not own: lists of
    every length the condition tells apart when it reads a list, else anything."""
    if "array" in types_of(schema):
        fewest = schema.get("minItems", 0)
        lists = st.lists(json_data(max_leaves=4), max_size=max(3, fewest + 1))
        return lists | json_data(max_leaves=4)
    return json_data(max_leaves=4)


def _conditional(
    block: st.SearchStrategy[Any],
    schema: Schema,
    at: Path,
    space: Space,
    properties: Mapping[str, Schema],
) -> st.SearchStrategy[Any]:
    condition: Schema = schema["if"]
    holds = space.check(condition)
    rule = space.check({k: schema[k] for k in BRANCHES if k in schema})
    then = space.resolved(schema.get("then", {}))
    supervisor = at == PLATFORM and "execution_ipc" in then.get("required", ())
    if supervisor and space.profile in SUPERVISED:
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
    condition: Schema,
    at: Path,
    holds: Callable[[object], bool],
    space: Space,
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
    written = value_at(platform, MODE) is not None
    return written if profile == "process_supervisor" else not written


def satisfying(
    draw: st.DrawFn,
    value: dict[str, Any],
    condition: Schema,
    at: Path,
    space: Space,
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
    draw: st.DrawFn, value: dict[str, Any], condition: Schema, space: Space, choice: int
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
            empty_is_fine = "null" in types_of(sub) and not sub.get("required")
            if not (child is None and name in made and empty_is_fine):
                made[name] = _satisfy(
                    draw, child if isinstance(child, dict) else {}, sub, space, choice
                )
        elif "array" in types_of(sub) and not space.check(sub)(made.get(name)):
            fewest = sub.get("minItems", 0)
            made[name] = draw(
                st.lists(json_data(max_leaves=4), min_size=fewest, max_size=fewest + 2)
            )
    return made
