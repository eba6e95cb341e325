"""Code actions: each confirmed quick fix as an LSP code action attached to its diagnostic.

Source actions (whole-document rewrites such as a migration to another contract) are
listed in :data:`SOURCE_ACTIONS`; there are none yet.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Final

from lsprotocol import types

from .analysis import Analysis, Finding
from .diagnostics import lsp_diagnostic, lsp_range
from .fixes import Fix, quick_fixes

__all__ = ["SOURCE_ACTIONS", "SourceAction", "code_actions"]

#: A source action: its kind (under ``source.``) and what it proposes for a document.
SourceAction = tuple[str, Callable[[Analysis], Iterator[Fix]]]

#: Whole-document actions, offered whatever the cursor's range.
SOURCE_ACTIONS: Final[tuple[SourceAction, ...]] = ()


def _overlaps(finding: Finding, start: int, end: int) -> bool:
    return finding.start <= end and start <= finding.end


def _wanted(kind: str, only: Sequence[str] | None) -> bool:
    # `only` filters by kind prefix: "source" takes "source.fixAll", "quickfix" takes itself.
    return only is None or any(kind == o or kind.startswith(o + ".") for o in only)


def _action(
    analysis: Analysis, uri: str, fix: Fix, kind: str, diagnostic: types.Diagnostic | None
) -> types.CodeAction:
    edits = [
        types.TextEdit(range=lsp_range(analysis, e.start, e.end), new_text=e.text)
        for e in fix.edits
    ]
    return types.CodeAction(
        title=fix.title,
        kind=kind,
        diagnostics=[diagnostic] if diagnostic is not None else None,
        is_preferred=fix.preferred if diagnostic is not None else None,
        edit=types.WorkspaceEdit(changes={uri: edits}),
    )


def code_actions(
    analysis: Analysis, uri: str, start: int, end: int, only: Sequence[str] | None = None
) -> list[types.CodeAction]:
    """The actions for the characters ``start``..``end``: quick fixes of the findings there."""
    actions: list[types.CodeAction] = []
    if _wanted(types.CodeActionKind.QuickFix, only):
        for finding in analysis.findings:
            if not _overlaps(finding, start, end):
                continue
            diagnostic = lsp_diagnostic(analysis, finding)
            actions += [
                _action(analysis, uri, fix, types.CodeActionKind.QuickFix, diagnostic)
                for fix in quick_fixes(analysis, finding)
            ]
    for kind, propose in SOURCE_ACTIONS:
        if _wanted(kind, only):
            actions += [_action(analysis, uri, fix, kind, None) for fix in propose(analysis)]
    return actions
