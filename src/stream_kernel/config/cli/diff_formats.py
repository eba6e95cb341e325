"""The output formats of ``diff --format``: text, json, github and sarif.

Each writes a :class:`DiffReport` (the two contracts compared and every finding) and
takes its own options by keyword, as the check's formats do (:mod:`.formats`);
:data:`DIFF_FORMATS` finds one by name. A finding is about the contracts, not about a
file of configs: its place is a config path (``runtime.platform.execution_ipc.bind_host``),
and in github and sarif output its file is the NEW schema's, when NEW was given as a file.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, TextIO

import yaml

from .._catalog import evolution_catalog
from .formats import (
    JSON_FORMAT_VERSION,
    TOOL,
    Format,
    _artifact_uri,
    _escape_data,
    _escape_property,
    _paint,
    _plural,
    _sarif_rule,
    sarif_log,
    shown_name,
)

if TYPE_CHECKING:  # the diff engine is imported by the diff command, when it runs
    from .._diff import Finding

__all__ = [
    "DIFF_FORMATS",
    "DiffReport",
    "Side",
    "write_diff_github",
    "write_diff_json",
    "write_diff_sarif",
    "write_diff_text",
]


@dataclass(frozen=True, slots=True)
class Side:
    """One of the two contracts compared: as named on the command line, and its ``$id``.

    ``file`` is the schema file's path when the contract was given as one, else ``None``
    (a bundled contract, named ``v1`` or ``v2``).
    """

    name: str
    schema_id: str
    file: str | None = None


@dataclass(frozen=True, slots=True)
class DiffReport:
    """What ``diff`` found between ``old`` and ``new``."""

    old: Side
    new: Side
    findings: tuple[Finding, ...]

    def count(self, severity: str) -> int:
        return sum(f.severity == severity for f in self.findings)


def _where(finding: Finding) -> str:
    # Code findings are about the catalog, not about a field of the config.
    return finding.path or "(error catalog)"


# ---------------------------------------------------------------------------------------
# text: path: CODE [severity] message, the witness as YAML, then a total

_WITNESS_INDENT: Final = "    "


def _yaml(document: Mapping[str, Any]) -> str:
    return yaml.safe_dump(dict(document), default_flow_style=False, sort_keys=False)


def _total(report: DiffReport) -> str:
    errors, warnings, notes = (report.count(s) for s in ("error", "warning", "note"))
    between = f"from {shown_name(report.old.name)} to {shown_name(report.new.name)}"
    others = [_plural(warnings, "warning"), _plural(notes, "note")]
    if errors:
        return f"Found {_plural(errors, 'breaking change')}, {' and '.join(others)} {between}"
    if not report.findings:
        return f"No difference in meaning {between}"
    return f"No breaking change {between} ({', '.join(others)})"


def write_diff_text(report: DiffReport, out: TextIO, *, color: bool) -> None:
    for finding in report.findings:
        code = _paint(
            finding.code, finding.severity if finding.severity != "note" else "path", color
        )
        tag = "" if finding.severity == "error" else f"[{finding.severity}] "
        out.write(f"{_paint(_where(finding), 'path', color)}: {code} {tag}{finding.message}\n")
        if finding.witness is not None:
            out.write("  witness:\n")
            for line in _yaml(finding.witness).splitlines():
                out.write(f"{_WITNESS_INDENT}{line}\n")
    style = "error" if report.count("error") else "ok"
    out.write(_paint(_total(report), style, color) + "\n")


# ---------------------------------------------------------------------------------------
# json: a documented, versioned shape (docs/cli.md)


def _finding_json(finding: Finding, *, nested: bool = False) -> dict[str, Any]:
    shown: dict[str, Any] = {
        "code": finding.code,
        "severity": finding.severity,
        "path": finding.path,
        "message": finding.message,
        "witness": finding.witness,
    }
    if not nested:
        shown["consequences"] = [_finding_json(c, nested=True) for c in finding.consequences]
    return shown


def _side_json(side: Side) -> dict[str, Any]:
    return {"name": shown_name(side.name), "id": side.schema_id}


def write_diff_json(report: DiffReport, out: TextIO) -> None:
    document = {
        "tool": TOOL,
        "version": JSON_FORMAT_VERSION,
        "old": _side_json(report.old),
        "new": _side_json(report.new),
        "findings": [_finding_json(f) for f in report.findings],
        "totals": {s: report.count(s) for s in ("error", "warning", "note")},
    }
    json.dump(document, out, indent=2)
    out.write("\n")


# ---------------------------------------------------------------------------------------
# github: workflow commands; notes become notices

_GITHUB_LEVEL: Final = {"error": "error", "warning": "warning", "note": "notice"}


def write_diff_github(report: DiffReport, out: TextIO) -> None:
    for finding in report.findings:
        props = {"file": shown_name(report.new.file)} if report.new.file else {}
        props["title"] = finding.code
        fields = ",".join(f"{k}={_escape_property(v)}" for k, v in props.items())
        text = f"{finding.code} {_where(finding)}: {finding.message}"
        out.write(f"::{_GITHUB_LEVEL[finding.severity]} {fields}::{_escape_data(text)}\n")


# ---------------------------------------------------------------------------------------
# sarif: 2.1.0, with the evolution catalog as the driver's rules


def _sarif_location(report: DiffReport, finding: Finding) -> dict[str, Any]:
    # The NEW schema is where the change was made: its file when one was given, else
    # the bundled contract's $id (an absolute URI that names it).
    uri = _artifact_uri(report.new.file) if report.new.file else report.new.schema_id
    location: dict[str, Any] = {"physicalLocation": {"artifactLocation": {"uri": uri}}}
    if finding.path:
        name = finding.path.rpartition(".")[2]
        location["logicalLocations"] = [
            {"name": name, "fullyQualifiedName": finding.path, "kind": "property"}
        ]
    return location


def write_diff_sarif(report: DiffReport, out: TextIO) -> None:
    entries = evolution_catalog()
    codes = list(entries)
    index = {code: i for i, code in enumerate(codes)}
    results = []
    for finding in report.findings:
        result: dict[str, Any] = {
            "ruleId": finding.code,
            "ruleIndex": index[finding.code],
            "level": finding.severity,
            "message": {"text": f"{_where(finding)}: {finding.message}"},
            "locations": [_sarif_location(report, finding)],
        }
        properties: dict[str, Any] = {}
        if finding.witness is not None:
            properties["witness"] = finding.witness
        if finding.consequences:
            properties["consequences"] = [
                _finding_json(c, nested=True) for c in finding.consequences
            ]
        if properties:
            result["properties"] = properties
        results.append(result)
    rules = [_sarif_rule(c, entries[c], example="Example") for c in codes]
    sides = {"properties": {"old": _side_json(report.old), "new": _side_json(report.new)}}
    document = sarif_log(rules, results, sides)
    json.dump(document, out, indent=2)
    out.write("\n")


# ---------------------------------------------------------------------------------------
# The registry: a format by name

DIFF_FORMATS: Final[Mapping[str, Format[DiffReport]]] = {
    "text": Format.of(write_diff_text),
    "json": Format.of(write_diff_json),
    "github": Format.of(write_diff_github),
    "sarif": Format.of(write_diff_sarif),
}
