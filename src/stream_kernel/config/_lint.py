"""Lint rules: findings about a valid config that are worth a warning, not a refusal.

Warnings are not schema rules on purpose: a schema rule shows as an error in every
editor and fails validation. Each rule is a small function over the normalized config
(and its source, when there is one); its code, title and severity are in the schema's
catalog like every other code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from yaml.nodes import MappingNode, Node, SequenceNode

from ._catalog import catalog_diagnostic
from ._compiled import compile_predicate
from ._contracts import Contract
from ._document import ANY_KEY, path_matches, paths_matching, value_at
from ._messages import describe
from ._schema import BRANCHES, iter_subschemas, rules_view
from ._secrets import secret_blocks, secret_paths, under_secret_block
from ._suggest import closest, folded, near_miss
from ._yaml11 import conversion
from .diagnostics import Diagnostic, dotted
from .loader import LoadedDocument

__all__ = ["RULES", "from_secret_block", "lint", "yaml11_hint"]

_Rule = Callable[[Mapping[str, Any], "LoadedDocument | None", Contract], Iterator[Diagnostic]]


def static_secret_without_secret(
    config: Mapping[str, Any], _: LoadedDocument | None, contract: Contract
) -> Iterator[Diagnostic]:
    """SK-CFG-401: the runtime would sign with its well-known built-in secret.

    Every block that holds a secret field (``writeOnly`` in the schema) is looked at: in
    v2 the control channel's ``auth`` falls back to the same built-in secret.
    """
    for pattern in sorted(secret_paths(contract)):
        for path in paths_matching(config, pattern):
            block, name = path[:-1], path[-1]
            auth = value_at(config, block)
            static = isinstance(auth, Mapping) and auth.get("secret_mode") == "static"
            if static and name not in auth:  # type: ignore[operator]
                yield catalog_diagnostic(
                    "SK-CFG-401",
                    f"no {block[-1]}.{name} is set, so the runtime falls back to its"
                    f" well-known built-in secret; set {block[-1]}.{name} or use"
                    " secret_mode 'generated'",
                    (*block, "secret_mode"),
                    contract=contract,
                )


def yaml11_conversions(
    _: Mapping[str, Any], source: LoadedDocument | None, contract: Contract
) -> Iterator[Diagnostic]:
    """SK-CFG-402: an owned field holds a number YAML 1.1 converted from other text."""
    if source is None:
        return
    for pattern in _owned_fields(contract):
        for parts in paths_matching(source.document, pattern):
            hint = yaml11_hint(source, parts, contract)
            if hint is not None:
                yield catalog_diagnostic(
                    "SK-CFG-402",
                    f"{hint}; write the number in plain decimal",
                    parts,
                    contract=contract,
                )


# -- SK-CFG-403: a key in a pass-through section that is one of ours, misspelt or misplaced


@dataclass(frozen=True, slots=True)
class _Owned:
    """A name the contract owns: where it is declared and what its value must look like."""

    path: tuple[str, ...]
    keys: frozenset[str]  # a block's own keys, folded; empty for a field
    check: Callable[[object], bool] | None  # a field's rules, compiled; None for a block

    @property
    def name(self) -> str:
        return self.path[-1]

    @property
    def parent(self) -> tuple[str, ...]:
        return self.path[:-1]

    def fits(self, value: object) -> bool:
        """Whether ``value`` looks written for this name: a block that is empty or shares a
        key with ours, a field's value that its rules accept."""
        if self.check is None:
            return value is None or (
                isinstance(value, Mapping)
                and (not value or any(isinstance(k, str) and folded(k) in self.keys for k in value))
            )
        try:
            return self.check(value)
        except Exception:  # noqa: BLE001 - a value that cannot be compared is not ours
            return False


@cache
def _owned(contract: Contract) -> tuple[_Owned, ...]:
    """Every name the schema declares (branches restate names; they are read once). The
    entries of a map (any key) are no names."""
    found = {}
    root = contract.schema()
    for at, where, schema in iter_subschemas(root):
        if not at or set(BRANCHES) & set(where) or ANY_KEY in at:
            continue
        if "properties" in schema:
            found[at] = _Owned(at, frozenset(map(folded, schema["properties"])), None)
        else:
            check = compile_predicate(rules_view(schema), root=root, finite=contract.finite_numbers)
            found[at] = _Owned(at, frozenset(), check)
    return tuple(found[at] for at in sorted(found))


@cache
def _open_levels(contract: Contract) -> tuple[tuple[tuple[str, ...], bool], ...]:
    """The sections that pass unknown keys through and hold names of ours (the root,
    ``runtime``, ``runtime.platform``), each with whether it holds a closed block: a
    misplaced field is looked for only there, one or two levels above its block; a field
    name higher up is too likely another contract's own."""
    levels = []
    for at, where, schema in iter_subschemas(contract.schema()):
        if set(BRANCHES) & set(where) or "properties" not in schema or ANY_KEY in at:
            continue
        if schema.get("additionalProperties") is False:
            continue
        holds_block = any(
            sub.get("additionalProperties") is False for sub in schema["properties"].values()
        )
        levels.append((at, holds_block))
    return tuple(levels)


