"""Migrating v1 files to v2, one layout at a time: what is written, where, in which style,
and that nothing else in the text changes."""

from __future__ import annotations

from typing import Final

import pytest
import yaml

from stream_kernel.config._migrate import Migration, MigrationError, Migrator

from .helpers import only_insertions, v1_to_v2

V2_ID: Final = "https://stream-kernel.dev/schemas/runtime-config/v2.json"
ADDED: Final = f"# yaml-language-server: $schema={V2_ID}\n"


@pytest.fixture(scope="module")
def migrator() -> Migrator:
    return v1_to_v2()


def migrated(migrator: Migrator, text: str) -> Migration:
    result = migrator.migrate(text)
    assert result.refused is None, result.refused
    assert only_insertions(result.before, result.after), result.after
    # Idempotent: the migrated text needs nothing more.
    assert migrator.migrate(result.after).after == result.after
    return result


def test_the_fields_migration_writes_come_from_the_diff(migrator: Migrator) -> None:
    assert set(migrator.patterns) == {
        ("runtime", "platform", "bootstrap", "mode"),
        ("runtime", "platform", "execution_ipc", "bind_host"),
    }


def test_bind_host_is_written_at_the_blocks_indentation(migrator: Migrator) -> None:
    text = "runtime:\n  platform:\n    execution_ipc:\n      bind_port: 9000\n"

    result = migrated(migrator, text)

    assert result.after == ADDED + (
        "runtime:\n  platform:\n    execution_ipc:\n"
        "      bind_host: 127.0.0.1\n      bind_port: 9000\n"
    )


def test_bind_host_is_written_for_an_explicit_tcp_local(migrator: Migrator) -> None:
    text = "runtime:\n  platform:\n    execution_ipc:\n      transport: tcp_local\n"

    assert "bind_host: 127.0.0.1" in migrated(migrator, text).after


def test_a_written_bind_host_is_left_alone(migrator: Migrator) -> None:
    text = "runtime:\n  platform:\n    execution_ipc:\n      bind_host: 127.0.0.1\n"

    result = migrated(migrator, text)

    assert result.written == ()
    assert result.after == ADDED + text


def test_a_comment_above_the_first_key_stays_with_it(migrator: Migrator) -> None:
    text = "runtime:\n  platform:\n    execution_ipc:\n      # the port\n      bind_port: 1\n"

    result = migrated(migrator, text)

    assert "execution_ipc:\n      bind_host: 127.0.0.1\n      # the port\n" in result.after


def test_mode_inline_is_written_when_process_groups_are_declared(migrator: Migrator) -> None:
    text = "runtime:\n  platform:\n    process_groups:\n      - name: workers\n    bootstrap: {}\n"

    result = migrated(migrator, text)

    assert "    bootstrap: {mode: inline}\n" in result.after
    assert result.written == ((("runtime", "platform", "bootstrap", "mode"), "inline"),)


def test_no_mode_is_written_without_process_groups(migrator: Migrator) -> None:
    for groups in ("", "    process_groups: []\n", "    process_groups: workers\n"):
        text = f"runtime:\n  platform:\n{groups}    bootstrap: {{}}\n"

        assert migrated(migrator, text).written == (), groups


def test_a_written_mode_is_left_alone(migrator: Migrator) -> None:
    text = "runtime:\n  platform:\n    process_groups: [a]\n    bootstrap:\n      mode: inline\n"

    assert migrated(migrator, text).written == ()


def test_a_missing_bootstrap_block_is_created(migrator: Migrator) -> None:
    text = "runtime:\n  platform:\n    process_groups: [a]\n"

    result = migrated(migrator, text)

    assert result.after == ADDED + (
        "runtime:\n  platform:\n    bootstrap:\n      mode: inline\n    process_groups: [a]\n"
    )


