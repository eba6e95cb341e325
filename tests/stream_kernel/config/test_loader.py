"""The YAML loader: the framework's parse, refusals with codes and positions, source positions."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest
import yaml

from stream_kernel.config import loader
from stream_kernel.config.loader import Limits, LoadedDocument, load_file, load_yaml
from stream_kernel.config.validator import ConfigError
from tests.support.corpus import Example, examples

# libyaml's C parser, and the pure-Python one for machines without libyaml.
PARSERS = [
    pytest.param(getattr(yaml, "CSafeLoader", None), id="c-parser"),
    pytest.param(yaml.SafeLoader, id="python-parser"),
]


@pytest.fixture(params=PARSERS, autouse=True)
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    chosen = request.param
    if chosen is None:
        pytest.skip("PyYAML was built without libyaml here")
    monkeypatch.setattr(loader, "_Loader", chosen)


def refusal(text: str | bytes, limits: Limits = loader.DEFAULT_LIMITS) -> tuple[str, int, int]:
    """(code, line, column) of the one diagnostic refusing ``text``."""
    with pytest.raises(ConfigError) as caught:
        load_yaml(text, limits=limits)
    (found,) = caught.value.diagnostics
    assert found.line is not None
    assert found.column is not None
    return found.code, found.line, found.column


LOADABLE = [e for e in examples("valid") + examples("invalid") if not e.loader_expected]


@pytest.mark.parametrize("example", LOADABLE, ids=lambda e: e.id)
def test_the_document_is_what_yaml_safe_load_gives(example: Example) -> None:
    assert load_yaml(example.text).document == yaml.safe_load(example.text)


@pytest.mark.parametrize(
    "text",
    [
        "base: &b {x: 1, y: [1, 2]}\nover:\n  <<: *b\n  y: 3\n",
        "a: &a {x: 1}\nb: &b {y: 2}\nc: {<<: [*a, *b], x: 0}\n",
        "when: 2024-05-01\nat: 2024-05-01 10:00:00\n",
        "n: ~\ne:\nt: yes\no: 010\ns: 1:30\nf: 1_000.5\nh: 0x1f\ninf: .inf\n",
        "1: int key\nfalse: bool key\n~: null key\n=: equals key\n",
        "list: [a, {b: c}, [d]]\nquoted: '010'\nblock: |\n  two\n  lines\n",
        "\ufeffbom: first\n",
    ],
    ids=["merge", "merge-list", "dates", "yaml11-scalars", "odd-keys", "styles", "bom"],
)
def test_yaml_features_load_exactly_as_safe_load_does(text: str) -> None:
    assert load_yaml(text).document == yaml.safe_load(text)


def test_an_alias_gives_the_same_object_twice_as_safe_load_does() -> None:
    document = load_yaml("a: &x {k: [1]}\nb: *x\n").document

    assert document["a"] is document["b"]


def test_an_empty_file_is_an_empty_document() -> None:
    assert load_yaml("").document is None
    assert load_yaml("# only a comment\n").document is None


def test_bytes_are_read_as_utf_8_with_an_optional_byte_order_mark() -> None:
    text = "name: café\n"

    assert load_yaml(text.encode()).document == {"name": "café"}
    assert load_yaml(codecs.BOM_UTF8 + text.encode()).document == {"name": "café"}


# -- refusals ------------------------------------------------------------------------


def test_a_syntax_error_is_refused_at_its_position() -> None:
    assert refusal("a: {b: 1 c: 2}\n") == ("SK-CFG-301", 1, 11)


def test_a_list_left_open_is_refused_where_it_opens() -> None:
    # The parser stops on line 2; the bracket to close is on line 1.
    assert refusal("a: [1, 2\nb: 3\n") == ("SK-CFG-301", 1, 4)


def test_a_tab_indent_is_refused_at_its_position() -> None:
    assert refusal("a:\n\tb: 1\n") == ("SK-CFG-301", 2, 1)


def test_a_control_character_is_refused_at_its_character_column() -> None:
    # Three two-byte characters before it: the column counts characters, not bytes.
    assert refusal("a: 1\néé: \x00\n") == ("SK-CFG-301", 2, 5)


def test_a_duplicate_key_is_refused_naming_both_positions() -> None:
    text = "auth:\n  secret_mode: generated\n  kdf: none\n  secret_mode: static\n"

    with pytest.raises(ConfigError) as caught:
        load_yaml(text)

    (found,) = caught.value.diagnostics
    assert (found.code, found.line, found.column) == ("SK-CFG-302", 4, 3)
    # Named by its position, never its text: the loader cannot tell a key under auth.
    assert "'secret_mode'" not in found.message
    assert "this key is also set at line 2, column 3" in found.message


def test_every_duplicate_key_is_reported_not_only_the_first() -> None:
    with pytest.raises(ConfigError) as caught:
        load_yaml("a: 1\na: 2\nb: {c: 1, c: 2}\n")

    assert [(d.code, d.line) for d in caught.value.diagnostics] == [
        ("SK-CFG-302", 2),
        ("SK-CFG-302", 3),
    ]


def test_keys_equal_as_values_are_duplicates_even_when_written_differently() -> None:
    assert refusal("1: a\n0x1: b\n") == ("SK-CFG-302", 2, 1)


def test_keys_python_holds_equal_are_duplicates() -> None:
    # `true` and `1` are one dict key in Python: safe_load would keep only the last.
    assert refusal("1: a\ntrue: b\n") == ("SK-CFG-302", 2, 1)


def test_a_merged_key_overridden_by_an_explicit_one_is_not_a_duplicate() -> None:
    assert load_yaml("a: &a {k: 1}\nb: {<<: *a, k: 2}\n").document["b"] == {"k": 2}


def test_a_second_document_is_refused_where_it_starts() -> None:
    assert refusal("a: 1\n---\nb: 2\n") == ("SK-CFG-303", 2, 1)


@pytest.mark.parametrize(
    ("text", "column"),
    [
        ("a: !!python/object/apply:os.system ['true']\n", 4),
        ("a: !!python/name:os.system\n", 4),
        ("a: !!binary aGVsbG8=\n", 4),
        ("a: !!set {x, y}\n", 4),
        ("a: !!omap [x: 1]\n", 4),
        ("a: !local thing\n", 4),
        ("a: !!str {x: 1}\n", 4),
    ],
    ids=["python-apply", "python-name", "binary", "set", "omap", "local", "kind-mismatch"],
)
def test_a_tag_outside_the_core_schema_is_refused(text: str, column: int) -> None:
    assert refusal(text) == ("SK-CFG-304", 1, column)


def test_a_python_tag_is_never_constructed(tmp_path: Path) -> None:
    text = f"a: !!python/object/apply:os.mkdir ['{tmp_path / 'by-us'}']\n"

    assert refusal(text)[0] == "SK-CFG-304"
    assert not (tmp_path / "by-us").exists()
    # The control: an unsafe loader really runs this payload.
    yaml.unsafe_load(text.replace("by-us", "by-unsafe-load"))
    assert (tmp_path / "by-unsafe-load").is_dir()


def billion_laughs(levels: int) -> str:
    lines = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, levels):
        refs = ", ".join([f"*l{i - 1}"] * 10)
        lines.append(f"l{i}: &l{i} [{refs}]")
    return "\n".join(lines) + "\n"


def test_a_billion_laughs_is_refused_by_the_alias_budget() -> None:
    code, line, _ = refusal(billion_laughs(9))

    # Level 3 (line 4) is the first whose expansion (1,111 nodes an alias) crosses 10,000.
    assert (code, line) == ("SK-CFG-305", 4)


def test_the_alias_budget_is_a_limit_the_caller_sets() -> None:
    text = billion_laughs(3)

    assert load_yaml(text).document["l2"][0][0] == ["lol"] * 10
    assert refusal(text, Limits(max_alias_nodes=50))[0] == "SK-CFG-305"


def test_repeated_merges_count_against_the_alias_budget() -> None:
    lines = ["m0: &m0 {" + ", ".join(f"k{i}: {i}" for i in range(50)) + "}"]
    lines += [f"m{i}: {{<<: *m0}}" for i in range(1, 40)]

    assert refusal("\n".join(lines) + "\n", Limits(max_alias_nodes=1000))[0] == "SK-CFG-305"


def test_an_alias_inside_its_own_anchor_is_refused() -> None:
    assert refusal("a: &a [1, *a]\n")[0] == "SK-CFG-305"
    assert refusal("a: &a {<<: *a}\n")[0] == "SK-CFG-305"


def test_nesting_beyond_the_depth_limit_is_refused_at_the_deepest_node() -> None:
    text = "a: " + "[" * 10 + "]" * 10 + "\n"

    assert load_yaml(text, limits=Limits(max_depth=11)).document is not None
    assert refusal(text, Limits(max_depth=10)) == ("SK-CFG-306", 1, 13)


def test_nesting_beyond_what_the_parser_accepts_is_refused_as_too_deep() -> None:
    depth = 1100  # libyaml stops at 1000; the pure-Python composer runs out of stack
    assert refusal("[" * depth + "]" * depth)[0] == "SK-CFG-306"


@pytest.mark.parametrize("text", ["a: 12345\n", b"a: 12345\n", "a: \u00e9\u00e9\u00e9\u00e9\n"])
def test_a_source_larger_than_the_limit_is_refused(text: str | bytes) -> None:
    size = len(text.encode() if isinstance(text, str) else text)

    assert load_yaml(text, limits=Limits(max_bytes=size)).document is not None
    assert refusal(text, Limits(max_bytes=size - 1)) == ("SK-CFG-307", 1, 1)


def test_bytes_that_are_not_utf_8_are_refused_at_the_first_bad_byte() -> None:
    assert refusal(b"a: 1\nname: caf" + b"\xe9\n") == ("SK-CFG-308", 2, 10)


def test_a_str_with_a_lone_surrogate_is_refused_as_not_utf_8() -> None:
    code, line, column = refusal("a: 1\nb: x\ud800\n")

    # The pure-Python reader calls it a forbidden character, libyaml cannot encode it.
    assert code in {"SK-CFG-301", "SK-CFG-308"}
    assert (line, column) == (2, 5)


def test_utf_16_is_refused_as_not_utf_8() -> None:
    assert refusal("a: 1\n".encode("utf-16"))[0] == "SK-CFG-308"


@pytest.mark.parametrize(
    "text",
    ["? [1, 2]\n: list key\n", "a: {<<: 1}\n", "when: 2024-13-45\n", "a: =\n"],
    ids=["list-key", "bad-merge", "impossible-date", "value-tag"],
)
def test_what_safe_load_cannot_build_is_refused_as_invalid_yaml(text: str) -> None:
    with pytest.raises((yaml.YAMLError, ValueError)):
        yaml.safe_load(text)

    assert refusal(text)[0] == "SK-CFG-301"


def test_a_refusal_never_quotes_the_source(tmp_path: Path) -> None:
    canary = "CANARY-7f3a9c"
    texts = [
        f"secret: '{canary}\n",
        f"secret: {canary}\n\tbad: 1\n",
        f"secret: 2024-13-45 {canary}\nsecret: x\n",
    ]
    for text in texts:
        with pytest.raises(ConfigError) as caught:
            load_yaml(text)
        assert canary not in str(caught.value)


def test_limits_must_be_sensible() -> None:
    with pytest.raises(ValueError, match="max_bytes"):
        Limits(max_bytes=0)
    with pytest.raises(ValueError, match="max_depth"):
        Limits(max_depth=loader.MAX_DEPTH_CEILING + 1)


# -- files -------------------------------------------------------------------------------


def test_a_file_is_loaded_and_named_by_its_path(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("a: 1\n", encoding="utf-8")

    loaded = load_file(path)

    assert (loaded.source, loaded.document) == (str(path), {"a": 1})


@pytest.mark.parametrize("kind", ["missing", "directory"])
def test_a_file_that_cannot_be_read_is_refused_without_a_position(
    tmp_path: Path, kind: str
) -> None:
    path = tmp_path / "config.yaml"
    if kind == "directory":
        path.mkdir()

    with pytest.raises(ConfigError) as caught:
        load_file(path)

    (found,) = caught.value.diagnostics
    assert (found.code, found.line, found.column) == ("SK-CFG-309", None, None)


def test_a_large_file_is_refused_after_reading_one_byte_past_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"# " + b"x" * 100_000 + b"\n")

    with pytest.raises(ConfigError) as caught:
        load_file(path, limits=Limits(max_bytes=10))

    assert caught.value.code == "SK-CFG-307"
    assert "more than 10 bytes" in caught.value.diagnostics[0].message


# -- positions -----------------------------------------------------------------------------

TEXT = """\
runtime:
  platform:
    bootstrap: {mode: inline}
    execution_ipc:
      bind_port: 8080
      auth:
    list:
      - first
      - {k: v}
