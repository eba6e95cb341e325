"""`summary`, `explain`, `schema` and `--version`, run as processes; and the canary secret."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Final

import pytest
import yaml

from stream_kernel.app.runtime import runtime_contract_summary
from stream_kernel.config._catalog import combined_catalog
from stream_kernel.config._contracts import V1
from tests.support.corpus import EXAMPLES

from .runner import run_cli

GOOD: Final = EXAMPLES / "valid" / "typical-service.yaml"
BAD: Final = EXAMPLES / "invalid" / "spec-unknown-kdf.yaml"


def test_summary_prints_the_runtime_contract_summary_as_json() -> None:
    ran = run_cli("summary", GOOD)

    assert ran.status == 0
    assert json.loads(ran.stdout) == runtime_contract_summary(yaml.safe_load(GOOD.read_text()))


def test_summary_of_an_invalid_file_prints_its_findings_to_stderr_and_exits_1() -> None:
    ran = run_cli("summary", BAD)

    assert ran.status == 1
    assert ran.stdout == ""
    assert f"{BAD}:10:14: BOOT-CFG-03 " in ran.stderr


def test_summary_of_a_missing_file_exits_2(tmp_path: Path) -> None:
    ran = run_cli("summary", tmp_path / "missing.yaml")

    assert ran.status == 2
    assert "SK-CFG-309" in ran.stderr


def test_summary_of_a_config_with_a_warning_prints_both() -> None:
    ran = run_cli("summary", EXAMPLES / "valid" / "spec-inline-static-secret-defaults.yaml")

    assert ran.status == 0
    assert json.loads(ran.stdout)["execution_ipc"]["secret_mode"] == "static"
    assert ": SK-CFG-401 [warning] " in ran.stderr


def test_summary_reads_stdin() -> None:
    ran = run_cli("summary", "-", stdin=GOOD.read_bytes())

    assert json.loads(ran.stdout)["bootstrap_mode"] == "process_supervisor"


@pytest.fixture(scope="module")
def explained() -> dict[str, str]:
    """`explain --all`, split into one block a code."""
    ran = run_cli("explain", "--all")
    assert ran.status == 0
    blocks = ran.stdout.split("\n\n" + "")
    found: dict[str, str] = {}
    current = ""
    for block in blocks:
        head = block.split(":", 1)[0]
        if head in combined_catalog():
            current = head
        found[current] = found.get(current, "") + block + "\n\n"
    return found


@pytest.mark.parametrize("code", list(combined_catalog()))
def test_explain_gives_meaning_example_and_fix(explained: dict[str, str], code: str) -> None:
    entry = combined_catalog()[code]
    shown = explained[code]

    assert shown.startswith(f"{code}: {entry['title']} ({entry['severity']})\n")
    assert entry["explanation"] in shown
    assert f"Fix: {entry['fix']}" in shown
    for line in entry["example"].splitlines():
        assert f"    {line}".rstrip() in shown


def test_explain_all_explains_every_code_in_catalog_order(explained: dict[str, str]) -> None:
    # The default contract's catalog, then codes only other contracts have, then the tool's.
    assert list(explained) == list(combined_catalog())


def test_explain_one_code_any_case() -> None:
    ran = run_cli("explain", "boot-cfg-03")

    assert ran.status == 0
    assert ran.stdout.startswith("BOOT-CFG-03: unsupported auth kdf (error)\n")
    assert "SK-CFG" not in ran.stdout.split("\n", 1)[0]


def test_explain_an_unknown_code_suggests_the_closest_and_exits_2() -> None:
    ran = run_cli("explain", "BOOT-CFG-3")

    assert ran.status == 2
    assert "unknown code 'BOOT-CFG-3' (did you mean BOOT-CFG-03?)" in ran.stderr


def test_explain_needs_a_code_or_all() -> None:
    assert run_cli("explain").status == 2


def test_schema_prints_the_bundled_schema() -> None:
    ran = run_cli("schema")

    assert ran.status == 0
    assert ran.stdout == V1.schema_text()


def test_schema_path_names_the_installed_file_for_offline_use() -> None:
    ran = run_cli("schema", "--path")

    path = Path(ran.stdout.strip())
    assert path.is_absolute()
    assert path.read_text(encoding="utf-8") == V1.schema_text()


def test_version_names_the_package_version() -> None:
    from importlib.metadata import version  # noqa: PLC0415 - only this test needs it

    assert (
        run_cli("--version").stdout == f"stream-kernel-config {version('stream-kernel-config')}\n"
    )


# -- the secret never shows ---------------------------------------------------------------

CANARY: Final = "CANARY-c4f1e9-do-not-print"
AUTH: Final = "runtime:\n  platform:\n    execution_ipc:\n      auth:\n"
SECRET_FILES: Final = {
    "valid": f"{AUTH}        secret: {CANARY}\n",
    "invalid-elsewhere": (
        "runtime:\n  platform:\n    bootstrap: {mode: fork}\n"
        f"    execution_ipc:\n      auth:\n        secret: {CANARY}\n        kdf: md5\n"
    ),
    "secret-wrong-type": f"{AUTH}        secret: [{CANARY}]\n",
    "duplicate-secret": f"{AUTH}        secret: {CANARY}\n        secret: {CANARY}2\n",
    "syntax-after-secret": f"{AUTH}        secret: {CANARY}\n  - x\n",
    "unterminated-secret": f"{AUTH}        secret: '{CANARY}\n",
    "secret-as-yaml-1-1-number": f"{AUTH}        secret: 0755\n",
    "secret-aliased-into-kdf": f"{AUTH}        secret: &s {CANARY}\n        kdf: *s\n",
    "secret-aliased-into-a-number": f"{AUTH}        secret: &s {CANARY}\n        ttl_seconds: *s\n",
    "secret-as-a-tag": f"{AUTH}        secret: !{CANARY}\n",
}


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif"])
def test_no_format_ever_prints_the_secret(tmp_path: Path, fmt: str) -> None:
    paths = []
    for name, text in SECRET_FILES.items():
        path = tmp_path / f"{name}.yaml"
        path.write_text(text)
        paths.append(path)

    ran = run_cli("check", "--format", fmt, "--strict", *paths)

    assert ran.status == 1
    assert CANARY not in ran.stdout + ran.stderr
    assert "0755" not in ran.stdout + ran.stderr


def test_summary_never_prints_the_secret(tmp_path: Path) -> None:
    path = tmp_path / "valid.yaml"
    path.write_text(SECRET_FILES["valid"])
    bad = tmp_path / "bad.yaml"
    bad.write_text(SECRET_FILES["invalid-elsewhere"])

    shown = run_cli("summary", path)
    refused = run_cli("summary", bad)

    assert shown.status == 0
    assert refused.status == 1
    assert CANARY not in shown.stdout + shown.stderr + refused.stdout + refused.stderr


def test_summary_of_a_config_with_a_misspelt_block_warns_on_stderr() -> None:
    ran = run_cli("summary", EXAMPLES / "valid" / "misspelt-bootstrap-block.yaml")

    assert ran.status == 0
    assert json.loads(ran.stdout)["execution_transport_profile"] == "memory"
    assert ": SK-CFG-403 [warning] " in ran.stderr
    assert "did you mean 'bootstrap'?" in ran.stderr
