"""The secret never reaches any output, whatever shape the mistake takes.

Nothing written under ``auth``, no key under ``auth`` and no scalar given where a block
belongs is ever echoed: such a value is named by its kind and length. Each shape below
puts a canary where a secret would be; every surface must keep it out: the library's
``Diagnostic.message``, ``.path`` and ``str(err)``, ``check_text``, and the command's four
formats and ``summary``, run as a user runs them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

import pytest
import yaml

from stream_kernel.config.check import check_text, contract_of
from stream_kernel.config.validator import ConfigError, validate_newgen_config
from tests.cli.runner import run_cli

CANARY: Final = "hunter2-canary-7f3e"
# Only the canary's middle: a rendering that cuts or quotes it still contains this.
SEEN: Final = "canary-7f"
NUMBER: Final = "918273645"  # a secret that YAML reads as a number
IPC: Final = "runtime:\n  platform:\n    execution_ipc:\n"
V2_IPC: Final = (
    "# yaml-language-server: $schema=runtime-config.v2.schema.json\n"
    + IPC
    + "      transport: tcp_local\n      bind_host: 127.0.0.1\n"
)

SHAPES: Final = {
    "auth-a-scalar": IPC + f"      auth: {CANARY}\n",
    "no-space-after-the-colon": IPC + f"      auth:\n        secret:{CANARY}\n",
    "no-space-in-flow-style": IPC + f"      auth: {{secret_mode: static, secret:{CANARY}}}\n",
    "an-equals-sign": IPC + f"      auth:\n        secret = {CANARY}\n",
    "pasted-into-secret-mode": IPC + f"      auth:\n        secret_mode: {CANARY}\n",
    "pasted-into-kdf": IPC + f"      auth:\n        kdf: {CANARY}\n",
    "pasted-into-kdf-near-a-name": IPC + f"      auth:\n        kdf: hkdf_{CANARY}\n",
    "a-key-under-auth": IPC + f"      auth:\n        {CANARY}: 1\n",
    "the-anchor-as-a-key": IPC + f"      auth:\n        secret: &s {CANARY}\n        *s : 1\n",
    "the-anchor-as-a-key-twice": IPC
    + f"      auth:\n        secret: &s {CANARY}\n        *s : 1\n        *s : 2\n",
    "a-duplicate-key-under-auth": IPC + f"      auth:\n        {CANARY}: 1\n        {CANARY}: 2\n",
    "a-key-two-merges-bring": IPC
    + f"      auth:\n        <<: [{{{CANARY}: 1}}, {{{CANARY}: 2}}]\n",
    "execution-ipc-a-scalar": IPC.rstrip("\n") + f" {CANARY}\n",
    "bootstrap-a-scalar": f"runtime:\n  platform:\n    bootstrap: {CANARY}\n",
    "platform-a-scalar": f"runtime:\n  platform: {CANARY}\n",
    "runtime-a-scalar": f"runtime: {CANARY}\n",
    "the-root-a-scalar": f"{CANARY}\n",
    "aliased-into-bootstrap-mode": IPC
    + f"      auth: {{secret: &s {CANARY}}}\n    bootstrap: {{mode: *s}}\n",
    "aliased-into-bind-host": IPC + f"      auth: {{secret: &s {CANARY}}}\n      bind_host: *s\n",
    "aliased-as-a-bootstrap-key": IPC
    + f"      auth: {{secret: &s {CANARY}}}\n    bootstrap: {{*s : 1}}\n",
    "the-auth-block-aliased-into-bootstrap": IPC
    + f"      auth: &a {{secret_mode: {CANARY}}}\n    bootstrap: *a\n",
    "a-number-aliased-into-bind-port": IPC
    + f"      auth: {{secret: &s {NUMBER}}}\n      bind_port: *s\n",
    "a-custom-tag": IPC + f"      auth:\n        secret: !tag {CANARY}\n",
    # v2: a map of overrides keyed by group name; the secret's anchor as a group name.
    "the-anchor-as-a-group-name-above-a-bad-key": V2_IPC
    + f"      auth: {{secret: &s {CANARY}}}\n      buffer:\n        per_group:\n"
    + "          *s : {capacity: 8}\n",
    "the-anchor-as-a-group-name-above-a-bad-value": V2_IPC
    + f"      auth: {{secret: &s {CANARY}}}\n      buffer:\n        per_group:\n"
    + "          *s : {batch_max_items: -1}\n",
    "an-unterminated-quote": IPC + f'      auth:\n        secret: "{CANARY}\n',
}


def leaks(text: str) -> bool:
    return SEEN in text or NUMBER in text


def library_outputs(text: str) -> str:
    """Everything the library says about the document ``yaml.safe_load`` reads from ``text``."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError:
        return ""  # not YAML to PyYAML either: nothing reaches the library
    named = contract_of(text)
    try:
        validate_newgen_config(raw, contract=named.name if named else "v1")
    except ConfigError as err:
        shown = [str(err), err.path, repr(err.diagnostics)]
        shown += [d.message + "\n" + d.path + "\n" + str(d) for d in err.diagnostics]
        return "\n".join(shown)
    return ""


