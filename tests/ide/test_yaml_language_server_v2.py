"""What only contract v2 adds in the real yaml-language-server (1.25).

The v2 corpus files name the v2 schema in their first line, and the editor is given no
mapping for them: that the server reports v2's own codes on them proves the modeline
binds v2. The fields reach through `control` and the `per_group` overrides, the new
enums are completed, and so are the transports. What every contract shares (diagnostics,
completion of every enum, hover docs on every field, the profiles) is in
test_yaml_language_server.py.
"""

from __future__ import annotations

import pytest

from .editor import complete
from .editor_contracts import IPC_BLOCKS, V2_EDITOR, codes_seen, value_request
from .interop import V2_DOCUMENTS
from .lsp import LspClient


def test_the_fields_reach_through_control_and_the_overrides() -> None:
    paths = {".".join(at) for at, _ in V2_EDITOR.fields}

    assert "runtime.platform.execution_ipc.control.buffer.per_group.workers.enabled" in paths
    assert (
        "runtime.platform.execution_ipc.flow_control.per_group.workers.token_bucket.burst" in paths
    )
    assert len(V2_EDITOR.fields) >= 80


def test_the_modeline_binds_v2_the_codes_only_v2_defines_reach_the_editor(
    yaml_language_server: LspClient,
) -> None:
    seen = codes_seen(yaml_language_server, V2_EDITOR)

    # SK-CFG-207 and SK-CFG-208 exist in v2 only: the files were judged by v2.
    assert {"SK-CFG-207", "SK-CFG-208"} <= seen


def test_the_new_enums_are_among_those_completed() -> None:
    names = {at[-1] for at, _ in V2_EDITOR.enums}

    assert {"codec", "poll_mode", "mode"} <= names
    assert ("runtime", "platform", "execution_ipc", "flow_control", "mode") in {
        at for at, _ in V2_EDITOR.enums
    }


@pytest.mark.parametrize("block", sorted(IPC_BLOCKS), ids=lambda b: ".".join(b[2:]))
def test_completion_of_a_transport_offers_the_accepted_ones_never_the_reserved(
    yaml_language_server: LspClient, block: tuple[str, ...]
) -> None:
    (transport,) = [s for at, s in V2_EDITOR.fields if at == (*block, "transport")]

    items = complete(
        yaml_language_server, *value_request((*block, "transport")), under=V2_DOCUMENTS
    )

    assert sorted(i["label"] for i in items) == ["ipc_local", "tcp_local"]
    documented = {s["label"]: s["markdownDescription"] for s in transport["defaultSnippets"]}
    for item in items:
        doc = item.get("documentation")
        assert (doc["value"] if isinstance(doc, dict) else doc) == documented[item["label"]]
