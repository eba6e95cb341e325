"""The README's Python example runs as written, on a valid and on an invalid config."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Final

from tests.support.corpus import EXAMPLES, ROOT

GOOD: Final = EXAMPLES / "valid" / "typical-service.yaml"
BAD: Final = EXAMPLES / "invalid" / "spec-unknown-kdf.yaml"


def readme_example() -> str:
    (block,) = re.findall(r"^```python\n(.*?)^```$", (ROOT / "README.md").read_text(), re.M | re.S)
    return str(block)


def run_example(config: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    (cwd / "service.yaml").write_bytes(config.read_bytes())
    return subprocess.run(
        [sys.executable, "-c", readme_example()],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_on_a_valid_file_it_prints_the_summary(tmp_path: Path) -> None:
    done = run_example(GOOD, tmp_path)

    assert done.returncode == 0, done.stderr
    assert "'bootstrap_mode': 'process_supervisor'" in done.stdout


def test_on_an_invalid_file_it_prints_the_errors_and_exits_1(tmp_path: Path) -> None:
    done = run_example(BAD, tmp_path)

    assert done.returncode == 1
    assert done.stderr == ""
    first, *rest = done.stdout.splitlines()
    assert first == "BOOT-CFG-03 runtime.platform.execution_ipc.auth.kdf"
    assert rest[0].startswith("runtime.platform.execution_ipc.auth.kdf: BOOT-CFG-03 ")
