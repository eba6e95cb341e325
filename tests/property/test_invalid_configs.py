"""Every labelled mutation of a valid config is rejected with its code, at its path, for
each contract."""

from __future__ import annotations

from typing import Final

import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st
from jsonschema import Draft7Validator

from stream_kernel.config._catalog import catalog
from stream_kernel.config._contracts import V1, V2
from stream_kernel.config._strategy_mutants import reported_path
from stream_kernel.config.strategies import invalid_configs
from stream_kernel.config.validator import ConfigError, validate_newgen_config

from .budget import budget, counted

CONTRACTS: Final = {"v1": V1, "v2": V2}
SCHEMAS: Final = {name: Draft7Validator(c.schema()) for name, c in CONTRACTS.items()}
# Codes the schema's rules raise; the validator's own (raised_by) need no mutation.
SCHEMA_CODES: Final = {
    name: sorted(code for code, entry in catalog(c).items() if "raised_by" not in entry)
    for name, c in CONTRACTS.items()
}


def diagnostics_of(config: object, contract: str) -> set[tuple[str, str]]:
    with pytest.raises(ConfigError) as caught:
        validate_newgen_config(config, contract=contract)
    return {(d.code, d.path) for d in caught.value.diagnostics}


@pytest.mark.parametrize("contract", CONTRACTS)
@budget(ci=40, fuzz=20_000)
@given(data=st.data())
@counted
def test_every_mutant_is_rejected_with_its_code_at_its_path(
    contract: str, data: st.DataObject
) -> None:
    mutant = data.draw(invalid_configs(contract=contract))
    found = diagnostics_of(mutant.config, contract)

    assert (mutant.code, mutant.path) in found, mutant.rule
    assert not SCHEMAS[contract].is_valid(mutant.config)


@pytest.mark.parametrize(
    ("contract", "code"), [(c, code) for c, codes in SCHEMA_CODES.items() for code in codes]
)
@budget(ci=2, fuzz=400)
@given(data=st.data())
@counted
def test_each_schema_code_has_mutants_that_raise_it(
    contract: str, code: str, data: st.DataObject
) -> None:
    mutant = data.draw(invalid_configs(codes=[code], contract=contract))

    assert mutant.code == code
    assert (code, mutant.path) in diagnostics_of(mutant.config, contract)


def test_the_schema_raises_the_spec_codes_and_the_project_codes() -> None:
    assert {"BOOT-CFG-01", "BOOT-CFG-02", "BOOT-CFG-03", "BOOT-CFG-05"} <= set(SCHEMA_CODES["v1"])
    assert "SK-CFG-101" in SCHEMA_CODES["v1"]
    assert "SK-CFG-103" not in SCHEMA_CODES["v1"]
    assert set(SCHEMA_CODES["v1"]) | {
        "SK-CFG-207",
        "SK-CFG-208",
        "SK-CFG-209",
        "SK-CFG-210",
    } == set(SCHEMA_CODES["v2"])


def test_an_unknown_key_under_v2s_control_auth_is_labelled_as_the_validator_hides_it() -> None:
    # v2 has a second secret block; the label once named the key under it by its own text,
    # while the validator names it by its kind.
    control_auth = "runtime.platform.execution_ipc.control.auth."
    mutant = find(
        invalid_configs(contract="v2", codes=["SK-CFG-201"]),
        lambda m: m.path.startswith(control_auth) and m.path.count(".") == 5,
        settings=settings(max_examples=5_000, database=None, derandomize=True),
    )

    assert (mutant.code, mutant.path) in diagnostics_of(mutant.config, "v2")
    assert mutant.path.removeprefix(control_auth).startswith("<")


@pytest.mark.parametrize("text", ["0", "00"], ids=["shared-by-cpython", "two-objects"])
def test_a_key_that_is_the_secret_object_by_chance_is_labelled_as_the_validator_hides_it(
    text: str,
) -> None:
    # CPython shares one-character strings: a drawn key "0" is the very object of the
    # secret "0", and the validator, which hides by origin, cannot tell it from an alias.
    # A longer text is built twice, as two objects: the key is then shown.
    secret, key = "".join(list(text)), "".join(list(text))
    config = {
        "runtime": {
            "platform": {
                "execution_ipc": {"bind_host": "127.0.0.1", "auth": {"secret": secret}},
                "bootstrap": {key: None},
            }
        }
    }
    label = reported_path(config, ("runtime", "platform", "bootstrap", key), V1)

    assert diagnostics_of(config, "v1") == {("SK-CFG-201", label)}
    assert label.endswith("<a 1-character string>" if key is secret else ".00")
