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

from collections.abc import Callable
from typing import Any

from ._compiled import surely_valid
from ._contracts import Contract, ContractChoice, resolve_contract
from ._copy import UncopyableError, json_copy
from ._defaults import fill_defaults
from ._messages import diagnose, document_diagnostic, hide_written_keys, sort_diagnostics
from ._secrets import Exposure, exposure_of
from .diagnostics import ConfigError, Diagnostic

__all__ = ["ConfigError", "Diagnostic", "validate_newgen_config"]


def validate_newgen_config(raw: object, *, contract: ContractChoice = "v1") -> dict[str, Any]:
    """Return a new, normalized copy of ``raw``; raise :class:`ConfigError` if it is invalid.

    ``raw`` is the parsed YAML document (any object: a non-mapping is reported, not
    crashed on). It is never mutated. Every error is collected before raising, in a
    deterministic order. Defaults come from the schema: ``runtime.platform.bootstrap.mode``
    is always present, and a present ``execution_ipc`` block gets every default of the
    contract. Validating the result again returns an equal document.

    ``contract`` names the contract: ``"v1"`` (the default) or ``"v2"``. The work follows
    the document's size, not its expansion: a value shared by YAML aliases is checked,
    described and copied once, however often it is referenced.

    :raises ConfigError: ``raw`` breaks the contract; it carries every error found.
        A document too deeply nested to walk (SK-CFG-103) or holding a value that is
        not plain data (SK-CFG-104) is reported the same way.
    :raises ValueError: ``contract`` names no contract (a plain ``ValueError``, never a
        ``ConfigError``: the config was not looked at).
    """
    return validate_exposed(raw, resolve_contract(contract), exposure_of)


def validate_exposed(
    raw: object, contract: Contract, exposed: Callable[[object, Contract], Exposure]
) -> dict[str, Any]:
    """:func:`validate_newgen_config` under ``contract``, with what a source knows of where
    values came from: ``exposed(raw, contract)``, asked only when ``raw`` is invalid."""
    try:
        # The schema reads `raw` without changing it; only a valid document is copied.
        # The compiled check settles the common case; jsonschema explains the rest.
        found = [] if surely_valid(raw, contract) else _schema_diagnostics(raw, contract, exposed)
        document: dict[str, Any] = {} if found else json_copy(raw)
    except RecursionError:
        raise ConfigError(
            [document_diagnostic("SK-CFG-103", "more nesting than Python can follow", contract)]
        ) from None
    except UncopyableError as exc:
        raise ConfigError([document_diagnostic("SK-CFG-104", str(exc), contract)]) from None
    except Exception:
        # A caller's object that fails as it is merely looked at (its `__class__` raises,
        # say) broke a message, not the contract: the copy names it as not plain data.
        error = _not_plain_data(raw, contract)
        if error is None:
            raise  # plain data that broke the diagnosis: a bug of ours, kept loud
        raise error from None
    if found:
        raise ConfigError(sort_diagnostics(found))
    fill_defaults(document, contract)
    return document


def _not_plain_data(raw: object, contract: Contract) -> ConfigError | None:
    """The error for a document whose diagnosis failed: SK-CFG-104 if it holds a value
    that is not plain data, None if it is all plain data."""
    try:
        json_copy(raw)
    except RecursionError:
        detail = "more nesting than Python can follow"
        return ConfigError([document_diagnostic("SK-CFG-103", detail, contract)])
    except UncopyableError as exc:
        return ConfigError([document_diagnostic("SK-CFG-104", str(exc), contract)])
    return None


def _schema_diagnostics(
    raw: object, contract: Contract, exposed: Callable[[object, Contract], Exposure]
) -> list[Diagnostic]:
    exposure = exposed(raw, contract)
    try:
        errors = list(contract.validator().iter_errors(raw))
    except RecursionError:
        raise
    except Exception:  # noqa: BLE001 - a caller's value broke a keyword; see guarded_validator
        errors = list(contract.guarded_validator().iter_errors(raw))
    return [
        hide_written_keys(d, raw, exposure) for error in errors for d in diagnose(error, exposure)
    ]
