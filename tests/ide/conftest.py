"""The interop tests' shared yaml-language-server (one per session)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.corpus import ROOT

from .interop import node, node_package, yaml_settings
from .lsp import LspClient


@pytest.fixture(scope="session")
def yaml_language_server() -> Iterator[LspClient]:
    """One yaml-language-server for the whole session (it starts in about half a second)."""
    package = node_package("yaml-language-server")
    client = LspClient(
        [node(), str(package / "bin" / "yaml-language-server"), "--stdio"],
        root=ROOT,
        settings=yaml_settings,
    )
    try:
        client.initialize(ROOT)
        yield client
    finally:
        client.shutdown()
