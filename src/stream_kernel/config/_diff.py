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

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Final, Literal

from ._catalog import evolution_catalog
from ._diff_codes import code_changes
from ._diff_values import VALUE_KEYWORDS, ValueRules, candidates, label, refusing
from ._fixes import ANY_KEY, write_old_values
from ._refs import UnsupportedSchemaError, inline_refs
from ._schema import ANNOTATIONS, CODE_KEYWORD
from ._schema import DEFAULT_FROM_KEYWORD as DEFAULT_FROM
from ._witness import Condition, Edit, Expect, Witnesses
from .diagnostics import dotted

__all__ = ["Finding", "UnsupportedSchemaError", "diff"]

Path = tuple[str, ...]
Severity = Literal["error", "warning", "note"]

# The keywords whose meaning the walk compares. A validation keyword outside this set
# makes the diff refuse the schema rather than miss a change.
_KNOWN: Final = (
    ANNOTATIONS
    | set(VALUE_KEYWORDS)
    | {"properties", "additionalProperties", "propertyNames", "required", "if", "then", "else"}
    | {"allOf"}
    | {CODE_KEYWORD, DEFAULT_FROM, "$schema", "$id", "writeOnly", "readOnly"}
)

# Finding codes by what changed (titles, severities and explanations: evolution-catalog.json).
_REFUSED_BY: Final = {"type": "SK-DIFF-102", "enum": "SK-DIFF-101", "const": "SK-DIFF-101"}
_RANGE, _REQUIRED, _KEY_REFUSED, _DEFAULT = (
    "SK-DIFF-103",
    "SK-DIFF-104",
    "SK-DIFF-105",
    "SK-DIFF-106",
)
_NEW_DEFAULT: Final = "SK-DIFF-121"
_WIDER_BY: Final = {"type": "SK-DIFF-141", "enum": "SK-DIFF-141", "const": "SK-DIFF-141"}
_WIDER_RANGE, _NOT_REQUIRED, _NEW_KEY = "SK-DIFF-142", "SK-DIFF-143", "SK-DIFF-144"
# Widenings are shown the other way round: a config the new contract accepts and the old
# one refuses. That config is no witness of a break, so it is not kept.
_WIDENINGS: Final = frozenset({*_WIDER_BY.values(), _WIDER_RANGE, _NOT_REQUIRED, _NEW_KEY})

# Stands for "any key the block does not declare" while walking; paths show it as "*".
_OTHER: Final = ANY_KEY
# The key a witness writes for it: the first of these names the block does not declare.
_PLACEHOLDER: Final = "unknown_key"


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


@dataclass(frozen=True)
class _Shown:
    """One witness of a finding, with the edit and the expectation it was found for."""

    witness: dict[str, Any]
    edit: Edit
    expect: Expect


@dataclass
class _Record:
    """What a finding has gathered: its labels (e.g. the values refused), its witnesses
    (the first is the one reported)."""

    labels: list[str]
    shown: list[_Shown] = field(default_factory=list)


@dataclass(frozen=True)
class _Layer:
    node: Mapping[str, Any]
    # When the defaults pass reaches this layer's defaults: the field's own schema first,
    # then the branches of conditions, the innermost block's first.
    rank: tuple[int, ...]


def _canon(value: object) -> str:
    return json.dumps(value, sort_keys=True, default=repr)


def _rules(schema: object) -> str:
    """A condition's identity: its rules, without annotations, as canonical text."""
    if isinstance(schema, Mapping):
        return _canon({k: _rules(v) for k, v in schema.items() if k not in ANNOTATIONS})
    if isinstance(schema, list):
        return _canon([_rules(v) for v in schema])
    return _canon(schema)


def _flatten(layers: list[_Layer]) -> list[_Layer]:
    flat: list[_Layer] = []
    for layer in layers:
        flat.append(layer)
        flat.extend(_flatten([_Layer(item, layer.rank) for item in layer.node.get("allOf", ())]))
    return flat


