"""The loader's words and positions: the parser's own punctuation kept, an unclosed quote
or bracket reported where it opens, merges of one mapping twice, aliases used as keys."""

from __future__ import annotations

import pytest
import yaml

from stream_kernel.config import loader
from stream_kernel.config.check import check_text
from stream_kernel.config.diagnostics import Diagnostic
from stream_kernel.config.loader import load_yaml
from stream_kernel.config.validator import ConfigError

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


def refused(text: str) -> Diagnostic:
    with pytest.raises(ConfigError) as caught:
        load_yaml(text)
    (found,) = caught.value.diagnostics
    return found


# -- the parser's words --------------------------------------------------------------------


def test_the_punctuation_the_parser_expects_is_kept() -> None:
    found = refused("runtime:\n  platform:\n    bootstrap: {mode: inline\n")

    assert "expected ',' or '}'" in found.message
    assert "'…'" not in found.message


def test_a_token_name_is_kept() -> None:
    found = refused("a:\n  b: 1\n c: 2\n")

    # libyaml: "did not find expected key"; PyYAML: "... but found '<block mapping start>'".
    assert "'…'" not in found.message


def test_file_text_the_parser_quotes_is_still_blanked() -> None:
    # The pure-Python parser names the alias; a name is file text, never shown.
    found = refused("secret: *CANARYs3cr3t\n")

    assert "CANARYs3cr3t" not in found.message
    assert found.code == "SK-CFG-301"


def test_one_quoted_letter_is_file_text_and_blanked() -> None:
    # The pure-Python parser quotes the escape it does not know; libyaml does not.
    found = refused('a: "\\q"\n')

    assert "'q'" not in found.message
    assert "unknown escape character" in found.message


# -- where an unclosed quote or bracket opens ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "column", "stopped"),
    [
        ("runtime:\n  platform:\n    bootstrap: {mode: inline\n", 3, 16, "line 4, column 1"),
        ("a: {b: 1\nc: 2\n", 1, 4, "line 2, column 2"),
        ("a: [1, 2\nb: 3\n", 1, 4, "line 2, column 2"),
        ('a:\n  b: "abc\nc: 1\n', 2, 6, "line 4, column 1"),
        ("a:\n  b: 'abc\n\n", 2, 6, "line 4, column 1"),
    ],
    ids=["flow-mapping", "flow-mapping-more-lines", "flow-list", "double-quote", "single-quote"],
)
def test_an_unclosed_quote_or_bracket_is_reported_where_it_opens(
    text: str, line: int, column: int, stopped: str
) -> None:
    found = refused(text)

    assert (found.code, found.line, found.column) == ("SK-CFG-301", line, column)
    assert f"opened here and not closed; the parser stopped at {stopped}" in found.message


def test_a_mistake_inside_a_flow_mapping_on_its_own_line_stays_where_it_is() -> None:
    found = refused("a: {b: 1 c: 2}\n")

    assert (found.line, found.column) == (1, 11)
    assert "opened here" not in found.message


def test_the_secret_after_an_unclosed_quote_is_never_shown() -> None:
    found = refused(
        'runtime:\n  platform:\n    execution_ipc:\n      auth:\n        secret: "CANARY9\n'
    )

    assert "CANARY9" not in found.message
    assert (found.line, found.column) == (5, 17)


# -- merges ------------------------------------------------------------------------------


def test_the_same_mapping_merged_twice_is_no_clash() -> None:
    loaded = load_yaml("a: &a {k: 1, j: 2}\nb:\n  <<: [*a, *a]\n")

    assert loaded.document["b"] == {"k": 1, "j": 2}


def test_a_mapping_merged_again_through_another_is_no_clash() -> None:
    loaded = load_yaml("a: &a {k: 1}\nc: &c {<<: *a, j: 2}\nb:\n  <<: [*a, *c]\n")

    assert loaded.document["b"] == {"k": 1, "j": 2}


def test_two_mappings_bringing_the_same_key_still_clash() -> None:
    found = refused("a: &a {k: 1}\nc: &c {k: 2}\nb:\n  <<: [*a, *c]\n")

    assert (found.code, found.line, found.column) == ("SK-CFG-302", 4, 3)


# -- an alias used as a key ------------------------------------------------------------------


def test_a_duplicate_key_written_as_an_alias_is_reported_at_the_alias() -> None:
    found = refused("x: &k secret_mode\nm:\n  *k : 1\n  secret_mode: 2\n")

    assert (found.code, found.line, found.column) == ("SK-CFG-302", 4, 3)
    assert "also set at line 3, column 3" in found.message


def test_an_alias_written_second_is_reported_at_the_alias() -> None:
    found = refused("x: &k secret_mode\nm:\n  secret_mode: 2\n  *k : 1\n")

    assert (found.line, found.column) == (4, 3)
    assert "also set at line 3, column 3" in found.message


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("k: &k bogus\nruntime:\n  platform:\n    bootstrap:\n      *k : 1\n", 5, 7),
        ("k: &k bogus\nruntime: {platform: {bootstrap: {*k : 1}}}\n", 2, 34),
        ("k: &k bogus\nruntime:\n  platform:\n    bootstrap:\n      ? *k\n      : 1\n", 5, 9),
    ],
    ids=["block", "flow", "explicit-key"],
)
def test_an_unknown_key_written_as_an_alias_is_located_at_the_alias(
    text: str, line: int, column: int
) -> None:
    (found,) = check_text(text).diagnostics

    assert (found.code, found.line, found.column) == ("SK-CFG-201", line, column)


def test_an_aliased_value_under_an_aliased_key_is_located_at_the_key() -> None:
    text = "k: &k mode\nv: &v fork\nruntime:\n  platform:\n    bootstrap:\n      *k : *v\n"

    (found,) = check_text(text).diagnostics

    assert (found.code, found.line, found.column) == ("BOOT-CFG-01", 6, 7)
