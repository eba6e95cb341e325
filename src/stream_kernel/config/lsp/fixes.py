"""Quick fixes: edits that remove one finding, each confirmed by the engine before it is offered.

A fix provider looks at one finding and proposes edits, as character offsets into the
text. Providers are registered by the code they fix (:func:`providers`): those for
"did you mean" suggestions are found through the schema (every code raised by an
``enum``, ``const`` or ``additionalProperties`` rule), the others (a missing key to
insert, a misplaced block to move) are listed by code.

Before a fix is offered, the engine checks the edited text: the fixed finding must be
gone and no error may be added. Lint warnings run only on a config without errors, so a
fix that removes the last error may reveal warnings that were already true of the file;
those are not counted as added.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Final

import yaml
from yaml.nodes import ScalarNode

from .._catalog import catalog
from .._contracts import V1, Contract
from .._lint import yaml11_hint
from .._messages import enum_suggestion, suggestion_for
from .._schema import CODE_KEYWORD, iter_subschemas
from .._yaml_edit import EditError, insert_fields
from .._yaml_move import move_key
from ..check import CheckResult
from .analysis import Analysis, Finding, run_check
from .fields import field_at

__all__ = [
    "BY_CODE",
    "Edit",
    "Fix",
    "FixProvider",
    "apply_edits",
    "insert_required",
    "keeps_promise",
    "move_misplaced",
    "providers",
    "quick_fixes",
    "rename_misspelt",
    "text_edit",
    "yaml_scalar",
]


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the characters ``start``..``end`` of the text with ``text``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Fix:
    """One quick fix: a title that never quotes the file's values, and its edits."""

    title: str
    edits: tuple[Edit, ...]
    preferred: bool = True


FixProvider = Callable[[Analysis, Finding], Iterator[Fix]]


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """``text`` with ``edits`` applied (they must not overlap)."""
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        text = text[: edit.start] + edit.text + text[edit.end :]
    return text


# ---------------------------------------------------------------------------------------
# Where a fix may edit, and what it writes

_PLAIN: Final = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]*")


def yaml_scalar(text: str) -> str:
    """``text`` as a YAML scalar that reads back as that string, in block or flow context."""
    if _PLAIN.fullmatch(text) and yaml.safe_load(text) == text:
        return text
    return json.dumps(text)  # a JSON string is a YAML double-quoted scalar


def _written_here(finding: Finding) -> ScalarNode | None:
    """The scalar the finding covers, when it is written where the finding points.

    A value that came through an alias or a ``<<`` merge is written elsewhere, and
    editing it there would change every other use: no fix is offered for it.
    """
    node = finding.node
    if isinstance(node, ScalarNode) and node.start_mark.index == finding.start:
        return node
    return None


def text_edit(before: str, after: str) -> Edit:
    """The one edit that turns ``before`` into ``after``: what lies between the text they
    start with and the text they end with (so that an editor keeps the cursor and the
    folds outside it)."""
    start = 0
    limit = min(len(before), len(after))
    while start < limit and before[start] == after[start]:
        start += 1
    end = 0
    while end < limit - start and before[-1 - end] == after[-1 - end]:
        end += 1
    return Edit(start, len(before) - end, after[start : len(after) - end])


def _value(document: object, parts: Sequence[object]) -> object:
    for part in parts:
        if not isinstance(document, Mapping) or part not in document:
            return None
        document = document[part]
    return document


@cache
def _rules(
    code: str, contract: Contract
) -> tuple[tuple[tuple[str, ...], str, Mapping[str, Any]], ...]:
    """(path, keyword, subschema) of every rule of ``contract`` that raises ``code``."""
    return tuple(
        (at, keyword, schema)
        for at, _, schema in iter_subschemas(contract.schema())
        for keyword, raised in schema.get(CODE_KEYWORD, {}).items()
        if raised == code
    )


def _allowed(
    code: str, path: tuple[object, ...], contract: Contract
) -> Iterator[tuple[Sequence[object], bool]]:
    """The allowed values of each enum or const rule at ``path`` that raises ``code``."""
    for at, keyword, schema in _rules(code, contract):
        if at == path and keyword in ("enum", "const"):
            allowed = schema["enum"] if keyword == "enum" else [schema["const"]]
            yield allowed, schema.get("writeOnly") is True


# ---------------------------------------------------------------------------------------
# The providers


