"""check-jsonschema (PyPI), the CLI many users already run, accepts each contract's schema
and agrees with the library on that contract's corpus.

It is another python-jsonschema front end with its own YAML loader (ruamel, YAML 1.2),
so agreement here shows the schema's verdicts do not hang on our loader or post-pass.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Final

import pytest

from stream_kernel.config._contracts import V1, Contract

from .interop import EACH_CONTRACT, corpus, schema_path, unavailable

#: check-jsonschema 0.39.0 recurses without end into a document that contains itself
#: (a YAML anchor inside its own node) and dies with a RecursionError traceback.
SELF_REFERENCING: Final = "self-referencing-document"


def check_jsonschema(*args: str) -> subprocess.CompletedProcess[str]:
    # The console script next to this interpreter: the `interop` extra installs it.
    found = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
    if found is None:
        unavailable("check-jsonschema is not installed: pip install -e '.[interop]'")
    assert found is not None
    return subprocess.run([found, *args], capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.schema_lint
@EACH_CONTRACT
def test_check_jsonschema_accepts_the_schema_against_its_metaschema(contract: Contract) -> None:
    run = check_jsonschema("--check-metaschema", str(schema_path(contract)))

    assert run.returncode == 0, run.stdout + run.stderr
    assert "ok -- validation done" in run.stdout


@EACH_CONTRACT
def test_every_valid_example_passes(contract: Contract) -> None:
    files = [str(e.path) for e in corpus(contract, "valid")]

    run = check_jsonschema("--schemafile", str(schema_path(contract)), *files)

    assert run.returncode == 0, run.stdout + run.stderr


@EACH_CONTRACT
def test_every_invalid_example_fails_at_the_paths_we_report(contract: Contract) -> None:
    # A self-referencing document crashes the tool (the test below); only v1's corpus has one.
    examples = [e for e in corpus(contract, "invalid") if e.id != SELF_REFERENCING]

    run = check_jsonschema(
        "--output-format",
        "json",
        "--schemafile",
        str(schema_path(contract)),
        *[str(e.path) for e in examples],
    )

    assert run.returncode == 1, run.stderr
    report = json.loads(run.stdout)
    assert report["parse_errors"] == []
    for example in examples:
        paths = {
            e["path"] for e in report["errors"] if Path(e["filename"]).resolve() == example.path
        }
        assert paths, example.id
        # Each of our paths is one check-jsonschema reports, or lies under one (a missing
        # key is reported at its parent; an unknown key at the mapping that holds it).
        for _, path in example.expected:
            ours = "$" + "".join(f".{p}" for p in path.split(".")) if path else "$"
            assert any(ours == p or ours.startswith(p + ".") for p in paths), (example.id, path)


def test_a_self_referencing_document_is_refused_though_not_reported() -> None:
    (example,) = [e for e in corpus(V1, "invalid") if e.id == SELF_REFERENCING]

    run = check_jsonschema("--schemafile", str(schema_path(V1)), str(example.path))

    # Same verdict (not valid), reached by crashing: exit 1 with a traceback. Our
    # validator reports SK-CFG-103 instead.
    assert run.returncode == 1
    assert "RecursionError" in run.stderr
