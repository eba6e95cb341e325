"""The compiled validity check gives jsonschema's verdict, so it may stand in for it."""

from __future__ import annotations

import copy
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stream_kernel.config import _compiled
from stream_kernel.config._compiled import surely_valid
from stream_kernel.config._contracts import V1
from stream_kernel.config._schema import iter_subschemas
from stream_kernel.config.validator import validate_newgen_config
from tests.support.corpus import Example, examples

# Every name and value the contract knows, and near misses of each.
NAMES = sorted({at[-1] for at, _, _ in iter_subschemas(V1.schema()) if at})
KEYS = st.sampled_from([*NAMES, "secert_mode", "other", ""])
SCALARS = st.one_of(
    st.sampled_from(
        [
            *("inline", "process_supervisor", "tcp_local", "127.0.0.1", "0.0.0.0", "hmac"),
            *("static", "generated", "none", "hkdf_sha256", "hkdf-sha256", "", "x"),
        ]
    ),
    st.none(),
    st.booleans(),
    st.sampled_from([0, 1, -1, 30, 8080, 65535, 65536, 2**53 - 1, 2**53, 10**30]),
    st.sampled_from([0.0, 1.0, 8080.0, 8080.5, -0.5, float("inf"), float("nan")]),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=6),
    max_leaves=25,
)


@st.composite
def contract_shaped(draw: st.DrawFn) -> Any:  # noqa: ANN401 - a YAML-shaped document
    """Mostly the contract's own shape, with any value anywhere."""
    auth = draw(st.dictionaries(KEYS, VALUES, max_size=7))
    ipc = draw(st.dictionaries(KEYS, VALUES, max_size=6)) | draw(
        st.sampled_from([{}, {"auth": auth}, {"auth": None}])
    )
    platform = draw(
        st.fixed_dictionaries(
            {},
            optional={
                "bootstrap": st.one_of(st.none(), st.dictionaries(KEYS, VALUES, max_size=3)),
                "execution_ipc": st.one_of(st.none(), st.just(ipc), VALUES),
            },
        )
    )
    return draw(st.sampled_from([{"runtime": {"platform": platform}}, {"runtime": platform}]))


# A valid config, written out independently of the schema, then one change somewhere:
# a verdict that hinges on a single rule is where a wrong compiled rule would show.
AUTH = st.fixed_dictionaries(
    {},
    optional={
        "mode": st.just("hmac"),
        "secret_mode": st.sampled_from(["static", "generated"]),
        "kdf": st.sampled_from(["none", "hkdf_sha256"]),
        "ttl_seconds": st.integers(1, 2**53 - 1),
        "nonce_cache_size": st.integers(1, 2**53 - 1),
        "secret": st.text(min_size=1, max_size=5),
    },
)
IPC = st.fixed_dictionaries(
    {},
    optional={
        "transport": st.just("tcp_local"),
        "bind_host": st.just("127.0.0.1"),
        "bind_port": st.integers(0, 65535),
        "max_payload_bytes": st.integers(1, 2**53 - 1),
        "auth": AUTH,
    },
)
VALID = st.one_of(
    st.builds(
        lambda ipc: {"runtime": {"platform": {"bootstrap": {"mode": "inline"}, **ipc}}},
        st.fixed_dictionaries({}, optional={"execution_ipc": IPC}),
    ),
    # process_supervisor needs the execution_ipc block (BOOT-CFG-05).
    st.builds(
        lambda ipc: {
            "runtime": {
                "platform": {"bootstrap": {"mode": "process_supervisor"}, "execution_ipc": ipc}
            }
        },
        IPC,
    ),
)


# Values that sit on a rule's edge, by the kind of field they go into.
EDGES: dict[str, list[object]] = {
    "integer": [-1, 0, 1, 65535, 65536, 2**53 - 1, 2**53, 8080.0, 8080.5, True, "1", None],
    "string": ["inline", "tcp_local", "static", "none", "", "x", "0.0.0.0", 1, True, None],
    "object": [{}, None, [], "x", {"other": 1}],
}
LEAVES: list[tuple[tuple[str, ...], list[object]]] = [
    (at, EDGES[s["type"] if isinstance(s.get("type"), str) else "object"])
    for at, _, s in iter_subschemas(V1.schema())
    if len(at) > 2
]


