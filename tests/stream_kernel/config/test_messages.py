"""What each message says: a snapshot of the wording, so it changes only on purpose.

Wording is not API (docs/compatibility.md): callers match on codes and paths. These
tests keep the promises docs/decisions.md makes about messages (the offending value, the
allowed values or the rule, a "did you mean", never the secret) and catch accidental
changes; a deliberate change of wording updates them.
"""

from __future__ import annotations

from typing import Any

import pytest

from stream_kernel.config._messages import describe

from .configs import platform, rejected

SUPERVISOR = {"mode": "process_supervisor"}
AUTH_KEYS = "mode, secret_mode, kdf, ttl_seconds, nonce_cache_size, secret"
IPC_KEYS = "transport, bind_host, bind_port, max_payload_bytes, auth"
MODES = "allowed: 'inline', 'process_supervisor'"

MESSAGES: list[tuple[str, Any, list[tuple[str, str, str]]]] = [
    ("mode-in-another-case", platform(bootstrap={"mode": "INLINE"}), [
        ("BOOT-CFG-01", "runtime.platform.bootstrap.mode",
         f"unsupported bootstrap mode: got 'INLINE' (did you mean 'inline'?); {MODES}"),
    ]),
    ("mode-misspelt", platform(bootstrap={"mode": "proces_supervisor"}), [
        ("BOOT-CFG-01", "runtime.platform.bootstrap.mode",
         "unsupported bootstrap mode: got 'proces_supervisor'"
         f" (did you mean 'process_supervisor'?); {MODES}"),
    ]),
    ("mode-unlike-any", platform(bootstrap={"mode": "fork"}), [
        ("BOOT-CFG-01", "runtime.platform.bootstrap.mode",
         f"unsupported bootstrap mode: got 'fork'; {MODES}"),
    ]),
    ("mode-null", platform(bootstrap={"mode": None}), [
        ("BOOT-CFG-01", "runtime.platform.bootstrap.mode",
         f"unsupported bootstrap mode: got null; {MODES}"),
    ]),
    ("secret-mode-int", platform(execution_ipc={"auth": {"secret_mode": 3}}), [
        ("BOOT-CFG-02", "runtime.platform.execution_ipc.auth.secret_mode",
         "unsupported auth secret_mode: got an integer (value hidden);"
         " allowed: 'static', 'generated'"),
    ]),
    ("kdf-list", platform(execution_ipc={"auth": {"kdf": ["none"]}}), [
        ("BOOT-CFG-03", "runtime.platform.execution_ipc.auth.kdf",
         "unsupported auth kdf: got a list (value hidden); allowed: 'none', 'hkdf_sha256'"),
    ]),
    ("one-allowed-value-gets-no-hint", platform(execution_ipc={"transport": "tcp_loca"}), [
        ("SK-CFG-204", "runtime.platform.execution_ipc.transport",
         "unsupported value: got 'tcp_loca'; allowed: 'tcp_local'"),
    ]),
    ("supervisor-other-transport",
     platform(bootstrap=SUPERVISOR, execution_ipc={"transport": "TCP_LOCAL"}), [
        ("BOOT-CFG-05", "runtime.platform.execution_ipc.transport",
         "bootstrap.mode 'process_supervisor' requires execution_ipc.transport 'tcp_local':"
         " got 'TCP_LOCAL'; allowed: 'tcp_local'"),
        ("SK-CFG-204", "runtime.platform.execution_ipc.transport",
         "unsupported value: got 'TCP_LOCAL'; allowed: 'tcp_local'"),
    ]),
    ("supervisor-without-ipc", platform(bootstrap=SUPERVISOR), [
        ("BOOT-CFG-05", "runtime.platform.execution_ipc",
         "bootstrap.mode 'process_supervisor' requires execution_ipc.transport 'tcp_local':"
         " execution_ipc is missing"),
    ]),
    ("supervisor-empty-ipc", platform(bootstrap=SUPERVISOR, execution_ipc=None), [
        ("BOOT-CFG-05", "runtime.platform.execution_ipc",
         "bootstrap.mode 'process_supervisor' requires execution_ipc.transport 'tcp_local':"
         " expected a mapping, got null"),
    ]),
    ("block-not-a-mapping", platform(execution_ipc="tcp_local"), [
        ("SK-CFG-102", "runtime.platform.execution_ipc",
         "a section must be a mapping: expected a mapping or empty (null),"
         " got a 9-character string (value hidden)"),
    ]),
    ("root-a-list", [1], [
        ("SK-CFG-101", "", "the document root must be a mapping: expected a mapping, got a list"),
    ]),
    ("port-a-string", platform(execution_ipc={"bind_port": "8080"}), [
        ("SK-CFG-202", "runtime.platform.execution_ipc.bind_port",
         "wrong type: expected an integer, got '8080'"),
    ]),
    ("port-a-fraction", platform(execution_ipc={"bind_port": 80.5}), [
        ("SK-CFG-202", "runtime.platform.execution_ipc.bind_port",
         "wrong type: expected an integer, got 80.5"),
    ]),
    ("port-a-boolean", platform(execution_ipc={"bind_port": True}), [
        ("SK-CFG-202", "runtime.platform.execution_ipc.bind_port",
         "wrong type: expected an integer, got true"),
    ]),
    ("port-below", platform(execution_ipc={"bind_port": -1}), [
        ("SK-CFG-203", "runtime.platform.execution_ipc.bind_port",
         "integer out of range: must be at least 0, got -1"),
    ]),
    ("port-above", platform(execution_ipc={"bind_port": 70000}), [
        ("SK-CFG-203", "runtime.platform.execution_ipc.bind_port",
         "integer out of range: must be at most 65535, got 70000"),
    ]),
    ("port-far-above", platform(execution_ipc={"bind_port": 2**200}), [
        ("SK-CFG-203", "runtime.platform.execution_ipc.bind_port",
         "integer out of range: must be at most 65535, got a very large integer"),
    ]),
    ("secret-empty", platform(execution_ipc={"auth": {"secret": ""}}), [
        ("SK-CFG-205", "runtime.platform.execution_ipc.auth.secret",
         "the static secret must not be empty: got an empty string"),
    ]),
    ("secret-not-a-string", platform(execution_ipc={"auth": {"secret": 12345}}), [
        ("SK-CFG-202", "runtime.platform.execution_ipc.auth.secret",
         "wrong type: expected a string, got an integer (value hidden)"),
    ]),
    ("unknown-keys", platform(execution_ipc={"bind_hots": 1, "zzz": 1, "Transport": 2}), [
        ("SK-CFG-201", "runtime.platform.execution_ipc.Transport",
         f"unknown key: 'Transport' (did you mean 'transport'?); allowed keys: {IPC_KEYS}"),
        ("SK-CFG-201", "runtime.platform.execution_ipc.bind_hots",
         f"unknown key: 'bind_hots' (did you mean 'bind_host'?); allowed keys: {IPC_KEYS}"),
        ("SK-CFG-201", "runtime.platform.execution_ipc.zzz",
         f"unknown key: 'zzz'; allowed keys: {IPC_KEYS}"),
    ]),
    # Keys under auth are never shown (one may be the secret); the schema's suggestion stays.
    ("unknown-keys-under-auth",
     platform(execution_ipc={"auth": {"secert_mode": 1, "zzz": 1, "Mode": 2}}), [
        ("SK-CFG-201", "runtime.platform.execution_ipc.auth.<a 3-character string>",
         f"unknown key: a 3-character string (key hidden); allowed keys: {AUTH_KEYS}"),
        ("SK-CFG-201", "runtime.platform.execution_ipc.auth.<a 4-character string>",
         "unknown key: a 4-character string (key hidden) (did you mean 'mode'?);"
         f" allowed keys: {AUTH_KEYS}"),
        ("SK-CFG-201", "runtime.platform.execution_ipc.auth.<an 11-character string>",
         "unknown key: an 11-character string (key hidden) (did you mean 'secret_mode'?);"
         f" allowed keys: {AUTH_KEYS}"),
    ]),
    ("unknown-non-string-key", platform(bootstrap={7: "inline"}), [
        ("SK-CFG-201", "runtime.platform.bootstrap.7", "unknown key: 7; allowed keys: mode"),
    ]),
    ("bind-host-any-address", platform(execution_ipc={"bind_host": "0.0.0.0"}), [
        ("SK-CFG-206", "runtime.platform.execution_ipc.bind_host",
         "bind_host must be exactly 127.0.0.1: got '0.0.0.0'; allowed: '127.0.0.1'"),
    ]),
    ("bind-host-ipv6-loopback", platform(execution_ipc={"bind_host": "::1"}), [
        ("SK-CFG-206", "runtime.platform.execution_ipc.bind_host",
         "bind_host must be exactly 127.0.0.1: got '::1'; allowed: '127.0.0.1'"),
    ]),
    ("bind-host-localhost", platform(execution_ipc={"bind_host": "localhost"}), [
        ("SK-CFG-206", "runtime.platform.execution_ipc.bind_host",
         "bind_host must be exactly 127.0.0.1: got 'localhost'; allowed: '127.0.0.1'"),
    ]),
]  # fmt: skip


