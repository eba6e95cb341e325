"""Helpers for the interop tests: the real yaml-language-server, ajv and check-jsonschema.

Each client is optional on a developer's machine: a test that needs one it cannot find
is skipped and says how to get it. CI sets ``SK_REQUIRE_INTEROP=1`` (``.ci/run``), which
turns every such skip into a failure, so a green CI run has driven every client.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
from pathlib import Path
from typing import Final

import pytest

from stream_kernel.config._contracts import V1, V2, Contract
from tests.support.corpus import ROOT, Example, examples

NODE_MODULES: Final = ROOT / "node_modules"
#: The versions package.json pins (a test checks they agree), by prefix.
VERSIONS: Final = {"yaml-language-server": "1.25.", "ajv": "8."}
SCHEMAS: Final = ROOT / "src" / "stream_kernel" / "config" / "schemas"
SCHEMA_PATH: Final = SCHEMAS / V1.schema_file
V2_SCHEMA_PATH: Final = SCHEMAS / V2.schema_file
#: Documents under this made-up folder are mapped to the (v1) schema through `yaml.schemas`.
DOCUMENTS: Final = "file:///sk-ide-tests"
#: Documents under this one to the v2 schema.
V2_DOCUMENTS: Final = "file:///sk-ide-tests-v2"
#: The tests that run alike on each bundled contract take it as ``contract``.
EACH_CONTRACT: Final = pytest.mark.parametrize("contract", [V1, V2], ids=lambda c: c.name)
_SERIAL = itertools.count()


def schema_path(contract: Contract) -> Path:
    """The schema file of a bundled contract, as shipped in the package."""
    return SCHEMAS / contract.schema_file


def corpus(contract: Contract, kind: str) -> list[Example]:
    """The corpus examples of ``kind`` (``valid`` or ``invalid``) for a bundled contract:
    v1's under ``examples/``, another contract's under ``examples/<its name>/``."""
    return examples(kind if contract == V1 else f"{contract.name}/{kind}")


def unavailable(reason: str) -> None:
    """Skip the calling test, or fail it where CI demands every interop client."""
    if os.environ.get("SK_REQUIRE_INTEROP") == "1":
        pytest.fail(f"SK_REQUIRE_INTEROP=1 but {reason}", pytrace=False)
    pytest.skip(reason)


def node() -> str:
    """The full path of ``node``; else skip (see above)."""
    found = shutil.which("node")
    if found is None:
        unavailable("node is not on PATH (Node 20 or newer runs the interop tests)")
    assert found is not None
    return found


def node_package(name: str) -> Path:
    """The installed npm package ``name``, with ``node`` on PATH; else skip (see above)."""
    node()
    package = NODE_MODULES / name
    if not (package / "package.json").is_file():
        unavailable(f"{name} is not installed: run `npm ci` in the repository root")
    installed = json.loads((package / "package.json").read_text(encoding="utf-8"))["version"]
    if not installed.startswith(VERSIONS[name]):
        # Another version than the lock file pins proves nothing about the pinned one.
        pytest.fail(f"{name} {installed} is installed, the tests need {VERSIONS[name]}x: npm ci")
    return package


def fresh_uri(name: str, *, under: str = DOCUMENTS) -> str:
    """A document URI never used before in this session: the server caches by URI.

    ``under`` is the made-up folder, and so the schema the document is mapped to.
    """
    return f"{under}/{next(_SERIAL)}/{name}"


def yaml_settings(section: str | None) -> object:
    """The client's answer to the server's `workspace/configuration` pulls."""
    if section == "yaml":
        return {
            "schemas": {
                SCHEMA_PATH.as_uri(): [f"{DOCUMENTS}/**/*.yaml"],
                V2_SCHEMA_PATH.as_uri(): [f"{V2_DOCUMENTS}/**/*.yaml"],
            },
            # The schema store is fetched from the network; tests never touch it.
            "schemaStore": {"enable": False},
            "validate": True,
            "hover": True,
            "completion": True,
        }
    return None
