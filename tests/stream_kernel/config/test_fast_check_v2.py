"""Contract v2's compiled validity check gives jsonschema's verdict, so it may stand in
for it: on the v2 corpus, on edge values of every v2 field, and on generated configs."""

from __future__ import annotations

import copy
import subprocess
import sys
from typing import Any, Final

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stream_kernel.config import _compiled
from stream_kernel.config._compiled import surely_valid
from stream_kernel.config._contracts import V2
from stream_kernel.config._schema import iter_subschemas, type_names
from stream_kernel.config.strategies import valid_configs
from stream_kernel.config.validator import validate_newgen_config
from tests.support.corpus import Example, examples

VALID: Final = examples("v2/valid")
INVALID: Final = examples("v2/invalid")

# Values that sit on a rule's edge, by the kind of field they go into.
EDGES: Final[dict[str, list[object]]] = {
    "integer": [-1, 0, 1, 65535, 65536, 2**53 - 1, 2**53, 8.0, 8.5, True, "1", None],
    "number": [0, -0.0, 5e-324, 0.5, 1, 2500.5, -1, float("inf"), float("nan"), 10**400, True],
    "string": ["inline", "127.0.0.1", "static", "none", "", "x", "0.0.0.0", 1, True, None],
    "boolean": [True, False, 0, 1, "true", None],
    "object": [{}, None, [], "x", {"other": 1}, {"": None}],
    # Fields without a type of their own: the enums, the transport and its reserved values.
    "values": [
        "tcp_local",
        "ipc_local",
        "zmq",
        "redis",
        "TCP_LOCAL",
        "pickle",
        " Reader ",
        1,
        None,
    ],
}


def kind(schema: dict[str, Any]) -> str:
    declared = type_names(schema.get("type", ()))
    if len(declared) == 1 and declared[0] in EDGES:
        return declared[0]
    return "object" if "object" in declared else "values"


LEAVES: Final = sorted(
    {(at, kind(dict(s))) for at, where, s in iter_subschemas(V2.schema()) if len(at) > 2}
)
# A handful of bases: edges are tried in raw and normalized configs, with every block.
BASE_NAMES: Final = ("typical-service", "control-tcp-local", "flow-control-per-group-overrides")
BASES: Final = [e.document() for e in VALID if e.id in BASE_NAMES] + [
    validate_newgen_config(e.document(), contract="v2") for e in VALID if e.id in BASE_NAMES
]


def agrees(document: object) -> bool:
    return surely_valid(document, V2) == V2.validator().is_valid(document)


def placed(base: Any, path: tuple[str, ...], value: object) -> Any:  # noqa: ANN401 - YAML data
    document = copy.deepcopy(base)
    block = document
    for part in path[:-1]:
        block = block.setdefault(part, {}) if isinstance(block, dict) else {}
    if isinstance(block, dict):
        block[path[-1]] = copy.deepcopy(value)
    return document


def test_the_v2_schema_compiles_whole() -> None:
    assert _compiled._contract_check(V2) is not None


@pytest.mark.parametrize(
    ("path", "kind_of"), LEAVES, ids=lambda p: ".".join(p[2:]) if isinstance(p, tuple) else p
)
def test_every_edge_value_of_every_v2_field_gets_jsonschemas_verdict(
    path: tuple[str, ...], kind_of: str
) -> None:
    for base in BASES:
        for edge in EDGES[kind_of]:
            document = placed(base, path, edge)
            assert agrees(document), (edge, path)


@pytest.mark.parametrize("example", VALID, ids=lambda e: e.id)
def test_every_valid_v2_example_is_known_valid(example: Example) -> None:
    assert surely_valid(example.document(), V2)


@pytest.mark.parametrize("example", INVALID, ids=lambda e: e.id)
def test_every_invalid_v2_example_gets_jsonschemas_verdict(example: Example) -> None:
    assert agrees(example.document())


@settings(max_examples=60, derandomize=True)
@given(valid_configs(contract="v2"))
def test_a_valid_v2_config_is_known_valid(document: Any) -> None:  # noqa: ANN401
    assert V2.validator().is_valid(document)
    assert surely_valid(document, V2)


@settings(max_examples=150, derandomize=True)
@given(
    base=valid_configs(contract="v2"),
    leaf=st.sampled_from(LEAVES),
    data=st.data(),
)
def test_the_v2_check_agrees_with_jsonschema_one_change_from_valid(
    base: Any,  # noqa: ANN401 - a YAML-shaped document
    leaf: tuple[tuple[str, ...], str],
    data: st.DataObject,
) -> None:
    path, kind_of = leaf
    value = data.draw(st.sampled_from(EDGES[kind_of]))
    assert agrees(placed(base, path, value))


def test_a_valid_v2_config_is_checked_without_importing_jsonschema() -> None:
    # A fresh interpreter: this one has imported jsonschema long ago.
    (typical,) = [e for e in VALID if e.id == "typical-service"]
    script = (
        "import sys\n"
        "from stream_kernel.config.check import check_text\n"
        f"assert check_text({typical.text!r}, contract='v2').ok\n"
        "print(sorted({'jsonschema', 'referencing'} & set(sys.modules)))\n"
    )

    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )

    assert done.stdout.splitlines() == ["[]"]
