"""The public strategies module: an optional extra, read from the schema, loud when the
schema outgrows it."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stream_kernel.config import _strategy_mutants, _strategy_space, _strategy_values, strategies
from stream_kernel.config._catalog import catalog
from stream_kernel.config._contracts import V1, V2, Contract


def test_importing_the_package_does_not_import_hypothesis() -> None:
    probe = (
        "import sys, stream_kernel.config, stream_kernel.config.validator,"
        " stream_kernel.app.runtime;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'hypothesis'))"
    )

    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )

    assert done.stdout.strip() == "[]"


def test_without_hypothesis_the_import_error_names_the_extra(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # None in sys.modules makes `import hypothesis` fail as if it were not installed.
    monkeypatch.setitem(sys.modules, "hypothesis", None)
    monkeypatch.delitem(sys.modules, "stream_kernel.config.strategies")

    with pytest.raises(ImportError, match=r"stream-kernel-config\[strategies\]"):
        importlib.import_module("stream_kernel.config.strategies")


def test_the_public_names() -> None:
    assert set(strategies.__all__) == {
        "PROFILES", "Mutant", "Profile", "invalid_configs", "json_values", "profiles",
        "valid_configs",
    }  # fmt: skip
    assert strategies.PROFILES == ("memory", "tcp_local", "process_supervisor")
    assert strategies.profiles() == strategies.profiles("v1") == strategies.PROFILES
    assert strategies.profiles("v2") == (
        "memory", "tcp_local", "ipc_local", "process_supervisor", "process_groups",
    )  # fmt: skip


def test_an_unknown_profile_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown profile 'tcp'"):
        strategies.valid_configs("tcp")  # type: ignore[arg-type]


def test_a_profile_of_v2_only_is_refused_for_v1() -> None:
    with pytest.raises(ValueError, match="unknown profile 'ipc_local' for contract v1"):
        strategies.valid_configs("ipc_local")
    assert strategies.valid_configs("ipc_local", contract="v2") is not None


def test_an_unknown_contract_is_refused_by_every_strategy() -> None:
    for build in (
        lambda: strategies.valid_configs(contract="v3"),
        lambda: strategies.invalid_configs(contract="v3"),
        lambda: strategies.profiles("v3"),
    ):
        with pytest.raises(ValueError, match="unknown contract 'v3'; choose one of: v1, v2"):
            build()


def test_codes_no_rule_raises_are_refused() -> None:
    with pytest.raises(ValueError, match="SK-CFG-103"):
        strategies.invalid_configs(codes=["SK-CFG-103"])


@pytest.mark.parametrize("contract", [V1, V2], ids=["v1", "v2"])
def test_the_profile_is_decided_by_the_block_the_schema_declares(contract: Contract) -> None:
    platform = contract.schema()["properties"]["runtime"]["properties"]["platform"]
    conditionals = [platform, *platform.get("allOf", ())]

    assert "execution_ipc" in platform["properties"]
    # The supervisor rule: a condition on the platform whose `then` requires the block.
    assert [c for c in conditionals if "execution_ipc" in c.get("then", {}).get("required", ())]


@pytest.mark.parametrize("contract", [V1, V2], ids=["v1", "v2"])
def test_mutation_targets_cover_every_code_the_schema_raises(contract: Contract) -> None:
    raised = {t.code for t in _strategy_mutants.mutation_targets(contract)}

    codes = catalog(contract).items()
    assert raised == {code for code, entry in codes if "raised_by" not in entry}


def test_a_keyword_the_strategies_do_not_know_fails_loudly() -> None:
    with pytest.raises(NotImplementedError, match=r"\['pattern'\].*must learn"):
        _strategy_space.check_keywords({"type": "string", "pattern": "^a"}, ("runtime", "x"))


@pytest.mark.parametrize(
    "schema", [{"type": "array"}, {"type": ["string", "integer"]}, {"oneOf": []}]
)
def test_a_value_the_strategies_cannot_draw_fails_loudly(schema: dict[str, object]) -> None:
    with pytest.raises(NotImplementedError):
        _strategy_values._valid_value(schema, ("x",), _strategy_space.Space(V1, None))


@settings(max_examples=1)
@given(data=st.data())
def test_a_condition_the_strategies_cannot_satisfy_fails_loudly(data: st.DataObject) -> None:
    space = _strategy_space.Space(V1, None)

    @st.composite
    def satisfied(draw: st.DrawFn) -> dict[str, object]:
        return _strategy_values.satisfying(draw, {}, {"minProperties": 1}, ("x",), space)

    with pytest.raises(NotImplementedError, match="cannot make the condition"):
        data.draw(satisfied())


def test_a_coded_rule_the_mutations_cannot_reach_fails_loudly() -> None:
    space = _strategy_space.Space(V1, None)
    schema = {"anyOf": [{"type": "string", "x-error-code": {"type": "SK-CFG-202"}}]}

    with pytest.raises(NotImplementedError, match="coded rule in anyOf"):
        list(_strategy_mutants._walk(schema, ("x",), (), (), space))