def replace_value(analysis: Analysis, finding: Finding) -> Iterator[Fix]:
    """An enum or const value with a "did you mean": write the suggested value."""
    node = _written_here(finding)
    loaded = analysis.loaded
    if node is None or loaded is None:
        return
    d = finding.diagnostic
    got = _value(loaded.document, finding.parts)
    for allowed, hidden in _allowed(d.code, finding.parts, analysis.contract):
        suggestion = enum_suggestion(allowed, got, secret=hidden)
        if suggestion is not None:
            edit = Edit(node.start_mark.index, node.end_mark.index, yaml_scalar(suggestion))
            yield Fix(f"Change to {suggestion!r}", (edit,))


def rename_key(analysis: Analysis, finding: Finding) -> Iterator[Fix]:
    """An unknown key with a "did you mean": rename it to the suggested key."""
    node = _written_here(finding)
    d = finding.diagnostic
    if node is None or not finding.parts:
        return
    *parent, key = finding.parts
    for at, keyword, schema in _rules(d.code, analysis.contract):
        if at == tuple(parent) and keyword == "additionalProperties":
            suggestion = suggestion_for(key, schema.get("properties", {}))
            if suggestion is not None:
                edit = Edit(node.start_mark.index, node.end_mark.index, yaml_scalar(suggestion))
                yield Fix(f"Rename the key to {suggestion!r}", (edit,))


def yaml11_text(analysis: Analysis, finding: Finding) -> Iterator[Fix]:
    """A value YAML 1.1 read as a boolean, number or date: keep the text that was written.

    Quoting it is the fix when the quoted text is accepted. When it would still not be
    an allowed value, the value the engine would suggest for that text is written instead
    (``kdf: no`` becomes ``kdf: none``).
    """
    node = _written_here(finding)
    loaded = analysis.loaded
    d = finding.diagnostic
    if (
        node is None
        or loaded is None
        or yaml11_hint(loaded, finding.parts, analysis.contract) is None
    ):
        return
    start, end = node.start_mark.index, node.end_mark.index
    if '"' not in node.value and "\\" not in node.value:
        yield Fix(
            "Quote the value, so that it is read as text",
            (Edit(start, start, '"'), Edit(end, end, '"')),
        )
    for allowed, hidden in _allowed(d.code, finding.parts, analysis.contract):
        suggestion = enum_suggestion(allowed, node.value, secret=hidden)
        if suggestion is not None:
            yield Fix(f"Change to {suggestion!r}", (Edit(start, end, yaml_scalar(suggestion)),))


def plain_decimal(analysis: Analysis, finding: Finding) -> Iterator[Fix]:
    """SK-CFG-402: write the number the framework reads, in plain decimal."""
    node = _written_here(finding)
    loaded = analysis.loaded
    if node is None or loaded is None:
        return
    number = _value(loaded.document, finding.parts)
    if type(number) is int:
        edit = Edit(node.start_mark.index, node.end_mark.index, str(number))
        yield Fix("Write the number in plain decimal", (edit,))


def insert_required(analysis: Analysis, finding: Finding) -> Iterator[Fix]:
    """A required key that is missing, when the contract allows it one value only (v2's
    ``bind_host`` for ``tcp_local``): write it into the block, in the file's style."""
    loaded = analysis.loaded
    path = finding.diagnostic.path_parts
    field = field_at(path, analysis.contract)
    if loaded is None or field is None or len(field.allowed) != 1:
        return
    (value,) = field.allowed
    try:
        after = insert_fields(analysis.text, loaded, [(tuple(str(p) for p in path), value)])
    except EditError:
        return  # a block shared through an anchor or a merge: editing it changes the others
    shown = f"{path[-1]}: {yaml_scalar(value) if isinstance(value, str) else value}"
    yield Fix(f"Add {shown!r}", (text_edit(analysis.text, after),))


def rename_misspelt(analysis: Analysis, finding: Finding) -> Iterator[Fix]:
    """SK-CFG-403 for a key that is a spelling of a name at its own level (``bootstrp``):
    rename it."""
    node = _written_here(finding)
    targets = finding.diagnostic.belongs_at
    if node is None or len(targets) != 1 or not finding.parts:
        return
    (target,) = targets
    if tuple(target[:-1]) != tuple(finding.parts[:-1]) or not isinstance(target[-1], str):
        return
    edit = Edit(node.start_mark.index, node.end_mark.index, yaml_scalar(target[-1]))
    yield Fix(f"Rename the key to {target[-1]!r}", (edit,))