def test_an_empty_bootstrap_block_gets_the_mode_under_it(migrator: Migrator) -> None:
    text = "runtime:\n  platform:\n    process_groups: [a]\n    bootstrap:  # later\n"

    result = migrated(migrator, text)

    assert result.after.endswith("    bootstrap:  # later\n      mode: inline\n")


def test_a_written_null_bootstrap_becomes_a_flow_block(migrator: Migrator) -> None:
    for null in ("null", "~"):
        text = f"runtime:\n  platform:\n    process_groups: [a]\n    bootstrap: {null}\n"

        result = migrator.migrate(text)

        assert result.after.endswith("    bootstrap: {mode: inline}\n"), null


def test_an_empty_execution_ipc_is_the_memory_profile_and_gets_nothing(
    migrator: Migrator,
) -> None:
    text = "runtime:\n  platform:\n    execution_ipc:\n      # transport: tcp_local\n"

    result = migrated(migrator, text)

    assert result.written == ()
    assert result.after == ADDED + text


def test_a_flow_mapping_gets_flow_style(migrator: Migrator) -> None:
    text = "runtime: {platform: {process_groups: [a], execution_ipc: {transport: tcp_local}}}\n"

    result = migrated(migrator, text)

    assert result.after == ADDED + (
        "runtime: {platform: {bootstrap: {mode: inline}, process_groups: [a],"
        " execution_ipc: {bind_host: 127.0.0.1, transport: tcp_local}}}\n"
    )


def test_an_empty_flow_mapping_and_one_with_inner_spaces(migrator: Migrator) -> None:
    assert migrated(migrator, "runtime: {platform: {execution_ipc: {}}}").after.endswith(
        "{execution_ipc: {bind_host: 127.0.0.1}}}"
    )
    assert migrated(migrator, "runtime: {platform: {execution_ipc: { }}}").after.endswith(
        "{execution_ipc: { bind_host: 127.0.0.1 }}}"
    )
    assert migrated(
        migrator, "runtime: {platform: {execution_ipc: { bind_port: 1 }}}"
    ).after.endswith("{execution_ipc: { bind_host: 127.0.0.1, bind_port: 1 }}}")


def test_a_flow_mapping_over_several_lines_gets_a_line(migrator: Migrator) -> None:
    text = "runtime:\n  platform:\n    execution_ipc: {\n      bind_port: 1\n    }\n"

    result = migrated(migrator, text)

    assert "execution_ipc: {\n      bind_host: 127.0.0.1,\n      bind_port: 1\n    }\n" in (
        result.after
    )


def test_crlf_line_endings_stay_crlf(migrator: Migrator) -> None:
    text = "runtime:\r\n  platform:\r\n    process_groups: [a]\r\n    execution_ipc: {}\r\n"

    result = migrated(migrator, text)

    assert "\n" not in result.after.replace("\r\n", "")
    assert result.after.startswith(ADDED.replace("\n", "\r\n"))
    assert "    bootstrap:\r\n      mode: inline\r\n" in result.after


def test_the_files_indentation_is_detected(migrator: Migrator) -> None:
    text = "runtime:\n    platform:\n        process_groups: [a]\n        execution_ipc:\n"
    text += "            bind_port: 1\n"

    result = migrated(migrator, text)

    assert "        bootstrap:\n            mode: inline\n" in result.after
    assert "        execution_ipc:\n            bind_host: 127.0.0.1\n" in result.after


def test_a_merge_key_stays_and_the_field_is_written_beside_it(migrator: Migrator) -> None:
    text = (
        "base: &base\n  bind_port: 5\nruntime:\n  platform:\n    execution_ipc:\n"
        "      <<: *base\n      max_payload_bytes: 10\n"
    )

    result = migrated(migrator, text)

    assert "execution_ipc:\n      bind_host: 127.0.0.1\n      <<: *base\n" in result.after
    assert "base: &base\n  bind_port: 5\n" in result.after