@st.composite
def one_change(draw: st.DrawFn) -> Any:  # noqa: ANN401 - a YAML-shaped document
    document = draw(VALID)
    path, edges = draw(st.sampled_from(LEAVES))
    block = document
    for part in path[:-1]:
        block = block.setdefault(part, {}) if isinstance(block, dict) else {}
    if not isinstance(block, dict):
        return document
    change = draw(st.sampled_from(["value", "remove", "unknown key"]))
    if change == "value":
        block[path[-1]] = draw(st.sampled_from(edges))
    elif change == "remove":
        block.pop(path[-1], None)
    else:
        block[draw(st.sampled_from(["secert_mode", "other", "Mode"]))] = 1
    return document


BASES = [e.document() for e in examples("valid")] + [
    validate_newgen_config(e.document()) for e in examples("valid")
]


@pytest.mark.parametrize(
    ("path", "edges"), LEAVES, ids=lambda p: ".".join(p[2:]) if isinstance(p, tuple) else ""
)
def test_every_edge_value_of_every_field_gets_jsonschemas_verdict(
    path: tuple[str, ...], edges: list[object]
) -> None:
    for base in BASES:
        for edge in edges:
            document = copy.deepcopy(base)
            block = document
            for part in path[:-1]:
                block = block.setdefault(part, {}) if isinstance(block, dict) else {}
            if isinstance(block, dict):
                block[path[-1]] = copy.deepcopy(edge)
            assert surely_valid(document, V1) == V1.validator().is_valid(document), (edge, base)


@settings(max_examples=200, derandomize=True)
@given(one_change())
def test_the_compiled_check_agrees_with_jsonschema_one_change_from_valid(document: Any) -> None:  # noqa: ANN401
    assert surely_valid(document, V1) == V1.validator().is_valid(document)


@settings(max_examples=50, derandomize=True)
@given(VALID)
def test_a_valid_config_is_known_valid(document: Any) -> None:  # noqa: ANN401
    assert V1.validator().is_valid(document)
    assert surely_valid(document, V1)


@pytest.mark.parametrize("example", examples("valid"), ids=lambda e: e.id)
def test_every_valid_example_is_known_valid(example: Example) -> None:
    assert surely_valid(example.document(), V1)


@pytest.mark.parametrize("example", examples("invalid"), ids=lambda e: e.id)
def test_every_invalid_example_gets_jsonschemas_verdict(example: Example) -> None:
    # A self-referencing document passes the schema; the copy after it refuses it.
    assert surely_valid(example.document(), V1) == V1.validator().is_valid(example.document())


@settings(max_examples=200, derandomize=True)
@given(contract_shaped())
def test_the_compiled_check_agrees_with_jsonschema_on_contract_shapes(document: Any) -> None:  # noqa: ANN401
    assert surely_valid(document, V1) == V1.validator().is_valid(document)


@settings(max_examples=150, derandomize=True)
@given(VALUES)
def test_the_compiled_check_agrees_with_jsonschema_on_anything(document: Any) -> None:  # noqa: ANN401
    assert surely_valid(document, V1) == V1.validator().is_valid(document)


def test_a_value_that_cannot_be_compared_goes_to_jsonschema() -> None:
    class Hostile(str):
        __slots__ = ()

        def __eq__(self, other: object) -> bool:
            raise RuntimeError

        __hash__ = str.__hash__

    document = {"runtime": {"platform": {"bootstrap": {"mode": Hostile("inline")}}}}

    assert not surely_valid(document, V1)
    validate_newgen_config({"runtime": {"platform": {"bootstrap": {"mode": "inline"}}}})


def test_a_schema_it_cannot_compile_sends_everything_to_jsonschema() -> None:
    with pytest.raises(_compiled.UncompilableError):
        _compiled.compile_check({"pattern": "^a"})
    with pytest.raises(_compiled.UncompilableError):
        _compiled.compile_check({"enum": [1, 2]})


def test_a_valid_config_is_checked_without_importing_jsonschema() -> None:
    # A fresh interpreter: this one has imported jsonschema long ago.
    script = (
        "import sys\n"
        "from stream_kernel.config.check import check_text\n"
        "assert check_text('runtime: {platform: {bootstrap: {mode: inline}}}').ok\n"
        "print(sorted({'jsonschema', 'referencing'} & set(sys.modules)))\n"
        "assert not check_text('runtime: {platform: {bootstrap: {mode: x}}}').ok\n"
        "print(sorted({'jsonschema', 'referencing'} & set(sys.modules)))\n"
    )

    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )

    assert done.stdout.splitlines() == ["[]", "['jsonschema', 'referencing']"]
