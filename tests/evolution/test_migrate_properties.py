"""Properties of migrating v1 files to v2, over generated configs in block and flow style
with comments, and over every file of the v1 corpus: the migrated text is valid under v2
with the same summary, keeps every value v1 normalized, changes nothing but the inserted
text, and needs no second migration.

The verdicts here are the contracts' own (v1's validator, v2's schema and defaults), not
the migration's check of itself.
"""

from __future__ import annotations

from typing import Any, Final

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from stream_kernel.app.runtime import project_normalized, runtime_contract_summary
from stream_kernel.config._migrate import bundled_schema
from stream_kernel.config._witness import judge_under
from stream_kernel.config.check import check_text
from stream_kernel.config.strategies import valid_configs
from tests.property.budget import counted
from tests.support.corpus import examples
from tests.support.profiles import FUZZ

from .helpers import changed_values, only_insertions, v1_to_v2

MIGRATOR: Final = v1_to_v2()
V2: Final = judge_under(bundled_schema("v2"))
# The process groups of another contract, which v2 reads for the bootstrap default.
GROUPS: Final[st.SearchStrategy[object]] = st.one_of(
    st.just([{"name": "workers"}]), st.just([]), st.just("workers"), st.just(["a", "b"])
)


@st.composite
def configs(draw: st.DrawFn) -> dict[str, Any]:
    """A v1 config, sometimes declaring process groups (which v1 passes through)."""
    config = draw(valid_configs())
    if draw(st.booleans()):
        runtime = config.get("runtime")
        if not isinstance(runtime, dict):
            runtime = config["runtime"] = {}
        platform = runtime.get("platform")
        if not isinstance(platform, dict):
            platform = runtime["platform"] = {}
        platform["process_groups"] = draw(GROUPS)
    return config


def with_comments(text: str) -> str:
    """``text`` with a comment line above it and after each of its lines."""
    lines = text.splitlines(keepends=True)
    return "# a config\n" + "".join(f"{line}# after line {n}\n" for n, line in enumerate(lines))


def render(config: dict[str, Any], flow: bool) -> str:
    text = yaml.safe_dump(config, default_flow_style=flow, sort_keys=False, width=1 << 30)
    return with_comments(text) if not flow else text.rstrip("\n") + "  # a config\n"


def assert_migrates(text: str) -> None:
    original = check_text(text)
    assert original.ok, original.diagnostics
    assert original.config is not None
    summary = runtime_contract_summary(original.config)

    migration = MIGRATOR.migrate(text)

    assert migration.refused is None
    migrated = check_text(migration.after)
    assert migrated.ok, migrated.diagnostics  # still v1-valid: only v1 values were written
    verdict = V2(yaml.safe_load(migration.after))
    assert verdict.normalized is not None, verdict.problems
    assert project_normalized(verdict.normalized) == summary
    assert changed_values(original.config, verdict.normalized) == []
    assert only_insertions(migration.before, migration.after)
    assert MIGRATOR.migrate(migration.after).after == migration.after


_SETTINGS: Final = settings(
    max_examples=1_000 if FUZZ else 25,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@_SETTINGS
@given(config=configs())
@counted
def test_a_block_style_file_migrates(config: dict[str, Any]) -> None:
    text = render(config, flow=False)
    # The project's loader refuses what safe loading lets through (too many non-text
    # keys, for one); such a text is not a v1 file to migrate.
    assume(check_text(text).ok)

    assert_migrates(text)


@_SETTINGS
@given(config=configs())
@counted
def test_a_flow_style_file_migrates(config: dict[str, Any]) -> None:
    text = render(config, flow=True)
    assume(check_text(text).ok)

    assert_migrates(text)


@pytest.mark.parametrize("example", examples("valid"), ids=lambda e: e.id)
def test_every_file_of_the_v1_corpus_migrates(example: Any) -> None:  # noqa: ANN401
    assert_migrates(example.text)