class _Walk:
    def __init__(self, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        self.forth, self.back = Witnesses(old, new), Witnesses(new, old)
        self.found: dict[tuple[str, str], _Record] = {}
        self._shown: set[tuple[str, Path, str]] = set()
        self._tried: set[tuple[str, Path, str, str]] = set()
        self._rules = ValueRules()

    # --- findings --------------------------------------------------------------------

    def claim(
        self,
        code: str,
        edits: list[tuple[Edit, str]],
        context: tuple[Condition, ...],
        expect: Expect,
        at: Path,
    ) -> None:
        """Report ``code`` at ``at`` for every edit a witness shows (widenings: the witness
        runs the other way, and is not kept)."""
        widening = code in _WIDENINGS
        finder = self.back if widening else self.forth
        for edit, text in edits:
            key = (code, edit.at, _canon([edit.value, edit.omit]))
            tried = (*key, _canon([(c.at, c.schema, c.holds) for c in context]))
            if key in self._shown or tried in self._tried:
                continue
            self._tried.add(tried)
            witness = finder.find(edit, context, expect)
            if witness is None:
                continue
            self._shown.add(key)
            record = self.found.setdefault((code, _display(at)), _Record([]))
            if text and text not in record.labels:
                record.labels.append(text)
            if not widening:
                record.shown.append(_Shown(witness, edit, expect))

    # --- the walk --------------------------------------------------------------------

    def node(
        self, old: list[_Layer], new: list[_Layer], at: Path, context: tuple[Condition, ...]
    ) -> None:
        old, new = _flatten(old), _flatten(new)
        for layer in (*old, *new):
            unknown = set(layer.node) - _KNOWN
            if unknown:
                raise UnsupportedSchemaError(
                    f"the diff cannot compare {sorted(unknown)} at {dotted(at) or '(root)'}"
                )
        self.values(old, new, at, context)
        self.required(old, new, at, context)
        self.keys(old, new, at, context)
        if at:
            self.default(old, new, at, context)
        self.conditions(old, new, at, context)

    def accepts(self, layers: list[_Layer], value: object) -> bool:
        return self._rules.accept([layer.node for layer in layers], value)

    def sample(self, layers: list[_Layer]) -> object:
        """A value ``layers`` accept (for a key whose value does not matter), or ``{}``."""
        nodes = [layer.node for layer in layers]
        return next((v for v in candidates(nodes) if self._rules.accept(nodes, v)), {})

    def values(
        self, old: list[_Layer], new: list[_Layer], at: Path, context: tuple[Condition, ...]
    ) -> None:
        if not at:
            return  # the document root: a mapping in every contract
        narrower: dict[str, list[tuple[Edit, str]]] = {}
        wider: dict[str, list[tuple[Edit, str]]] = {}
        was, now = [layer.node for layer in old], [layer.node for layer in new]
        for value in candidates([*was, *now]):
            before, after = self.accepts(old, value), self.accepts(new, value)
            if before and not after:
                keyword = refusing(now, value)
                code = _REFUSED_BY.get(keyword, _RANGE)
                narrower.setdefault(code, []).append(
                    (Edit(at, value), label(keyword, value, was, now))
                )
            elif after and not before:
                keyword = refusing(was, value)
                code = _WIDER_BY.get(keyword, _WIDER_RANGE)
                wider.setdefault(code, []).append(
                    (Edit(at, value), label(keyword, value, was, now))
                )
        for code, edits in (*narrower.items(), *wider.items()):
            self.claim(code, edits, context, "refused", at)
        self.integers(old, new, at, context)

    def integers(
        self, old: list[_Layer], new: list[_Layer], at: Path, context: tuple[Condition, ...]
    ) -> None:
        # The defaults pass turns an integral float into an int where the field's own
        # schema says "integer": a field that stops (or starts) saying so normalizes 8.0
        # differently.
        def integral(layers: list[_Layer]) -> bool:
            return any(layer.node.get("type") == "integer" for layer in layers)

        nodes = [layer.node for layer in (*old, *new)]
        floats = [v for v in candidates(nodes) if isinstance(v, float) and v.is_integer()]
        if integral(old) != integral(new) and floats:
            now = "stays" if integral(old) else "becomes"
            text = f"an integral float such as {floats[0]} {now} a float"
            edits = [(Edit(at, v), text) for v in floats[:3] if self.accepts(old, v)]
            self.claim(_DEFAULT, edits, context, "conflict", at)

    def required(
        self, old: list[_Layer], new: list[_Layer], at: Path, context: tuple[Condition, ...]
    ) -> None:
        before = {n for layer in old for n in layer.node.get("required", ())}
        after = {n for layer in new for n in layer.node.get("required", ())}
        for name in sorted(after - before):
            self.claim(
                _REQUIRED, [(Edit((*at, name), omit=True), "")], context, "refused", (*at, name)
            )
        for name in sorted(before - after):
            edit = Edit((*at, name), omit=True)
            self.claim(_NOT_REQUIRED, [(edit, "")], context, "refused", (*at, name))

    def keys(
        self, old: list[_Layer], new: list[_Layer], at: Path, context: tuple[Condition, ...]
    ) -> None:
        declared = sorted({n for layer in (*old, *new) for n in layer.node.get("properties", {})})
        for name in (*declared, _OTHER):
            before, old_open = _sub(old, name)
            after, new_open = _sub(new, name)
            key = _unused(declared) if name == _OTHER else name
            where = (*at, key)
            if old_open and not new_open:
                value = self.sample(before)
                self.claim(_KEY_REFUSED, [(Edit(where, value), "")], context, "refused", where)
                if _default_of(before) is not None:
                    self.claim(_DEFAULT, [(Edit(where, omit=True), "")], context, "conflict", where)
            elif new_open and not old_open:
                value = self.sample(after)
                self.claim(_NEW_KEY, [(Edit(where, value), "")], context, "refused", where)
                if _default_of(after) is not None:
                    self.claim(
                        _NEW_DEFAULT, [(Edit(where, omit=True), "")], context, "extended", where
                    )
            elif old_open and (before or after):
                rank = (old or new)[0].rank
                self.node(before or [_Layer({}, rank)], after or [_Layer({}, rank)], where, context)
        self.names(old, new, at, context)

    def names(
        self, old: list[_Layer], new: list[_Layer], at: Path, context: tuple[Condition, ...]
    ) -> None:
        """Keys of a map refused or accepted by a changed ``propertyNames``."""
        before = [
            _Layer(layer.node["propertyNames"], ())
            for layer in old
            if "propertyNames" in layer.node
        ]
        after = [
            _Layer(layer.node["propertyNames"], ())
            for layer in new
            if "propertyNames" in layer.node
        ]
        if _rules([b.node for b in before]) == _rules([a.node for a in after]):
            return
        for name in (
            v for v in candidates([layer.node for layer in (*before, *after)]) if isinstance(v, str)
        ):
            was, now = self.accepts(before, name), self.accepts(after, name)
            if was != now:
                layers = _sub(old if was else new, name)[0]
                value = self.sample(layers)
                code = _KEY_REFUSED if was else _NEW_KEY
                self.claim(
                    code,
                    [(Edit((*at, name), value), repr(name))],
                    context,
                    "refused",
                    (*at, _OTHER),
                )

    def default(
        self, old: list[_Layer], new: list[_Layer], at: Path, context: tuple[Condition, ...]
    ) -> None:
        before, after = _default_of(old), _default_of(new)
        if before == after:
            return
        edit = [(Edit(at, omit=True), "")]
        if before is None:
            self.claim(_NEW_DEFAULT, edit, context, "extended", at)
        else:
            self.claim(_DEFAULT, edit, context, "conflict", at)

    def conditions(
        self, old: list[_Layer], new: list[_Layer], at: Path, context: tuple[Condition, ...]
    ) -> None:
        assumed = {_rules(c.schema) for c in context if c.at == at}
        ifs: dict[str, Mapping[str, Any]] = {}
        for layer in (*old, *new):
            if "if" in layer.node:
                ifs.setdefault(_rules(layer.node["if"]), layer.node["if"])
        rank = (1, -len(at))
        for key, schema in ifs.items():
            if key in assumed:
                continue
            for holds, branch in ((True, "then"), (False, "else")):
                extra = [_branch(old, key, branch, rank), _branch(new, key, branch, rank)]
                if extra[0] or extra[1]:
                    more = (*context, Condition(at, schema, holds))
                    self.node([*old, *extra[0]], [*new, *extra[1]], at, more)


def _branch(layers: list[_Layer], key: str, branch: str, rank: tuple[int, ...]) -> list[_Layer]:
    return [
        _Layer(layer.node[branch], rank)
        for layer in layers
        if branch in layer.node and _rules(layer.node.get("if")) == key
    ]


def _sub(layers: list[_Layer], name: str) -> tuple[list[_Layer], bool]:
    """The layers that apply to key ``name`` of a block, and whether the block allows it."""
    found: list[_Layer] = []
    allowed = True
    for layer in layers:
        properties = layer.node.get("properties", {})
        extra = layer.node.get("additionalProperties", True)
        if name != _OTHER and name in properties:
            found.append(_Layer(properties[name], layer.rank))
        elif extra is False:
            allowed = False
        elif isinstance(extra, Mapping):
            found.append(_Layer(extra, layer.rank))
    return found, allowed


def _unused(declared: list[str]) -> str:
    name = _PLACEHOLDER
    while name in declared:
        name += "_"
    return name


def _display(at: Path) -> str:
    return dotted(_OTHER if part.rstrip("_") == _PLACEHOLDER else part for part in at)


def _default_of(layers: list[_Layer]) -> str | None:
    """The default the defaults pass fills here, as canonical text, or None."""
    for layer in sorted(layers, key=lambda layer: layer.rank):
        if DEFAULT_FROM in layer.node:
            return _canon({DEFAULT_FROM: layer.node[DEFAULT_FROM]})
        if "default" in layer.node:
            return _canon(layer.node["default"])
    return None


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
    walk = _Walk(old, new)
    walk.node([_Layer(old_tree, (0,))], [_Layer(new_tree, (0,))], (), ())
    entries = evolution_catalog()

    def finding(code: str, path: str, detail: str, record: _Record | None = None) -> Finding:
        entry = entries[code]
        message = f"{entry['title']}: {detail}" if detail else entry["title"]
        witness = record.shown[0].witness if record and record.shown else None
        fixable = bool(record and record.shown and all(_writes_old(walk, s) for s in record.shown))
        return Finding(code, _severity(entry["severity"]), path, message, witness, fixable)

    records: dict[Finding, _Record] = {}
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
    return repr(value) if isinstance(value, str) else _canon(value)


def _writes_old(walk: _Walk, shown: _Shown) -> bool:
    """Whether the break ``shown`` is about a field its witness leaves out and the old
    contract fills in: writing that value out is its fix."""
    if not shown.edit.omit or shown.expect == "extended":
        return False
    normalized = walk.forth.old(shown.witness).normalized
    return normalized is not None and _at(normalized, shown.edit.at)[0]


def _change(walk: _Walk, shown: _Shown) -> str:
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


def _fold(walk: _Walk, records: Mapping[Finding, _Record]) -> list[Finding]:
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


def _fixed_by(walk: _Walk, cause: Finding, shown: _Shown) -> bool:
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
