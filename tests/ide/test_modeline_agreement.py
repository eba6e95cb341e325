"""The CLI reads a file's modeline exactly where yaml-language-server reads it.

Each text is opened in the real server at a path outside the folders the test settings
map, so only its modeline can bind a schema; its body has a transport that each
contract refuses with its own code (v2: SK-CFG-207, reserved; v1: SK-CFG-204), so the
server's diagnostics say which schema it bound, if any. `contract_of` must name the
same contract, for every text.
"""

from __future__ import annotations

from typing import Final

import pytest

from stream_kernel.config.check import contract_of
from tests.support.corpus import ROOT

from .editor import publish_all
from .interop import SCHEMA_PATH, V2_SCHEMA_PATH, fresh_uri
from .lsp import LspClient

BODY: Final = "runtime:\n  platform:\n    execution_ipc:\n      transport: zmq\n"
#: The code each contract gives BODY, as the editor labels it.
CODES: Final = {"SK-CFG-207": "v2", "SK-CFG-204": "v1"}
#: The documents sit in examples/: "../schemas/" from there is the repository's schemas/.
FOLDER: Final = ROOT / "examples"
V2_REL: Final = f"../schemas/{V2_SCHEMA_PATH.name}"
V1_REL: Final = f"../schemas/{SCHEMA_PATH.name}"
ML: Final = "# yaml-language-server: $schema="

TEXTS: Final = {
    "first-line-relative": f"{ML}{V2_REL}\n{BODY}",
    "absolute-path": f"{ML}{V2_SCHEMA_PATH}\n{BODY}",
    "file-uri": f"{ML}{V2_SCHEMA_PATH.as_uri()}\n{BODY}",
    "v1-schema": f"{ML}{V1_REL}\n{BODY}",
    "after-other-comments": f"# service\n\n# owner: team\n{ML}{V2_REL}\n{BODY}",
    "after-directive-and-start": f"%YAML 1.1\n---\n{ML}{V2_REL}\n{BODY}",
    "on-the-start-line": f"--- {ML}{V2_REL}\n{BODY}",
    "indented": f"    {ML}{V2_REL}\n{BODY}",
    "tab-after-hash": f"#\tyaml-language-server: $schema={V2_REL}\n{BODY}",
    "other-settings-first": f"# yaml-language-server: x=1 $schema={V2_REL}\n{BODY}",
    "jetbrains": f"# $schema: {V2_REL}\n{BODY}",
    "jetbrains-no-space": f"# $schema:{V2_REL}\n{BODY}",
    "first-of-two-decides": f"{ML}{V1_REL}\n{ML}{V2_REL}\n{BODY}",
    "crlf": f"# x\r\n{ML}{V2_REL}\r\n" + BODY.replace("\n", "\r\n"),
    "after-the-content": f"{BODY}{ML}{V2_REL}\n",
    "after-another-key": f"other: 1\n{ML}{V2_REL}\n{BODY}",
    "no-space-after-hash": f"#yaml-language-server: $schema={V2_REL}\n{BODY}",
    "words-before-the-keyword": f"# see yaml-language-server: $schema={V2_REL}\n{BODY}",
    "first-modeline-without-schema": f"# yaml-language-server: x=1\n# $schema: {V2_REL}\n{BODY}",
    "none": f"{ML}none\n{BODY}",
    "no-modeline": BODY,
}


def bound_by_editor(diagnostics: list[dict[str, object]]) -> str | None:
    codes = {str(d["message"]).split(":")[0] for d in diagnostics}
    found = {CODES[c] for c in codes if c in CODES}
    assert len(found) <= 1, diagnostics
    return found.pop() if found else None


@pytest.fixture(scope="module")
def editor(yaml_language_server: LspClient) -> dict[str, str | None]:
    documents = {
        name: ((FOLDER / f"{fresh_uri('m').split('/')[-2]}-modeline.yaml").as_uri(), text)
        for name, text in TEXTS.items()
    }
    published = publish_all(yaml_language_server, documents)
    return {name: bound_by_editor(found) for name, found in published.items()}


@pytest.mark.parametrize("name", TEXTS)
def test_the_cli_and_the_editor_bind_the_same_contract(
    editor: dict[str, str | None], name: str
) -> None:
    ours = contract_of(TEXTS[name])

    assert (ours.name if ours else None) == editor[name]


def test_the_texts_cover_v1_v2_and_no_binding(editor: dict[str, str | None]) -> None:
    # Else agreement could hold by the server binding nothing at all.
    assert set(editor.values()) == {"v1", "v2", None}
