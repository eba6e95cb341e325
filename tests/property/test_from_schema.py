"""An independent generator: hypothesis-jsonschema reads our draft-07 schema and draws
documents from it; the library accepts every one."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis_jsonschema import from_schema
from jsonschema import Draft7Validator

from stream_kernel.config._contracts import V1
from stream_kernel.config._schema import CODE_KEYWORD, rules_view
from stream_kernel.config.validator import validate_newgen_config

from .budget import FUZZ, counted


def without_codes(schema: Any) -> Any:  # noqa: ANN401 - JSON Schema
    if isinstance(schema, dict):
        return {k: without_codes(v) for k, v in schema.items() if k != CODE_KEYWORD}
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