def move_misplaced(analysis: Analysis, finding: Finding) -> Iterator[Fix]:
    """SK-CFG-403 for a key that belongs at another level (``auth`` under
    ``runtime.platform``): move it, its value and its comments into the block where it
    belongs, when the file writes that block. A key that could belong in several blocks
    gets one fix for each, none preferred."""
    node = _written_here(finding)
    loaded = analysis.loaded
    parts = finding.parts
    if node is None or loaded is None or not parts or not all(isinstance(p, str) for p in parts):
        return
    source = tuple(str(p) for p in parts)
    moves = []
    for target in finding.diagnostic.belongs_at:
        if tuple(target[:-1]) == source[:-1] or not all(isinstance(p, str) for p in target):
            continue
        block = tuple(str(p) for p in target)
        try:
            after = move_key(analysis.text, loaded, source, block)
        except EditError:
            continue  # the block is not written, or is shared: the author moves it
        renamed = f" as {block[-1]!r}" if block[-1] != source[-1] else ""
        title = f"Move the key under {'.'.join(block[:-1])}{renamed}"
        moves.append((title, text_edit(analysis.text, after)))
    for title, edit in moves:
        yield Fix(title, (edit,), preferred=len(moves) == 1)


# ---------------------------------------------------------------------------------------
# The registry

#: Providers for every code a rule with this validation keyword raises (from the schema).
_BY_KEYWORD: Final[Mapping[str, tuple[FixProvider, ...]]] = {
    "enum": (replace_value,),
    "const": (replace_value,),
    "additionalProperties": (rename_key,),
}

#: Providers for one code, registered under the code of the finding they remove.
BY_CODE: Final[Mapping[str, tuple[FixProvider, ...]]] = {
    "SK-CFG-208": (insert_required,),
    "SK-CFG-402": (plain_decimal,),
    "SK-CFG-403": (rename_misspelt, move_misplaced),
}

#: Providers for every finding about a value (not a key).
_ANY_VALUE: Final[tuple[FixProvider, ...]] = (yaml11_text,)


@cache
def providers(contract: Contract = V1) -> Mapping[str, tuple[FixProvider, ...]]:
    """Every code's fix providers for a document checked with ``contract``, in the order
    their fixes are listed (kept per contract: each has rules of its own)."""
    found: dict[str, list[FixProvider]] = {code: [] for code in catalog(contract)}

    def add(code: str, more: Iterable[FixProvider]) -> None:
        found[code].extend(p for p in more if p not in found[code])

    for _, _, schema in iter_subschemas(contract.schema()):
        for keyword, code in schema.get(CODE_KEYWORD, {}).items():
            add(code, _BY_KEYWORD.get(keyword, ()))
    for code, more in BY_CODE.items():
        if code in found:
            add(code, more)
    for code, entry in catalog(contract).items():
        if entry.get("located_at") != "key":
            add(code, _ANY_VALUE)
    return {code: tuple(more) for code, more in found.items()}


# ---------------------------------------------------------------------------------------
# Offering only what works


def _keys(result: CheckResult, severity: str) -> Counter[tuple[str, tuple[object, ...]]]:
    return Counter((d.code, d.path_parts) for d in result.diagnostics if d.severity == severity)


def keeps_promise(before: CheckResult, after: CheckResult, fixed: Finding) -> bool:
    """The fixed finding is gone from ``after`` and nothing was added but revealed warnings."""
    key = (fixed.diagnostic.code, fixed.diagnostic.path_parts)
    old_errors, new_errors = _keys(before, "error"), _keys(after, "error")
    old_warnings, new_warnings = _keys(before, "warning"), _keys(after, "warning")
    removed = (old_errors + old_warnings)[key] > (new_errors + new_warnings)[key]
    # Warnings are only given for a config without errors: those that appear when the
    # last error goes were true of the file before the fix.
    revealed = bool(old_errors) and not new_errors
    added_warnings = not revealed and bool(new_warnings - old_warnings)
    return removed and not (new_errors - old_errors) and not added_warnings


def quick_fixes(analysis: Analysis, finding: Finding) -> Iterator[Fix]:
    """The fixes for ``finding`` that the engine confirms."""
    seen: set[tuple[Edit, ...]] = set()
    for provider in providers(analysis.contract).get(finding.diagnostic.code, ()):
        for fix in provider(analysis, finding):
            if fix.edits in seen:
                continue
            seen.add(fix.edits)
            after, _ = run_check(
                apply_edits(analysis.text, fix.edits),
                source=analysis.result.source,
                settings=analysis.settings,
            )
            if keeps_promise(analysis.result, after, finding):
                yield fix
