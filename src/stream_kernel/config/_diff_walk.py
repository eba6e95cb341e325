"""The walk of the contract diff: two schemas side by side, field by field, as layers.

The layers at an instance path are the subschemas that apply there: the field's own
schema, the blocks of ``allOf``, the ``then``/``else`` of each condition assumed to hold
or not. At each field the walk compares what the layers accept, which keys a block takes
and requires, and the default the defaults pass would fill; each difference is recorded
under its SK-DIFF code with the witnesses (:mod:`._witness`) that show it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from ._diff_values import VALUE_KEYWORDS, ValueRules, candidates, label, refusing
from ._fixes import ANY_KEY
from ._refs import UnsupportedSchemaError
from ._schema import ANNOTATIONS, CODE_KEYWORD
from ._schema import DEFAULT_FROM_KEYWORD as DEFAULT_FROM
from ._witness import Condition, Edit, Expect, Witnesses
from .diagnostics import dotted

__all__ = ["Layer", "Path", "Record", "Shown", "Walk", "canon"]

Path = tuple[str, ...]

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
class Shown:
    """One witness of a finding, with the edit and the expectation it was found for."""

    witness: dict[str, Any]
    edit: Edit
    expect: Expect


@dataclass
class Record:
    """What a finding has gathered: its labels (e.g. the values refused), its witnesses
    (the first is the one reported)."""

    labels: list[str]
    shown: list[Shown] = field(default_factory=list)


@dataclass(frozen=True)
class Layer:
    node: Mapping[str, Any]
    # When the defaults pass reaches this layer's defaults: the field's own schema first,
    # then the branches of conditions, the innermost block's first.
    rank: tuple[int, ...]


def canon(value: object) -> str:
    return json.dumps(value, sort_keys=True, default=repr)


def _rules(schema: object) -> str:
    """A condition's identity: its rules, without annotations, as canonical text."""
    if isinstance(schema, Mapping):
        return canon({k: _rules(v) for k, v in schema.items() if k not in ANNOTATIONS})
    if isinstance(schema, list):
        return canon([_rules(v) for v in schema])
    return canon(schema)


def _flatten(layers: list[Layer]) -> list[Layer]:
    flat: list[Layer] = []
    for layer in layers:
        flat.append(layer)
        flat.extend(_flatten([Layer(item, layer.rank) for item in layer.node.get("allOf", ())]))
    return flat


class Walk:
    def __init__(self, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        self.forth, self.back = Witnesses(old, new), Witnesses(new, old)
        self.found: dict[tuple[str, str], Record] = {}
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
            key = (code, edit.at, canon([edit.value, edit.omit]))
            tried = (*key, canon([(c.at, c.schema, c.holds) for c in context]))
            if key in self._shown or tried in self._tried:
                continue
            self._tried.add(tried)
            witness = finder.find(edit, context, expect)
            if witness is None:
                continue
            self._shown.add(key)
            record = self.found.setdefault((code, _display(at)), Record([]))
            if text and text not in record.labels:
                record.labels.append(text)
            if not widening:
                record.shown.append(Shown(witness, edit, expect))

    # --- the walk --------------------------------------------------------------------

    def node(
        self, old: list[Layer], new: list[Layer], at: Path, context: tuple[Condition, ...]
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

    def accepts(self, layers: list[Layer], value: object) -> bool:
        return self._rules.accept([layer.node for layer in layers], value)

    def sample(self, layers: list[Layer]) -> object:
        """A value ``layers`` accept (for a key whose value does not matter), or ``{}``."""
        nodes = [layer.node for layer in layers]
        return next((v for v in candidates(nodes) if self._rules.accept(nodes, v)), {})

    def values(
        self, old: list[Layer], new: list[Layer], at: Path, context: tuple[Condition, ...]
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
        self, old: list[Layer], new: list[Layer], at: Path, context: tuple[Condition, ...]
    ) -> None:
        # The defaults pass turns an integral float into an int where the field's own
        # schema says "integer": a field that stops (or starts) saying so normalizes 8.0
        # differently.
        def integral(layers: list[Layer]) -> bool:
            return any(layer.node.get("type") == "integer" for layer in layers)

        nodes = [layer.node for layer in (*old, *new)]
        floats = [v for v in candidates(nodes) if isinstance(v, float) and v.is_integer()]
        if integral(old) != integral(new) and floats:
            now = "stays" if integral(old) else "becomes"
            text = f"an integral float such as {floats[0]} {now} a float"
            edits = [(Edit(at, v), text) for v in floats[:3] if self.accepts(old, v)]
            self.claim(_DEFAULT, edits, context, "conflict", at)

    def required(
        self, old: list[Layer], new: list[Layer], at: Path, context: tuple[Condition, ...]
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
        self, old: list[Layer], new: list[Layer], at: Path, context: tuple[Condition, ...]
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
                self.node(before or [Layer({}, rank)], after or [Layer({}, rank)], where, context)
        self.names(old, new, at, context)

    def names(
        self, old: list[Layer], new: list[Layer], at: Path, context: tuple[Condition, ...]
    ) -> None:
        """Keys of a map refused or accepted by a changed ``propertyNames``."""
        before = [
            Layer(layer.node["propertyNames"], ()) for layer in old if "propertyNames" in layer.node
        ]
        after = [
            Layer(layer.node["propertyNames"], ()) for layer in new if "propertyNames" in layer.node
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
        self, old: list[Layer], new: list[Layer], at: Path, context: tuple[Condition, ...]
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
        self, old: list[Layer], new: list[Layer], at: Path, context: tuple[Condition, ...]
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


def _branch(layers: list[Layer], key: str, branch: str, rank: tuple[int, ...]) -> list[Layer]:
    return [
        Layer(layer.node[branch], rank)
        for layer in layers
        if branch in layer.node and _rules(layer.node.get("if")) == key
    ]


def _sub(layers: list[Layer], name: str) -> tuple[list[Layer], bool]:
    """The layers that apply to key ``name`` of a block, and whether the block allows it."""
    found: list[Layer] = []
    allowed = True
    for layer in layers:
        properties = layer.node.get("properties", {})
        extra = layer.node.get("additionalProperties", True)
        if name != _OTHER and name in properties:
            found.append(Layer(properties[name], layer.rank))
        elif extra is False:
            allowed = False
        elif isinstance(extra, Mapping):
            found.append(Layer(extra, layer.rank))
    return found, allowed


def _unused(declared: list[str]) -> str:
    name = _PLACEHOLDER
    while name in declared:
        name += "_"
    return name


def _display(at: Path) -> str:
    return dotted(_OTHER if part.rstrip("_") == _PLACEHOLDER else part for part in at)


def _default_of(layers: list[Layer]) -> str | None:
    """The default the defaults pass fills here, as canonical text, or None."""
    for layer in sorted(layers, key=lambda layer: layer.rank):
        if DEFAULT_FROM in layer.node:
            return canon({DEFAULT_FROM: layer.node[DEFAULT_FROM]})
        if "default" in layer.node:
            return canon(layer.node["default"])
    return None
