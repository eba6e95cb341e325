"""Code actions: each confirmed quick fix as an LSP code action attached to its diagnostic.

Source actions (whole-document rewrites) are listed in :data:`SOURCE_ACTIONS`: the
migration of a v1 file to v2, which writes what ``stream-kernel-config migrate --to v2``
would write (the same :class:`~stream_kernel.config._migrate.Migrator`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from functools import cache, lru_cache
from typing import Final

from lsprotocol import types

from .._contracts import V1, V2
from .._migrate import MigrationError, Migrator
from ..check import contract_of
from .analysis import Analysis, Finding
from .diagnostics import lsp_diagnostic, lsp_range
from .fixes import Edit, Fix, quick_fixes

__all__ = [
    "MIGRATE_KIND",
    "SOURCE_ACTIONS",
    "SourceAction",
    "code_actions",
    "migrate_to_v2",
]

#: The kind of the migration action (a source action, so ``only: ["source"]`` lists it).
MIGRATE_KIND: Final = f"{types.CodeActionKind.Source.value}.migrate"

#: A source action: its kind (under ``source.``) and what it proposes for a document.
SourceAction = tuple[str, Callable[[Analysis], Iterator[Fix]]]


@cache
def _migrator() -> Migrator:
    # Built once, on the first request for it: it compares the two contracts (about a
    # second).
    return Migrator(V1.name, V2.name)


@lru_cache(maxsize=8)
def _migrated(text: str, source: str) -> str | None:
    """The migrated text, or None when there is nothing to write or migrate refuses.

    Kept for the last few texts: a client may ask again while the text is unchanged.
    """
    try:
        migration = _migrator().migrate(text, source=source)
    except MigrationError:
        return None  # what migrate refuses (a shared block, a result v2 reads otherwise)
    return migration.after if migration.refused is None and migration.changed else None


def migrate_to_v2(analysis: Analysis) -> Iterator[Fix]:
    """The whole text as ``migrate --to v2`` writes it, for a file checked with v1 (its
    modeline names v1, or none and the setting is v1) that v1 accepts."""
    named = contract_of(analysis.text)
    if analysis.contract != V1 or (named is not None and named != V1) or not analysis.result.ok:
        return
    after = _migrated(analysis.text, analysis.result.source)
    if after is not None:
        edit = Edit(0, len(analysis.text), after)
        yield Fix(f"Migrate this file to contract {V2.name}", (edit,), preferred=False)


#: Whole-document actions, offered whatever the cursor's range.
SOURCE_ACTIONS: Final[tuple[SourceAction, ...]] = ((MIGRATE_KIND, migrate_to_v2),)


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
    analysis: Analysis,
    uri: str,
    span: tuple[int, int],
    only: Sequence[str] | None = None,
    *,
    automatic: bool = False,
) -> list[types.CodeAction]:
    """The actions for the characters ``span`` (start, end): quick fixes of the findings
    there, and the source actions.

    A request the client makes on its own (``automatic``: for a light bulb, at each move
    of the cursor) gets source actions only when ``only`` asks for them by kind: they
    rewrite the whole document, and are worth their cost when someone asks.
    """
    actions: list[types.CodeAction] = []
    if _wanted(types.CodeActionKind.QuickFix, only):
        for finding in analysis.findings:
            if not _overlaps(finding, *span):
                continue
            diagnostic = lsp_diagnostic(analysis, finding)
            actions += [
                _action(analysis, uri, fix, types.CodeActionKind.QuickFix, diagnostic)
                for fix in quick_fixes(analysis, finding)
            ]
    for kind, propose in SOURCE_ACTIONS:
        if _wanted(kind, only) and not (automatic and only is None):
            actions += [_action(analysis, uri, fix, kind, None) for fix in propose(analysis)]
    return actions
