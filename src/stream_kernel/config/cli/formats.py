"""The output formats of ``check --format``: text, json, github and sarif.

Each format is a function that writes every file's findings to a stream and takes its
own options by keyword (``write_text(results, out, *, color)``); :data:`FORMATS` finds
it by name. Every format gets the same results, so a parse error, an unreadable file
and a contract error look alike in each. None of them sees a config's values, only
diagnostics, whose messages never hold the secret.
"""

from __future__ import annotations

import inspect
import json
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, Final, Generic, TextIO, TypeVar
from urllib.parse import quote

from .._catalog import combined_catalog
from .._contracts import CONTRACTS
from ..check import CheckResult
from ..diagnostics import Diagnostic, dotted

__all__ = [
    "FORMATS",
    "JSON_FORMAT_VERSION",
    "Format",
    "rule_name",
    "sarif_log",
    "shown_name",
    "tool_version",
    "write_github",
    "write_json",
    "write_sarif",
    "write_text",
]

#: What a format writes (the check's results, or another command's report).
Report = TypeVar("Report")

# The json format's shape version: a field is only ever added within a version.
JSON_FORMAT_VERSION: Final = 1
TOOL: Final = "stream-kernel-config"
_HOME: Final = "https://stream-kernel.dev/config"


def tool_version() -> str:
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415 - only here

    try:
        return version("stream-kernel-config")
    except PackageNotFoundError:
        return "unknown"


def shown_name(source: str) -> str:
    """A file name any output can carry: undecodable bytes and control characters escaped.

    A name comes from the file system, in a pull request from its author: a newline or
    an escape sequence in it must not forge a line or reach the terminal.
    """
    text = source.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return "".join(
        c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text
    )


def _counts(results: Sequence[CheckResult]) -> dict[str, int]:
    return {
        "files": len(results),
        "valid": sum(r.ok for r in results),
        "invalid": sum(r.readable and not r.ok for r in results),
        "unreadable": sum(not r.readable for r in results),
        "errors": sum(len(r.errors) for r in results),
        "warnings": sum(len(r.warnings) for r in results),
    }


# ---------------------------------------------------------------------------------------
# text: path:line:col: CODE message, then a one-line total


_STYLE: Final = {"path": "1", "error": "1;31", "warning": "1;33", "ok": "1;32"}


def _paint(text: str, style: str, color: bool) -> str:
    return f"\033[{_STYLE[style]}m{text}\033[0m" if color else text


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def write_text(results: Sequence[CheckResult], out: TextIO, *, color: bool) -> None:
    for result in results:
        for d in result.diagnostics:
            where = _paint(shown_name(result.source), "path", color)
            if d.line is not None:
                where += f":{d.line}:{d.column}"
            code = _paint(d.code, d.severity, color)
            tag = "" if d.severity == "error" else f"[{d.severity}] "
            out.write(f"{where}: {code} {tag}{d.message}\n")
    counts = _counts(results)
    checked = _plural(counts["files"], "file")
    with_findings = sum(bool(r.diagnostics) for r in results)
    if not with_findings:
        out.write(_paint(f"Success: no issues found in {checked}", "ok", color) + "\n")
        return
    found = [_plural(counts["errors"], "error")] if counts["errors"] else []
    found += [_plural(counts["warnings"], "warning")] if counts["warnings"] else []
    line = f"Found {' and '.join(found)} in {_plural(with_findings, 'file')} (checked {checked})"
    if counts["unreadable"]:
        line += f"; {_plural(counts['unreadable'], 'file')} could not be read"
    out.write(_paint(line, "error" if counts["errors"] else "warning", color) + "\n")


# ---------------------------------------------------------------------------------------
# json: a documented, versioned shape (docs/cli.md)


def _diagnostic_json(d: Diagnostic) -> dict[str, Any]:
    found: dict[str, Any] = {
        "code": d.code,
        "severity": d.severity,
        "message": d.message,
        "path": d.path,
        "line": d.line,
        "column": d.column,
    }
    if d.belongs_at:
        # Only findings about a key in the wrong place carry it: where it should be.
        found["belongs_at"] = [dotted(parts) for parts in d.belongs_at]
    return found


def _status(result: CheckResult) -> str:
    if not result.readable:
        return "unreadable"
    return "valid" if result.ok else "invalid"


def write_json(results: Sequence[CheckResult], out: TextIO) -> None:
    document = {
        "tool": TOOL,
        "version": JSON_FORMAT_VERSION,
        "files": [
            {
                "file": shown_name(r.source),
                "status": _status(r),
                # Added within version 1: the contract the file was checked against.
                "contract": r.contract,
                "diagnostics": [_diagnostic_json(d) for d in r.diagnostics],
            }
            for r in results
        ],
        "totals": _counts(results),
    }
    # ASCII with escapes: valid JSON whatever the names and messages hold.
    json.dump(document, out, indent=2)
    out.write("\n")


# ---------------------------------------------------------------------------------------
# github: workflow commands, which GitHub turns into annotations on the diff


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def write_github(results: Sequence[CheckResult], out: TextIO) -> None:
    for result in results:
        for d in result.diagnostics:
            props = {"file": shown_name(result.source)}
            if d.line is not None:
                props |= {"line": str(d.line), "col": str(d.column)}
            props["title"] = d.code
            fields = ",".join(f"{k}={_escape_property(v)}" for k, v in props.items())
            out.write(f"::{d.severity} {fields}::{_escape_data(f'{d.code} {d.message}')}\n")


