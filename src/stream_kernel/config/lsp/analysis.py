"""One document checked by the engine, with the span of text each finding is about.

The server never judges a config itself: :func:`analyse` runs the engine of
``stream-kernel-config check`` (the loader, then the validator and the lint rules) on the
editor's text. What it adds is where each finding ends: the YAML node that starts where
the finding starts (the key for a finding about a key, the value for one about a value)
gives the end.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Final

from yaml.nodes import Node

from .._contracts import CONTRACTS, Contract, contract_named
from ..check import CheckResult, check_source, contract_of, source_path
from ..diagnostics import Diagnostic
from ..loader import LoadedDocument
from .positions import Encoding, SourceText

__all__ = ["DEFAULT_CONTRACT", "Analysis", "Finding", "Settings", "analyse", "run_check"]

#: The contract a document is checked against unless the workspace says otherwise.
DEFAULT_CONTRACT: Final = "v1"


@dataclass(frozen=True, slots=True)
class Settings:
    """The workspace settings (``streamKernelConfig.*``) the server honours."""

    contract: str = DEFAULT_CONTRACT
    #: Milliseconds between the last edit and the check it triggers.
    debounce_ms: int = 150


def run_check(
    text: str, *, source: str, settings: Settings
) -> tuple[CheckResult, LoadedDocument | None]:
    """The one call into the engine: every finding the server shows comes from here.

    It is :func:`~stream_kernel.config.check.check_source`, which is ``check_text`` with
    the loaded document kept for the ranges and the fixes instead of parsing the text a
    second time. The contract is chosen as ``check`` chooses it: the document's modeline,
    then the workspace setting, then v1; an editor never reports a modeline conflict,
    because the setting only applies to files whose modeline names no contract.
    """
    if settings.contract == DEFAULT_CONTRACT or settings.contract not in CONTRACTS:
        return check_source(text, source=source)  # the modeline's contract, else v1
    named = contract_of(text)
    chosen = named.name if named is not None else settings.contract
    return check_source(text, source=source, contract=chosen)


@dataclass(frozen=True, slots=True)
class Finding:
    """A diagnostic of the engine and the character offsets of the text it is about."""

    diagnostic: Diagnostic
    start: int
    end: int
    #: The node the span covers, when the finding sits on one.
    node: Node | None = field(default=None, compare=False)
    #: The diagnostic's path in the source: a hidden key is the key it stands for.
    parts: tuple[object, ...] = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class Analysis:
    """What the engine found in one version of a document.

    ``loaded`` is the parsed document, for ranges, hover and fixes; ``None`` when the
    loader refused the text.
    """

    source: SourceText
    result: CheckResult
    loaded: LoadedDocument | None = field(default=None, repr=False, compare=False)
    settings: Settings = Settings()
    version: int | None = None

    @property
    def text(self) -> str:
        return self.source.text

    @property
    def contract(self) -> Contract:
        """The contract the document was checked with: hover, completion and fixes read
        its schema, so a v2 file is described by v2."""
        return contract_named(self.result.contract or DEFAULT_CONTRACT)

    @cached_property
    def findings(self) -> tuple[Finding, ...]:
        """Every diagnostic of the result, in its order, with its span."""
        return tuple(self._finding(d) for d in self.result.diagnostics)

    def _finding(self, diagnostic: Diagnostic) -> Finding:
        start = self.source.offset_of(diagnostic.line, diagnostic.column)
        node = None
        parts = diagnostic.path_parts
        if self.loaded is not None:
            parts = source_path(self.loaded, parts)
            node = _node_starting_at(self.loaded, parts, start)
        if node is not None:
            # A block's end mark is where the next line starts: the span stops at its text.
            end = start + len(self.text[start : max(node.end_mark.index, start)].rstrip())
            return Finding(diagnostic, start, end, node, parts)
        return Finding(diagnostic, start, _token_end(self.text, start), None, parts)


def analyse(
    text: str,
    *,
    source: str,
    settings: Settings,
    version: int | None = None,
    encoding: Encoding = "utf-16",
) -> Analysis:
    """Check ``text`` and keep what the editor features need."""
    result, loaded = run_check(text, source=source, settings=settings)
    return Analysis(SourceText(text, encoding), result, loaded, settings, version)


def _node_starting_at(loaded: LoadedDocument, path: tuple[object, ...], start: int) -> Node | None:
    """The smallest key or value node along ``path`` that starts at ``start``."""
    best: Node | None = None
    for node in _nodes_along(loaded, path):
        if node.start_mark.index == start and (
            best is None or node.end_mark.index < best.end_mark.index
        ):
            best = node
    return best


def _nodes_along(loaded: LoadedDocument, path: tuple[object, ...]) -> Iterator[Node]:
    """The root, then each key and value node on the way to ``path`` (as far as it exists)."""
    root = loaded.node(())
    if root is None:
        return
    yield root
    for key, child in loaded.entries(path):
        if key is not child:  # a list item is its own key
            yield key
        yield child


def _token_end(text: str, start: int) -> int:
    """Where the run of non-blank characters at ``start`` ends (a loader refusal's span)."""
    end = start
    while end < len(text) and not text[end].isspace():
        end += 1
    return end
