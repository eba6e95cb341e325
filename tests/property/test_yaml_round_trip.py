"""A valid config written as YAML and read back by the project's loader normalizes to the
same document."""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import given

from stream_kernel.config.loader import load_yaml
from stream_kernel.config.strategies import valid_configs
from stream_kernel.config.validator import validate_newgen_config

from .budget import budget, counted


@budget(ci=15, fuzz=8_000)
@given(raw=valid_configs())
@counted
def test_a_valid_config_survives_a_yaml_round_trip(raw: dict[str, Any]) -> None:
    text = yaml.safe_dump(raw, sort_keys=False)

    loaded = load_yaml(text).document

    # repr compares types as well: 8080 and 8080.0 are equal but not the same document.
    assert repr(validate_newgen_config(loaded)) == repr(validate_newgen_config(raw))
