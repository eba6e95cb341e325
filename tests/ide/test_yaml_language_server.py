"""The schema in the real yaml-language-server (1.25, pinned in package-lock.json).

What an editor user sees, checked over the Language Server Protocol: diagnostics on the
line of each problem, carrying the code the CLI prints; none on a valid file; completion
of every enum; hover docs on every key the contract owns; the profile snippets.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any, Final

import pytest
import yaml

from stream_kernel.config._catalog import catalog
from stream_kernel.config._contracts import V1
from stream_kernel.config._schema import BRANCHES, iter_subschemas
from stream_kernel.config.validator import validate_newgen_config
from tests.support.corpus import ROOT, Example, examples
from tests.support.editor_messages import editor_codes

from .editor import complete, expected_lines, lines, nested, publish_all, snippet_text
from .interop import SCHEMA_PATH, fresh_uri
from .lsp import LspClient

SCHEMA: Final = V1.schema()
INVALID: Final = examples("invalid")
VALID: Final = examples("valid")
#: Codes the editor labels: raised by a keyword whose failure shows the `errorMessage`.
LABELLED: Final = {code for _, _, s in iter_subschemas(SCHEMA) for _, code in editor_codes(s)}
#: Codes no schema rule raises (`raised_by` in the catalog: the validator's own, and the
#: loader's and lint rules' once the CLI lands): the editor cannot know them.
NOT_SCHEMA_RULES: Final = {c for c, entry in catalog().items() if entry.get("raised_by")}
#: The one corpus file the editor cannot flag: an empty document has no node to mark.
EMPTY_DOCUMENT: Final = "root-empty"
#: Owned fields: every property subschema outside the if/then/else branches.
FIELDS: Final = [
    (at, s) for at, where, s in iter_subschemas(SCHEMA) if at and not set(BRANCHES) & set(where)
]


def editor_shows(example: Example) -> bool:
    return example.id != EMPTY_DOCUMENT and not {c for c, _ in example.expected} <= NOT_SCHEMA_RULES


@cache
def published(client: LspClient) -> Mapping[str, list[dict[str, Any]]]:
    """Diagnostics for every corpus file, opened together.

    The server waits about 0.2 s after a change before it validates, so opening the files
    one at a time would cost that much per file. It publishes once per validation, with
    the schema already resolved: the first list for a URI is the verdict (the invalid
    files, opened alongside, show that the schema was bound).
    """
    return publish_all(
        client, {ex.id: (fresh_uri(ex.path.name), ex.text) for ex in (*INVALID, *VALID)}
    )


@pytest.mark.parametrize("example", [e for e in INVALID if editor_shows(e)], ids=lambda e: e.id)
def test_an_invalid_example_is_marked_on_each_expected_line_and_nowhere_else(
    yaml_language_server: LspClient, example: Example
) -> None:
    diagnostics = published(yaml_language_server)[example.id]
    # Codes that are not schema rules (a self-reference) are for the CLI only.
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
def test_a_valid_example_gets_no_diagnostic(
    yaml_language_server: LspClient, example: Example
) -> None:
    assert published(yaml_language_server)[example.id] == []


@pytest.mark.parametrize("example", [e for e in INVALID if not editor_shows(e)], ids=lambda e: e.id)
def test_what_only_the_validator_reports_is_not_in_the_editor(
    yaml_language_server: LspClient, example: Example
) -> None:
    # Documented in docs/ide.md: an empty file, and a document that contains itself.
    # If the server starts reporting these, this test says so and the docs must change.
    assert published(yaml_language_server)[example.id] == []


ENUMS: Final = [(at, s) for at, s in FIELDS if "enum" in s]


@pytest.mark.parametrize(("at", "field"), ENUMS, ids=[".".join(at) for at, _ in ENUMS])
def test_completion_at_an_enum_field_offers_exactly_the_allowed_values(
    yaml_language_server: LspClient, at: tuple[str, ...], field: Mapping[str, Any]
) -> None:
    # Everything up to "<key>: " on the last line; the cursor after the space.
    text = nested(at, "PLACEHOLDER").replace("PLACEHOLDER", "").rstrip("\n")
    last = text.splitlines()

    items = complete(yaml_language_server, text, len(last) - 1, len(last[-1]))

    assert sorted(i["label"] for i in items) == sorted(field["enum"])
    # Each value carries its explanation (markdownEnumDescriptions) into the completion list.
    for item in items:
        doc = item.get("documentation")
        text_shown = doc["value"] if isinstance(doc, dict) else doc
        index = field["enum"].index(item["label"])
        assert text_shown == field["markdownEnumDescriptions"][index]


@pytest.mark.parametrize(("at", "field"), FIELDS, ids=[".".join(at) for at, _ in FIELDS])
def test_hover_on_an_owned_key_shows_its_title_and_description(
    yaml_language_server: LspClient, at: tuple[str, ...], field: Mapping[str, Any]
) -> None:
    # A valid value, so the hover reflects the schema of a document that matches it.
    value = field["default"] if "default" in field else field["examples"][0]
    text = nested(at, value)
    uri = fresh_uri("hover.yaml")
    yaml_language_server.open(uri, text)
    assert yaml_language_server.diagnostics(uri) == []
    key_line = len(at) - 1  # safe_dump puts one key per line, the owned key last

    hover = yaml_language_server.request(
        "textDocument/hover",
        {
            "textDocument": {"uri": uri},
            "position": {"line": key_line, "character": 2 * key_line + 1},
        },
    )
    yaml_language_server.close(uri)

    shown = hover["contents"]["value"]
    assert f"#### {field['title']}" in shown
    assert field.get("markdownDescription", field["description"]) in shown


SNIPPETS: Final = [s["label"] for s in SCHEMA["defaultSnippets"]]


def test_an_empty_file_offers_the_three_profiles_and_each_is_a_valid_config(
    yaml_language_server: LspClient,
) -> None:
    items = complete(yaml_language_server, "", 0, 0)
    offered = {i["label"]: i for i in items if i["label"] in SNIPPETS}

    assert sorted(offered) == sorted(SNIPPETS)
    for label, item in offered.items():
        config = yaml.safe_load(snippet_text(item["insertText"]))
        assert config["runtime"]["platform"]["bootstrap"]["mode"], label
        validate_newgen_config(config)  # raises ConfigError if a profile is broken


def test_the_platform_block_offers_the_same_profiles(yaml_language_server: LspClient) -> None:
    items = complete(yaml_language_server, "runtime:\n  platform:\n    ", 2, 4)

    assert sorted(i["label"] for i in items if i["label"] in SNIPPETS) == sorted(SNIPPETS)


MODELINES: Final = {
    "file-uri": f"# yaml-language-server: $schema={SCHEMA_PATH.as_uri()}",
    "absolute-path": f"# yaml-language-server: $schema={SCHEMA_PATH}",
    # Resolved against the document's folder: the form for a schema copied into a repo.
    "relative-path": "# yaml-language-server: $schema=../schemas/" + SCHEMA_PATH.name,
    # JetBrains' own comment, which yaml-language-server 1.25 reads too.
    "jetbrains-comment": f"# $schema: {SCHEMA_PATH}",
}


@pytest.mark.parametrize("modeline", MODELINES.values(), ids=MODELINES.keys())
def test_a_modeline_alone_binds_the_schema(yaml_language_server: LspClient, modeline: str) -> None:
    # As docs/ide.md tells users: no settings, only the comment on the first line. The
    # documents sit outside the folder the test settings map, so only the comment binds
    # them; the one without it is the control.
    body = "runtime:\n  platform:\n    execution_ipc:\n      auth:\n        kdf: bad_kdf\n"
    folder = ROOT / "examples"  # "../schemas/" from here is the repository's schemas/
    with_modeline = (folder / f"{fresh_uri('m').split('/')[-2]}-modeline.yaml").as_uri()
    without = (folder / f"{fresh_uri('m').split('/')[-2]}-plain.yaml").as_uri()
    yaml_language_server.open(with_modeline, modeline + "\n" + body)
    yaml_language_server.open(without, body)

    marked = yaml_language_server.diagnostics(with_modeline)
    unbound = yaml_language_server.diagnostics(without)
    yaml_language_server.close(with_modeline)
    yaml_language_server.close(without)

    assert [(d["range"]["start"]["line"], d["message"].split(":")[0]) for d in marked] == [
        (5, "BOOT-CFG-03")
    ]
    assert unbound == []


def test_every_labelled_code_reaches_the_editor(yaml_language_server: LspClient) -> None:
    # The corpus exercises every code the editor can label: none is only claimed.
    seen = {
        m.split(": ")[0]
        for found in published(yaml_language_server).values()
        for d in found
        for m in d["message"].split(" | ")
        if ": " in m
    }

    assert seen >= LABELLED, sorted(LABELLED - seen)
