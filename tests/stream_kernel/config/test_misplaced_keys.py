"""SK-CFG-403: a block of ours misspelt or at the wrong level is not silently passed through."""

from __future__ import annotations

from typing import Final

import pytest

from stream_kernel.config._catalog import catalog
from stream_kernel.config._contracts import V1
from stream_kernel.config._schema import BRANCHES, iter_subschemas
from stream_kernel.config.check import check_text

MISSES: Final = {
    # name: (text, line, column, words of the message, where it belongs)
    "misspelt-bootstrap": (
        "runtime:\n  platform:\n    bootstrp:\n      mode: process_supervisor\n",
        3, 5, "did you mean 'bootstrap'?", ("runtime", "platform", "bootstrap"),
    ),
    "hyphenated-execution-ipc": (
        "runtime:\n  platform:\n    execution-ipc:\n      transport: tcp_local\n",
        3, 5, "did you mean 'execution_ipc'?", ("runtime", "platform", "execution_ipc"),
    ),
    "swapped-letters-platform": (
        "runtime:\n  platfrom:\n    bootstrap: {mode: inline}\n",
        2, 3, "did you mean 'platform'?", ("runtime", "platform"),
    ),
    "misspelt-runtime": (
        "kv: {}\nruntme:\n  platform: {bootstrap: {mode: inline}}\n",
        2, 1, "did you mean 'runtime'?", ("runtime",),
    ),
    "capitalised-runtime": (
        "Runtime:\n  platform: {}\n",
        1, 1, "did you mean 'runtime'?", ("runtime",),
    ),
    "auth-one-level-too-high": (
        "runtime:\n  platform:\n    auth:\n      secret_mode: generated\n",
        3, 5, "'auth' under runtime.platform is passed through unread; it belongs under "
        "runtime.platform.execution_ipc", ("runtime", "platform", "execution_ipc", "auth"),
    ),
    "empty-auth-too-high": (
        "runtime:\n  platform:\n    auth:\n",
        3, 5, "belongs under runtime.platform.execution_ipc",
        ("runtime", "platform", "execution_ipc", "auth"),
    ),
    "secret-mode-too-high": (
        "runtime:\n  platform:\n    bootstrap: {mode: inline}\n    secret_mode: generated\n",
        4, 5, "'secret_mode' under runtime.platform is passed through unread; it belongs under "
        "runtime.platform.execution_ipc.auth",
        ("runtime", "platform", "execution_ipc", "auth", "secret_mode"),
    ),
    "bootstrap-at-the-top": (
        "bootstrap:\n  mode: process_supervisor\n",
        1, 1, "it belongs under runtime.platform", ("runtime", "platform", "bootstrap"),
    ),
    "misspelt-and-too-high": (
        "runtime:\n  Execution-IPC: {transport: tcp_local}\n",
        2, 3, "did you mean 'execution_ipc'? it belongs under runtime.platform",
        ("runtime", "platform", "execution_ipc"),
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", MISSES.values(), ids=MISSES.keys())
def test_a_misspelt_or_misplaced_key_is_a_warning_at_the_key(
    case: tuple[str, int, int, str, tuple[str, ...]],
) -> None:
    text, line, column, words, target = case

    result = check_text(text)

    (found,) = result.diagnostics
    assert (found.code, found.severity, found.line, found.column) == (
        "SK-CFG-403", "warning", line, column
    )  # fmt: skip
    assert words in found.message
    assert found.belongs_at[0] == target
    assert result.ok


def test_strict_makes_it_an_error() -> None:
    result = check_text(MISSES["misspelt-bootstrap"][0], strict=True)

    assert [(d.code, d.severity) for d in result.diagnostics] == [("SK-CFG-403", "error")]
    assert not result.ok


SIBLINGS: Final = """\
kv: {mode: x, transport: redis}
web: {auth: {users: []}, port: 8080}
auth: {provider: oidc}
observability: {}
mode: production
secret: not-ours
bind_port: 8080
runtime:
  process_groups: {}
  lifecycle: {}
  readiness: {}
  observability: {}
  web: {}
  platform:
    process_groups: {workers: 2}
    readiness: {probe: tcp}
    lifecycle: {}
    web: {}
    observability: {}
    kv: {}
    transport: http
    mode: fork
    auth: {provider: oidc}
    bootstrap: {mode: inline}
"""


def test_other_contracts_sections_stay_silent() -> None:
    result = check_text(SIBLINGS)

    assert result.diagnostics == ()


def test_a_list_or_scalar_where_a_block_would_be_is_silent() -> None:
    result = check_text("runtime:\n  platform:\n    auth: [hmac]\n    kdf: md5\n")

    assert result.diagnostics == ()


def test_keys_deeper_in_other_sections_are_not_looked_at() -> None:
    result = check_text("runtime:\n  platform:\n    kv:\n      bootstrp: {mode: inline}\n")

    assert result.diagnostics == ()


def owned_blocks() -> list[tuple[str, ...]]:
    """Every block the schema declares below the root (read here as the rule reads it)."""
    return [
        at
        for at, where, schema in iter_subschemas(V1.schema())
        if at and "properties" in schema and not set(BRANCHES) & set(where)
    ]


@pytest.mark.parametrize("block", owned_blocks(), ids=".".join)
def test_every_block_of_the_schema_is_known_under_another_case(block: tuple[str, ...]) -> None:
    # The names come from the schema: no block escapes the rule, whatever it is called.
    *parents, name = block
    text, indent = "", ""
    for parent in parents:
        text += f"{indent}{parent}:\n"
        indent += "  "
    text += f"{indent}{name.upper()}: {{}}\n"

    found = check_text(text).diagnostics

    if parents[-2:] == ["platform", "execution_ipc"]:
        # Inside a closed block an unknown key is an error already (SK-CFG-201).
        assert [d.code for d in found] == ["SK-CFG-201"]
    else:
        assert [(d.code, d.belongs_at) for d in found] == [("SK-CFG-403", (block,))]


def test_the_code_is_a_catalogued_lint_warning_located_at_the_key() -> None:
    entry = catalog()["SK-CFG-403"]

    assert (entry["severity"], entry["raised_by"], entry["located_at"]) == (
        "warning", "lint", "key"
    )  # fmt: skip
    (found,) = check_text(entry["example"]).diagnostics
    assert found.code == "SK-CFG-403"
