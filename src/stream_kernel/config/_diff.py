"""Compare two contract schemas by what they mean for configs: the engine of ``diff``.

The two schemas are walked side by side, field by field, as *layers*: the subschemas
that apply at an instance path (the field's own schema, the blocks of ``allOf``, the
``then``/``else`` of each condition assumed to hold or not). At each field the walk
compares what the layers accept (by trying the values the schemas themselves name:
enum values, bounds, defaults, one value of each type), which keys a block takes, which
it requires, and the default the defaults pass would fill. Every difference is then
shown on a witness config (:mod:`._witness`): a change is reported as breaking only
with a config the old contract accepts and the new one refuses or normalizes
differently. A difference that no config of the old contract reaches is no finding.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Final, Literal

from ._catalog import evolution_catalog
from ._diff_codes import code_changes
from ._diff_walk import Layer, Path, Record, Shown, Walk, canon
from ._fixes import write_old_values
from ._refs import UnsupportedSchemaError, inline_refs

__all__ = ["Finding", "UnsupportedSchemaError", "diff"]

Severity = Literal["error", "warning", "note"]


@dataclass(frozen=True)
class Finding:
    """One difference between two contracts.

    ``severity`` is ``error`` when a config the old contract accepts is refused or
    normalized differently by the new one, or an error code changes meaning or
    disappears; ``warning`` when normalized output changes while every config stays
    valid; ``note`` for a pure widening. ``path`` is a dotted config path (``*`` stands
    for any key of a map). ``witness``, for every error about configs, is a complete
    config that shows it (checked against both contracts); ``None`` otherwise.

    ``writes_old_value``: the finding is fixed in a config by writing out the value the
    old contract's defaults pass gave the field (a changed default, or a field now
    required that the old contract filled in): what ``migrate`` does.
    ``consequences``: the findings this one causes, folded into it (docs/evolution.md):
    each breaks no config any more once this one's fix is applied to its witnesses.
    """

    code: str
    severity: Severity
    path: str
    message: str
    witness: dict[str, Any] | None = field(default=None, compare=False)
    writes_old_value: bool = field(default=False, compare=False)
    consequences: tuple[Finding, ...] = field(default=(), compare=False)


def _order(finding: Finding) -> tuple[int, str, str]:
    return ({"error": 0, "warning": 1, "note": 2}[finding.severity], finding.path, finding.code)


def diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[Finding, ...]:
    """Every difference in meaning between contract schemas ``old`` and ``new``.

    Both are parsed JSON documents; neither is changed, and they may share an ``$id``.
    Breaking findings first, then warnings, then notes; within each, by path and code.
    A finding caused by another one is folded into it (:attr:`Finding.consequences`).
    Raises :class:`UnsupportedSchemaError` for a schema the diff cannot read in full.
    """
    old_tree, new_tree = inline_refs(old), inline_refs(new)
    walk = Walk(old, new)
    walk.node([Layer(old_tree, (0,))], [Layer(new_tree, (0,))], (), ())
    entries = evolution_catalog()

    def finding(code: str, path: str, detail: str, record: Record | None = None) -> Finding:
        entry = entries[code]
        message = f"{entry['title']}: {detail}" if detail else entry["title"]
        witness = record.shown[0].witness if record and record.shown else None
        fixable = bool(record and record.shown and all(_writes_old(walk, s) for s in record.shown))
        return Finding(code, _severity(entry["severity"]), path, message, witness, fixable)

    records: dict[Finding, Record] = {}
    for (code, path), record in walk.found.items():
        for shown in record.shown:
            # Checked once more as reported: a witness that does not hold is a bug.
            if not walk.forth.holds(shown.witness, shown.edit, shown.expect):
                raise AssertionError(f"the witness of {code} at {path} does not hold")
        labels = record.labels or [_change(walk, s) for s in record.shown[:1]]
        made = finding(code, path, ", ".join(filter(None, labels)), record)
        records[made] = record
    found = _fold(walk, records)
    changes = code_changes(old_tree, new_tree)
    found.extend(finding(code, path, detail) for code, path, detail in changes)
    return tuple(sorted(found, key=_order))


def _at(document: object, at: Path) -> tuple[bool, Any]:
    for name in at:
        if not isinstance(document, dict) or name not in document:
            return False, None
        document = document[name]
    return True, document


def _shown_value(value: object) -> str:
    return repr(value) if isinstance(value, str) else canon(value)


def _writes_old(walk: Walk, shown: Shown) -> bool:
    """Whether the break ``shown`` is about a field its witness leaves out and the old
    contract fills in: writing that value out is its fix."""
    if not shown.edit.omit or shown.expect == "extended":
        return False
    normalized = walk.forth.old(shown.witness).normalized
    return normalized is not None and _at(normalized, shown.edit.at)[0]


def _change(walk: Walk, shown: Shown) -> str:
    """What a field left out becomes, as its witness shows: for a finding with no label."""
    if not shown.edit.omit:
        return ""
    before = walk.forth.old(shown.witness).normalized
    after = walk.forth.new(shown.witness).normalized
    if shown.expect == "extended":
        return _shown_value(_at(after, shown.edit.at)[1])
    had, was = _at(before, shown.edit.at)
    if not had:
        return ""
    if shown.expect == "refused":
        return f"the old contract filled in {_shown_value(was)}"
    has, now = _at(after, shown.edit.at)
    now_text = _shown_value(now) if has else "nothing"
    return f"{_shown_value(was)} becomes {now_text}"


def _pattern(path: str) -> tuple[str, ...]:
    return tuple(path.split(".")) if path else ()


def _fold(walk: Walk, records: Mapping[Finding, Record]) -> list[Finding]:
    """The findings with every consequence folded into its cause.

    A breaking finding F is a consequence of another breaking finding G whose fix is to
    write the old value out (:attr:`Finding.writes_old_value`) when every witness of F,
    with G's fix applied to it, breaks no config at all any more. F is then reported
    inside G (named in G's message, kept whole in ``G.consequences``), not beside it.
    A finding with consequences of its own is never folded into another.
    """
    ordered = sorted(records, key=_order)
    causes = [g for g in ordered if g.severity == "error" and g.writes_old_value]
    folded: dict[Finding, list[Finding]] = {}
    into: set[Finding] = set()
    for effect in ordered:
        if effect.severity != "error" or not records[effect].shown:
            continue
        for cause in causes:
            if cause == effect or cause in into or effect in folded:
                continue
            if all(_fixed_by(walk, cause, shown) for shown in records[effect].shown):
                folded.setdefault(cause, []).append(effect)
                into.add(effect)
                break
    result = []
    for made in ordered:
        if made in into:
            continue
        effects = folded.get(made, [])
        named = ", ".join(f"{e.code} at {e.path} ({e.message})" for e in effects)
        result.append(
            replace(
                made,
                message=f"{made.message}; its consequences, fixed with it: {named}",
                consequences=tuple(effects),
            )
            if effects
            else made
        )
    return result


def _fixed_by(walk: Walk, cause: Finding, shown: Shown) -> bool:
    old = walk.forth.old(shown.witness).normalized
    if old is None:
        return False
    fixed, written = write_old_values(shown.witness, old, [_pattern(cause.path)])
    return bool(written) and not walk.forth.breaks(fixed)


_SEVERITIES: Final[Mapping[str, Severity]] = {
    "error": "error",
    "warning": "warning",
    "note": "note",
}


def _severity(text: str) -> Severity:
    if text not in _SEVERITIES:
        raise ValueError(f"unknown severity {text!r} in the evolution catalog")
    return _SEVERITIES[text]
