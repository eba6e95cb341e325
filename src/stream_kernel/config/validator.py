"""Validate and normalize the ``runtime.platform`` part of a stream_kernel config.

"Newgen" names the framework's new generation of config: the ``runtime.platform``
contract (bootstrap mode, execution IPC and its auth). :func:`validate_newgen_config`
validates a config of that generation; everything outside ``runtime.platform`` passes
through untouched, as other contracts own it.

The contract's schema (``schemas/runtime-config.v1.schema.json`` by default, or v2's
with ``contract="v2"``) holds every rule, default and error code; this module runs the
compiled schema once over the input, maps its errors to coded diagnostics, and copies a
valid document and fills its defaults.

>>> config = validate_newgen_config({"runtime": {"platform": {"execution_ipc": {}}}})
>>> config["runtime"]["platform"]["execution_ipc"]["auth"]["kdf"]
'none'
>>> try:
...     validate_newgen_config({"runtime": {"platform": {"bootstrap": {"mode": "forked"}}}})
... except ConfigError as err:
...     print(err.code, err.path)
BOOT-CFG-01 runtime.platform.bootstrap.mode
>>> platform = {"process_groups": [{"name": "w"}], "execution_ipc": {"transport": "ipc_local"}}
>>> config = validate_newgen_config({"runtime": {"platform": platform}}, contract="v2")
>>> config["runtime"]["platform"]["bootstrap"]
{'mode': 'process_supervisor'}
"""

from __future__ import annotations

from typing import Any

from ._compiled import surely_valid
from ._contracts import Contract, ContractChoice, resolve_contract
from ._copy import UncopyableError, json_copy
from ._defaults import fill_defaults
from ._messages import diagnose, document_diagnostic, sort_diagnostics
from ._secrets import redact, secret_renderings
from .diagnostics import ConfigError, Diagnostic

__all__ = ["ConfigError", "Diagnostic", "validate_newgen_config"]


def validate_newgen_config(raw: object, *, contract: ContractChoice = "v1") -> dict[str, Any]:
    """Return a new, normalized copy of ``raw``; raise :class:`ConfigError` if it is invalid.

    ``raw`` is the parsed YAML document (any object: a non-mapping is reported, not
    crashed on). It is never mutated. Every error is collected before raising, in a
    deterministic order. Defaults come from the schema: ``runtime.platform.bootstrap.mode``
    is always present, and a present ``execution_ipc`` block gets every default of the
    contract. Validating the result again returns an equal document.

    ``contract`` names the contract: ``"v1"`` (the default) or ``"v2"``.

    :raises ConfigError: ``raw`` breaks the contract; it carries every error found.
        A document too deeply nested to walk (SK-CFG-103) or holding a value that is
        not plain data (SK-CFG-104) is reported the same way.
    :raises ValueError: ``contract`` names no contract (a plain ``ValueError``, never a
        ``ConfigError``: the config was not looked at).
    """
    return _validate(raw, resolve_contract(contract))


def _validate(raw: object, contract: Contract) -> dict[str, Any]:
    try:
        # The schema reads `raw` without changing it; only a valid document is copied.
        # The compiled check settles the common case; jsonschema explains the rest.
        found = [] if surely_valid(raw, contract) else _schema_diagnostics(raw, contract)
        if found:
            # An alias can carry the secret into another field's message: scrub them all.
            raise ConfigError(redact(sort_diagnostics(found), secret_renderings(raw, contract)))
        document: dict[str, Any] = json_copy(raw)
    except RecursionError:
        raise ConfigError(
            [document_diagnostic("SK-CFG-103", "more nesting than Python can follow", contract)]
        ) from None
    except UncopyableError as exc:
        detail = f"a value of type {exc} cannot be copied"
        raise ConfigError([document_diagnostic("SK-CFG-104", detail, contract)]) from None
    fill_defaults(document, contract)
    return document


def _schema_diagnostics(raw: object, contract: Contract) -> list[Diagnostic]:
    try:
        errors = list(contract.validator().iter_errors(raw))
    except RecursionError:
        raise
    except Exception:  # noqa: BLE001 - jsonschema could not format a message; see guarded_validator
        errors = list(contract.guarded_validator().iter_errors(raw))
    return [d for error in errors for d in diagnose(error, contract)]
