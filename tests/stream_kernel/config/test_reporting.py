"""Reporters in-process: the escaping and counting rules every format relies on."""

from __future__ import annotations

import io

from stream_kernel.config.check import CheckResult
from stream_kernel.config.cli.commands import exit_status
from stream_kernel.config.cli.formats import FORMATS
from stream_kernel.config.diagnostics import Diagnostic

ERROR = Diagnostic(
    "BOOT-CFG-01",
    ("runtime", "platform", "bootstrap", "mode"),
    "bad\r\nmode 100%",
    line=3,
    column=7,
)
WARNING = Diagnostic("SK-CFG-401", ("a",), "weak", severity="warning", line=1, column=1)
UNREADABLE = Diagnostic("SK-CFG-309", (), "cannot read the file: gone")


def report(fmt: str, *results: CheckResult, color: bool = False) -> str:
    out = io.StringIO()
    FORMATS[fmt](list(results), out, color=color)
    return out.getvalue()


def test_github_escapes_percent_and_line_breaks_in_messages() -> None:
    shown = report("github", CheckResult("c.yaml", (ERROR,)))

    assert shown == (
        "::error file=c.yaml,line=3,col=7,title=BOOT-CFG-01::BOOT-CFG-01 bad%0D%0Amode 100%25\n"
    )


def test_github_escapes_property_separators_in_file_names() -> None:
    shown = report("github", CheckResult("a:b,c.yaml", (WARNING,)))

    assert shown.startswith("::warning file=a%3Ab%2Cc.yaml,line=1,col=1,title=SK-CFG-401::")


def test_text_colours_only_when_asked() -> None:
    result = CheckResult("c.yaml", (ERROR,))

    assert "\x1b[" not in report("text", result)
    assert "\x1b[1;31mBOOT-CFG-01\x1b[0m" in report("text", result, color=True)


def test_text_total_counts_errors_warnings_files_and_unreadable_ones() -> None:
    shown = report(
        "text",
        CheckResult("a.yaml", (ERROR, WARNING)),
        CheckResult("b.yaml", ()),
        CheckResult("c.yaml", (UNREADABLE,)),
    )

    assert shown.splitlines()[-1] == (
        "Found 2 errors and 1 warning in 2 files (checked 3 files); 1 file could not be read"
    )


def test_exit_status_prefers_unreadable_then_errors() -> None:
    valid = CheckResult("a", ())
    warned = CheckResult("b", (WARNING,))
    failed = CheckResult("c", (ERROR,))
    unreadable = CheckResult("d", (UNREADABLE,))

    assert exit_status([valid, warned]) == 0
    assert exit_status([valid, failed]) == 1
    assert exit_status([failed, unreadable]) == 2


def test_each_format_takes_only_the_options_it_uses() -> None:
    assert {name: set(fmt.options) for name, fmt in FORMATS.items()} == {
        "text": {"color"},
        "json": set(),
        "github": set(),
        "sarif": set(),
    }


def test_an_option_a_format_does_not_take_never_reaches_it() -> None:
    result = CheckResult("c.yaml", (ERROR, WARNING))

    for fmt in ("json", "github"):
        assert report(fmt, result, color=True) == report(fmt, result, color=False)
