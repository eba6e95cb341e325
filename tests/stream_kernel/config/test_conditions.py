"""The defaults pass's ``if`` predicates (compiled checks) agree with jsonschema, always."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stream_kernel.config._compiled import UncompilableError, compile_check, compile_predicate
from stream_kernel.config._contracts import V1
from stream_kernel.config._schema import compile_validator, iter_subschemas

CONDITIONS = [
    (".".join(at) or "(root)", schema["if"])
    for at, _, schema in iter_subschemas(V1.schema())
    if "if" in schema
]
KEYS = st.sampled_from(["secret_mode", "bootstrap", "mode", "kdf", "other"])
SCALARS = st.one_of(
    st.sampled_from(["generated", "static", "process_supervisor", "inline", "", "GENERATED"]),
    st.none(),
    st.booleans(),
    st.integers(-2, 2),
    st.floats(allow_nan=False),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=12,
)


def test_the_contract_has_conditions_to_check() -> None:
    assert [where for where, _ in CONDITIONS] == [
        "runtime.platform",
        "runtime.platform.execution_ipc.auth",
    ]


@pytest.mark.parametrize(("where", "schema"), CONDITIONS, ids=[w for w, _ in CONDITIONS])
def test_each_contract_condition_compiles_to_a_predicate(
    where: str, schema: Mapping[str, Any]
) -> None:
    assert callable(compile_check(schema)), where  # compiled: no UncompilableError


@pytest.mark.parametrize(("where", "schema"), CONDITIONS, ids=[w for w, _ in CONDITIONS])
@settings(max_examples=400, derandomize=True, deadline=None)
@given(instance=VALUES)
def test_a_compiled_condition_gives_jsonschemas_verdict(
    where: str, schema: Mapping[str, Any], instance: object
) -> None:
    validator = compile_validator(schema)

    assert compile_predicate(schema)(instance) == validator.is_valid(instance), where


def test_other_keywords_fall_back_to_jsonschema() -> None:
    schema = {"properties": {"n": {"pattern": "^a"}}}

    condition = compile_predicate(schema)

    with pytest.raises(UncompilableError):
        compile_check(schema)
    assert condition({"n": "b"}) is False
    assert condition({"n": "a"}) is True


class _Lookalike:
    """Not a string, but equal to one: jsonschema's const/enum say it matches."""

    def __eq__(self, other: object) -> bool:
        return other == "generated"

    __hash__ = object.__hash__


@pytest.mark.parametrize(("where", "schema"), CONDITIONS, ids=[w for w, _ in CONDITIONS])
def test_a_string_lookalike_gets_jsonschemas_verdict(where: str, schema: Mapping[str, Any]) -> None:
    validator = compile_validator(schema)
    instance = {"secret_mode": _Lookalike(), "bootstrap": {"mode": _Lookalike()}}

    assert compile_predicate(schema)(instance) == validator.is_valid(instance), where
