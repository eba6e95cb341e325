"""From the engine's findings to LSP diagnostics: code, link to the catalog, severity, range."""

from __future__ import annotations

from typing import Final

from lsprotocol import types

from .._catalog import help_uri
from .analysis import Analysis, Finding

__all__ = ["SOURCE", "lsp_diagnostic", "lsp_diagnostics", "lsp_range"]

#: The ``source`` of every diagnostic the server publishes.
SOURCE: Final = "stream-kernel-config"

_SEVERITIES: Final = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
}


def lsp_range(analysis: Analysis, start: int, end: int) -> types.Range:
    """The LSP range of the character offsets ``start``..``end``."""
    first = analysis.source.position(start)
    last = analysis.source.position(end)
    return types.Range(types.Position(*first), types.Position(*last))


def lsp_diagnostic(analysis: Analysis, finding: Finding) -> types.Diagnostic:
    """The LSP form of one finding."""
    d = finding.diagnostic
    return types.Diagnostic(
        range=lsp_range(analysis, finding.start, finding.end),
        message=d.message,
        severity=_SEVERITIES[d.severity],
        code=d.code,
        code_description=types.CodeDescription(href=help_uri(d.code)),
        source=SOURCE,
    )


def lsp_diagnostics(analysis: Analysis) -> list[types.Diagnostic]:
    """One LSP diagnostic per finding, in the engine's order."""
    return [lsp_diagnostic(analysis, f) for f in analysis.findings]
