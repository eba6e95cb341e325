"""`check --format sarif` against the official SARIF 2.1.0 schema (tests/cli/sarif), offline."""

from __future__ import annotations

import copy
import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any, Final

import pytest
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for
from referencing import Registry

from tests.support.corpus import EXAMPLES, examples

from .runner import run_cli

HERE: Final = Path(__file__).resolve().parent
SARIF_SCHEMA_FILE: Final = HERE / "sarif" / "sarif-schema-2.1.0.json"
SARIF_README: Final = HERE / "sarif" / "README.md"
SARIF_SCHEMA: Final[dict[str, Any]] = json.loads(SARIF_SCHEMA_FILE.read_text(encoding="utf-8"))

GOOD: Final = EXAMPLES / "valid" / "typical-service.yaml"
BAD: Final = EXAMPLES / "invalid" / "spec-unknown-kdf.yaml"
WARNS: Final = EXAMPLES / "valid" / "spec-inline-static-secret-defaults.yaml"
# RFC 3986's characters: what a URI reference may hold once percent-encoded.
URI_REFERENCE: Final = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*")


@pytest.fixture(scope="module")
def sarif_validator() -> Validator:
    # The draft that the file's $schema names (draft-04), and a registry that resolves only
    # what the schema holds: a reference to anything else fails instead of being fetched.
    cls = validator_for(SARIF_SCHEMA)
    assert cls.META_SCHEMA["id"] == SARIF_SCHEMA["$schema"]
    cls.check_schema(SARIF_SCHEMA)
    return cls(SARIF_SCHEMA, registry=Registry())


def problems(validator: Validator, document: dict[str, Any]) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    ]


@pytest.fixture(scope="module")
def mixed_report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One run over valid, invalid, warning, unparsable and unreadable files."""
    folder = tmp_path_factory.mktemp("sarif")
    syntax = folder / "syntax.yaml"
    syntax.write_text("runtime: [\n")
    odd = folder / os.fsdecode(b"bad\xff name.yaml")
    odd.write_text("runtime:\n  platform:\n    bootstrap: {mode: x}\n")
    files = [GOOD, BAD, WARNS, syntax, odd, folder / "missing.yaml"]
    files += [e.path for e in examples("valid") + examples("invalid")]

    ran = run_cli("check", "--format", "sarif", *files)

    assert ran.status == 2
    report: dict[str, Any] = ran.json()
    return report


def test_the_vendored_schema_is_the_official_text_unchanged() -> None:
    stated = re.search(r"SHA-256 `([0-9a-f]{64})`", SARIF_README.read_text(encoding="utf-8"))

    assert stated is not None
    assert hashlib.sha256(SARIF_SCHEMA_FILE.read_bytes()).hexdigest() == stated[1]
    assert SARIF_SCHEMA["id"] == (
        "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    )


def test_a_report_over_every_kind_of_file_is_valid_sarif(
    sarif_validator: Validator, mixed_report: dict[str, Any]
) -> None:
    levels = {r["level"] for r in mixed_report["runs"][0]["results"]}

    assert levels == {"error", "warning"}
    assert problems(sarif_validator, mixed_report) == []


def test_a_clean_run_is_valid_sarif(sarif_validator: Validator) -> None:
    ran = run_cli("check", "--format", "sarif", GOOD)

    assert ran.status == 0
    assert ran.json()["runs"][0]["results"] == []
    assert problems(sarif_validator, ran.json()) == []


def test_relative_paths_give_valid_sarif(sarif_validator: Validator) -> None:
    relative = BAD.relative_to(EXAMPLES.parent)

    ran = run_cli("check", "--format", "sarif", relative, cwd=EXAMPLES.parent)

    assert ran.status == 1
    assert problems(sarif_validator, ran.json()) == []


def test_every_artifact_uri_is_a_uri_reference(mixed_report: dict[str, Any]) -> None:
    # The schema's "uri-reference" format is not asserted offline without extra packages.
    uris = [
        location["physicalLocation"]["artifactLocation"]["uri"]
        for result in mixed_report["runs"][0]["results"]
        for location in result["locations"]
    ]

    assert uris
    assert [u for u in uris if not URI_REFERENCE.fullmatch(u)] == []


def test_the_schema_check_rejects_what_sarif_forbids(
    sarif_validator: Validator, mixed_report: dict[str, Any]
) -> None:
    # The control: the same report with one result's level outside SARIF's enum fails.
    broken = copy.deepcopy(mixed_report)
    broken["runs"][0]["results"][0]["level"] = "fatal"

    assert problems(sarif_validator, broken) != []


def test_each_rule_is_named_in_pascal_case_from_every_word_of_its_title() -> None:
    sarif = run_cli("check", "--format", "sarif", GOOD).json()
    rules = sarif["runs"][0]["tool"]["driver"]["rules"]
    names = {rule["id"]: rule["name"] for rule in rules}

    assert all(re.fullmatch(r"[A-Z][A-Za-z0-9]*", name) for name in names.values()), names
    assert len(set(names.values())) == len(names)
    assert names["BOOT-CFG-05"] == (
        "BootstrapModeProcessSupervisorRequiresExecutionIpcTransportTcpLocal"
    )
    assert names["SK-CFG-402"] == "YAML11ImplicitConversion"
