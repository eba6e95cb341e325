"""`check` on JSON files, run as a process: read as JSON, every finding with its position."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Final

import pytest

from stream_kernel.config._catalog import catalog
from stream_kernel.config.validator import validate_newgen_config
from tests.support.corpus import Example, json_examples, lookup, names_key

from .runner import run_cli

VALID: Final = json_examples("valid")
INVALID: Final = json_examples("invalid")


def test_the_corpus_has_json_examples_of_both_kinds() -> None:
    assert VALID
    assert INVALID


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    ran = run_cli("check", "--format", "json", *(e.path for e in VALID + INVALID))
    assert ran.status == 1, ran.stderr
    found: dict[str, Any] = ran.json()
    return found


def entry(report: dict[str, Any], example: Example) -> dict[str, Any]:
    (found,) = [f for f in report["files"] if f["file"] == str(example.path)]
    return dict(found)


def offset(text: str, line: int, column: int) -> int:
    return sum(len(t) for t in text.splitlines(keepends=True)[: line - 1]) + column - 1


@pytest.mark.parametrize("example", VALID + INVALID, ids=lambda e: e.path.name)
def test_each_json_example_gets_exactly_its_declared_findings(
    report: dict[str, Any], example: Example
) -> None:
    found = entry(report, example)

    assert {(d["code"], d["path"]) for d in found["diagnostics"]} == example.checked
    assert found["status"] == ("invalid" if example in INVALID else "valid")


@pytest.mark.parametrize("example", INVALID, ids=lambda e: e.path.name)
def test_each_finding_is_at_its_key_or_its_value(report: dict[str, Any], example: Example) -> None:
    document = json.loads(example.text)
    for d in entry(report, example)["diagnostics"]:
        at = offset(example.text, d["line"], d["column"])
        *_, last = d["path"].split(".")
        if catalog()[d["code"]].get("located_at") == "key":
            key, _ = json.JSONDecoder().raw_decode(example.text, at)
            assert isinstance(key, str), d
            assert names_key(last, key), d
        else:
            value, _ = json.JSONDecoder().raw_decode(example.text, at)
            assert value == lookup(document, d["path"]), d


@pytest.mark.parametrize("example", VALID, ids=lambda e: e.path.name)
def test_each_valid_json_example_normalizes_as_declared(example: Example) -> None:
    config = validate_newgen_config(example.document())

    for path, expected in example.normalized:
        assert lookup(config, path) == expected, path


def test_json_on_standard_input_is_read_as_json_when_named_so() -> None:
    text = b'{"runtime": {"platform": {"execution_ipc": {"bind_port": 7e4}}}}'

    as_json = run_cli("check", "--stdin-name", "buffer.json", "-", stdin=text)
    as_yaml = run_cli("check", "-", stdin=text)

    assert as_json.status == 1
    assert "buffer.json:1:58: SK-CFG-203 " in as_json.stdout
    assert "<stdin>:1:58: SK-CFG-202 " in as_yaml.stdout  # YAML reads the text '7e4'


def test_a_json_file_and_a_yaml_file_in_one_run(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text('{"runtime": {"platform": {"bootstrap": {"mode": 1e0}}}}')
    (tmp_path / "b.yaml").write_text("runtime: {platform: {bootstrap: {mode: 1e0}}}\n")

    ran = run_cli("check", tmp_path)

    assert (
        f"{tmp_path / 'a.json'}:1:49: BOOT-CFG-01 unsupported bootstrap mode: got 1.0;"
        in ran.stdout
    )
    assert (
        f"{tmp_path / 'b.yaml'}:1:40: BOOT-CFG-01 unsupported bootstrap mode: got '1e0';"
        in ran.stdout
    )