"""


@pytest.fixture
def source() -> LoadedDocument:
    return load_yaml(TEXT)


def test_a_value_is_located_at_the_value(source: LoadedDocument) -> None:
    assert source.position(("runtime", "platform", "execution_ipc", "bind_port")) == (5, 18)
    assert source.position(("runtime", "platform", "bootstrap", "mode")) == (3, 23)


def test_a_key_is_located_at_the_key_when_asked(source: LoadedDocument) -> None:
    path = ("runtime", "platform", "execution_ipc", "bind_port")

    assert source.position(path, at_key=True) == (5, 7)


def test_a_missing_key_is_located_at_its_nearest_present_parent(source: LoadedDocument) -> None:
    assert source.position(("runtime", "platform", "execution_ipc", "transport")) == (4, 5)
    assert source.position(("runtime", "platform", "execution_ipc", "auth", "kdf")) == (6, 7)


def test_an_empty_value_is_located_at_its_key(source: LoadedDocument) -> None:
    assert source.position(("runtime", "platform", "execution_ipc", "auth")) == (6, 7)


def test_list_items_are_located_by_index(source: LoadedDocument) -> None:
    assert source.position(("runtime", "platform", "list", 0)) == (8, 9)
    assert source.position(("runtime", "platform", "list", 1, "k")) == (9, 13)
    assert source.position(("runtime", "platform", "list", 5)) == (7, 5)


def test_the_root_is_located_at_its_first_node() -> None:
    assert load_yaml("# a comment\n- a list\n").position(()) == (2, 1)
    assert load_yaml("").position(()) == (1, 1)


def test_keys_are_matched_by_value_and_type() -> None:
    source = load_yaml("1: int\n'1': text\n")

    assert source.position((1,)) == (1, 4)
    assert source.position(("1",)) == (2, 6)


# -- hostile YAML: each of these once escaped as a traceback, a leak or a wrong answer --


@pytest.mark.parametrize(
    "text",
    [
        "a: !!bool maybe\n",
        "a: !!timestamp x\n",
        "a: !!float ''\n",
        "a: !!int ''\n",
        "a: !!int '-'\n",
        "a: 0x_\n",
        "? !!bool maybe\n: 1\n",
    ],
    ids=["bool", "timestamp", "float", "int-empty", "int-sign", "int-hex-underscore", "key"],
)
def test_a_core_tag_pyyaml_cannot_build_is_refused_as_invalid_yaml(text: str) -> None:
    assert refusal(text)[0] == "SK-CFG-301"


@pytest.mark.parametrize(
    "text",
    ["a: !x%1B%5B31mRED%0Aforged x\n", "secret: !hunter2\n", "secret: !!hunter2 x\n"],
    ids=["escape-sequence", "local-tag", "unknown-core-tag"],
)
def test_a_refused_tag_is_described_never_quoted(text: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_yaml(text)

    (found,) = caught.value.diagnostics
    assert found.code == "SK-CFG-304"
    for file_text in ("\x1b", "\n", "RED", "forged", "hunter2"):
        assert file_text not in found.message


def test_an_alias_is_held_to_the_depth_limit_where_it_is_used() -> None:
    inner = "[" * 8 + "1" + "]" * 8
    text = f"b: &x {inner}\nc: {'[' * 8}*x{']' * 8}\n"

    assert load_yaml(text, limits=Limits(max_depth=20)).document is not None
    assert refusal(text, Limits(max_depth=12))[0:2] == ("SK-CFG-306", 2)


def test_a_merge_is_held_to_the_depth_limit_where_it_is_used() -> None:
    text = "base: &b {k: [[[[1]]]]}\nuse:\n  deeper:\n    <<: *b\n"

    assert load_yaml(text, limits=Limits(max_depth=8)).document is not None
    assert refusal(text, Limits(max_depth=7))[0] == "SK-CFG-306"


def test_a_key_two_merged_mappings_both_bring_is_a_duplicate() -> None:
    text = "a: &a {kdf: first}\nb: &b {kdf: second}\nm: {<<: [*a, *b]}\n"

    assert refusal(text) == ("SK-CFG-302", 3, 5)


def test_a_key_set_explicitly_settles_a_merge_clash() -> None:
    text = "a: &a {kdf: first}\nb: &b {kdf: second}\nm: {<<: [*a, *b], kdf: third}\n"

    assert load_yaml(text).document["m"] == {"kdf": "third"}


def test_a_second_merge_key_is_a_duplicate() -> None:
    assert refusal("a: &a {x: 1}\nb: &b {y: 2}\nm:\n  <<: *a\n  <<: *b\n") == ("SK-CFG-302", 5, 3)


def test_many_keys_that_are_not_text_are_refused() -> None:
    keys = "".join(f"  {i}: 0\n" for i in range(loader.MAX_NON_TEXT_KEYS + 1))

    assert refusal("x:\n" + keys)[0] == "SK-CFG-301"
    assert load_yaml("x:\n" + "".join(f"  k{i}: 0\n" for i in range(2000))).document


def test_bad_utf_8_after_a_byte_order_mark_is_located_in_the_file() -> None:
    with pytest.raises(ConfigError) as caught:
        load_yaml(codecs.BOM_UTF8 + b"a\n\n\xff\n")

    (found,) = caught.value.diagnostics
    assert (found.code, found.line, found.column) == ("SK-CFG-308", 3, 1)
    assert "byte 0xff at offset 6" in found.message


def test_lone_carriage_returns_are_line_breaks_in_positions() -> None:
    assert refusal(b"a: 1\rb: 2\rc: \xff\r")[0:3] == ("SK-CFG-308", 3, 4)


def test_a_value_through_an_alias_is_located_where_the_alias_is_used() -> None:
    source = load_yaml("defaults: &m fork\nruntime:\n  platform:\n    bootstrap:\n      mode: *m\n")

    assert source.position(("runtime", "platform", "bootstrap", "mode")) == (5, 7)


def test_a_merged_value_is_located_at_the_mapping_that_merges_it() -> None:
    source = load_yaml(
        "base: &b {mode: fork}\nruntime:\n  platform:\n    bootstrap:\n      <<: *b\n"
    )

    assert source.position(("runtime", "platform", "bootstrap", "mode")) == (4, 5)


def test_a_fifo_without_a_writer_is_read_as_empty_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "config.yaml"
    os.mkfifo(fifo)

    assert load_file(fifo).document is None


def test_the_python_parsers_messages_never_quote_the_file() -> None:
    for text in ["secret: *hunter2\n", "a: &hunter2 1\nb: &hunter2 2\n"]:
        with pytest.raises(ConfigError) as caught:
            load_yaml(text)
        assert "hunter2" not in str(caught.value)
