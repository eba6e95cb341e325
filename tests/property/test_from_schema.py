"""An independent generator: hypothesis-jsonschema reads our draft-07 schema and draws
documents from it; the library accepts every one."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis_jsonschema import from_schema
from jsonschema import Draft7Validator

from stream_kernel.config._contracts import V1, V2
from stream_kernel.config._schema import CODE_KEYWORD, resolve_ref, rules_view
from stream_kernel.config.validator import validate_newgen_config

from .budget import FUZZ, counted


def without_codes(schema: Any) -> Any:  # noqa: ANN401 - JSON Schema
    if isinstance(schema, dict):
        return {k: without_codes(v) for k, v in schema.items() if k != CODE_KEYWORD}
    if isinstance(schema, list):
        return [without_codes(v) for v in schema]
    return schema


# The schema's rules: the annotations (docs, examples, the code catalog, x-error-code)
# never change a verdict, and hypothesis-jsonschema re-reads every keyword of a merged
# subschema on every draw, which made each example about twice as slow.
RULES = without_codes(rules_view(V1.schema()))


def test_the_rules_are_the_schema_without_its_annotations() -> None:
    assert RULES["properties"].keys() == V1.schema()["properties"].keys()
    assert "if" in RULES["properties"]["runtime"]["properties"]["platform"]
    assert CODE_KEYWORD not in str(RULES)
    assert Draft7Validator(RULES).is_valid({"runtime": {"platform": {"bootstrap": None}}})
    bad = {"runtime": {"platform": {"bootstrap": {"mode": "process_supervisor"}}}}
    assert not Draft7Validator(RULES).is_valid(bad)


# Suppressed health check, and why: hypothesis-jsonschema canonicalises and merges the
# schema's if/then (the supervisor rule) on every draw, so one document takes about a
# tenth of a second to draw. That is the generator's cost, not a problem with the
# property; the budget below is small for the same reason.
@settings(
    max_examples=200 if FUZZ else 2,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(raw=from_schema(RULES))
@counted
def test_everything_hypothesis_jsonschema_draws_is_accepted(raw: Any) -> None:  # noqa: ANN401
    normalized = validate_newgen_config(raw)

    assert validate_newgen_config(normalized) == normalized


# Contract v2: hypothesis-jsonschema needs over a minute to canonicalise the whole schema
# (the platform's conditions on top of two execution IPC blocks, each with the reserved
# transport's if/then/else) and seconds per document after that. So it draws the
# `execution_ipc` block, every field and rule of it, the control block and the maps
# included, and the config around it is written here: without process groups the
# bootstrap mode is inline, and the block alone decides the verdict. The platform's own
# rules are held to jsonschema's verdict by the other property tests.
V2_ROOT = without_codes(rules_view(V2.schema()))


def inlined(schema: Any) -> Any:  # noqa: ANN401 - JSON Schema
    """``schema`` with every ``$ref`` replaced by what it points at (none is recursive)."""
    if isinstance(schema, list):
        return [inlined(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        return inlined(resolve_ref(V2_ROOT, schema["$ref"])[1])
    return {k: inlined(v) for k, v in schema.items() if k != "definitions"}


def simplified(schema: Any) -> Any:  # noqa: ANN401 - JSON Schema
    """``schema`` with each ``if`` whose branches are equal replaced by that branch: the
    same verdicts (the reserved transports' ``if`` only chooses a code, and the codes are
    gone), a fraction of the generator's work."""
    if isinstance(schema, list):
        return [simplified(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    found = {k: simplified(v) for k, v in schema.items()}
    if "if" in found and found.get("then", {}) == found.get("else", {}):
        branch = found.pop("then", {})
        found.pop("else", None)
        found.pop("if")
        if branch:
            found["allOf"] = [*found.get("allOf", []), branch]
    return found


V2_IPC = simplified(
    inlined(V2_ROOT["properties"]["runtime"]["properties"]["platform"]["properties"])[
        "execution_ipc"
    ]
)


def test_the_v2_block_for_the_generator_keeps_the_rules() -> None:
    assert "$ref" not in str(V2_IPC)
    assert CODE_KEYWORD not in str(V2_IPC)
    assert "control" in V2_IPC["properties"]
    assert "per_group" in str(V2_IPC)
    block = Draft7Validator(V2_IPC)
    assert block.is_valid({"transport": "ipc_local", "buffer": {"per_group": {"a": None}}})
    assert not block.is_valid({"transport": "zmq"})
    assert not block.is_valid({"transport": "tcp_local"})  # no bind_host
    assert not block.is_valid({"transport": "ipc_local", "control": {}})  # the same, in control
    assert not block.is_valid({"transport": "ipc_local", "buffer": {"per_group": {"": None}}})


@settings(
    max_examples=100 if FUZZ else 2,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(block=from_schema(V2_IPC))
@counted
def test_every_v2_block_hypothesis_jsonschema_draws_is_accepted(block: Any) -> None:  # noqa: ANN401
    raw = {"runtime": {"platform": {"execution_ipc": block}}}

    normalized = validate_newgen_config(raw, contract="v2")

    assert validate_newgen_config(normalized, contract="v2") == normalized
