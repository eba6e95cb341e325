"""The contracts as values: each is a schema file, and what is read or compiled from it
is built once per process, on first use, and kept per contract.

Two contracts ship with the package, ``v1`` (the default everywhere: it is API) and
``v2``. A contract can also be made of any schema (:func:`contract_from_schema`), for
comparing a contract with a schema file; it gets validators of its own, whatever its
``$id`` says.

>>> contract_named("v2").schema()["$id"]
'https://stream-kernel.dev/schemas/runtime-config/v2.json'
>>> contract_named("v3")
Traceback (most recent call last):
...
ValueError: unknown contract 'v3'; choose one of: v1, v2

What the other modules compile from a contract is kept in their own caches, keyed by
the contract: the compiled check (``_compiled``), the defaults plan (``_defaults``), the
secret paths (``_secrets``) and the lint targets (``_lint``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Final

from ._schema import CATALOG_KEYWORD, compile_guarded, compile_validator, rules_view

if TYPE_CHECKING:
    from jsonschema import Draft7Validator

__all__ = [
    "CONTRACTS",
    "DEFAULT_CONTRACT",
    "V1",
    "V2",
    "Contract",
    "ContractChoice",
    "contract_from_schema",
    "contract_named",
    "resolve_contract",
]


@dataclass(frozen=True, slots=True)
class Contract:
    """One contract: its name and its schema file.

    ``text`` is the schema's JSON text for a contract made of a schema that is not
    package data; ``None`` for the bundled ones, read from ``schemas/<schema_file>``.
    ``finite_numbers``: the ``number`` type takes finite numbers only (no ``.inf``, no
    ``.nan``); v1 keeps draft-07's reals, so that none of its diagnostics change.
    Two contracts are equal only with the same name, file and text, so a schema never
    shares what is compiled from it with another.
    """

    name: str
    schema_file: str
    text: str | None = field(default=None, repr=False)
    finite_numbers: bool = False

    def schema_text(self) -> str:
        """The schema exactly as shipped (or as given)."""
        if self.text is not None:
            return self.text
        schemas = resources.files(__package__).joinpath("schemas")
        return schemas.joinpath(self.schema_file).read_text("utf-8")

    def schema(self) -> Mapping[str, Any]:
        """The parsed schema, annotations included. Shared: never mutate it."""
        return _schema(self)

    def rules(self) -> Mapping[str, Any]:
        """The schema without its annotations (``_schema.rules_view``). Shared."""
        return _rules(self)

    def validator(self) -> Draft7Validator:
        """The jsonschema validator of the rules, with a registry of this schema alone."""
        return _validator(self)

    def guarded_validator(self) -> Draft7Validator:
        """The validator's twin for values that break jsonschema's message formatting."""
        return _guarded(self)

    def catalog(self) -> Mapping[str, Mapping[str, str]]:
        """Every code of the contract, with its title, severity, explanation, example, fix."""
        entries: Mapping[str, Mapping[str, str]] = self.schema().get(CATALOG_KEYWORD, {})
        return entries


#: The bundled contracts, by name.
V1: Final = Contract("v1", "runtime-config.v1.schema.json")
V2: Final = Contract("v2", "runtime-config.v2.schema.json", finite_numbers=True)
CONTRACTS: Final[Mapping[str, Contract]] = {c.name: c for c in (V1, V2)}

#: The contract used when none is named: v1, which is API.
DEFAULT_CONTRACT: Final = V1

#: What the public functions take for ``contract``: a bundled contract's name, or a
#: contract itself.
ContractChoice = str | Contract


def contract_named(name: str) -> Contract:
    """The bundled contract called ``name``.

    :raises ValueError: no bundled contract has that name.
    """
    try:
        return CONTRACTS[name]
    except (KeyError, TypeError):  # TypeError: an unhashable name
        raise ValueError(
            f"unknown contract {name!r}; choose one of: {', '.join(CONTRACTS)}"
        ) from None


def resolve_contract(choice: ContractChoice) -> Contract:
    """``choice`` as a contract: a contract itself, or the bundled one of that name.

    :raises ValueError: ``choice`` names no bundled contract.
    """
    return choice if isinstance(choice, Contract) else contract_named(choice)


def contract_from_schema(
    schema: Mapping[str, Any], *, name: str, source: str, finite_numbers: bool = True
) -> Contract:
    """A contract made of a parsed schema (``source`` says where it came from: a path).

    Its validators resolve references inside ``schema`` only, never in a bundled
    contract's schema, even when both have the same ``$id``.

    :raises TypeError: ``schema`` holds something that is not JSON data.
    :raises ValueError: ``schema`` holds a number JSON cannot write (NaN, infinity).
    """
    text = json.dumps(schema, allow_nan=False)
    return Contract(name, source, text, finite_numbers=finite_numbers)


@cache
def _schema(contract: Contract) -> Mapping[str, Any]:
    parsed: dict[str, Any] = json.loads(contract.schema_text())
    return parsed


@cache
def _rules(contract: Contract) -> Mapping[str, Any]:
    return rules_view(contract.schema())


@cache
def _validator(contract: Contract) -> Draft7Validator:
    return compile_validator(contract.rules(), finite=contract.finite_numbers)


@cache
def _guarded(contract: Contract) -> Draft7Validator:
    return compile_guarded(contract.rules(), finite=contract.finite_numbers)
