"""`check DIR`: a directory is walked for config files, in sorted order; --exclude skips."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any, Final

import pytest

from stream_kernel.config.cli.commands import main

from .runner import run_cli

VALID: Final = "runtime:\n  platform:\n    bootstrap: {mode: inline}\n"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A folder of configs, other files, hidden entries and a vendored copy."""
    for name in [
        "b.yaml",
        "a.yml",
        "c.json",
        "Upper.YAML",
        "sub/x.yaml",
        "sub/deeper/y.yaml",
        "vendor/v.yaml",
        ".hidden/h.yaml",
        ".dotfile.yaml",
    ]:
        path = tmp_path / "deploy" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text('{"runtime": {}}\n' if name.endswith(".json") else VALID)
    (tmp_path / "deploy" / "notes.txt").write_text("not a config: [\n")
    (tmp_path / "deploy" / "empty").mkdir()
    return tmp_path


def checked(*args: str, cwd: Path) -> list[str]:
    ran = run_cli("check", "--format", "json", *args, cwd=cwd)
    assert ran.status == 0, ran.stdout + ran.stderr
    return [f["file"] for f in ran.json()["files"]]


def test_a_directory_is_walked_for_config_files_in_sorted_order(tree: Path) -> None:
    assert checked("deploy", cwd=tree) == [
        "deploy/Upper.YAML",
        "deploy/a.yml",
        "deploy/b.yaml",
        "deploy/c.json",
        "deploy/sub/deeper/y.yaml",
        "deploy/sub/x.yaml",
        "deploy/vendor/v.yaml",
    ]


def test_hidden_files_and_folders_are_skipped_unless_named(tree: Path) -> None:
    found = checked("deploy", "deploy/.dotfile.yaml", "deploy/.hidden", cwd=tree)

    assert [f for f in found if "/." in f] == ["deploy/.dotfile.yaml", "deploy/.hidden/h.yaml"]


def test_exclude_matches_the_relative_path_or_the_name_and_repeats(tree: Path) -> None:
    found = checked(
        "deploy", "--exclude", "vendor", "--exclude", "*.json", "--exclude", "sub/deeper/*",
        cwd=tree,
    )  # fmt: skip

    assert found == ["deploy/Upper.YAML", "deploy/a.yml", "deploy/b.yaml", "deploy/sub/x.yaml"]


def test_exclude_never_skips_a_file_named_on_the_command_line(tree: Path) -> None:
    assert checked("deploy/c.json", "--exclude", "*.json", cwd=tree) == ["deploy/c.json"]


def test_files_and_directories_mix_in_the_order_given(tree: Path) -> None:
    found = checked("deploy/b.yaml", "deploy/sub", cwd=tree)

    assert found == ["deploy/b.yaml", "deploy/sub/deeper/y.yaml", "deploy/sub/x.yaml"]


def test_findings_in_a_walked_file_name_it(tree: Path) -> None:
    (tree / "deploy" / "sub" / "x.yaml").write_text("runtime:\n  platform:\n    bootstrp: {}\n")

    ran = run_cli("check", "--strict", "deploy", cwd=tree)

    assert ran.status == 1
    assert "deploy/sub/x.yaml:3:5: SK-CFG-403 " in ran.stdout


def test_a_directory_with_no_config_files_is_a_usage_error(tree: Path) -> None:
    ran = run_cli("check", "deploy/b.yaml", "deploy/empty", cwd=tree)

    assert ran.status == 2
    assert ran.stdout == ""
    assert "usage: stream-kernel-config check" in ran.stderr
    assert "deploy/empty: a directory with no config files (*.yaml, *.yml, *.json)" in ran.stderr


def test_a_directory_whose_files_are_all_excluded_is_a_usage_error(tree: Path) -> None:
    ran = run_cli("check", "deploy/vendor", "--exclude", "*.yaml", cwd=tree)

    assert ran.status == 2
    assert "deploy/vendor: a directory with no config files" in ran.stderr
    assert "after --exclude" in ran.stderr


def test_a_path_that_does_not_exist_says_so_and_exits_2(tree: Path) -> None:
    ran = run_cli("check", "no-such-dir", "deploy/b.yaml", cwd=tree)

    assert ran.status == 2
    assert "no-such-dir: SK-CFG-309 cannot read the file: No such file or directory" in ran.stdout


def _unlistable_folder(tree: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Make ``deploy/sub`` a folder that cannot be listed: the call that lists it fails as
    for a folder whose mode forbids it (which root, who lists every folder, never sees)."""
    locked = tree / "deploy" / "sub"
    listing = os.scandir

    def refused(path: str | os.PathLike[str] = ".") -> Any:  # noqa: ANN401 - os.scandir's own
        if Path(path).resolve() == locked.resolve():
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return listing(path)

    monkeypatch.setattr(os, "scandir", refused)
    return locked


def test_a_folder_that_cannot_be_listed_is_reported_and_the_rest_checked(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _unlistable_folder(tree, monkeypatch)
    monkeypatch.chdir(tree)
    out, err = io.StringIO(), io.StringIO()

    status = main(["check", "--format", "json", "deploy"], out=out, err=err)

    statuses = {f["file"]: f["status"] for f in json.loads(out.getvalue())["files"]}
    assert status == 2
    assert statuses["deploy/sub"] == "unreadable"
    assert statuses["deploy/b.yaml"] == "valid"
    assert "deploy/sub/x.yaml" not in statuses


@pytest.mark.skipif(os.geteuid() == 0, reason="root lists every folder whatever its mode")
def test_a_folder_whose_mode_forbids_listing_is_reported_by_the_process(tree: Path) -> None:
    locked = tree / "deploy" / "sub"
    locked.chmod(0)
    try:
        ran = run_cli("check", "--format", "json", "deploy", cwd=tree)
    finally:
        locked.chmod(0o755)

    statuses = {f["file"]: f["status"] for f in ran.json()["files"]}
    assert ran.status == 2
    assert statuses["deploy/sub"] == "unreadable"
    assert statuses["deploy/b.yaml"] == "valid"
