"""The ``lsp`` subcommand: a clear usage error without the extra; ``explain`` unchanged."""

from __future__ import annotations

import io
import sys

import pytest

from stream_kernel.config._catalog import catalog, explanation
from stream_kernel.config.cli import main


def test_without_the_lsp_extra_the_command_says_how_to_get_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A module set to None in sys.modules is one Python cannot import.
    monkeypatch.setitem(sys.modules, "pygls", None)
    err = io.StringIO()

    assert main(["lsp"], out=io.StringIO(), err=err) == 2
    assert "pip install 'stream-kernel-config[lsp]'" in err.getvalue()


def test_explain_prints_the_catalog_explanation() -> None:
    for code in catalog():
        out = io.StringIO()
        assert main(["explain", code], out=out, err=io.StringIO()) == 0
        assert out.getvalue() == explanation(code)
        assert out.getvalue().startswith(f"{code}: {catalog()[code]['title']} (")
