"""check-jsonschema accepts the v2 schema and agrees with the library on the v2 corpus."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Final

import pytest

from tests.support.corpus import examples

from .interop import V2_SCHEMA_PATH
from .test_check_jsonschema import check_jsonschema

VALID: Final = examples("v2/valid")
INVALID: Final = examples("v2/invalid")


@pytest.mark.schema_lint
def test_check_jsonschema_accepts_the_v2_schema_against_its_metaschema() -> None:
    run = check_jsonschema("--check-metaschema", str(V2_SCHEMA_PATH))

    assert run.returncode == 0, run.stdout + run.stderr
    assert "ok -- validation done" in run.stdout


def test_every_valid_v2_example_passes() -> None:
    run = check_jsonschema("--schemafile", str(V2_SCHEMA_PATH), *[str(e.path) for e in VALID])

    assert run.returncode == 0, run.stdout + run.stderr


def test_every_invalid_v2_example_fails_at_the_paths_we_report() -> None:
    run = check_jsonschema(
        "--output-format",
        "json",
        "--schemafile",
        str(V2_SCHEMA_PATH),
        *[str(e.path) for e in INVALID],
    )

    assert run.returncode == 1, run.stderr
    report = json.loads(run.stdout)
    assert report["parse_errors"] == []
    for example in INVALID:
        paths = {
            e["path"] for e in report["errors"] if Path(e["filename"]).resolve() == example.path
        }
        assert paths, example.id
        # Each of our paths is one check-jsonschema reports, or lies under one (a missing
        # key is reported at its parent; an unknown key at the mapping that holds it).
        for _, path in example.expected:
            ours = "$" + "".join(f".{p}" for p in path.split(".")) if path else "$"
            assert any(ours == p or ours.startswith(p + ".") for p in paths), (example.id, path)
