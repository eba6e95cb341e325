"""Every labelled mutation of a valid config is rejected with its code, at its path."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft7Validator

from stream_kernel.config._catalog import catalog
from stream_kernel.config._contracts import V1
from stream_kernel.config.strategies import Mutant, invalid_configs
from stream_kernel.config.validator import ConfigError, validate_newgen_config

from .budget import budget, counted

SCHEMA = Draft7Validator(V1.schema())
# Codes the schema's rules raise; the validator's own (raised_by) need no mutation.
SCHEMA_CODES = sorted(code for code, entry in catalog().items() if "raised_by" not in entry)


def diagnostics_of(mutant: Mutant) -> set[tuple[str, str]]:
    with pytest.raises(ConfigError) as caught:
        validate_newgen_config(mutant.config)
    return {(d.code, d.path) for d in caught.value.diagnostics}


@budget(ci=40, fuzz=20_000)
@given(mutant=invalid_configs())
@counted
def test_every_mutant_is_rejected_with_its_code_at_its_path(mutant: Mutant) -> None:
    found = diagnostics_of(mutant)

    assert (mutant.code, mutant.path) in found, mutant.rule
    assert not SCHEMA.is_valid(mutant.config)


@pytest.mark.parametrize("code", SCHEMA_CODES)
@budget(ci=2, fuzz=400)
@given(data=st.data())
@counted
def test_each_schema_code_has_mutants_that_raise_it(code: str, data: st.DataObject) -> None:
    mutant = data.draw(invalid_configs(codes=[code]))

    assert mutant.code == code
    assert (code, mutant.path) in diagnostics_of(mutant)


def test_the_schema_raises_the_spec_codes_and_the_project_codes() -> None:
    assert {"BOOT-CFG-01", "BOOT-CFG-02", "BOOT-CFG-03", "BOOT-CFG-05"} <= set(SCHEMA_CODES)
    assert "SK-CFG-101" in SCHEMA_CODES
    assert "SK-CFG-103" not in SCHEMA_CODES
