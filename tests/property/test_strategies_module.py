"""The public strategies module: an optional extra, read from the schema, loud when the
schema outgrows it."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

from stream_kernel.config import strategies
from stream_kernel.config._catalog import catalog
from stream_kernel.config._contracts import V1


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
        "PROFILES", "Mutant", "Profile", "invalid_configs", "json_values", "valid_configs",
    }  # fmt: skip
    assert strategies.PROFILES == ("memory", "tcp_local", "process_supervisor")


def test_an_unknown_profile_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown profile 'tcp'"):
        strategies.valid_configs("tcp")  # type: ignore[arg-type]


def test_codes_no_rule_raises_are_refused() -> None:
    with pytest.raises(ValueError, match="SK-CFG-103"):
        strategies.invalid_configs(codes=["SK-CFG-103"])


def test_the_profile_is_decided_by_the_block_the_schema_declares() -> None:
    platform = V1.schema()["properties"]["runtime"]["properties"]["platform"]

    assert "execution_ipc" in platform["properties"]
    assert "if" in platform


def test_mutation_targets_cover_every_code_the_schema_raises() -> None:
    raised = {t.code for t in strategies._targets(V1)}

    assert raised == {code for code, entry in catalog().items() if "raised_by" not in entry}


def test_a_keyword_the_strategies_do_not_know_fails_loudly() -> None:
    with pytest.raises(NotImplementedError, match=r"\['pattern'\].*must learn"):
        strategies._check_keywords({"type": "string", "pattern": "^a"}, ("runtime", "x"))


@pytest.mark.parametrize(
    "schema", [{"type": "number"}, {"type": ["string", "integer"]}, {"oneOf": []}]
)
def test_a_value_the_strategies_cannot_draw_fails_loudly(schema: dict[str, object]) -> None:
    with pytest.raises(NotImplementedError):
        strategies._valid_value(schema, ("x",), None)


def test_a_condition_the_strategies_cannot_satisfy_fails_loudly() -> None:
    with pytest.raises(NotImplementedError, match="cannot make the condition"):
        strategies._satisfying({}, {"minProperties": 1}, ("x",), lambda _: False)
