"""Properties of the contract diff over generated edits of the v1 schema: it calls an edit
breaking exactly when a config of the old contract is refused or normalized differently
by the new one, and every witness it reports holds."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stream_kernel.config._diff import diff
from stream_kernel.config._schema import iter_subschemas
from stream_kernel.config._witness import judge_under
from stream_kernel.config.strategies import valid_configs
from tests.property.budget import budget, counted
from tests.support.profiles import FUZZ

from .helpers import breaker, changed_values, shipped_v1

Schema = dict[str, Any]
Where = tuple[str, ...]

V1 = shipped_v1()
# Configs drawn from the old contract's own strategies per edit.
CONFIGS_PER_EDIT = 12

# Fields a new optional field may be: each a different way to reach old configs.
NEW_FIELDS: list[Schema] = [
    {"type": "integer"},
    {"type": "string", "default": "x"},
    {"enum": ["a", "b"]},
    {},
    {
        "type": ["object", "null"],
        "default": {},
        "properties": {"n": {"type": "integer", "default": 1}},
    },
]


def places(keyword: str | None = None) -> list[Where]:
    """Where in the v1 schema a subschema sits (outside conditions), optionally only those
    carrying ``keyword``; blocks when ``keyword`` is ``properties``."""
    found = []
    for _, where, sub in iter_subschemas(V1):
        if "if" in where:
            continue  # conditions are not edited: the edits change what a field allows
        if keyword is None or keyword in sub:
            found.append(where)
    return found


def node_at(schema: Schema, where: Where) -> Schema:
    node = schema
    for key in where:
        node = node[key]
    return node


@st.composite
def edits(draw: st.DrawFn) -> tuple[str, Schema]:
    """A changed copy of v1, and what was changed."""
    schema = copy.deepcopy(V1)
    kind = draw(
        st.sampled_from(
            ["drop value", "move bound", "change default", "require", "open or close", "add field"]
        )
    )
    if kind == "drop value":
        where = draw(st.sampled_from(places("enum")))
        values = node_at(schema, where)["enum"]
        values.remove(draw(st.sampled_from(values)))
    elif kind == "move bound":
        where = draw(
            st.sampled_from([w for k in ("minimum", "maximum", "minLength") for w in places(k)])
        )
        node = node_at(schema, where)
        bound = draw(st.sampled_from([k for k in ("minimum", "maximum", "minLength") if k in node]))
        node[bound] = max(0, node[bound] + draw(st.sampled_from([-1000, -2, -1, 1, 2, 1000])))
    elif kind == "change default":
        where = draw(st.sampled_from([w for w in places() if w]))
        node = node_at(schema, where)
        choices: list[Any] = [*node.get("enum", ()), "other", 0, 7, {}]
        if "default" in node and draw(st.booleans()):
            node.pop("default")
        else:
            node["default"] = draw(st.sampled_from(choices))
    elif kind == "require":
        where = draw(st.sampled_from(places("properties")))
        node = node_at(schema, where)
        name = draw(st.sampled_from([*node["properties"], "extra"]))
        node["required"] = [*node.get("required", ()), name]
    elif kind == "open or close":
        where = draw(st.sampled_from(places("properties")))
        node = node_at(schema, where)
        if node.pop("additionalProperties", True) is not False:
            node["additionalProperties"] = False
    else:
        where = draw(st.sampled_from(places("properties")))
        node_at(schema, where)["properties"]["extra"] = copy.deepcopy(
            draw(st.sampled_from(NEW_FIELDS))
        )
    return f"{kind} at {'/'.join(where) or '(root)'}", schema


def witnesses_hold(old: Schema, new: Schema) -> Iterator[str]:
    breaks = breaker(old, new)
    for finding in diff(old, new):
        if finding.severity == "error":
            assert finding.witness is not None, finding
            assert breaks(finding.witness), finding
            for consequence in finding.consequences:
                assert consequence.witness is not None, consequence
                assert breaks(consequence.witness), consequence
            yield finding.code
        elif finding.witness is not None:
            before = judge_under(old)(finding.witness).normalized
            after = judge_under(new)(finding.witness).normalized
            assert before is not None, finding
            assert after is not None, finding
            assert before != after, finding
            assert changed_values(before, after) == [], finding


# Each example draws a dozen configs and runs the diff once: slow to generate by
# Hypothesis's measure, and that is the point of the property.
@settings(
    max_examples=3_000 if FUZZ else 30,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    edit=edits(),
    configs=st.lists(valid_configs(), min_size=CONFIGS_PER_EDIT, max_size=CONFIGS_PER_EDIT),
)
@counted
def test_the_diff_calls_an_edit_breaking_exactly_when_a_config_breaks(
    edit: tuple[str, Schema], configs: list[dict[str, Any]]
) -> None:
    what, new = edit

    breaking = list(witnesses_hold(V1, new))

    breaks = breaker(V1, new)
    broken = [config for config in configs if breaks(config)]
    # A break among the old contract's configs is always found; a break the diff reports
    # is always shown (its witness holds, checked above).
    assert not broken or breaking, (what, broken[0])


@budget(ci=15, fuzz=1_000)
@given(edit=edits())
@counted
def test_the_reverse_diff_reports_a_break_only_with_a_witness(edit: tuple[str, Schema]) -> None:
    _, new = edit

    for finding in diff(new, V1):
        if finding.severity == "error" and finding.code != "SK-DIFF-107":
            assert finding.witness is not None
            assert breaker(new, V1)(finding.witness), finding