def test_an_aliased_block_is_extended_by_a_merge_not_edited(migrator: Migrator) -> None:
    text = "ipc: &ipc\n  bind_port: 5\nruntime:\n  platform:\n    execution_ipc: *ipc\n"

    result = migrated(migrator, text)

    assert result.after == ADDED + (
        "ipc: &ipc\n  bind_port: 5\nruntime:\n  platform:\n"
        "    execution_ipc: {<<: *ipc, bind_host: 127.0.0.1}\n"
    )
    document = yaml.safe_load(result.after)
    assert "bind_host" not in document["ipc"]


def test_a_block_shared_through_its_anchor_is_refused(migrator: Migrator) -> None:
    text = "runtime:\n  platform:\n    execution_ipc: &x\n      bind_port: 5\nother: *x\n"

    with pytest.raises(MigrationError, match=r"execution_ipc is shared .* by hand"):
        migrator.migrate(text)


def test_a_v1_modeline_becomes_v2_keeping_its_style(migrator: Migrator) -> None:
    cases = {
        "../schemas/runtime-config.v1.schema.json": "../schemas/runtime-config.v2.schema.json",
        "https://example.org/s/runtime-config.v1.schema.json?x=1": (
            "https://example.org/s/runtime-config.v2.schema.json?x=1"
        ),
        "https://stream-kernel.dev/schemas/runtime-config/v1.json": V2_ID,
    }
    for old, new in cases.items():
        text = f"# yaml-language-server: $schema={old}\nruntime: {{}}\n"

        result = migrated(migrator, text)

        assert result.after == f"# yaml-language-server: $schema={new}\nruntime: {{}}\n"
        assert result.modeline == "rewritten"


def test_a_file_without_a_modeline_gets_one_first(migrator: Migrator) -> None:
    result = migrated(migrator, "# about this file\nruntime: {}\n")

    assert result.after == ADDED + "# about this file\nruntime: {}\n"
    assert result.modeline == "added"


def test_a_modeline_naming_another_schema_is_kept(migrator: Migrator) -> None:
    text = "# yaml-language-server: $schema=app.schema.json\nruntime: {}\n"

    result = migrated(migrator, text)

    assert result.after == text
    assert not result.changed


def test_a_file_already_on_v2_is_not_touched(migrator: Migrator) -> None:
    # v2 only: v1 refuses ipc_local, and nothing is even checked against v1.
    text = (
        "# yaml-language-server: $schema=../runtime-config.v2.schema.json\n"
        "runtime: {platform: {execution_ipc: {transport: ipc_local}}}\n"
    )

    assert not migrator.migrate(text).changed


def test_a_byte_order_mark_and_a_missing_last_line_break_are_kept(migrator: Migrator) -> None:
    text = "\ufeffruntime:\n  platform:\n    execution_ipc:\n      bind_port: 1"

    result = migrated(migrator, text)

    assert result.after.startswith("\ufeff# yaml-language-server:")
    assert result.after.endswith("      bind_host: 127.0.0.1\n      bind_port: 1")


def test_an_empty_block_on_the_last_line_without_a_line_break(migrator: Migrator) -> None:
    result = migrated(migrator, "runtime:\n  platform:\n    process_groups: [a]\n    bootstrap:")

    assert result.after.endswith("    bootstrap:\n      mode: inline")


def test_an_invalid_file_is_refused_with_its_v1_diagnostics(migrator: Migrator) -> None:
    text = "runtime:\n  platform:\n    bootstrap: {mode: x}\n"

    result = migrator.migrate(text)

    assert result.refused is not None
    assert [(d.code, d.line) for d in result.refused.errors] == [("BOOT-CFG-01", 3)]
    assert result.after == text


def test_a_file_the_loader_refuses_is_refused(migrator: Migrator) -> None:
    result = migrator.migrate("runtime: [\n")

    assert result.refused is not None
    assert [d.code for d in result.refused.errors] == ["SK-CFG-301"]
