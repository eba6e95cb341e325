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
from ._document import value_at
from ._schema import contract_schema, iter_subschemas
from ._secrets import secret_paths
from ._yaml11 import conversion
from .diagnostics import Diagnostic
from .loader import LoadedDocument

__all__ = ["RULES", "lint", "yaml11_hint"]

_Rule = Callable[[Mapping[str, Any], "LoadedDocument | None"], Iterator[Diagnostic]]

_AUTH = ("runtime", "platform", "execution_ipc", "auth")


def static_secret_without_secret(
    config: Mapping[str, Any], _: LoadedDocument | None
) -> Iterator[Diagnostic]:
    """SK-CFG-401: the runtime would sign with its well-known built-in secret."""
    auth = value_at(config, _AUTH)
    if isinstance(auth, Mapping) and auth.get("secret_mode") == "static" and "secret" not in auth:
        yield catalog_diagnostic(
            "SK-CFG-401",
            "no auth.secret is set, so the runtime falls back to its well-known built-in"
            " secret; set auth.secret or use secret_mode 'generated'",
            (*_AUTH, "secret_mode"),
        )


def yaml11_conversions(_: Mapping[str, Any], source: LoadedDocument | None) -> Iterator[Diagnostic]:
    """SK-CFG-402: an owned field holds a number YAML 1.1 converted from other text."""
    if source is None:
        return
    for parts in _owned_fields():
        hint = yaml11_hint(source, parts)
        if hint is not None:
            yield catalog_diagnostic(
                "SK-CFG-402", f"{hint}; write the number in plain decimal", parts
            )


RULES: Mapping[str, _Rule] = {
    "SK-CFG-401": static_secret_without_secret,
    "SK-CFG-402": yaml11_conversions,
}


def lint(config: Mapping[str, Any], source: LoadedDocument | None = None) -> list[Diagnostic]:
    """Every warning for a valid, normalized ``config``."""
    return [found for rule in RULES.values() for found in rule(config, source)]


def yaml11_hint(source: LoadedDocument, parts: tuple[object, ...]) -> str | None:
    """The YAML 1.1 conversion behind the value at ``parts``, unless the field is secret."""
    if parts in secret_paths():
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
def _owned_fields() -> tuple[tuple[object, ...], ...]:
    # Leaves the schema declares (no `properties` of their own), secrets excluded.
    found = {at for at, _, s in iter_subschemas(contract_schema()) if at and "properties" not in s}
    return tuple(sorted(found - secret_paths()))
