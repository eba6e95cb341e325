"""The runtime contract summary: the normalized contract fields, for diagnostics and gating."""

from __future__ import annotations

from typing import Any, Final

from stream_kernel.config._contracts import ContractChoice
from stream_kernel.config._document import value_at
from stream_kernel.config.validator import validate_newgen_config

__all__ = ["runtime_contract_summary"]

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


def runtime_contract_summary(config: object, *, contract: ContractChoice = "v1") -> dict[str, Any]:
    """Validate and normalize ``config`` (raw or already normalized) against ``contract``
    (``"v1"``, the default, or ``"v2"``), then project it.

    Keys: ``bootstrap_mode``; ``execution_transport_profile`` (``"memory"`` or the
    transport); ``execution_ipc`` with ``enabled`` and the normalized IPC fields, all
    ``None`` for the memory profile. JSON-serializable, without secret material. The keys
    are the same for every contract; a field the contract leaves absent (v2's
    ``bind_host`` and ``bind_port`` under ``ipc_local``) is ``None``.

    >>> summary = runtime_contract_summary({})
    >>> summary["bootstrap_mode"], summary["execution_transport_profile"]
    ('inline', 'memory')
    >>> summary["execution_ipc"]["enabled"], summary["execution_ipc"]["kdf"]
    (False, None)

    >>> ipc = {"transport": "ipc_local"}
    >>> summary = runtime_contract_summary({"runtime": {"platform": {"execution_ipc": ipc}}},
    ...                                    contract="v2")
    >>> summary["execution_transport_profile"], summary["execution_ipc"]["bind_port"]
    ('ipc_local', None)

    :raises ConfigError: ``config`` breaks the contract
        (:class:`~stream_kernel.config.ConfigError`, with every diagnostic).
    :raises ValueError: ``contract`` names no contract.
    """
    platform = validate_newgen_config(config, contract=contract)["runtime"]["platform"]
    ipc: dict[str, Any] | None = platform.get("execution_ipc")
    fields = {name: None if ipc is None else value_at(ipc, keys) for name, keys in _IPC_FIELDS}
    return {
        "bootstrap_mode": platform["bootstrap"]["mode"],
        "execution_transport_profile": MEMORY_PROFILE if ipc is None else ipc["transport"],
        "execution_ipc": {"enabled": ipc is not None, **fields},
    }
