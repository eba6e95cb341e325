"""Reading the schema a file names in its modeline, as yaml-language-server reads it.

tests/ide/test_modeline_agreement.py drives the real server over the same kinds of
text; these tests pin the reading itself, positions included.
"""

from __future__ import annotations

from typing import Final

import pytest

from stream_kernel.config._modeline import Modeline, names_schema, read_modeline

REF: Final = "../schemas/runtime-config.v2.schema.json"
BODY: Final = "runtime:\n  platform: {}\n"
ML: Final = f"# yaml-language-server: $schema={REF}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"# yaml-language-server: $schema={REF}\n{BODY}", Modeline(REF, 1, 33)),
        # Other comments, blank lines, a directive and a document start may come first.
        (f"# service config\n\n{ML}\n{BODY}", Modeline(REF, 3, 33)),
        (f"%YAML 1.1\n---\n# yaml-language-server: $schema={REF}\n{BODY}", Modeline(REF, 3, 33)),
        (f"--- # yaml-language-server: $schema={REF}\n{BODY}", Modeline(REF, 1, 37)),
        # Indented, a tab after '#', no space before the colon, other settings before it.
        (f"   # yaml-language-server: $schema={REF}\n{BODY}", Modeline(REF, 1, 36)),
        (f"#\tyaml-language-server: $schema={REF}\n{BODY}", Modeline(REF, 1, 33)),
        (f"# yaml-language-server : $schema={REF}\n{BODY}", Modeline(REF, 1, 34)),
        (f"# yaml-language-server: x=y $schema={REF} z\n{BODY}", Modeline(REF, 1, 37)),
        # JetBrains' comment, with or without a space after the colon.
        (f"# $schema: {REF}\n{BODY}", Modeline(REF, 1, 12)),
        (f"# $schema:{REF}\n{BODY}", Modeline(REF, 1, 11)),
        # A byte-order mark is no character of the line; CRLF and a lone CR break lines.
        (f"\ufeff# yaml-language-server: $schema={REF}\n{BODY}", Modeline(REF, 1, 33)),
        (f"# a\r\n# b\r# yaml-language-server: $schema={REF}\r\n{BODY}", Modeline(REF, 3, 33)),
        # The first modeline decides, even when a later one names another schema.
        (f"# $schema: first.json\n{ML}\n", Modeline("first.json", 1, 12)),
        # A file of comments only (a null document) still names its schema.
        (f"# yaml-language-server: $schema={REF}\n", Modeline(REF, 1, 33)),
    ],
)
def test_a_modeline_in_the_leading_comments_is_read_with_the_reference_position(
    text: str, expected: Modeline
) -> None:
    assert read_modeline(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        BODY,
        "",
        # After the document's content: the editor binds nothing, and neither do we.
        f"{BODY}# yaml-language-server: $schema={REF}\n",
        f"other: 1\n# yaml-language-server: $schema={REF}\n",
        f"--- {{}}\n# yaml-language-server: $schema={REF}\n",
        # Not a modeline: no space after '#', or something before the keyword.
        f"#yaml-language-server: $schema={REF}\n{BODY}",
        f"# see yaml-language-server: $schema={REF}\n{BODY}",
        # The first modeline has no $schema: the editor stops there.
        f"# yaml-language-server: format=true\n# $schema: {REF}\n{BODY}",
        # An explicit document end: the comments before it belong to no document.
        f"# yaml-language-server: $schema={REF}\n...\n{BODY}",
    ],
)
def test_no_modeline_is_read_where_the_editor_reads_none(text: str) -> None:
    assert read_modeline(text) is None


V2: Final = {
    "file_name": "runtime-config.v2.schema.json",
    "schema_id": "https://stream-kernel.dev/schemas/runtime-config/v2.json",
}


@pytest.mark.parametrize(
    "reference",
    [
        "runtime-config.v2.schema.json",
        "../../schemas/runtime-config.v2.schema.json",
        "/opt/venv/lib/python3.11/site-packages/stream_kernel/config/schemas/runtime-config.v2.schema.json",
        "file:///opt/schemas/runtime-config.v2.schema.json",
        "https://example.invalid/mirror/runtime-config.v2.schema.json?ref=main",
        "C:\\schemas\\runtime-config.v2.schema.json",
        "runtime-config.v2.schema.json#/definitions/buffer",
        "https://stream-kernel.dev/schemas/runtime-config/v2.json",
        "https://stream-kernel.dev/schemas/runtime-config/v2.json#",
        "file:///opt/schemas/runtime%2Dconfig.v2.schema.json",
    ],
)
def test_a_reference_names_the_schema_by_id_or_by_file_name(reference: str) -> None:
    assert names_schema(reference, **V2)


@pytest.mark.parametrize(
    "reference",
    [
        "runtime-config.v1.schema.json",
        "https://stream-kernel.dev/schemas/runtime-config/v1.json",
        "none",
        "https://json.schemastore.org/github-workflow.json",
        "runtime-config.v2.schema.json.bak",
        "Runtime-Config.V2.Schema.json",
        "runtime-config.v2.schema.json/other.json",
        "https://stream-kernel.dev/schemas/runtime-config/v2.json/x",
    ],
)
def test_a_reference_to_another_schema_names_neither(reference: str) -> None:
    assert not names_schema(reference, **V2)
