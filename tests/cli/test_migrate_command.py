"""`stream-kernel-config migrate --to v2 FILE...`, run as processes."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Final

from tests.support.corpus import EXAMPLES

from .runner import run_cli

NEEDS_BIND_HOST: Final = "runtime:\n  platform:\n    execution_ipc:\n      bind_port: 9000\n"
ON_V2: Final = (
    "# yaml-language-server: $schema=https://stream-kernel.dev/schemas/runtime-config/v2.json\n"
)
INVALID: Final = "runtime:\n  platform:\n    bootstrap: {mode: x}\n"


def test_without_write_it_prints_a_diff_and_exits_1(tmp_path: Path) -> None:
    config = tmp_path / "service.yaml"
    config.write_text(NEEDS_BIND_HOST)

    ran = run_cli("migrate", "--to", "v2", config)

    assert ran.status == 1
    assert ran.stdout.splitlines() == [
        f"--- {config}",
        f"+++ {config}",
        "@@ -1,4 +1,6 @@",
        f"+{ON_V2.rstrip()}",
        " runtime:",
        "   platform:",
        "     execution_ipc:",
        "+      bind_host: 127.0.0.1",
        "       bind_port: 9000",
    ]
    assert ran.stderr == "1 file would be migrated to v2, 0 left unchanged\n"
    assert config.read_text() == NEEDS_BIND_HOST


def test_with_write_it_replaces_the_file_keeping_its_mode(tmp_path: Path) -> None:
    config = tmp_path / "service.yaml"
    config.write_text(NEEDS_BIND_HOST)
    config.chmod(0o640)

    ran = run_cli("migrate", "--to", "v2", "--write", config)
    again = run_cli("migrate", "--to", "v2", config)

    assert ran.status == 0
    assert ran.stderr == "1 file migrated to v2, 0 left unchanged\n"
    assert config.read_text() == ON_V2 + NEEDS_BIND_HOST.replace(
        "      bind_port", "      bind_host: 127.0.0.1\n      bind_port"
    )
    assert stat.S_IMODE(config.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["service.yaml"]  # no temporary left
    assert (again.status, again.stdout) == (0, "")


def test_write_keeps_crlf_and_follows_a_symbolic_link(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_bytes(b"runtime:\r\n  platform:\r\n    process_groups: [a]\r\n")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)

    ran = run_cli("migrate", "--to", "v2", "--write", link)

    assert ran.status == 0
    assert link.is_symlink()
    assert real.read_bytes() == (
        ON_V2.replace("\n", "\r\n").encode()
        + b"runtime:\r\n  platform:\r\n    bootstrap:\r\n      mode: inline\r\n"
        + b"    process_groups: [a]\r\n"
    )


def test_an_invalid_file_is_refused_like_check_and_left_untouched(tmp_path: Path) -> None:
    config = tmp_path / "bad.yaml"
    config.write_text(INVALID)

    ran = run_cli("migrate", "--to", "v2", "--write", config)
    checked = run_cli("check", config)

    assert ran.status == 1
    assert ran.stdout == ""
    assert ran.stderr.startswith(checked.stdout)
    assert config.read_text() == INVALID


def test_a_file_migrate_cannot_edit_safely_exits_2_untouched(tmp_path: Path) -> None:
    shared = "runtime:\n  platform:\n    execution_ipc: &x\n      bind_port: 5\nother: *x\n"
    config = tmp_path / "shared.yaml"
    config.write_text(shared)

    ran = run_cli("migrate", "--to", "v2", "--write", config)

    assert ran.status == 2
    assert f"stream-kernel-config: {config}: cannot write the fields" in ran.stderr
    assert config.read_text() == shared


def test_many_files_in_one_run_the_worst_status_wins(tmp_path: Path) -> None:
    done = tmp_path / "done.yaml"
    done.write_text(ON_V2 + "runtime: {}\n")
    todo = tmp_path / "todo.yaml"
    todo.write_text(NEEDS_BIND_HOST)

    ran = run_cli("migrate", "--to", "v2", done, todo, tmp_path / "missing.yaml")

    assert ran.status == 2
    assert f"--- {todo}" in ran.stdout
    assert str(done) not in ran.stdout
    assert "missing.yaml: SK-CFG-309" in ran.stderr
    assert ran.stderr.endswith("1 file would be migrated to v2, 2 left unchanged\n")


def test_the_corpus_migrates_in_one_run(tmp_path: Path) -> None:
    copies = []
    for example in sorted((EXAMPLES / "valid").glob("*.yaml")):
        copy = tmp_path / example.name
        copy.write_bytes(example.read_bytes())
        copies.append(copy)

    ran = run_cli("migrate", "--to", "v2", "--write", *copies)
    checked = run_cli("check", *copies)

    assert ran.status == 0, ran.stderr
    assert checked.status == 0  # still valid under v1: only v1's values were written
    assert all(c.read_text().startswith(ON_V2) for c in copies)


def test_only_v2_is_a_target() -> None:
    ran = run_cli("migrate", "--to", "v1", os.devnull)

    assert ran.status == 2
    assert "invalid choice: 'v1'" in ran.stderr


def test_a_json_file_is_not_migrated(tmp_path: Path) -> None:
    config = tmp_path / "service.json"
    text = '{"runtime": {"platform": {"execution_ipc": {}}}}'
    config.write_text(text)

    ran = run_cli("migrate", "--to", "v2", "--write", config)

    assert ran.status == 2
    assert "migrate rewrites YAML files" in ran.stderr
    assert config.read_text() == text
