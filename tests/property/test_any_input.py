"""Whatever JSON-like value comes in, only ConfigError comes out; and the library's
verdict is the bare schema's."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft7Validator

from stream_kernel.config._catalog import catalog
from stream_kernel.config._contracts import V1
from stream_kernel.config._schema import iter_subschemas
from stream_kernel.config.strategies import invalid_configs, json_values, valid_configs
from stream_kernel.config.validator import ConfigError, validate_newgen_config

from .budget import budget, counted

SCHEMA = Draft7Validator(V1.schema())
# Every place the contract names, and a key beside each: where odd values do harm.
PLACES = sorted(
    {at for at, _, _ in iter_subschemas(V1.schema()) if at}
    | {(*at, "elsewhere") for at, _, _ in iter_subschemas(V1.schema())}
)


def deep(depth: int, leaf: object, kind: int) -> object:
    for level in range(depth):
        leaf = [leaf] if (level + kind) % 2 else {"n": leaf}
    return leaf


def wide(width: int, leaf: object, kind: int) -> object:
    if kind % 2:
        return [leaf if i % 3 else i for i in range(width)]
    return {f"k{i}": leaf for i in range(width)}


# Deep enough to pass any recursion limit, wide enough to be a large document.
SHAPES = st.builds(deep, st.integers(0, 3_000), json_values(max_leaves=4), st.integers(0, 1)) | (
    st.builds(wide, st.integers(0, 5_000), json_values(max_leaves=4), st.integers(0, 1))
)


def placed(document: object, place: tuple[str, ...], value: object) -> object:
    """``document`` with ``value`` at ``place``, creating mappings on the way."""
    if not place:
        return value
    root = copy.deepcopy(document) if isinstance(document, dict) else {}
    node: Any = root
    for name in place[:-1]:
        if not isinstance(node.get(name), dict):
            node[name] = {}
        node = node[name]
    node[place[-1]] = value
    return root


BASES = valid_configs() | st.builds(lambda m: m.config, invalid_configs()) | json_values()


@st.composite
def shaped(draw: st.DrawFn, values: st.SearchStrategy[object]) -> object:
    base = draw(BASES)
    place = draw(st.sampled_from([(), *PLACES]))
    return placed(base, place, draw(values))


def verdict(raw: object) -> ConfigError | None:
    try:
        validate_newgen_config(raw)
    except ConfigError as err:
        return err
    return None


@budget(ci=30, fuzz=10_000)
@given(raw=shaped(SHAPES | json_values(max_leaves=30)))
@counted
def test_nothing_but_config_error_escapes(raw: object) -> None:
    err = verdict(raw)  # any other exception fails the test

    if err is not None:
        assert err.diagnostics
        for d in err.diagnostics:
            assert d.code in catalog()
            assert isinstance(d.path, str)
            assert d.severity == "error"
        assert (err.code, err.path) == (err.diagnostics[0].code, err.diagnostics[0].path)


@budget(ci=30, fuzz=10_000)
@given(raw=shaped(json_values(max_leaves=12)))
@counted
def test_the_library_and_the_bare_schema_give_the_same_verdict(raw: object) -> None:
    # Values of modest depth only: the validator's own SK-CFG-103 (too deep to copy) is
    # a rule the schema cannot state.
    schema_accepts = SCHEMA.is_valid(raw)

    err = verdict(raw)

    assert (err is None) == schema_accepts, err
