"""Seeded, deterministic config documents for the cross-validator tests: valid ones built
from the contract's allowed values, and mutations of them that break (or may not break)
one thing. The verdict is never assumed: tests ask python-jsonschema and compare."""

from __future__ import annotations

import copy
import random
from typing import Any, Final

__all__ = ["generated_documents"]

_BIG: Final = 2**53 - 1

# The values each owned field may take in a valid document (integral floats included:
# JSON Schema counts 8080.0 as an integer, and so must every tool).
_VALID: Final[dict[str, list[Any]]] = {
    "mode": ["inline", "process_supervisor"],
    "transport": ["tcp_local"],
    "bind_host": ["127.0.0.1"],
    "bind_port": [0, 1, 8080, 8080.0, 65535, -0.0],
    "max_payload_bytes": [1, 1048576, _BIG, 2.0],
    "auth.mode": ["hmac"],
    "secret_mode": ["static", "generated"],
    "kdf": ["none", "hkdf_sha256"],
    "ttl_seconds": [1, 30, _BIG],
    "nonce_cache_size": [1, 100000],
    "secret": ["s3cr3t", "x", "ünïcode"],
}

# Values that break a field of any kind: wrong types, near misses, out of range.
_BROKEN: Final[list[Any]] = [
    None, True, False, "", "Inline", "tcp-local", "0.0.0.0", "8080", [], ["hmac"], {},
    {"mode": "inline"}, -1, 0, 65536, 8080.5, 1e300, _BIG + 1, 2**64, -(2**63), 1.5,
]  # fmt: skip


def _maybe(rng: random.Random, block: dict[str, Any], key: str, values: list[Any]) -> None:
    if rng.random() < 0.6:
        block[key] = rng.choice(values)


def _valid(rng: random.Random) -> Any:  # noqa: ANN401 - a YAML-shaped document
    document: dict[str, Any] = {}
    if rng.random() < 0.3:
        document["other_section"] = {"kept": rng.choice([1, "x", None, [1, 2]])}
    if rng.random() < 0.1:
        return document
    runtime: dict[str, Any] = {}
    document["runtime"] = runtime if rng.random() < 0.9 else None
    if rng.random() < 0.1:
        return document
    platform: dict[str, Any] = {}
    runtime["platform"] = platform if rng.random() < 0.9 else None
    mode = rng.choice(_VALID["mode"])
    if rng.random() < 0.8:
        platform["bootstrap"] = {"mode": mode} if rng.random() < 0.9 else None
    supervisor = mode == "process_supervisor" and platform.get("bootstrap") is not None
    if not supervisor and rng.random() < 0.3:
        return document  # the memory profile
    ipc: dict[str, Any] = {}
    platform["execution_ipc"] = ipc
    for key in ("transport", "bind_host", "bind_port", "max_payload_bytes"):
        _maybe(rng, ipc, key, _VALID[key])
    if rng.random() < 0.7:
        auth: dict[str, Any] = {}
        ipc["auth"] = auth if rng.random() < 0.9 else None
        _maybe(rng, auth, "mode", _VALID["auth.mode"])
        for key in ("secret_mode", "kdf", "ttl_seconds", "nonce_cache_size", "secret"):
            _maybe(rng, auth, key, _VALID[key])
    return document


def _blocks(document: Any) -> list[dict[str, Any]]:  # noqa: ANN401
    """Every mapping in ``document`` (the root first)."""
    found: list[dict[str, Any]] = []
    stack = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            found.append(node)
            stack.extend(node.values())
    return found


def _mutated(rng: random.Random, document: Any) -> Any:  # noqa: ANN401
    document = copy.deepcopy(document)
    if not isinstance(document, dict):
        return document
    runtime = document.get("runtime")
    # The blocks the contract owns (not `other_section`, where nothing can break).
    blocks = [document, *_blocks(runtime)]
    fields = [(block, key) for block in blocks for key in block]
    roll = rng.random()
    if roll < 0.05:
        return rng.choice([[], "runtime", 1, None, [document]])  # the root itself
    if roll < 0.5 and fields:
        block, key = rng.choice(fields)
        # The secret gets the empty string more often: it is the only string with a length rule.
        block[key] = rng.choice(["", *_BROKEN] if key == "secret" else _BROKEN)  # a value
    elif roll < 0.65:
        key = rng.choice(["secert_mode", "Mode", "bind-port", "extra", "8080"])
        rng.choice(blocks)[key] = 1  # a key
    elif roll < 0.8 and fields:
        block, key = rng.choice(fields)
        del block[key]  # a key dropped (often still valid)
    else:
        platform = (runtime or {}).get("platform") if isinstance(runtime, dict) else None
        if isinstance(platform, dict):  # the supervisor rule
            platform["bootstrap"] = {"mode": "process_supervisor"}
            if rng.random() < 0.5:
                platform.pop("execution_ipc", None)
            elif isinstance(platform.get("execution_ipc"), dict):
                platform["execution_ipc"]["transport"] = rng.choice(["unix", None, "TCP_LOCAL"])
    return document


def generated_documents(count: int, seed: int = 20261126) -> list[Any]:
    """``count`` documents, half valid by construction, half mutated; the same every run."""
    rng = random.Random(seed)  # noqa: S311 - test data, reproducible by design
    valid = [_valid(rng) for _ in range(count // 2)]
    mutated = []
    for _ in range(count - count // 2):
        document = rng.choice(valid)
        for _ in range(rng.randint(1, 3)):  # one to three mutations on top of each other
            document = _mutated(rng, document)
        mutated.append(document)
    return valid + mutated