@pytest.mark.parametrize("text", SHAPES.values(), ids=SHAPES.keys())
def test_the_library_never_shows_the_secret(text: str) -> None:
    assert not leaks(library_outputs(text))


@pytest.mark.parametrize("text", SHAPES.values(), ids=SHAPES.keys())
def test_check_text_refuses_every_shape_without_showing_the_secret(text: str) -> None:
    result = check_text(text)

    assert result.errors, "every shape is a mistake"
    shown = repr(result.diagnostics) + "".join(d.message + d.path for d in result.diagnostics)
    assert not leaks(shown), shown


@pytest.fixture(scope="module")
def shape_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("shapes")
    files = []
    for name, text in SHAPES.items():
        (path := folder / f"{name}.yaml").write_text(text, encoding="utf-8")
        files.append(path)
    return files


@pytest.mark.parametrize("form", ["text", "json", "github", "sarif"])
def test_no_output_format_of_the_command_shows_the_secret(
    shape_files: list[Path], form: str
) -> None:
    ran = run_cli("check", "--format", form, *shape_files)

    assert ran.status == 1
    assert ran.stdout.count("\n") >= len(SHAPES) if form in {"text", "github"} else ran.stdout
    assert not leaks(ran.stdout + ran.stderr)


def test_a_warning_below_the_secret_used_as_a_group_name_does_not_show_it(
    tmp_path: Path,
) -> None:
    # A valid config: only the lint speaks, and its path passes through the group name.
    text = V2_IPC + (
        f"      auth: {{secret_mode: static, secret: &s {CANARY}}}\n      buffer:\n"
        "        per_group:\n          *s : {batch_max_items: 010}\n"
    )
    (warning,) = check_text(text).diagnostics
    (path := tmp_path / "warned.yaml").write_text(text, encoding="utf-8")
    ran = run_cli("check", "--format", "json", path)

    assert warning.code == "SK-CFG-402"
    assert warning.path.endswith(".per_group.<a 19-character string>.batch_max_items")
    assert (warning.line, warning.column) == (10, 34)
    assert ran.status == 0
    assert not leaks(repr(warning) + warning.message + warning.path + ran.stdout + ran.stderr)


def test_summary_never_shows_the_secret(shape_files: list[Path]) -> None:
    for path in shape_files:
        ran = run_cli("summary", path)

        assert ran.status == 1, path.name
        assert not leaks(ran.stdout + ran.stderr), path.name


# -- what is shown instead -------------------------------------------------------------


def test_a_scalar_where_a_block_belongs_is_named_by_kind_and_length() -> None:
    (error,) = check_text(SHAPES["auth-a-scalar"]).errors

    assert (error.code, error.path) == ("SK-CFG-102", "runtime.platform.execution_ipc.auth")
    assert error.message == (
        "a section must be a mapping: expected a mapping or empty (null),"
        " got a 19-character string (value hidden)"
    )


def test_a_key_under_auth_is_named_by_kind_in_its_path_and_still_located() -> None:
    (error,) = check_text(SHAPES["the-anchor-as-a-key"]).errors

    assert error.code == "SK-CFG-201"
    assert error.path == "runtime.platform.execution_ipc.auth.<a 19-character string>"
    # An alias used as a key is located where it is used, not at its anchor.
    assert (error.line, error.column) == (6, 9)


def test_a_schema_suggestion_stays_for_a_hidden_value() -> None:
    text = IPC + "      auth:\n        kdf: hkdf-sha256\n"

    (error,) = check_text(text).errors

    assert error.message == (
        "unsupported auth kdf: got an 11-character string (value hidden)"
        " (did you mean 'hkdf_sha256'?); allowed: 'none', 'hkdf_sha256'"
    )


def test_a_secret_equal_to_an_allowed_value_does_not_garble_another_message() -> None:
    # Redaction follows where a value came from, not its text: the secret `inline` is
    # neither hidden from the allowed values nor revealed by a placeholder there.
    text = (
        "runtime:\n  platform:\n    bootstrap: {mode: bogus}\n"
        "    execution_ipc:\n      auth: {secret: inline}\n"
    )

    (error,) = check_text(text).errors
    with pytest.raises(ConfigError) as caught:
        validate_newgen_config(yaml.safe_load(text))
    (raised,) = caught.value.args

    expected = "unsupported bootstrap mode: got 'bogus'; allowed: 'inline', 'process_supervisor'"
    assert error.message == expected
    assert raised == f"runtime.platform.bootstrap.mode: BOOT-CFG-01 {expected}"


def test_a_value_elsewhere_is_still_shown_when_it_merely_equals_the_secret() -> None:
    text = (
        "runtime:\n  platform:\n    bootstrap: {mode: bogus-mode}\n"
        "    execution_ipc:\n      auth: {secret: bogus-mode}\n"
    )

    (error,) = check_text(text).errors

    assert "got 'bogus-mode'" in error.message


def test_a_duplicate_key_is_named_by_its_position() -> None:
    (error,) = check_text(SHAPES["a-duplicate-key-under-auth"]).errors

    assert (error.code, error.line, error.column) == ("SK-CFG-302", 6, 9)
    assert error.message == (
        "duplicate key: this key is also set at line 5, column 9;"
        " YAML would silently keep only the last one"
    )
