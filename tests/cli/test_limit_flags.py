"""The --max-... flags take what the loader's Limits takes; any other value is a usage error."""

from __future__ import annotations

import pytest

from stream_kernel.config.cli import main
from stream_kernel.config.loader import MAX_DEPTH_CEILING
from tests.support.corpus import EXAMPLES

GOOD = EXAMPLES / "valid" / "typical-service.yaml"


@pytest.mark.parametrize(
    ("command", "flag", "value", "message"),
    [
        ("check", "--max-depth", "0", "argument --max-depth: must be at least 1"),
        (
            "check",
            "--max-depth",
            str(MAX_DEPTH_CEILING + 1),
            f"argument --max-depth: must be at most {MAX_DEPTH_CEILING}",
        ),
        ("check", "--max-bytes", "0", "argument --max-bytes: must be at least 1"),
        ("check", "--max-alias-nodes", "-5", "argument --max-alias-nodes: must be at least 1"),
        ("check", "--max-bytes", "lots", "argument --max-bytes: not a whole number: 'lots'"),
        ("summary", "--max-depth", "0", "argument --max-depth: must be at least 1"),
    ],
)
def test_a_value_the_limits_refuse_is_a_usage_error_naming_the_flag(
    capsys: pytest.CaptureFixture[str], command: str, flag: str, value: str, message: str
) -> None:
    with pytest.raises(SystemExit) as exited:
        main([command, flag, value, str(GOOD)])

    shown = capsys.readouterr()
    assert exited.value.code == 2
    assert shown.out == ""
    assert shown.err.startswith(f"usage: stream-kernel-config {command} ")
    assert shown.err.endswith(f"stream-kernel-config {command}: error: {message}\n")


@pytest.mark.parametrize("flag", ["--max-bytes", "--max-depth", "--max-alias-nodes"])
def test_the_largest_depth_and_any_positive_limit_are_accepted(
    capsys: pytest.CaptureFixture[str], flag: str
) -> None:
    value = str(MAX_DEPTH_CEILING) if flag == "--max-depth" else "100000"

    assert main(["check", flag, value, str(GOOD)]) == 0
    assert capsys.readouterr().out == "Success: no issues found in 1 file\n"
