"""The Language Server of the runtime-config contract: ``stream-kernel-config lsp``.

Diagnostics, quick fixes, hover and completion in any editor that speaks the Language
Server Protocol, from the same engine as ``stream-kernel-config check``. It needs the
``lsp`` extra (pygls); nothing here imports it until :func:`serve` runs.
"""

from __future__ import annotations

import importlib.util
from typing import TextIO

__all__ = ["serve"]

_NEEDED = ("lsprotocol", "pygls", "pygls.lsp.server")


def _missing() -> bool:
    try:
        return any(importlib.util.find_spec(name) is None for name in _NEEDED)
    except ImportError:  # a parent package that is not there at all
        return True


def serve(err: TextIO) -> int:
    """Run the server over stdin/stdout; exit status 2 when the ``lsp`` extra is missing."""
    if _missing():
        err.write(
            "stream-kernel-config: the lsp command needs the lsp extra (pygls 2):"
            " pip install 'stream-kernel-config[lsp]'\n"
        )
        return 2
    from .server import run  # noqa: PLC0415 - pygls is imported only when it is there

    run()
    return 0
