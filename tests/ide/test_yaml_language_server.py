"""Each contract's schema in the real yaml-language-server (1.25, pinned in package-lock.json).

What an editor user sees, checked over the Language Server Protocol on the corpus of
each contract: diagnostics on the line of each problem, carrying the code the CLI
prints; none on a valid file; completion of every enum; hover docs on every field the
contract owns; the profile snippets. Then, for v1, the modeline forms users may write.
What only v2 adds is in test_yaml_language_server_v2.py.
"""

from __future__ import annotations

from typing import Final

import pytest
import yaml

from stream_kernel.config.validator import validate_newgen_config
from tests.support.corpus import ROOT, Example

from .editor import complete, expected_lines, lines, snippet_text
from .editor_contracts import (
    EDITOR_CONTRACTS,
    EditorContract,
    codes_seen,
    each_example,
    each_field,
    enum_completions,
    hover_value,
    hovers,
    published,
)
from .interop import SCHEMA_PATH, fresh_uri
from .lsp import LspClient

EACH: Final = pytest.mark.parametrize("contract", EDITOR_CONTRACTS, ids=lambda c: c.name)


@each_example(lambda c: filter(c.editor_shows, c.invalid))
def test_an_invalid_example_is_marked_on_each_expected_line_and_nowhere_else(
    yaml_language_server: LspClient, contract: EditorContract, example: Example
) -> None:
    diagnostics = published(yaml_language_server, contract)[example.id]
    # Codes that are not schema rules (a self-reference) are for the CLI only.
    wanted = {(c, p) for c, p in example.expected if c not in contract.not_schema_rules}

    allowed: set[int] = set()
    for code, path in sorted(wanted):
        where = expected_lines(example.text, path)
        allowed |= where
        on_line = [d["message"] for d in diagnostics if d["range"]["start"]["line"] in where]
        assert on_line, (code, path, sorted(n + 1 for n in where), diagnostics)
        if code in contract.labelled:
            assert any(m.startswith(f"{code}: ") or f" | {code}: " in m for m in on_line), (
                code,
                on_line,
            )
    assert lines(diagnostics) <= allowed, diagnostics


@each_example(lambda c: c.valid)
def test_a_valid_example_gets_no_diagnostic(
    yaml_language_server: LspClient, contract: EditorContract, example: Example
) -> None:
    assert published(yaml_language_server, contract)[example.id] == []


@each_example(lambda c: (e for e in c.invalid if not c.editor_shows(e)))
def test_what_only_the_validator_reports_is_not_in_the_editor(
    yaml_language_server: LspClient, contract: EditorContract, example: Example
) -> None:
    # Documented in docs/ide.md: an empty file, and a document that contains itself.
    # If the server starts reporting these, this test says so and the docs must change.
    assert published(yaml_language_server, contract)[example.id] == []


@EACH
def test_every_labelled_code_reaches_the_editor(
    yaml_language_server: LspClient, contract: EditorContract
) -> None:
    # The corpus exercises every code the editor can label: none is only claimed.
    seen = codes_seen(yaml_language_server, contract)

    assert seen >= contract.labelled, sorted(contract.labelled - seen)


@each_field(lambda c: c.enums)
def test_completion_at_an_enum_field_offers_exactly_the_allowed_values(
    yaml_language_server: LspClient, contract: EditorContract, index: int
) -> None:
    _, field = contract.enums[index]
    items = enum_completions(yaml_language_server, contract)[index]

    assert sorted(i["label"] for i in items) == sorted(field["enum"])
    # Each value carries its explanation (markdownEnumDescriptions) into the completion list.
    for item in items:
        doc = item.get("documentation")
        shown = doc["value"] if isinstance(doc, dict) else doc
        assert shown == field["markdownEnumDescriptions"][field["enum"].index(item["label"])]


@each_field(lambda c: c.fields)
def test_hover_on_an_owned_key_shows_its_title_and_description(
    yaml_language_server: LspClient, contract: EditorContract, index: int
) -> None:
    at, field = contract.fields[index]
    diagnostics, hover = hovers(yaml_language_server, contract)[index]

    # The document sets a valid value, so the hover reflects the schema of a document
    # that matches it: the library and the server both accept it.
    text = contract.document(at, hover_value(field))
    validate_newgen_config(yaml.safe_load(text), contract=contract.name)
    assert diagnostics == []
    shown = hover["contents"]["value"]
    assert f"#### {field['title']}" in shown
    assert field.get("markdownDescription", field["description"]) in shown


@EACH
def test_an_empty_file_offers_every_profile_and_each_is_a_valid_config(
    yaml_language_server: LspClient, contract: EditorContract
) -> None:
    items = complete(yaml_language_server, "", 0, 0, under=contract.under)
    offered = {i["label"]: i for i in items if i["label"] in contract.snippets}

    assert len(contract.snippets) == contract.profiles
    assert sorted(offered) == sorted(contract.snippets)
    for label, item in offered.items():
        config = yaml.safe_load(snippet_text(item["insertText"]))
        assert config["runtime"]["platform"]["bootstrap"]["mode"], label
        # Raises ConfigError if a profile is broken.
        normalized = validate_newgen_config(config, contract=contract.name)
        assert normalized["runtime"]["platform"]["bootstrap"]["mode"], label


@EACH
def test_the_platform_block_offers_the_same_profiles(
    yaml_language_server: LspClient, contract: EditorContract
) -> None:
    items = complete(
        yaml_language_server, "runtime:\n  platform:\n    ", 2, 4, under=contract.under
    )

    assert sorted(i["label"] for i in items if i["label"] in contract.snippets) == sorted(
        contract.snippets
    )


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
