"""Contract v2's schema in the real yaml-language-server (1.25), bound by the modeline alone.

The v2 corpus files name the v2 schema in their first line, and the editor is given no
mapping for them: that the server reports v2's codes on them proves the modeline binds
v2. Then, as for v1: diagnostics on the expected lines only, none on a valid file,
completion of every enum (the new ones included) and of the transports, hover docs on
every field (through `control` and the `per_group` overrides), and the five profiles.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any, Final

import pytest
import yaml

from stream_kernel.config._contracts import V2
from stream_kernel.config._document import ANY_KEY
from stream_kernel.config._schema import CODE_KEYWORD, iter_subschemas
from stream_kernel.config.validator import validate_newgen_config
from tests.support.corpus import Example, examples
from tests.support.editor_messages import EDITOR_KEYWORDS, editor_codes

from .editor import (
    complete,
    complete_many,
    expected_lines,
    hover_many,
    key_position,
    lines,
    nested,
    publish_all,
    snippet_text,
)
from .interop import V2_DOCUMENTS
from .lsp import LspClient

SCHEMA: Final = V2.schema()
INVALID: Final = examples("v2/invalid")
VALID: Final = examples("v2/valid")
#: Codes the editor labels whenever they fire: every keyword that raises them shows the
#: `errorMessage` (SK-CFG-210 is also raised by `minLength`, which keeps the server's text).
LABELLED: Final = {code for _, _, s in iter_subschemas(SCHEMA) for _, code in editor_codes(s)} - {
    code
    for _, _, s in iter_subschemas(SCHEMA)
    for keyword, code in s.get(CODE_KEYWORD, {}).items()
    if keyword not in EDITOR_KEYWORDS
}
NOT_SCHEMA_RULES: Final = {c for c, entry in V2.catalog().items() if entry.get("raised_by")}
#: Where a subschema is no field of its own: a condition, a rule's branch, a key's rule.
NOT_FIELDS: Final = {"if", "then", "else", "allOf", "anyOf", "not", "propertyNames"}
#: A group name for paths through a `per_group` map.
GROUP: Final = "workers"
#: Every owned field (each path through `control` and the overrides), with its schema.
FIELDS: Final = [
    (tuple(GROUP if p == ANY_KEY else p for p in at), s)
    for at, where, s in iter_subschemas(SCHEMA)
    if len(at) > 2 and not NOT_FIELDS & set(where) and "title" in s
]
#: The blocks that are execution IPC blocks (their transport defaults to tcp_local).
IPC_BLOCKS: Final = {
    ("runtime", "platform", "execution_ipc"),
    (*("runtime", "platform"), "execution_ipc", "control"),
}


def test_the_fields_reach_through_control_and_the_overrides() -> None:
    paths = {".".join(at) for at, _ in FIELDS}

    assert "runtime.platform.execution_ipc.control.buffer.per_group.workers.enabled" in paths
    assert (
        "runtime.platform.execution_ipc.flow_control.per_group.workers.token_bucket.burst" in paths
    )
    assert len(FIELDS) >= 80


@cache
def published(client: LspClient) -> Mapping[str, list[dict[str, Any]]]:
    """Diagnostics for every v2 corpus file, opened at its own path: only its modeline
    binds it (the test settings map no schema to the examples folder)."""
    return publish_all(client, {ex.id: (ex.path.as_uri(), ex.text) for ex in (*INVALID, *VALID)})


def editor_shows(example: Example) -> bool:
    return not {c for c, _ in example.expected} <= NOT_SCHEMA_RULES


@pytest.mark.parametrize("example", [e for e in INVALID if editor_shows(e)], ids=lambda e: e.id)
def test_an_invalid_v2_example_is_marked_on_each_expected_line_and_nowhere_else(
    yaml_language_server: LspClient, example: Example
) -> None:
    diagnostics = published(yaml_language_server)[example.id]
    wanted = {(c, p) for c, p in example.expected if c not in NOT_SCHEMA_RULES}

    allowed: set[int] = set()
    for code, path in sorted(wanted):
        where = expected_lines(example.text, path)
        allowed |= where
        on_line = [d["message"] for d in diagnostics if d["range"]["start"]["line"] in where]
        assert on_line, (code, path, sorted(n + 1 for n in where), diagnostics)
        if code in LABELLED:
            assert any(m.startswith(f"{code}: ") or f" | {code}: " in m for m in on_line), (
                code,
                on_line,
            )
    assert lines(diagnostics) <= allowed, diagnostics


@pytest.mark.parametrize("example", VALID, ids=lambda e: e.id)
def test_a_valid_v2_example_gets_no_diagnostic(
    yaml_language_server: LspClient, example: Example
) -> None:
    assert published(yaml_language_server)[example.id] == []


def test_the_modeline_binds_v2_every_v2_code_the_editor_labels_reaches_it(
    yaml_language_server: LspClient,
) -> None:
    seen = {
        m.split(": ")[0]
        for found in published(yaml_language_server).values()
        for d in found
        for m in d["message"].split(" | ")
        if ": " in m
    }

    # SK-CFG-207 and SK-CFG-208 exist in v2 only: the files were judged by v2.
    assert {"SK-CFG-207", "SK-CFG-208"} <= seen
    assert seen >= LABELLED, sorted(LABELLED - seen)


def value_request(at: tuple[str, ...]) -> tuple[str, int, int]:
    """A document ending in ``<last key>: `` with the cursor after the space."""
    text = nested(at, "PLACEHOLDER").replace("PLACEHOLDER", "").rstrip("\n")
    last = text.splitlines()
    return text, len(last) - 1, len(last[-1])


ENUMS: Final = [(at, s) for at, s in FIELDS if "enum" in s]


@cache
def enum_completions(client: LspClient) -> list[list[dict[str, Any]]]:
    return complete_many(client, [value_request(at) for at, _ in ENUMS], under=V2_DOCUMENTS)


def test_the_new_enums_are_among_those_completed() -> None:
    names = {at[-1] for at, _ in ENUMS}

    assert {"codec", "poll_mode", "mode"} <= names
    assert ("runtime", "platform", "execution_ipc", "flow_control", "mode") in {
        at for at, _ in ENUMS
    }


@pytest.mark.parametrize("index", range(len(ENUMS)), ids=[".".join(at) for at, _ in ENUMS])
def test_completion_at_a_v2_enum_field_offers_exactly_the_allowed_values_documented(
    yaml_language_server: LspClient, index: int
) -> None:
    _, field = ENUMS[index]
    items = enum_completions(yaml_language_server)[index]

    assert sorted(i["label"] for i in items) == sorted(field["enum"])
    for item in items:
        doc = item.get("documentation")
        shown = doc["value"] if isinstance(doc, dict) else doc
        assert shown == field["markdownEnumDescriptions"][field["enum"].index(item["label"])]


@pytest.mark.parametrize("block", sorted(IPC_BLOCKS), ids=lambda b: ".".join(b[2:]))
def test_completion_of_a_transport_offers_the_accepted_ones_never_the_reserved(
    yaml_language_server: LspClient, block: tuple[str, ...]
) -> None:
    (transport,) = [s for at, s in FIELDS if at == (*block, "transport")]

    items = complete(
        yaml_language_server, *value_request((*block, "transport")), under=V2_DOCUMENTS
    )

    assert sorted(i["label"] for i in items) == ["ipc_local", "tcp_local"]
    documented = {s["label"]: s["markdownDescription"] for s in transport["defaultSnippets"]}
    for item in items:
        doc = item.get("documentation")
        assert (doc["value"] if isinstance(doc, dict) else doc) == documented[item["label"]]


def valid_document(at: tuple[str, ...], value: object) -> str:
    """A document that sets the field at ``at`` and is valid v2: each execution IPC block
    on the way gets the `bind_host` that tcp_local (the default transport) requires."""
    document: dict[str, Any] = {}
    node = document
    for depth, part in enumerate(at[:-1]):
        node = node.setdefault(part, {})
        if at[: depth + 1] in IPC_BLOCKS and at[depth + 1] != "bind_host":
            node["bind_host"] = "127.0.0.1"
    node[at[-1]] = value
    return yaml.safe_dump(document, default_flow_style=False, sort_keys=False)


def hover_value(field: Mapping[str, Any]) -> object:
    return field["default"] if "default" in field else field["examples"][0]


@cache
def hovers(client: LspClient) -> list[tuple[list[dict[str, Any]], Any]]:
    requests = []
    for at, field in FIELDS:
        text = valid_document(at, hover_value(field))
        line, column = key_position(text, at)
        requests.append((text, line, column + 1))
    return hover_many(client, requests, under=V2_DOCUMENTS)


@pytest.mark.parametrize("index", range(len(FIELDS)), ids=[".".join(at[2:]) for at, _ in FIELDS])
def test_hover_on_a_v2_field_shows_its_title_and_description(
    yaml_language_server: LspClient, index: int
) -> None:
    at, field = FIELDS[index]
    text = valid_document(at, hover_value(field))
    diagnostics, hover = hovers(yaml_language_server)[index]

    validate_newgen_config(yaml.safe_load(text), contract="v2")
    assert diagnostics == []
    shown = hover["contents"]["value"]
    assert f"#### {field['title']}" in shown
    assert field.get("markdownDescription", field["description"]) in shown


SNIPPETS: Final = [s["label"] for s in SCHEMA["defaultSnippets"]]


def test_an_empty_file_offers_the_five_v2_profiles_and_each_is_a_valid_v2_config(
    yaml_language_server: LspClient,
) -> None:
    items = complete(yaml_language_server, "", 0, 0, under=V2_DOCUMENTS)
    offered = {i["label"]: i for i in items if i["label"] in SNIPPETS}

    assert len(SNIPPETS) == 5
    assert sorted(offered) == sorted(SNIPPETS)
    for label, item in offered.items():
        config = yaml.safe_load(snippet_text(item["insertText"]))
        normalized = validate_newgen_config(config, contract="v2")
        assert normalized["runtime"]["platform"]["bootstrap"]["mode"], label


def test_the_platform_block_offers_the_same_five_profiles(yaml_language_server: LspClient) -> None:
    items = complete(yaml_language_server, "runtime:\n  platform:\n    ", 2, 4, under=V2_DOCUMENTS)

    assert sorted(i["label"] for i in items if i["label"] in SNIPPETS) == sorted(SNIPPETS)
