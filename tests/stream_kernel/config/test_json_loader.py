"""A `.json` config is read as JSON: `json.loads`'s values, the loader's refusals, and a
line and column for every finding, by the same rules as YAML's."""

from __future__ import annotations

import codecs
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stream_kernel.config.check import check_file, check_text
from stream_kernel.config.loader import Limits, load_file, load_json, load_text
from stream_kernel.config.validator import ConfigError


def refused(text: str | bytes, limits: Limits | None = None) -> list[tuple[str, int, int]]:
    with pytest.raises(ConfigError) as caught:
        load_json(text, limits=limits or Limits())
    return [(d.code, d.line or 0, d.column or 0) for d in caught.value.diagnostics]


def found(text: str) -> list[tuple[int | None, int | None, str]]:
    return [(d.line, d.column, d.code) for d in check_text(text, source="c.json").diagnostics]


# -- JSON's values, not YAML's ---------------------------------------------------------------


def test_an_exponent_is_a_number() -> None:
    text = '{"runtime": {"platform": {"execution_ipc": {"max_payload_bytes": 1e3}}}}'

    result = check_text(text, source="service.json")

    assert result.ok
    assert result.config is not None
    ipc = result.config["runtime"]["platform"]["execution_ipc"]
    assert ipc["max_payload_bytes"] == 1000
    assert type(ipc["max_payload_bytes"]) is int


def test_a_surrogate_pair_escape_is_one_character() -> None:
    assert load_json('{"a": "\\ud83d\\ude00"}').document == {"a": "\U0001f600"}


@pytest.mark.parametrize(
    "text",
    [
        '{"a": [1, -0, 0.5, -1.25e-3, 1E+2, true, false, null, "x\\"y\\\\z\\/\\b\\f\\n\\r\\t"]}',
        '[{"nested": {"deeper": []}}, {}, "\\u00e9\\u0000"]',
        '"just a string"',
        "\ufeff" + '{"bom": 1}',
        ' \r\n\t{"a" : 1 , "b" :2}\n',
        "123456789012345678901234567890",
    ],
    ids=["scalars", "nesting", "string-root", "bom", "whitespace", "big-integer"],
)
def test_values_are_those_json_loads_gives(text: str) -> None:
    assert load_json(text).document == json.loads(text.removeprefix("\ufeff"))


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=200)
@given(json_values, st.booleans(), st.sampled_from([None, 0, 2]))
def test_whatever_json_dumps_writes_reads_back_as_json_loads_does(
    value: Any,  # noqa: ANN401 - any JSON value
    ascii_only: bool,
    indent: int | None,
) -> None:
    text = json.dumps(value, ensure_ascii=ascii_only, indent=indent)

    assert load_json(text).document == json.loads(text)


def test_a_json_file_is_read_as_json_and_a_yaml_file_as_yaml(tmp_path: Path) -> None:
    for name in ("c.json", "C.JSON", "c.yaml"):
        (tmp_path / name).write_text('{"a": 1e3}')

    assert load_file(tmp_path / "c.json").document == {"a": 1000.0}
    assert load_file(tmp_path / "C.JSON").document == {"a": 1000.0}
    assert load_file(tmp_path / "c.yaml").document == {"a": "1e3"}  # YAML 1.1: a string
    assert load_text('{"a": 1e3}', source="-.json").document == {"a": 1000.0}


# -- refusals --------------------------------------------------------------------------------


def test_duplicate_keys_are_refused_every_one_with_both_positions() -> None:
    with pytest.raises(ConfigError) as caught:
        load_json('{"a": 1,\n "b": {"k": 1, "k": 2},\n "a": 3}')

    first, second = caught.value.diagnostics
    assert (first.code, first.line, first.column) == ("SK-CFG-302", 2, 16)
    assert "'k' is also set at line 2, column 8" in first.message
    assert (second.code, second.line, second.column) == ("SK-CFG-302", 3, 2)
    assert "'a' is also set at line 1, column 2" in second.message


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ('{"a": NaN}', (1, 7)),
        ('{"a": Infinity}', (1, 7)),
        ('{"a": -Infinity}', (1, 7)),
        ('{"a": 1e999}', (1, 7)),
        ('{"a": "\\ud800"}', (1, 8)),
        ('{"a": "\\udc00"}', (1, 8)),
        ('{"a": "\\ud800\\u0041"}', (1, 8)),
        ('{"a": "\\q"}', (1, 8)),
        ('{"a": "\\u12"}', (1, 8)),
        ('{"a": "x\ty"}', (1, 9)),
        ('{"a": 1,}', (1, 9)),
        ("[1,]", (1, 4)),
        ('{"a": 01}', (1, 8)),
        ('{"a" 1}', (1, 6)),
        ("{'a': 1}", (1, 2)),
        ('{"a": tru}', (1, 7)),
        ('{"a": -}', (1, 8)),
        ("{} {}", (1, 4)),
        ("", (1, 1)),
        ("// a comment\n{}", (1, 1)),
        ("9" * 5000, (1, 1)),
    ],
    ids=[
        "nan", "infinity", "minus-infinity", "too-large-for-a-double", "lone-high-surrogate",
        "lone-low-surrogate", "high-surrogate-then-letter", "unknown-escape",
        "short-unicode-escape", "raw-tab", "trailing-comma", "trailing-comma-in-list",
        "leading-zero", "missing-colon",
        "single-quotes", "misspelt-true", "minus-alone", "two-values", "empty", "comment",
        "integer-too-long",
    ],
)  # fmt: skip
def test_what_json_does_not_allow_is_refused_where_it_is(text: str, where: tuple[int, int]) -> None:
    assert refused(text) == [("SK-CFG-301", *where)]


