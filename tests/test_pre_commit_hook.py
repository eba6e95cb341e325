"""The pre-commit hook other repositories install: its entry really runs our command."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, Final

import pytest
import yaml

from tests.support.corpus import EXAMPLES, ROOT

HOOKS: Final = ROOT / ".pre-commit-hooks.yaml"


@pytest.fixture(scope="module")
def hook() -> dict[str, Any]:
    (only,) = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    found: dict[str, Any] = only
    return found


def test_the_hook_declares_what_pre_commit_needs(hook: dict[str, Any]) -> None:
    assert {"id", "name", "entry", "language"} <= set(hook)
    assert hook["id"] == "stream-kernel-config"
    assert hook["language"] == "python"
    assert hook["types"] == ["yaml"]
    assert hook["require_serial"] is True


def test_the_entry_is_our_console_script(hook: dict[str, Any]) -> None:
    program, *args = shlex.split(hook["entry"])
    scripts = {e.name: e.value for e in entry_points(group="console_scripts")}

    assert scripts[program] == "stream_kernel.config.cli:entry"
    assert args == ["check"]


@pytest.mark.parametrize(
    ("name", "matched"),
    [
        ("stream_kernel.yaml", True),
        ("deploy/stream-kernel.prod.yml", True),
        ("config/streamkernel-runtime.yaml", True),
        ("docker-compose.yaml", False),
        ("stream_kernel/notes.md", False),
    ],
)
def test_the_hook_matches_config_files_by_name(
    hook: dict[str, Any], name: str, matched: bool
) -> None:
    assert bool(re.search(hook["files"], name)) is matched


@pytest.mark.parametrize(
    ("example", "status"),
    [("valid/typical-service.yaml", 0), ("invalid/spec-unknown-kdf.yaml", 1)],
)
def test_running_the_entry_as_pre_commit_does_checks_the_files(
    hook: dict[str, Any], example: str, status: int
) -> None:
    bin_dir = Path(sys.executable).parent
    program, *args = shlex.split(hook["entry"])
    if shutil.which(program, path=str(bin_dir)) is None:
        pytest.skip(f"the console script is not installed beside {sys.executable}")
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}

    # pre-commit runs `entry` with the staged file names appended.
    done = subprocess.run(
        [program, *args, str(EXAMPLES / example)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=60,
    )

    assert done.returncode == status, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