# ---------------------------------------------------------------------------------------
# sarif: 2.1.0, with the whole catalog as the driver's rules


_SARIF_SCHEMA: Final = "https://json.schemastore.org/sarif-2.1.0.json"


def rule_name(title: str) -> str:
    """A catalog title as a SARIF rule name: every word of it, in PascalCase.

    Words are the title's runs of letters and digits, so punctuation splits rather than
    drops them (``bootstrap.mode 'process_supervisor'`` gives
    ``BootstrapModeProcessSupervisor``); a word keeps its own capitals (``YAML``).

    >>> rule_name("YAML 1.1 implicit conversion"), rule_name("not UTF-8")
    ('YAML11ImplicitConversion', 'NotUTF8')
    """
    return "".join(word[0].upper() + word[1:] for word in re.findall(r"[A-Za-z0-9]+", title))


def _sarif_rule(code: str, entry: Mapping[str, str], *, example: str = "Fails") -> dict[str, Any]:
    text = entry["example"].rstrip("\n")
    markdown = (
        f"{entry['explanation']}\n\n{example}:\n\n```yaml\n{text}\n```\n\nFix: {entry['fix']}"
    )
    return {
        "id": code,
        "name": rule_name(entry["title"]),
        "shortDescription": {"text": entry["title"]},
        "fullDescription": {"text": entry["explanation"]},
        "help": {"text": f"{entry['explanation']} Fix: {entry['fix']}", "markdown": markdown},
        "defaultConfiguration": {"level": entry["severity"]},
    }


def _artifact_uri(source: str) -> str:
    # The name's own bytes, percent-encoded: exact for any name the file system allows.
    path = PurePath(source)
    encoded = quote(os.fsencode(path.as_posix()), safe="/")
    return "file://" + encoded if path.is_absolute() else encoded


def write_sarif(results: Sequence[CheckResult], out: TextIO) -> None:
    # The rules: every code of the contracts that judged a file (the first one's wording
    # for a code they share), and the tool's own; with no contract used, every code.
    used = [c for name, c in CONTRACTS.items() if any(r.contract == name for r in results)]
    rules = combined_catalog(used)
    codes = list(rules)
    index = {code: i for i, code in enumerate(codes)}
    sarif_results = []
    for result in results:
        for d in result.diagnostics:
            location: dict[str, Any] = {"artifactLocation": {"uri": _artifact_uri(result.source)}}
            if d.line is not None:
                location["region"] = {"startLine": d.line, "startColumn": d.column}
            sarif_results.append(
                {
                    "ruleId": d.code,
                    "ruleIndex": index[d.code],
                    "level": d.severity,
                    "message": {"text": d.message},
                    "locations": [{"physicalLocation": location}],
                    "properties": {"contract": result.contract},
                }
            )
    run_extras = {
        # Columns count characters, as the YAML parser does, not UTF-16 units.
        "columnKind": "unicodeCodePoints",
        # The schema of each contract that judged a file, by contract name.
        "properties": {"schemas": {c.name: c.schema()["$id"] for c in used}},
    }
    document = sarif_log([_sarif_rule(c, rules[c]) for c in codes], sarif_results, run_extras)
    json.dump(document, out, indent=2)
    out.write("\n")


def sarif_log(
    rules: list[dict[str, Any]], results: list[dict[str, Any]], extras: Mapping[str, Any]
) -> dict[str, Any]:
    """A SARIF 2.1.0 log of one run of this tool: its rules, its results, and the run's
    ``extras`` (further properties of the run)."""
    driver = {"name": TOOL, "version": tool_version(), "informationUri": _HOME, "rules": rules}
    return {
        "$schema": _SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{"tool": {"driver": driver}, **extras, "results": results}],
    }


# ---------------------------------------------------------------------------------------
# The registry: a format by name


@dataclass(frozen=True, slots=True)
class Format(Generic[Report]):
    """One ``--format``: the function that writes it and the options it takes by keyword.

    ``Report`` is what the format writes: the check's results here, the contract diff's
    report in :mod:`.diff_formats`.
    """

    write: Callable[..., None]
    options: frozenset[str]

    @classmethod
    def of(cls, write: Callable[..., None]) -> Format[Report]:
        """The format written by ``write``; its options are the keyword-only parameters."""
        parameters = inspect.signature(write).parameters.values()
        return cls(write, frozenset(p.name for p in parameters if p.kind is p.KEYWORD_ONLY))

    def __call__(self, results: Report, out: TextIO, /, **offered: object) -> None:
        """Write ``results`` to ``out``, with those of the ``offered`` options it takes.

        The command line offers every option it has (``color``); a format that has no use
        for one never sees it.
        """
        self.write(results, out, **{k: v for k, v in offered.items() if k in self.options})


FORMATS: Final[Mapping[str, Format[Sequence[CheckResult]]]] = {
    "text": Format.of(write_text),
    "json": Format.of(write_json),
    "github": Format.of(write_github),
    "sarif": Format.of(write_sarif),
}