@pytest.mark.parametrize(
    ("text", "where", "what"),
    [
        ('{"a": [1, 2\n', (1, 7), "the list ('[') opened here is not closed"),
        ('{"a": {"b": 1\n\n', (1, 7), "the object ('{') opened here is not closed"),
        ('{\n  "secret": "CANARY\n}', (2, 13), "the string ('\"') opened here is not closed"),
        ('{"a": "CANARY', (1, 7), "the string ('\"') opened here is not closed"),
    ],
    ids=["list", "object", "string-at-line-end", "string-at-file-end"],
)
def test_an_unclosed_bracket_or_string_is_refused_where_it_opens(
    text: str, where: tuple[int, int], what: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        load_json(text)

    (d,) = caught.value.diagnostics
    assert (d.code, d.line, d.column) == ("SK-CFG-301", *where)
    assert what in d.message
    assert "CANARY" not in d.message


def test_nesting_beyond_the_limit_is_refused_at_the_first_value_too_deep() -> None:
    text = "[" * 10 + "]" * 10

    assert refused(text, Limits(max_depth=5)) == [("SK-CFG-306", 1, 6)]
    assert load_json(text, limits=Limits(max_depth=10)).document is not None


def test_deep_nesting_never_reaches_the_recursion_limit() -> None:
    assert refused("[" * 100_000) == [("SK-CFG-306", 1, 65)]


def test_size_and_encoding_are_held_as_for_yaml() -> None:
    assert refused(b'{"a": "' + b"x" * 100 + b'"}', Limits(max_bytes=50)) == [("SK-CFG-307", 1, 1)]
    assert refused(b'{\n "a": "caf\xe9"}') == [("SK-CFG-308", 2, 11)]
    assert refused('{"a": "\ud800"}') == [("SK-CFG-308", 1, 8)]
    assert load_json(codecs.BOM_UTF8 + b'{"a": 1}').document == {"a": 1}


# -- positions: the same rules as YAML's -----------------------------------------------------

TEXT = """\
{
  "runtime": {
    "platform": {
      "bootstrap": {"mode": "fork", "moed": 1},
      "execution_ipc": {
        "bind_port": 70000,
        "auth": {"kdf": "md5"}
      }
    }
  },
  "kv": [1, {"x": 2}]
}
"""


def test_a_value_finding_points_at_the_value_and_an_unknown_key_at_the_key() -> None:
    assert found(TEXT) == [
        (4, 29, "BOOT-CFG-01"),
        (4, 37, "SK-CFG-201"),
        (6, 22, "SK-CFG-203"),
        (7, 25, "BOOT-CFG-03"),
    ]


def test_a_missing_field_points_at_the_nearest_key_present() -> None:
    text = '{"runtime": {\n  "platform": {"bootstrap": {"mode": "process_supervisor"}}}}'

    assert found(text) == [(2, 3, "BOOT-CFG-05")]


def test_list_items_and_keys_have_positions() -> None:
    loaded = load_json(TEXT)

    assert loaded.position(("kv", 1, "x")) == (11, 19)
    assert loaded.position(("kv", 1, "x"), at_key=True) == (11, 14)
    assert loaded.position(("kv", 1)) == (11, 13)
    assert loaded.position(("kv", 0)) == (11, 10)
    assert loaded.position(("kv", True)) == (11, 3)
    assert loaded.position(("nowhere", "deeper")) == (1, 1)
    assert loaded.node(("kv",)) is None


def test_a_misspelt_block_is_a_warning_at_its_key() -> None:
    assert found('{"runtime": {"platform": {"bootstrp": {}}}}') == [(1, 27, "SK-CFG-403")]


def test_a_json_file_is_checked_as_json(tmp_path: Path) -> None:
    config = tmp_path / "service.json"
    config.write_text('{"runtime": {"platform": {"execution_ipc": {"bind_port": 8e3}}}}')

    result = check_file(config)

    assert result.ok, result.diagnostics
    assert result.config is not None
    assert result.config["runtime"]["platform"]["execution_ipc"]["bind_port"] == 8000
