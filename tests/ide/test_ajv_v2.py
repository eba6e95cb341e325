"""ajv (strict) and the library agree on contract v2: the schema compiles, and every v2
corpus example and over 1,000 documents drawn by the v2 strategies get the same verdict.

The documents come from the public strategies (``contract="v2"``): valid configs of
every v2 profile, and mutants that break each coded rule of the schema, so the
agreement covers every rule and not only what a hand-written generator thought of.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final, TypeVar

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from stream_kernel.config._contracts import V2
from stream_kernel.config.strategies import invalid_configs, valid_configs
from stream_kernel.config.validator import ConfigError, validate_newgen_config
from tests.support.corpus import examples

from .interop import V2_SCHEMA_PATH
from .test_ajv import ajv, ajv_verdicts, as_json

T = TypeVar("T")

VALID: Final = 520
#: Mutants drawn for each code a schema rule raises (16 codes: 480 documents).
PER_CODE: Final = 30
#: Every code a rule of the v2 schema raises (the others are the validator's own).
SCHEMA_CODES: Final = {c for c, entry in V2.catalog().items() if "raised_by" not in entry}


def drawn(strategy: st.SearchStrategy[T], count: int) -> list[T]:
    """``count`` values of ``strategy``, the same on every run (derandomized, no shrinking)."""
    found: list[T] = []

    # Generation only: every drawn value is kept, and nothing is judged here.
    @settings(
        max_examples=count,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def collect(value: T) -> None:
        found.append(value)

    collect()
    return found


def verdict(document: Any) -> bool:  # noqa: ANN401 - any JSON document
    try:
        validate_newgen_config(document, contract="v2")
    except ConfigError:
        return False
    return True


def codes_of(document: Any) -> set[str]:  # noqa: ANN401 - any JSON document
    try:
        validate_newgen_config(document, contract="v2")
    except ConfigError as err:
        return {d.code for d in err.diagnostics}
    return set()


@pytest.mark.schema_lint
def test_the_v2_schema_compiles_in_ajv_strict_mode() -> None:
    run = ajv("--compile-only", schema=V2_SCHEMA_PATH)

    assert run.returncode == 0, run.stderr
    assert run.stdout == "ajv strict compilation passed\n"


def test_ajv_and_the_library_agree_on_every_v2_corpus_example() -> None:
    corpus = [*examples("v2/valid"), *examples("v2/invalid")]
    documents = [as_json(e.document()) for e in corpus]

    verdicts = ajv_verdicts(documents, V2_SCHEMA_PATH)

    for example, document, judged in zip(corpus, documents, verdicts, strict=True):
        assert judged == verdict(document), example.id
        assert judged == (example.path.parent.name == "valid"), example.id


@pytest.fixture(scope="module")
def generated() -> tuple[list[Any], list[Any]]:
    """(valid documents, mutants) as ajv receives them: JSON, so keys are strings."""
    valid = [as_json(c) for c in drawn(valid_configs(contract="v2"), VALID)]
    mutants = [
        as_json(m.config)
        for code in sorted(SCHEMA_CODES)
        for m in drawn(invalid_configs(codes={code}, contract="v2"), PER_CODE)
    ]
    return valid, mutants


def test_ajv_and_the_library_agree_on_over_a_thousand_drawn_v2_documents(
    generated: tuple[list[Any], list[Any]],
) -> None:
    valid, mutants = generated
    documents: Sequence[Any] = [*valid, *mutants]

    verdicts = ajv_verdicts(documents, V2_SCHEMA_PATH)
    ours = [verdict(d) for d in documents]

    assert len(documents) >= 1000
    disagreements = [(d, a) for d, a, p in zip(documents, verdicts, ours, strict=True) if a != p]
    assert not disagreements, disagreements[:5]
    # Both verdicts are well represented, or the agreement would prove little: every drawn
    # valid config is valid, most mutants are invalid, and every schema rule was broken.
    assert ours[: len(valid)] == [True] * len(valid)
    assert ours[len(valid) :].count(False) >= len(mutants) * 3 // 4
    assert {c for d in mutants for c in codes_of(d)} >= SCHEMA_CODES
