"""The example corpus of each contract: every valid file is accepted with its normalized
values and warnings, every invalid one gets exactly its codes, through the library and
through ``check_text``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

import pytest

from stream_kernel.config.check import check_text
from stream_kernel.config.validator import ConfigError, validate_newgen_config
from tests.support.corpus import ABSENT, ROOT, Example, examples, lookup

#: Each contract's corpus folder, under examples/.
FOLDERS: Final = {"v1": "", "v2": "v2/"}
VALID: Final = [(c, e) for c, folder in FOLDERS.items() for e in examples(f"{folder}valid")]
INVALID: Final = [(c, e) for c, folder in FOLDERS.items() for e in examples(f"{folder}invalid")]
SPEC = ROOT / "docs" / "spec" / "step-a-contract-freeze.md"


def case_id(case: object) -> str:
    return case.id if isinstance(case, Example) else str(case)


@pytest.mark.parametrize("contract", FOLDERS)
def test_the_corpus_is_not_empty(contract: str) -> None:
    assert len([e for c, e in VALID if c == contract]) >= 5
    assert len([e for c, e in INVALID if c == contract]) >= 5


@pytest.mark.parametrize(("contract", "example"), VALID, ids=case_id)
def test_valid_example_is_accepted_with_its_normalized_values(
    contract: str, example: Example
) -> None:
    normalized = validate_newgen_config(example.document(), contract=contract)

    for path, expected in example.normalized:
        got = lookup(normalized, path)
        assert got is expected if expected is ABSENT else got == expected, path
        # The type too: a number stays as written (100.0 a float), an integer is an int.
        assert expected is ABSENT or type(got) is type(expected), path


@pytest.mark.parametrize(("contract", "example"), VALID, ids=case_id)
def test_valid_example_validates_again_unchanged(contract: str, example: Example) -> None:
    once = validate_newgen_config(example.document(), contract=contract)

    assert validate_newgen_config(once, contract=contract) == once


@pytest.mark.parametrize(("contract", "example"), INVALID, ids=case_id)
def test_invalid_example_gets_exactly_its_declared_diagnostics(
    contract: str, example: Example
) -> None:
    assert example.expected, f"{example.path.name} declares no '# expect:' line"

    with pytest.raises(ConfigError) as caught:
        validate_newgen_config(example.document(), contract=contract)

    got = {(d.code, d.path) for d in caught.value.diagnostics}
    assert got == example.expected


@pytest.mark.parametrize(("contract", "example"), VALID + INVALID, ids=case_id)
def test_checking_the_file_reports_exactly_its_declared_findings(
    contract: str, example: Example
) -> None:
    result = check_text(example.text, source=example.path.name, contract=contract)

    assert {(d.code, d.path) for d in result.diagnostics} == example.checked
    assert all(d.line is not None and d.column is not None for d in result.diagnostics)
    assert result.ok == (example in [e for _, e in VALID])


def test_a_v2_file_is_judged_by_v1_only_when_asked() -> None:
    # The same text, two contracts: v2's new transport is an unknown value to v1.
    (example,) = [e for c, e in VALID if c == "v2" and e.id == "ipc-local-minimal"]

    assert check_text(example.text, contract="v2").ok
    assert check_text(example.text).ok  # its modeline names v2
    # Asked for v1, the modeline's contradiction is reported too.
    assert {d.code for d in check_text(example.text, contract="v1").errors} >= {
        "SK-CFG-204",
        "SK-CFG-501",
    }


def _spec_examples() -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", SPEC.read_text(encoding="utf-8"), flags=re.DOTALL)


def _body(path: Path) -> str:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    return "".join(line for line in lines if not line.startswith("#"))


def test_every_spec_example_is_in_the_corpus_verbatim() -> None:
    bodies = {_body(e.path) for c, e in VALID + INVALID if c == "v1"}
    found = _spec_examples()

    assert len(found) == 5
    for block in found:
        assert block in bodies, block
