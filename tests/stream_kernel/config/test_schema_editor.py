"""Each schema as editor documentation: what `make lint-schema` adds to test_schema_file.py.

Every owned field is documented for hover and completion, every coded rule carries the
editor message derived from its codes and the catalog, and the snippets are real configs.
Every test runs on every bundled contract (v1 and v2).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from importlib.metadata import version
from typing import Any, Final

import pytest

from stream_kernel.config._contracts import CONTRACTS, DEFAULT_CONTRACT, Contract
from stream_kernel.config._document import ANY_KEY
from stream_kernel.config._schema import compile_validator, iter_subschemas, rules_view
from stream_kernel.config.validator import validate_newgen_config
from tests.support.corpus import ROOT, Example, examples
from tests.support.editor_messages import editor_message

pytestmark = pytest.mark.schema_lint

EACH: Final = pytest.mark.parametrize("contract", list(CONTRACTS.values()), ids=list(CONTRACTS))
#: Where a subschema is a condition, a rule's branch or a key rule, not a field.
NOT_FIELDS: Final = {"if", "then", "else", "allOf", "anyOf", "not", "propertyNames"}
PLATFORM: Final = ("runtime", "platform")
IPC: Final = (*PLATFORM, "execution_ipc")


def fields(contract: Contract) -> list[tuple[tuple[str, ...], Mapping[str, Any]]]:
    return [
        (at, s)
        for at, where, s in iter_subschemas(contract.schema())
        if at and not NOT_FIELDS & set(where)
    ]


def _in_each_ipc_block(*relative: tuple[str, ...]) -> set[tuple[str, ...]]:
    return {(*block, *r) for block in (IPC, (*IPC, "control")) for r in relative}


#: Fields without a `default` of their own, and why (the test fails if a list goes stale).
NO_DEFAULT: Final = {
    "v1": {
        # Absent selects the in-memory profile; a default would add the block to every config.
        IPC,
        # Its default depends on secret_mode: it lives in the if/then/else under `auth`.
        (*IPC, "auth", "kdf"),
        # There is no default secret (without one the runtime warns and uses its built-in one).
        (*IPC, "auth", "secret"),
    },
    "v2": {
        # Its default depends on process_groups: the if/then/else on runtime.platform.
        (*PLATFORM, "bootstrap", "mode"),
        IPC,
        (*IPC, "control"),  # absent stays absent, like execution_ipc
        *_in_each_ipc_block(
            ("auth", "kdf"),  # as in v1
            ("auth", "secret"),  # as in v1
            ("bind_host",),  # required for tcp_local, never filled in
            ("bind_port",),  # 0 for tcp_local only: the if/then of each block
            ("buffer",),  # optional blocks: absent stays absent
            ("flow_control",),
            ("buffer", "per_group", ANY_KEY),  # an override exists only where written
            ("flow_control", "per_group", ANY_KEY),
            # The same block's rate_per_sec (x-default-from), not a constant.
            ("flow_control", "token_bucket", "burst"),
            ("flow_control", "per_group", ANY_KEY, "token_bucket", "burst"),
        ),
    },
}
#: Subschemas that carry an editor message, by contract: a count the test keeps honest.
EDITOR_MESSAGES: Final = {"v1": 20, "v2": 96}
#: The profile snippets each contract offers, in order.
SNIPPETS: Final = {
    "v1": ["memory profile (no IPC)", "tcp_local, inline", "process_supervisor, generated secret"],
    "v2": [
        "memory profile (no IPC)",
        "tcp_local, inline",
        "ipc_local, inline",
        "process_supervisor, generated secret",
        "process groups, process_supervisor",
    ],
}
#: Each contract's corpus folders, valid and invalid.
CORPUS: Final = {"v1": ("valid", "invalid"), "v2": ("v2/valid", "v2/invalid")}


def test_every_bundled_contract_is_listed_here() -> None:
    assert set(NO_DEFAULT) == set(EDITOR_MESSAGES) == set(SNIPPETS) == set(CORPUS) == set(CONTRACTS)


@EACH
def test_every_owned_field_has_markdown_docs_and_a_default_or_a_reason(
    contract: Contract,
) -> None:
    for at, field in fields(contract):
        assert field.get("markdownDescription", "").strip(), at
        assert ("default" in field) != (at in NO_DEFAULT[contract.name]), at


@EACH
def test_the_markdown_description_names_every_code_the_field_raises(contract: Contract) -> None:
    for at, field in fields(contract):
        for code in set(field.get("x-error-code", {}).values()):
            assert f"**{code}**" in field["markdownDescription"], (at, code)


@EACH
def test_every_enum_value_has_a_description_for_completion_lists(contract: Contract) -> None:
    for at, field in fields(contract):
        if "enum" in field:
            plain, markdown = field["enumDescriptions"], field["markdownEnumDescriptions"]
            assert len(plain) == len(markdown) == len(field["enum"]), at
            # The plain text is the Markdown without its markup, never a second wording.
            assert plain == [re.sub(r"\*\*|`", "", m) for m in markdown], at


@EACH
def test_every_coded_rule_carries_the_editor_message_derived_from_the_catalog(
    contract: Contract,
) -> None:
    schema = contract.schema()
    checked = 0
    for _, where, sub in iter_subschemas(schema):
        expected = None if "if" in where else editor_message(sub, schema)
        assert sub.get("errorMessage") == expected, (where, expected)
        checked += expected is not None
    # v1: the root, 5 sections, 11 fields, and the 3 subschemas of the BOOT-CFG-05 rule;
    # v2 counts each shared definition once per path it is used at.
    assert checked == EDITOR_MESSAGES[contract.name]


@EACH
def test_editor_messages_lead_with_the_code_and_never_show_a_value(contract: Contract) -> None:
    found = iter_subschemas(contract.schema())
    messages = [s["errorMessage"] for _, _, s in found if "errorMessage" in s]
    for message in messages:
        assert re.match(r"^(BOOT|SK)-CFG-\d\d\d?: ", message), message
        assert "{" not in message  # static text: the server has no placeholders


@EACH
def test_the_root_snippets_are_the_platform_snippets_inside_runtime_platform(
    contract: Contract,
) -> None:
    schema = contract.schema()
    platform = schema["properties"]["runtime"]["properties"]["platform"]

    root = [{**s, "body": s["body"]["runtime"]["platform"]} for s in schema["defaultSnippets"]]

    assert root == platform["defaultSnippets"]
    assert [s["label"] for s in root] == SNIPPETS[contract.name]


SNIPPET_CASES: Final = [
    (contract, snippet)
    for contract in CONTRACTS.values()
    for snippet in contract.schema()["defaultSnippets"]
]


@pytest.mark.parametrize(
    ("contract", "snippet"),
    SNIPPET_CASES,
    ids=[f"{c.name}-{s['label']}" for c, s in SNIPPET_CASES],
)
def test_every_snippet_is_a_valid_config_of_its_profile(
    contract: Contract, snippet: Mapping[str, Any]
) -> None:
    body = json.loads(re.sub(r"\$\{\d+:([^}]*)\}", r"\1", json.dumps(snippet["body"])))

    normalized = validate_newgen_config(body, contract=contract)

    platform = normalized["runtime"]["platform"]
    memory = snippet["label"].startswith("memory")
    assert ("execution_ipc" in platform) != memory
    if not memory:
        auth = platform["execution_ipc"]["auth"]
        assert auth["secret_mode"] == "static" or auth["kdf"] == "hkdf_sha256"
    if "process_supervisor" in snippet["label"]:
        assert platform["bootstrap"]["mode"] == "process_supervisor"


@EACH
def test_annotations_never_change_a_verdict(contract: Contract) -> None:
    # rules_view strips every annotation; jsonschema validates the same with or without.
    schema = contract.schema()
    stripped = rules_view(schema)
    for _, _, sub in iter_subschemas(stripped):
        assert not {"markdownDescription", "errorMessage", "defaultSnippets"} & set(sub)
    finite = contract.finite_numbers
    full = compile_validator(schema, finite=finite)
    rules = compile_validator(stripped, finite=finite)
    corpus = [
        e
        for kind in CORPUS[contract.name]
        for e in examples(kind)
        if e.id != "self-referencing-document"
    ]
    assert corpus
    for example in corpus:
        document = example.document()
        assert full.is_valid(document) == rules.is_valid(document), example.id
        assert rules.is_valid(document) == (kind_of(example) == "valid"), example.id


def kind_of(example: Example) -> str:
    return example.path.parent.name


def test_the_package_ships_its_schemas_whose_names_ids_and_package_version_agree() -> None:
    # test_schema_file.py checks each contract's file name against its $id; this checks
    # what is on disk and the package version: the default contract (v1) ships in
    # package 0.x or 1.x.
    shipped = sorted(p.name for p in (ROOT / "schemas").glob("*.schema.json"))
    found = re.fullmatch(r"runtime-config\.v(\d+)\.schema\.json", DEFAULT_CONTRACT.schema_file)
    assert found is not None
    package_major = int(version("stream-kernel-config").split(".")[0])

    assert shipped == sorted(c.schema_file for c in CONTRACTS.values())
    for name in shipped:
        major = re.fullmatch(r"runtime-config\.v(\d+)\.schema\.json", name)
        assert major is not None, name
        on_disk = json.loads((ROOT / "schemas" / name).read_text(encoding="utf-8"))
        assert on_disk["$id"].endswith(f"/v{major[1]}.json"), name
    assert package_major in {0, int(found[1])}


def test_the_schemastore_catalog_entry_names_every_contract_version() -> None:
    entry = json.loads((ROOT / "schemas" / "catalog.json").read_text(encoding="utf-8"))

    (schema,) = entry["schemas"]
    assert entry["version"] == 1
    assert set(schema) == {"name", "description", "fileMatch", "url", "versions"}
    # The default contract is what a matching file gets; each version names its schema.
    assert schema["url"] == DEFAULT_CONTRACT.schema()["$id"]
    assert schema["versions"] == {name: c.schema()["$id"] for name, c in CONTRACTS.items()}
    assert list(schema["versions"]) == ["v1", "v2"]
    assert schema["fileMatch"]
    assert all(isinstance(m, str) for m in schema["fileMatch"])
    assert schema["name"].strip()
    assert schema["description"].strip()
