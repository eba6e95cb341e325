"""The runtime contract summary: the normalized contract fields, for diagnostics and gating."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from stream_kernel.config._document import value_at
from stream_kernel.config.validator import validate_newgen_config

__all__ = ["project_normalized", "runtime_contract_summary"]

MEMORY_PROFILE: Final = "memory"

# Summary key -> where its value sits under runtime.platform.execution_ipc.
# Never add auth.secret here: the summary is printed and logged.
_IPC_FIELDS: Final[tuple[tuple[str, tuple[str, ...]], ...]] = (
    ("transport", ("transport",)),
    ("bind_host", ("bind_host",)),
    ("bind_port", ("bind_port",)),
    ("auth_mode", ("auth", "mode")),
    ("secret_mode", ("auth", "secret_mode")),
    ("kdf", ("auth", "kdf")),
    ("ttl_seconds", ("auth", "ttl_seconds")),
    ("nonce_cache_size", ("auth", "nonce_cache_size")),
    ("max_payload_bytes", ("max_payload_bytes",)),
)


def runtime_contract_summary(config: object) -> dict[str, Any]:
    """Validate and normalize ``config`` (raw or already normalized), then project it.

    Keys: ``bootstrap_mode``; ``execution_transport_profile`` (``"memory"`` or the
    transport); ``execution_ipc`` with ``enabled`` and the normalized IPC fields, all
    ``None`` for the memory profile. JSON-serializable, without secret material.

    >>> summary = runtime_contract_summary({})
    >>> summary["bootstrap_mode"], summary["execution_transport_profile"]
    ('inline', 'memory')
    >>> summary["execution_ipc"]["enabled"], summary["execution_ipc"]["kdf"]
    (False, None)

    :raises ConfigError: ``config`` breaks the contract
        (:class:`~stream_kernel.config.ConfigError`, with every diagnostic).
    """
    return project_normalized(validate_newgen_config(config))


def project_normalized(normalized: Mapping[str, Any]) -> dict[str, Any]:
    """The summary of a document some contract has already validated and normalized.

    For tools that hold a normalized document of another contract (contract v2 keeps
    v1's summary keys): no validation here.
    """
    platform = normalized["runtime"]["platform"]
    ipc: dict[str, Any] | None = platform.get("execution_ipc")
    fields = {name: None if ipc is None else value_at(ipc, keys) for name, keys in _IPC_FIELDS}
    return {
        "bootstrap_mode": platform["bootstrap"]["mode"],
        "execution_transport_profile": MEMORY_PROFILE if ipc is None else ipc["transport"],
        "execution_ipc": {"enabled": ipc is not None, **fields},
    }
