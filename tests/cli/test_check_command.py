"""`stream-kernel-config check`, run as a process the way CI and pre-commit run it."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path
from typing import Any, Final

import pytest
import yaml

from stream_kernel.config._catalog import catalog
from tests.support.corpus import EXAMPLES, Example, examples, names_key

from .runner import Ran, run_cli

VALID: Final = examples("valid")
INVALID: Final = examples("invalid")
EVERY: Final = VALID + INVALID
TEXT_LINE: Final = re.compile(
    r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): (?P<code>[A-Z]+-[A-Z]+-\d+) (?P<rest>.+)$"
)
GOOD: Final = EXAMPLES / "valid" / "typical-service.yaml"
BAD: Final = EXAMPLES / "invalid" / "spec-unknown-kdf.yaml"
WARNS: Final = EXAMPLES / "valid" / "spec-inline-static-secret-defaults.yaml"


@pytest.fixture(scope="module")
def corpus_report() -> dict[str, Any]:
    ran = run_cli("check", "--format", "json", *(e.path for e in EVERY))
    assert ran.status == 1
    report: dict[str, Any] = ran.json()
    return report


def by_file(report: dict[str, Any], example: Example) -> dict[str, Any]:
    (entry,) = [f for f in report["files"] if f["file"] == str(example.path)]
    found: dict[str, Any] = entry
    return found


@pytest.mark.parametrize("example", EVERY, ids=lambda e: e.path.parent.name + "/" + e.id)
def test_each_corpus_file_gets_exactly_its_declared_findings(
    corpus_report: dict[str, Any], example: Example
) -> None:
    entry = by_file(corpus_report, example)

    assert {(d["code"], d["path"]) for d in entry["diagnostics"]} == example.checked
    assert entry["status"] == ("invalid" if example in INVALID else "valid")


def key_and_value_lines(text: str, path: str) -> tuple[int, int]:
    """1-based lines of the deepest key of ``path`` present in ``text``, and of its value."""
    node = yaml.compose(text)
    lines = (node.start_mark.line + 1, node.start_mark.line + 1) if node else (1, 1)
    for part in filter(None, path.split(".")):
        if not isinstance(node, yaml.MappingNode):
            break
        match = [(k, v) for k, v in node.value if names_key(part, k.value)]
        if not match:
            break
        key, node = match[-1]
        lines = (key.start_mark.line + 1, node.start_mark.line + 1)
    return lines


LOADED: Final = [e for e in EVERY if not e.loader_expected]


@pytest.mark.parametrize("example", LOADED, ids=lambda e: e.path.parent.name + "/" + e.id)
def test_each_finding_is_on_the_line_of_its_key_or_value(
    corpus_report: dict[str, Any], example: Example
) -> None:
    for found in by_file(corpus_report, example)["diagnostics"]:
        assert found["column"] is not None
        assert found["line"] in key_and_value_lines(example.text, found["path"]), found


def test_all_valid_files_exit_0_with_a_total() -> None:
    ran = run_cli("check", GOOD, EXAMPLES / "valid" / "memory-profile-no-runtime.yaml")

    assert ran.status == 0
    assert ran.stdout == "Success: no issues found in 2 files\n"


def test_warnings_alone_exit_0_and_are_counted() -> None:
    ran = run_cli("check", WARNS, GOOD)

    assert ran.status == 0
    *found, total = ran.stdout.splitlines()
    assert [TEXT_LINE.match(line)["code"] for line in found] == ["SK-CFG-401"]  # type: ignore[index]
    assert total == "Found 1 warning in 1 file (checked 2 files)"


def test_strict_turns_a_warning_into_a_failing_error() -> None:
    ran = run_cli("check", "--strict", WARNS)

    assert ran.status == 1
    assert "[warning]" not in ran.stdout
    assert ran.stdout.splitlines()[-1] == "Found 1 error in 1 file (checked 1 file)"


def test_text_output_is_one_line_a_finding_then_a_total() -> None:
    ran = run_cli("check", *(e.path for e in INVALID))

    *found, total = ran.stdout.splitlines()
    assert ran.status == 1
    assert all(TEXT_LINE.match(line) for line in found), found
    count = sum(len(e.loader_expected or e.expected) for e in INVALID)
    assert total == f"Found {count} errors in {len(INVALID)} files (checked {len(INVALID)} files)"


def test_near_misses_get_a_suggestion() -> None:
    ran = run_cli("check", EXAMPLES / "invalid" / "unknown-key-typo.yaml")

    assert "did you mean 'secret_mode'?" in ran.stdout


def test_a_near_miss_enum_value_gets_a_suggestion(tmp_path: Path) -> None:
    config = tmp_path / "kdf.yaml"
    config.write_text(
        "runtime:\n  platform:\n    execution_ipc:\n      auth:\n        kdf: hkdf-sha256\n"
    )

    ran = run_cli("check", config)

    assert f"{config}:5:14: BOOT-CFG-03 " in ran.stdout
    assert "did you mean 'hkdf_sha256'?" in ran.stdout


# -- exit status -------------------------------------------------------------------------


def test_an_unreadable_file_exits_2_and_the_others_are_still_checked(tmp_path: Path) -> None:
    ran = run_cli("check", BAD, tmp_path / "missing.yaml", GOOD)

    assert ran.status == 2
    assert f"{BAD}:10:14: BOOT-CFG-03 " in ran.stdout
    assert f"{tmp_path / 'missing.yaml'}: SK-CFG-309 " in ran.stdout
    assert ran.stdout.splitlines()[-1].endswith("; 1 file could not be read")


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["check"],
        ["check", "--format", "xml", "x.yaml"],
        ["check", "--max-depth", "0", "x.yaml"],
        ["check", "--max-depth", "1000", "x.yaml"],
        ["check", "--max-bytes", "lots", "x.yaml"],
        ["lint", "x.yaml"],
    ],
    ids=[
        "nothing",
        "no-files",
        "bad-format",
        "zero-depth",
        "huge-depth",
        "bad-bytes",
        "no-such-command",
    ],
)
def test_a_usage_error_exits_2_with_usage_on_stderr(args: list[str]) -> None:
    ran = run_cli(*args)

    assert ran.status == 2
    assert ran.stdout == ""
    assert "usage: stream-kernel-config" in ran.stderr


def test_stdin_is_read_with_dash_and_named_as_asked() -> None:
    ran = run_cli("check", "--stdin-name", "deploy/runtime.yaml", "-", stdin=BAD.read_bytes())

    assert ran.status == 1
    assert ran.stdout.startswith("deploy/runtime.yaml:10:14: BOOT-CFG-03 ")


def test_stdin_above_the_size_limit_is_refused() -> None:
    ran = run_cli("check", "--max-bytes", "10", "-", stdin=b"a: 1\n" * 1000)

    assert ran.status == 1
    assert ran.stdout.startswith("<stdin>:1:1: SK-CFG-307 ")


def test_output_the_terminal_cannot_encode_is_escaped(tmp_path: Path) -> None:
    config = tmp_path / "caf\u00e9.yaml"
    config.write_text("runtime:\n  platform:\n    bootstrap: {mode: \u00e9t\u00e9}\n")

    ran = run_cli("check", config, env={"PYTHONIOENCODING": "ascii"})

    assert ran.status == 1
    assert "caf\\xe9.yaml:3:23: BOOT-CFG-01 " in ran.stdout


def test_a_file_name_that_is_not_utf_8_is_escaped_in_every_format(tmp_path: Path) -> None:
    odd = tmp_path / os.fsdecode(b"bad\xff.yaml")
    odd.write_text("runtime: [\n")

    text = run_cli("check", odd)
    report = run_cli("check", "--format", "json", odd)
    sarif = run_cli("check", "--format", "sarif", odd)

    assert f"{tmp_path}/bad\\xff.yaml:2:1: SK-CFG-301 " in text.stdout
    assert report.stdout.isascii()
    assert report.json()["files"][0]["file"] == f"{tmp_path}/bad\\xff.yaml"
    location = sarif.json()["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"].endswith("/bad%FF.yaml")


def test_control_characters_in_a_file_name_cannot_forge_a_line(tmp_path: Path) -> None:
    odd = tmp_path / "a\nforged.yaml:1:1: SK-CFG-999 fake\x1b[2J.yaml"
    odd.write_text("runtime: [\n")

    ran = run_cli("check", odd)

    *found, _ = ran.stdout.splitlines()
    assert len(found) == 1
    assert "\\nforged.yaml" in found[0]
    assert "\x1b" not in ran.stdout


def test_unreadable_standard_input_is_sk_cfg_309_and_exit_2(tmp_path: Path) -> None:
    write_only = tmp_path / "sink"
    write_only.touch()
    with write_only.open("wb") as stdin:
        done = subprocess.run(
            [sys.executable, "-m", "stream_kernel.config", "check", "-"],
            stdin=stdin,
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )

    assert done.returncode == 2
    assert done.stdout.startswith("<stdin>: SK-CFG-309 ")
    assert "Traceback" not in done.stderr


def test_standard_input_can_be_named_only_once() -> None:
    ran = run_cli("check", "-", "-", stdin=b"a: 1\n")

    assert ran.status == 2
    assert "'-' (standard input) can be given only once" in ran.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_report_that_cannot_be_written_exits_2() -> None:
    with Path("/dev/full").open("w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "stream_kernel.config", "check", *(e.path for e in INVALID)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
            timeout=60,
        )

    assert done.returncode == 2
    assert "cannot write the report" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_console_script_is_the_same_command(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "stream-kernel-config"
    if not script.exists():
        pytest.skip(f"the package is not installed with its console script here ({script})")

    done = subprocess.run(
        [script, "check", "--format", "json", BAD],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )

    assert done.returncode == 1
    assert json.loads(done.stdout)["files"][0]["diagnostics"][0]["code"] == "BOOT-CFG-03"


def test_a_reader_that_goes_away_gets_no_traceback() -> None:
    many = [str(e.path) for e in INVALID] * 20
    with subprocess.Popen(
        [sys.executable, "-m", "stream_kernel.config", "check", *many],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as child:
        assert child.stdout is not None
        assert child.stderr is not None
        child.stdout.readline()
        child.stdout.close()
        child.wait(timeout=60)
        stderr = child.stderr.read().decode()

    assert "Traceback" not in stderr


# -- formats -----------------------------------------------------------------------------

FAILURES: Final = [
    ("syntax", "runtime: [\n", "SK-CFG-301"),
    ("duplicate", "a: 1\na: 2\n", "SK-CFG-302"),
    ("contract", "runtime:\n  platform:\n    bootstrap: {mode: x}\n", "BOOT-CFG-01"),
]


@pytest.fixture
def failing_files(tmp_path: Path) -> list[Path]:
    paths = []
    for name, text, _ in FAILURES:
        path = tmp_path / f"{name}.yaml"
        path.write_text(text)
        paths.append(path)
    return [*paths, tmp_path / "missing.yaml"]


def test_json_reports_every_failure_in_its_documented_shape(failing_files: list[Path]) -> None:
    ran = run_cli("check", "--format", "json", *failing_files)

    report = ran.json()
    assert ran.status == 2
    assert (report["tool"], report["version"]) == ("stream-kernel-config", 1)
    assert [f["status"] for f in report["files"]] == ["invalid"] * 3 + ["unreadable"]
    codes = [f["diagnostics"][0]["code"] for f in report["files"]]
    assert codes == [code for _, _, code in FAILURES] + ["SK-CFG-309"]
    assert set(report["files"][0]["diagnostics"][0]) == {
        "code", "severity", "message", "path", "line", "column"
    }  # fmt: skip
    assert report["totals"] == {
        "files": 4, "valid": 0, "invalid": 3, "unreadable": 1, "errors": 4, "warnings": 0
    }  # fmt: skip


def test_github_reports_every_failure_as_a_workflow_command(failing_files: list[Path]) -> None:
    ran = run_cli("check", "--format", "github", *failing_files)

    lines = ran.stdout.splitlines()
    assert ran.status == 2
    assert len(lines) == 4
    assert all(line.startswith("::error file=") for line in lines)
    assert lines[0].startswith(f"::error file={failing_files[0]},line=2,col=1,")
    assert ",title=SK-CFG-301::SK-CFG-301 " in lines[0]
    assert ",line=" not in lines[3]


def test_github_escapes_file_names_and_messages(tmp_path: Path) -> None:
    odd = tmp_path / "a,b:c%d.yaml"
    odd.write_text("runtime:\n  platform:\n    bootstrap: {mode: '50%,x'}\n")

    ran = run_cli("check", "--format", "github", odd)

    (line,) = ran.stdout.splitlines()
    escaped = str(tmp_path).replace(":", "%3A").replace(",", "%2C")
    assert line.startswith(f"::error file={escaped}/a%2Cb%3Ac%25d.yaml,line=3,col=23,")
    assert line.split("::", 2)[2].startswith(
        "BOOT-CFG-01 unsupported bootstrap mode: got '50%25,x'"
    )


def test_sarif_reports_every_failure_with_the_catalog_as_rules(failing_files: list[Path]) -> None:
    ran = run_cli("check", "--format", "sarif", *failing_files)

    sarif = ran.json()
    assert ran.status == 2
    assert sarif["version"] == "2.1.0"
    assert sarif["$schema"].endswith("sarif-2.1.0.json")
    (run,) = sarif["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(catalog())
    assert all(r["shortDescription"]["text"] and r["help"]["text"] for r in rules)
    results = run["results"]
    assert [r["ruleId"] for r in results] == [c for _, _, c in FAILURES] + ["SK-CFG-309"]
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] == "error"
        (location,) = result["locations"]
        assert location["physicalLocation"]["artifactLocation"]["uri"].startswith("file:///")
    assert results[0]["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 2, "startColumn": 1
    }  # fmt: skip
    assert "region" not in results[3]["locations"][0]["physicalLocation"]


def test_sarif_gives_a_warning_its_level_and_strict_makes_it_an_error() -> None:
    warning = run_cli("check", "--format", "sarif", WARNS).json()["runs"][0]["results"]
    strict = run_cli("check", "--format", "sarif", "--strict", WARNS).json()["runs"][0]["results"]

    assert [r["level"] for r in warning] == ["warning"]
    assert [r["level"] for r in strict] == ["error"]


def test_sarif_uses_relative_uris_for_relative_paths() -> None:
    relative = BAD.relative_to(EXAMPLES.parent)

    ran = run_cli("check", "--format", "sarif", relative, cwd=EXAMPLES.parent)

    location = ran.json()["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == relative.as_posix()


# -- colour ------------------------------------------------------------------------------


def run_on_terminal(*args: str | Path, env: dict[str, str]) -> str:
    """Run the command with its stdout on a pseudo-terminal; return what it printed."""
    main, child_end = pty.openpty()
    environment = {k: v for k, v in os.environ.items() if k != "NO_COLOR"} | env
    with subprocess.Popen(
        [sys.executable, "-m", "stream_kernel.config", *map(str, args)],
        stdout=child_end,
        stderr=subprocess.PIPE,
        env=environment,
    ) as child:
        os.close(child_end)
        chunks = []
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # the terminal closes when the child exits
                break
            if not chunk:
                break
            chunks.append(chunk)
        child.wait(timeout=60)
    os.close(main)
    return b"".join(chunks).decode()


def test_colour_on_a_terminal() -> None:
    assert "\x1b[" in run_on_terminal("check", BAD, env={"TERM": "xterm"})


def test_no_colour_on_a_terminal_with_no_color_set() -> None:
    shown = run_on_terminal("check", BAD, env={"TERM": "xterm", "NO_COLOR": "1"})

    assert "BOOT-CFG-03" in shown
    assert "\x1b[" not in shown


def test_no_colour_in_a_pipe_unless_asked() -> None:
    assert "\x1b[" not in run_cli("check", BAD).stdout
    assert "\x1b[" in run_cli("check", "--color", "always", BAD).stdout


def test_colour_never_reaches_machine_formats() -> None:
    ran: Ran = run_cli("check", "--format", "json", "--color", "always", BAD)

    assert "\x1b" not in ran.stdout


# -- misspelt or misplaced blocks ----------------------------------------------------------

MISSPELT: Final = EXAMPLES / "valid" / "misspelt-bootstrap-block.yaml"


def test_a_misspelt_block_is_a_warning_and_strict_fails_on_it() -> None:
    ran = run_cli("check", MISSPELT)
    strict = run_cli("check", "--strict", MISSPELT)

    assert ran.status == 0
    assert f"{MISSPELT}:9:5: SK-CFG-403 [warning] " in ran.stdout
    assert "did you mean 'bootstrap'?" in ran.stdout
    assert f"{MISSPELT}:11:5: SK-CFG-403 [warning] " in ran.stdout
    assert "it belongs under runtime.platform.execution_ipc" in ran.stdout
    assert strict.status == 1
    assert f"{MISSPELT}:9:5: SK-CFG-403 misspelt" in strict.stdout


def test_json_gives_where_a_misplaced_block_belongs() -> None:
    ran = run_cli("check", "--format", "json", MISSPELT)

    found = ran.json()["files"][0]["diagnostics"]
    assert [d["belongs_at"] for d in found] == [
        ["runtime.platform.bootstrap"],
        ["runtime.platform.execution_ipc.auth"],
    ]


def test_check_starts_without_the_diff_engine_or_the_migrator() -> None:
    # A pre-commit hook runs `check` on every commit: the engines of `diff` and
    # `migrate` are imported by those commands only, when they run.
    probe = (
        "import sys\n"
        "from stream_kernel.config.cli.commands import main\n"
        "status = main(['check', sys.argv[1]])\n"
        "loaded = sorted(m for m in sys.modules if m.rsplit('.', 1)[-1] in ('_diff', '_migrate'))\n"
        "print(status, loaded)\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", probe, str(GOOD)],
        capture_output=True,
        text=True,
        check=False,
    )

    assert ran.stdout.splitlines()[-1] == "0 []", ran.stderr
