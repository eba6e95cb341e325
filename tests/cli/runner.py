"""Run the command line as a user does: a separate process, bounded in time and memory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

# A child that exceeds either bound fails the test instead of hanging or swapping CI.
TIMEOUT_SECONDS: Final = 60
MEMORY_BYTES: Final = 1 << 30

# Sets the memory limit inside the child, then runs the package as `python -m` does.
_BOUNDED: Final = (
    "import resource, runpy, sys;"
    f"resource.setrlimit(resource.RLIMIT_AS, ({MEMORY_BYTES}, {MEMORY_BYTES}));"
    "sys.argv[0] = 'stream-kernel-config';"
    "runpy.run_module('stream_kernel.config', run_name='__main__', alter_sys=True)"
)


@dataclass(frozen=True)
class Ran:
    status: int
    stdout: str
    stderr: str

    def json(self) -> Any:  # noqa: ANN401 - a JSON document
        return json.loads(self.stdout)


def run_cli(
    *args: str | Path,
    stdin: bytes | None = None,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
) -> Ran:
    """``python -m stream_kernel.config ARGS`` in a fresh process; never a traceback."""
    environment = {k: v for k, v in os.environ.items() if k not in {"NO_COLOR", "FORCE_COLOR"}}
    environment |= env or {}
    done = subprocess.run(
        [sys.executable, "-c", _BOUNDED, *map(str, args)],
        input=stdin if stdin is not None else b"",
        capture_output=True,
        cwd=cwd,
        env=environment,
        timeout=TIMEOUT_SECONDS,
        check=False,
    )
    ran = Ran(
        done.returncode,
        done.stdout.decode("utf-8", "replace"),
        done.stderr.decode("utf-8", "replace"),
    )
    assert "Traceback" not in ran.stdout + ran.stderr, ran.stderr
    return ran
