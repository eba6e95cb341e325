"""The schema as editor documentation: what `make lint-schema` adds to test_schema_file.py.

Every owned field is documented for hover and completion, every coded rule carries the
editor message derived from its codes and the catalog, and the snippets are real configs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from importlib.metadata import version
from typing import Any, Final

import pytest

from stream_kernel.config._contracts import V1
from stream_kernel.config._schema import BRANCHES, compile_validator, iter_subschemas, rules_view
from stream_kernel.config.validator import validate_newgen_config
from tests.support.corpus import ROOT, Example, examples
from tests.support.editor_messages import editor_message

pytestmark = pytest.mark.schema_lint

SCHEMA: Final = V1.schema()
FIELDS: Final = [
    (at, s) for at, where, s in iter_subschemas(SCHEMA) if at and not set(BRANCHES) & set(where)
]
#: Fields without a `default` of their own, and why (the test fails if the list goes stale).
NO_DEFAULT: Final = {
    # Absent selects the in-memory profile; a default would add the block to every config.
    ("runtime", "platform", "execution_ipc"),
    # Its default depends on secret_mode: it lives in the if/then/else under `auth`.
    ("runtime", "platform", "execution_ipc", "auth", "kdf"),
    # There is no default secret (without one the runtime warns and uses its built-in one).
    ("runtime", "platform", "execution_ipc", "auth", "secret"),
}


def test_every_owned_field_has_markdown_docs_and_a_default_or_a_reason() -> None:
    for at, field in FIELDS:
        assert field.get("markdownDescription", "").strip(), at
        assert ("default" in field) != (at in NO_DEFAULT), at


def test_the_markdown_description_names_every_code_the_field_raises() -> None:
    for at, field in FIELDS:
        for code in set(field.get("x-error-code", {}).values()):
            assert f"**{code}**" in field["markdownDescription"], (at, code)


def test_every_enum_value_has_a_description_for_completion_lists() -> None:
    for at, field in FIELDS:
        if "enum" in field:
            plain, markdown = field["enumDescriptions"], field["markdownEnumDescriptions"]
            assert len(plain) == len(markdown) == len(field["enum"]), at
            # The plain text is the Markdown without its markup, never a second wording.
            assert plain == [re.sub(r"\*\*|`", "", m) for m in markdown], at


def test_every_coded_rule_carries_the_editor_message_derived_from_the_catalog() -> None:
    checked = 0
    for _, where, schema in iter_subschemas(SCHEMA):
        expected = None if "if" in where else editor_message(schema, SCHEMA)
        assert schema.get("errorMessage") == expected, (where, expected)
        checked += expected is not None
    # The root, 5 sections, 11 fields, and the 3 subschemas of the BOOT-CFG-05 rule.
    assert checked == 20


def test_editor_messages_lead_with_the_code_and_never_show_a_value() -> None:
    messages = [s["errorMessage"] for _, _, s in iter_subschemas(SCHEMA) if "errorMessage" in s]
    for message in messages:
        assert re.match(r"^(BOOT|SK)-CFG-\d\d\d?: ", message), message
        assert "{" not in message  # static text: the server has no placeholders


def test_the_root_snippets_are_the_platform_snippets_inside_runtime_platform() -> None:
    platform = SCHEMA["properties"]["runtime"]["properties"]["platform"]

    root = [{**s, "body": s["body"]["runtime"]["platform"]} for s in SCHEMA["defaultSnippets"]]

    assert root == platform["defaultSnippets"]
    assert [s["label"] for s in root] == [
        "memory profile (no IPC)",
        "tcp_local, inline",
        "process_supervisor, generated secret",
    ]


@pytest.mark.parametrize("snippet", SCHEMA["defaultSnippets"], ids=lambda s: s["label"])
def test_every_snippet_is_a_valid_config_of_its_profile(snippet: Mapping[str, Any]) -> None:
    body = json.loads(re.sub(r"\$\{\d+:([^}]*)\}", r"\1", json.dumps(snippet["body"])))

    normalized = validate_newgen_config(body)

    platform = normalized["runtime"]["platform"]
    memory = snippet["label"].startswith("memory")
    assert ("execution_ipc" in platform) != memory
    if not memory:
        auth = platform["execution_ipc"]["auth"]
        assert auth["secret_mode"] == "static" or auth["kdf"] == "hkdf_sha256"


def test_annotations_never_change_a_verdict() -> None:
    # rules_view strips every annotation; jsonschema validates the same with or without.
    stripped = rules_view(SCHEMA)
    for _, _, schema in iter_subschemas(stripped):
        assert not {"markdownDescription", "errorMessage", "defaultSnippets"} & set(schema)
    full, rules = compile_validator(SCHEMA), compile_validator(stripped)
    corpus = [
        e
        for kind in ("valid", "invalid")
        for e in examples(kind)
        if e.id != "self-referencing-document"
    ]
    for example in corpus:
        document = example.document()
        assert full.is_valid(document) == rules.is_valid(document), example.id
        assert rules.is_valid(document) == (kind_of(example) == "valid"), example.id


def kind_of(example: Example) -> str:
    return example.path.parent.name


def test_the_package_ships_its_schemas_whose_names_ids_and_package_version_agree() -> None:
    # test_schema_file.py checks V1.schema_file against $id; this checks what is on disk and
    # the package version: the default contract v1 ships in package 0.x or 1.x.
    shipped = sorted(p.name for p in (ROOT / "schemas").glob("*.schema.json"))
    found = re.fullmatch(r"runtime-config\.v(\d+)\.schema\.json", V1.schema_file)
    assert found is not None
    package_major = int(version("stream-kernel-config").split(".")[0])

    assert shipped == [V1.schema_file, "runtime-config.v2.schema.json"]
    for name in shipped:
        major = re.fullmatch(r"runtime-config\.v(\d+)\.schema\.json", name)
        assert major is not None, name
        on_disk = json.loads((ROOT / "schemas" / name).read_text(encoding="utf-8"))
        assert on_disk["$id"].endswith(f"/v{major[1]}.json"), name
    assert SCHEMA["$id"].endswith(f"/v{found[1]}.json")
    assert package_major in {0, int(found[1])}


def test_the_schemastore_catalog_entry_points_at_this_schema() -> None:
    entry = json.loads((ROOT / "schemas" / "catalog.json").read_text(encoding="utf-8"))

    (schema,) = entry["schemas"]
    assert entry["version"] == 1
    assert set(schema) == {"name", "description", "fileMatch", "url", "versions"}
    assert schema["url"] == SCHEMA["$id"]
    assert schema["versions"] == {"v1": SCHEMA["$id"]}
    assert schema["fileMatch"]
    assert all(isinstance(m, str) for m in schema["fileMatch"])
    assert schema["name"].strip()
    assert schema["description"].strip()
