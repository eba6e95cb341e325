"""Small builders and assertions shared by the validator tests."""

from __future__ import annotations

from typing import Any

import pytest

from stream_kernel.config._contracts import ContractChoice
from stream_kernel.config.validator import ConfigError, validate_newgen_config


def platform(**blocks: Any) -> dict[str, Any]:  # noqa: ANN401 - YAML-shaped
    """A config whose ``runtime.platform`` holds ``blocks``."""
    return {"runtime": {"platform": blocks}}


def rejected(raw: object, *, contract: ContractChoice = "v1") -> ConfigError:
    """The ConfigError that validating ``raw`` against ``contract`` must raise."""
    with pytest.raises(ConfigError) as caught:
        validate_newgen_config(raw, contract=contract)
    return caught.value


def codes_at(raw: object) -> set[tuple[str, str]]:
    """Every (code, path) that validating ``raw`` reports."""
    return {(d.code, d.path) for d in rejected(raw).diagnostics}
