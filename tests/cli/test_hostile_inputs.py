"""Hostile files, one attack a file, each checked in its own bounded process.

A file's name starts with the code it must get (``SK-CFG-305--billion-laughs.yaml``); a
``# args:`` line adds command-line arguments. Adding a case is adding a file.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Final

import pytest

from .runner import run_cli

HOSTILE: Final = sorted((Path(__file__).parent / "hostile").iterdir())
_ARGS: Final = re.compile(rb"^# args: (.*)$", re.MULTILINE)
CANARY: Final = "CANARY-hostile-31f0"


def expected_code(path: Path) -> str:
    return path.name.split("--", 1)[0]


def extra_args(path: Path) -> list[str]:
    found = _ARGS.search(path.read_bytes())
    return shlex.split(found[1].decode()) if found else []


def test_the_hostile_corpus_covers_every_loader_refusal() -> None:
    loader_codes = {f"SK-CFG-30{n}" for n in range(1, 9)}

    assert loader_codes <= {expected_code(p) for p in HOSTILE}


@pytest.mark.parametrize("path", HOSTILE, ids=lambda p: p.name)
def test_a_hostile_file_leaves_no_trace_in_text_output(path: Path, tmp_path: Path) -> None:
    ran = run_cli("check", *extra_args(path), path, cwd=tmp_path)

    assert ran.status == 1
    assert f": {expected_code(path)} " in ran.stdout
    # No payload ran, no escape sequence reached the terminal, no secret was echoed.
    assert list(tmp_path.iterdir()) == []
    assert "\x1b" not in ran.stdout + ran.stderr
    assert CANARY not in ran.stdout + ran.stderr


def test_every_hostile_file_in_one_process_gets_its_code_with_a_position(tmp_path: Path) -> None:
    plain = [p for p in HOSTILE if not extra_args(p)]

    ran = run_cli("check", "--format", "json", *plain, cwd=tmp_path)

    assert (ran.status, ran.stderr) == (1, "")
    files = ran.json()["files"]
    assert [f["file"] for f in files] == [str(p) for p in plain]
    for path, report in zip(plain, files, strict=True):
        found = {
            (d["code"], d["line"] is not None, d["column"] is not None)
            for d in report["diagnostics"]
        }
        assert (expected_code(path), True, True) in found, path.name
