"""The example corpus: every valid file is accepted, every invalid one gets exactly its codes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from stream_kernel.config.validator import ConfigError, validate_newgen_config
from tests.support.corpus import ABSENT, ROOT, Example, examples, lookup

VALID = examples("valid")
INVALID = examples("invalid")
SPEC = ROOT / "docs" / "spec" / "step-a-contract-freeze.md"


def test_the_corpus_is_not_empty() -> None:
    assert len(VALID) >= 5
    assert len(INVALID) >= 5


@pytest.mark.parametrize("example", VALID, ids=lambda e: e.id)
def test_valid_example_is_accepted_with_its_normalized_values(example: Example) -> None:
    normalized = validate_newgen_config(example.document())

    for path, expected in example.normalized:
        got = lookup(normalized, path)
        assert got is expected if expected is ABSENT else got == expected, path


@pytest.mark.parametrize("example", VALID, ids=lambda e: e.id)
def test_valid_example_validates_again_unchanged(example: Example) -> None:
    once = validate_newgen_config(example.document())

    assert validate_newgen_config(once) == once


@pytest.mark.parametrize("example", INVALID, ids=lambda e: e.id)
def test_invalid_example_gets_exactly_its_declared_diagnostics(example: Example) -> None:
    assert example.expected, f"{example.path.name} declares no '# expect:' line"

    with pytest.raises(ConfigError) as caught:
        validate_newgen_config(example.document())

    got = {(d.code, d.path) for d in caught.value.diagnostics}
    assert got == example.expected


def _spec_examples() -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", SPEC.read_text(encoding="utf-8"), flags=re.DOTALL)


def _body(path: Path) -> str:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    return "".join(line for line in lines if not line.startswith("#"))


def test_every_spec_example_is_in_the_corpus_verbatim() -> None:
    bodies = {_body(e.path) for e in VALID + INVALID}
    found = _spec_examples()

    assert len(found) == 5
    for block in found:
        assert block in bodies, block
