"""Lint rules: findings about a valid config that are worth a warning, not a refusal.

Warnings are not schema rules on purpose: a schema rule shows as an error in every
editor and fails validation. Each rule is a small function over the normalized config
(and its source, when there is one); its code, title and severity are in the schema's
catalog like every other code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from functools import cache
from typing import Any

from ._catalog import catalog_diagnostic
from ._contracts import Contract
from ._document import ANY_KEY, path_matches, paths_matching, value_at
from ._schema import iter_subschemas
from ._secrets import secret_paths
from ._yaml11 import conversion
from .diagnostics import Diagnostic
from .loader import LoadedDocument

__all__ = ["RULES", "lint", "yaml11_hint"]

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


RULES: Mapping[str, _Rule] = {
    "SK-CFG-401": static_secret_without_secret,
    "SK-CFG-402": yaml11_conversions,
}


def lint(
    config: Mapping[str, Any], source: LoadedDocument | None, contract: Contract
) -> list[Diagnostic]:
    """Every warning for a ``config`` valid under ``contract`` and normalized."""
    return [found for rule in RULES.values() for found in rule(config, source, contract)]


def yaml11_hint(
    source: LoadedDocument, parts: tuple[object, ...], contract: Contract
) -> str | None:
    """The YAML 1.1 conversion behind the value at ``parts``, unless the field is secret."""
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
    return conversion(node, value)


@cache
def _owned_fields(contract: Contract) -> tuple[tuple[str, ...], ...]:
    # Leaves the schema declares (no `properties` of their own), secrets excluded; a map
    # entry's fields with ANY_KEY for its key. A map's keys (propertyNames) are no field.
    found = {
        at
        for at, where, s in iter_subschemas(contract.schema())
        if at and "properties" not in s and "propertyNames" not in where and at[-1] != ANY_KEY
    }
    return tuple(sorted(found - secret_paths(contract)))