def _placement(
    level: tuple[str, ...], key: str, value: object, fields: bool, contract: Contract
) -> tuple[tuple[str, ...], ...]:
    """Where ``key`` (found at ``level``, holding ``value``) belongs, best first; empty when
    it is not a name of ours."""
    owned = _owned(contract)
    here = [o.name for o in owned if o.parent == level and near_miss(key, o.name)]
    if here:
        meant = closest(key, here)
        return ((*level, meant),) if meant is not None else ()
    return tuple(
        o.path
        for o in owned
        if len(o.parent) > len(level)
        and o.parent[: len(level)] == level
        and (o.check is None or fields)
        and (near_miss(key, o.name) if o.check is None else folded(key) == folded(o.name))
        and o.fits(value)
    )


def _where(level: tuple[object, ...]) -> str:
    return f"under {dotted(level)}" if level else "at the top level"


def misplaced_names(
    config: Mapping[str, Any], _: LoadedDocument | None, contract: Contract
) -> Iterator[Diagnostic]:
    """SK-CFG-403: a key the contract would read elsewhere, or under another spelling.

    Sections outside the contract pass through unread, so a misspelt block
    (``bootstrp``) or one at the wrong level (``auth`` under ``runtime.platform``) is
    silently ignored and its defaults apply. Names are the schema's; a key is ours when
    it is a near miss of a name declared at its level, or a block or field name declared
    deeper below it whose value looks like ours.
    """
    for level, fields in _open_levels(contract):
        section = value_at(config, level)
        if not isinstance(section, Mapping):
            continue
        for key, value in section.items():
            if not isinstance(key, str) or key in _declared(level, contract):
                continue
            targets = _placement(level, key, value, fields, contract)
            if not targets:
                continue
            found = f"{describe(key)} {_where(level)} is passed through unread"
            if targets[0][:-1] == level:
                detail = f"{found}; did you mean {targets[0][-1]!r}?"
            else:
                parents = " or ".join(sorted({dotted(t[:-1]) for t in targets}))
                renamed = {t[-1] for t in targets} - {key}
                spelt = f"did you mean {sorted(renamed)[0]!r}? it" if renamed else "it"
                detail = f"{found}; {spelt} belongs under {parents}"
            diagnostic = catalog_diagnostic("SK-CFG-403", detail, (*level, key), contract=contract)
            yield replace(diagnostic, belongs_at=targets)


@cache
def _declared(level: tuple[str, ...], contract: Contract) -> frozenset[str]:
    return frozenset(o.name for o in _owned(contract) if o.parent == level)


RULES: Mapping[str, _Rule] = {
    "SK-CFG-401": static_secret_without_secret,
    "SK-CFG-402": yaml11_conversions,
    "SK-CFG-403": misplaced_names,
}


def lint(
    config: Mapping[str, Any], source: LoadedDocument | None, contract: Contract
) -> list[Diagnostic]:
    """Every warning for a ``config`` valid under ``contract`` and normalized."""
    return [found for rule in RULES.values() for found in rule(config, source, contract)]


def yaml11_hint(
    source: LoadedDocument,
    parts: tuple[object, ...],
    contract: Contract,
    *,
    hidden: bool = False,
) -> str | None:
    """The YAML 1.1 conversion behind the value at ``parts``, unless the field is secret.

    A value that is never shown (``hidden``, inside the secret's block, or an alias of a
    node written there) gets the hint without its source text.
    """
    if any(path_matches(secret, parts) for secret in secret_paths(contract)):
        return None
    value = value_at(source.document, parts)
    # Only a bool, a number or a date can come from a conversion; absent, a string or a
    # container never does, and finding the node (a walk of the YAML graph) costs more.
    if value is None or isinstance(value, str | dict | list):
        return None
    node = source.node(parts)
    if node is None:
        return None
    if conversion(node, value) is None:
        return None
    hidden = (
        hidden or under_secret_block(parts, contract) or from_secret_block(source, contract)(parts)
    )
    return conversion(node, value, quoted=not hidden)


def from_secret_block(
    source: LoadedDocument, contract: Contract
) -> Callable[[tuple[object, ...]], bool]:
    """Whether the node at a path was written under a secret's block (reached by an alias)."""
    written: set[int] = set()
    pending: list[Node | None] = [
        source.node(path)
        for block in secret_blocks(contract)
        for path in paths_matching(source.document, block)
    ]
    while pending:
        node = pending.pop()
        if node is None or id(node) in written:
            continue  # a node shared by aliases is walked once
        written.add(id(node))
        if isinstance(node, MappingNode):
            pending.extend(value for _, value in node.value)
        elif isinstance(node, SequenceNode):
            pending.extend(node.value)

    def aliased(path: tuple[object, ...]) -> bool:
        node = source.node(path)
        return node is not None and id(node) in written

    return aliased


@cache
def _owned_fields(contract: Contract) -> tuple[tuple[str, ...], ...]:
    # Leaves the schema declares (no `properties` of their own), secrets excluded; a map
    # entry's fields with ANY_KEY for its key. A map's keys (propertyNames) are no field,
    # and a key only a condition reads (v2's process_groups) belongs to another contract.
    found = {
        at
        for at, where, s in iter_subschemas(contract.schema())
        if at
        and "properties" not in s
        and at[-1] != ANY_KEY
        and not {"propertyNames", "if"} & set(where)
    }
    return tuple(sorted(found - secret_paths(contract)))
