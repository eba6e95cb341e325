"""The schema ships inside the wheel, and the library loads it from an installed wheel."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from stream_kernel.config._contracts import V1
from tests.support.corpus import ROOT

SCHEMA_IN_WHEEL = f"stream_kernel/config/schemas/{V1.schema_file}"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(out), str(ROOT)],
        check=True, timeout=300,
    )  # fmt: skip
    (built,) = out.glob("stream_kernel_config-*.whl")
    return built


def test_the_wheel_contains_the_schema_and_the_type_marker(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        shipped = archive.read(SCHEMA_IN_WHEEL).decode("utf-8")

    assert "stream_kernel/py.typed" in names
    assert json.loads(shipped) == V1.schema()
    # One file per contract, no second copy that could drift.
    assert sorted(n for n in names if n.endswith(".schema.json")) == [
        SCHEMA_IN_WHEEL,
        "stream_kernel/config/schemas/runtime-config.v2.schema.json",
    ]


def test_an_installed_wheel_loads_its_own_schema(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
         "--target", str(target), str(wheel)],
        check=True, timeout=300,
    )  # fmt: skip
    probe = (
        "import stream_kernel.config._schema as s, stream_kernel.config as c;"
        "from stream_kernel.config import check_file, load_yaml, ConfigError;"
        "print(s.__file__);"
        "print(c.validate_newgen_config({})['runtime']['platform']['bootstrap']['mode'])"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}

    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True, text=True, env=env, cwd=tmp_path, check=True, timeout=60,
    )  # fmt: skip

    module_file, mode = done.stdout.split()
    assert Path(module_file).is_relative_to(target)
    assert mode == "inline"


def test_the_development_install_loads_the_repository_schema() -> None:
    in_repo = ROOT / "src" / "stream_kernel" / "config" / "schemas" / V1.schema_file

    assert V1.schema_text() == in_repo.read_text(encoding="utf-8")
    assert (ROOT / "schemas" / V1.schema_file).resolve() == in_repo.resolve()