@pytest.mark.parametrize(("raw", "expected"), [(r, e) for _, r, e in MESSAGES],
                         ids=[name for name, _, _ in MESSAGES])  # fmt: skip
def test_each_diagnostic_says_what_was_found_and_what_is_allowed(
    raw: object, expected: list[tuple[str, str, str]]
) -> None:
    err = rejected(raw)

    assert [(d.code, d.path, d.message) for d in err.diagnostics] == expected


def test_a_document_too_deep_to_copy_says_so() -> None:
    deep: dict[str, Any] = {}
    node = deep
    for _ in range(100_000):
        node["n"] = node = {}

    err = rejected({"elsewhere": deep})

    assert [(d.code, d.path, d.message) for d in err.diagnostics] == [
        ("SK-CFG-103", "",
         "the document nests too deeply or refers to itself: more nesting than Python can follow"),
    ]  # fmt: skip


class _Unprintable:
    def __repr__(self) -> str:
        raise RuntimeError("no repr")


class _LoudStr(str):
    __slots__ = ()

    def __repr__(self) -> str:
        raise RuntimeError("a str subclass with its own repr")


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, "null"),
        (True, "true"),
        (False, "false"),
        (0, "0"),
        (-7, "-7"),
        (2**128 - 1, repr(2**128 - 1)),
        (2**128, "a very large integer"),
        (-(2**128), "a very large integer"),
        (1.5, "1.5"),
        ("x" * 40, repr("x" * 40)),
        ("x" * 41, repr("x" * 40 + "...")),
        (_LoudStr("plain"), "'plain'"),
        ({"a": 1}, "a mapping"),
        ([1], "a list"),
        ((1,), "a value of type tuple"),
        (_Unprintable(), "a value of type _Unprintable"),
    ],
)
def test_a_value_is_described_briefly_in_yaml_terms(value: object, shown: str) -> None:
    assert describe(value) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("s3cret", "a 6-character string (value hidden)"),
        ("", "an empty string (value hidden)"),
        ("x" * 8, "an 8-character string (value hidden)"),
        ("x" * 11, "an 11-character string (value hidden)"),
        ("x" * 18, "an 18-character string (value hidden)"),
        ("x" * 81, "an 81-character string (value hidden)"),
        ("x" * 1100, "a 1100-character string (value hidden)"),
        ("x" * 11_000, "an 11000-character string (value hidden)"),
        (12, "an integer (value hidden)"),
        (True, "a boolean (value hidden)"),
        (1.5, "a number (value hidden)"),
        (None, "null (value hidden)"),
        ({"k": "v"}, "a mapping (value hidden)"),
        ([], "a list (value hidden)"),
        (b"raw", "a value of type bytes (value hidden)"),
    ],
    ids=repr,
)
def test_a_hidden_value_is_named_by_its_kind_and_length_only(value: object, shown: str) -> None:
    assert describe(value, hidden=True) == shown
