"""ajv (pinned, strict mode) and python-jsonschema agree on every verdict.

Editors and JavaScript tooling validate with ajv or code like it; the package validates
with python-jsonschema. The same schema must mean the same thing in both: on every
corpus example and on 1,200 generated documents, valid and mutated.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

import pytest

from stream_kernel.config._catalog import catalog
from stream_kernel.config._schema import ANNOTATIONS, CODE_KEYWORD
from stream_kernel.config.validator import ConfigError, validate_newgen_config
from tests.support.corpus import ROOT, examples

from .documents import generated_documents
from .interop import SCHEMA_PATH, VERSIONS, node, node_package

SCRIPT: Final = ROOT / "tests" / "ide" / "ajv_verdicts.cjs"
GENERATED: Final = 1200
#: The corpus file that is no JSON document: it contains itself (SK-CFG-103).
NOT_JSON: Final = {"self-referencing-document"}
#: Every code a schema rule raises (the others are the validator's own: SK-CFG-103/104).
SCHEMA_CODES: Final = {c for c, entry in catalog().items() if "raised_by" not in entry}


def ajv(
    *args: str, documents: Sequence[Any] = (), schema: Path = SCHEMA_PATH
) -> subprocess.CompletedProcess[str]:
    node_package("ajv")
    keywords = [a for k in sorted(ANNOTATIONS | {CODE_KEYWORD}) for a in ("--keyword", k)]
    return subprocess.run(
        [node(), str(SCRIPT), str(schema), *keywords, *args],
        input="".join(json.dumps(d) + "\n" for d in documents),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def ajv_verdicts(documents: Sequence[Any], schema: Path = SCHEMA_PATH) -> list[bool]:
    run = ajv(documents=documents, schema=schema)
    assert run.returncode == 0, run.stderr
    # One line a document, split at "\n" only: a key may hold U+2028, which JSON keeps as
    # is and str.splitlines() would split at.
    verdicts = [json.loads(line)["valid"] for line in run.stdout.split("\n") if line]
    assert len(verdicts) == len(documents)
    return verdicts


def python_verdict(document: Any) -> bool:  # noqa: ANN401 - any JSON document
    try:
        validate_newgen_config(document)
    except ConfigError:
        return False
    return True


def as_json(document: Any) -> Any:  # noqa: ANN401
    """``document`` as ajv receives it (YAML's integer keys become strings)."""
    return json.loads(json.dumps(document))


@pytest.mark.schema_lint
def test_the_schema_compiles_in_ajv_strict_mode() -> None:
    run = ajv("--compile-only")

    assert run.returncode == 0, run.stderr
    assert run.stdout == "ajv strict compilation passed\n"


def test_ajv_strict_mode_refuses_a_keyword_nobody_registered() -> None:
    # The check above can fail: without our annotation keywords, strict mode refuses them.
    node_package("ajv")
    run = subprocess.run(
        [node(), str(SCRIPT), str(SCHEMA_PATH), "--compile-only"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip

    assert run.returncode == 1
    assert "strict mode: unknown keyword" in run.stderr


def test_ajv_and_python_agree_on_every_corpus_example() -> None:
    corpus = [e for e in (*examples("valid"), *examples("invalid")) if e.id not in NOT_JSON]
    documents = [as_json(e.document()) for e in corpus]

    verdicts = ajv_verdicts(documents)

    for example, document, verdict in zip(corpus, documents, verdicts, strict=True):
        assert verdict == python_verdict(document), example.id
        assert verdict == (example.path.parent.name == "valid"), example.id


def test_ajv_and_python_agree_on_generated_documents() -> None:
    documents = [as_json(d) for d in generated_documents(GENERATED)]

    verdicts = ajv_verdicts(documents)
    python = [python_verdict(d) for d in documents]

    disagreements = [(d, a) for d, a, p in zip(documents, verdicts, python, strict=True) if a != p]
    assert not disagreements, disagreements[:5]
    # Both verdicts are well represented, or the agreement would prove little: every
    # valid-by-construction document is valid, and the mutations break every schema rule.
    assert python[: GENERATED // 2] == [True] * (GENERATED // 2)
    assert python.count(False) >= GENERATED // 4
    assert codes_raised(documents) == SCHEMA_CODES


def codes_raised(documents: Sequence[Any]) -> set[str]:
    return {code for document in documents for code in codes_of(document)}


def codes_of(document: Any) -> set[str]:  # noqa: ANN401 - any JSON document
    try:
        validate_newgen_config(document)
    except ConfigError as err:
        return {d.code for d in err.diagnostics}
    return set()


def test_package_json_pins_the_versions_the_tests_expect() -> None:
    manifest = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))

    for name, prefix in VERSIONS.items():
        assert manifest["devDependencies"][name].startswith(prefix), name
        assert lock["packages"][f"node_modules/{name}"]["version"].startswith(prefix), name
