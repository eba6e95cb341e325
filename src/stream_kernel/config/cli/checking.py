"""The commands that check config files: ``check`` (files, directories, standard input)
and ``summary`` (one valid config projected into the runtime contract summary).

Exit status: 0 every file valid, 1 a file has an error, 2 usage or unreadable input.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Final, TextIO

from .._contracts import DEFAULT_CONTRACT
from ..check import CheckResult, check_file, check_text, unreadable
from .formats import FORMATS, shown_name, write_text
from .options import CHOSEN_BY_FILE, add_contract, add_limits, asked_contract, limits_of, use_color
from .streams import Streams

__all__ = [
    "CONFIG_SUFFIXES",
    "STDIN",
    "UsageError",
    "check_arguments",
    "exit_status",
    "run_check",
    "run_summary",
    "summary_arguments",
]

STDIN: Final = "-"


def exit_status(results: Sequence[CheckResult]) -> int:
    """0 every file valid (warnings allowed), 1 an error, 2 a file could not be read."""
    if not all(r.readable for r in results):
        return 2
    return 0 if all(r.ok for r in results) else 1


def _check_one(name: str, args: argparse.Namespace, stdin: TextIO) -> CheckResult:
    limits = limits_of(args)
    strict = getattr(args, "strict", False)
    contract = asked_contract(args)
    if name != STDIN:
        return check_file(name, limits=limits, strict=strict, contract=contract)
    try:
        # One byte past the limit is enough to know the input is too large.
        data = stdin.buffer.read(limits.max_bytes + 1)
    except (OSError, AttributeError, ValueError) as exc:
        # Closed (`<&-`), write-only or otherwise unreadable standard input.
        return unreadable(args.stdin_name, exc, contract=contract)
    return check_text(data, source=args.stdin_name, limits=limits, strict=strict, contract=contract)


# ---------------------------------------------------------------------------------------
# check


def check_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="a config file (YAML, or JSON when named *.json), a directory to walk, or -",
    )
    parser.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="GLOB",
        help="skip what a directory holds whose path (relative to the directory) or name "
        "matches GLOB; repeatable. Files named on the command line are always checked",
    )
    parser.add_argument(
        "--format",
        choices=sorted(FORMATS),
        default="text",
        help="output format (default: %(default)s)",
    )
    add_contract(
        parser,
        help_text=f"the contract to check every file against {CHOSEN_BY_FILE}",
        default=None,
    )
    parser.add_argument("--strict", action="store_true", help="report warnings as errors")
    parser.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour in text output; auto: on a terminal unless NO_COLOR is set",
    )
    add_limits(parser)


# What a directory argument is walked for (the name's end, any case).
CONFIG_SUFFIXES: Final = (".yaml", ".yml", ".json")


class UsageError(Exception):
    """A command line that names nothing to check: argparse's usage error, exit 2."""


def _excluded(relative: str, patterns: Sequence[str]) -> bool:
    name = relative.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatchcase(relative, p) or fnmatch.fnmatchcase(name, p) for p in patterns)


def _walk(folder: Path, excludes: Sequence[str]) -> list[Path | CheckResult]:
    """The config files under ``folder``, sorted folder by folder; hidden entries skipped.

    A folder below that cannot be listed is reported as unreadable (SK-CFG-309) in its
    place, beside the other files.
    """
    found: dict[tuple[str, ...], Path | CheckResult] = {}

    def unlistable(exc: OSError) -> None:
        where = Path(exc.filename or folder)
        if where != folder:
            found[where.relative_to(folder).parts] = unreadable(str(where), exc)

    for here, folders, files in os.walk(folder, onerror=unlistable):
        below = Path(here).relative_to(folder)
        # Pruned in place: os.walk then never enters a hidden or excluded folder.
        folders[:] = [
            f
            for f in folders
            if not f.startswith(".") and not _excluded((below / f).as_posix(), excludes)
        ]
        for name in files:
            relative = below / name
            if (
                not name.startswith(".")
                and name.lower().endswith(CONFIG_SUFFIXES)
                and not _excluded(relative.as_posix(), excludes)
            ):
                found[relative.parts] = folder / relative
    if not found:
        raise UsageError(
            f"{shown_name(str(folder))}: a directory with no config files "
            f"({', '.join('*' + s for s in CONFIG_SUFFIXES)}"
            f"{', after --exclude' if excludes else ''})"
        )
    return [found[parts] for parts in sorted(found)]


def _sources(args: argparse.Namespace) -> list[str | Path | CheckResult]:
    """What to check: each argument, a directory replaced by the files it holds."""
    named: list[str | Path | CheckResult] = []
    for argument in args.files:
        if argument != STDIN and Path(argument).is_dir():
            named += _walk(Path(argument), args.exclude)
        else:
            # A missing file stays: checking it says so (SK-CFG-309), in every format.
            named.append(argument)
    return named


def run_check(args: argparse.Namespace, streams: Streams) -> int:
    sources = _sources(args)
    # Reports need only the findings: dropping each normalized config keeps the process
    # small across thousands of files.
    results = [
        source
        if isinstance(source, CheckResult)
        else replace(_check_one(str(source), args, streams.stdin), config=None)
        for source in sources
    ]
    # Every option the command line has for a report; each format takes those it uses.
    FORMATS[args.format](results, streams.out, color=use_color(args.color, streams.out))
    return exit_status(results)


# ---------------------------------------------------------------------------------------
# summary


def summary_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a YAML config file, or -")
    add_contract(
        parser,
        help_text=f"the contract to check and project the file with {CHOSEN_BY_FILE}",
        default=None,
    )
    add_limits(parser)


def run_summary(args: argparse.Namespace, streams: Streams) -> int:
    from stream_kernel.app.runtime import runtime_contract_summary  # noqa: PLC0415

    result = _check_one(args.file, args, streams.stdin)
    if result.diagnostics:
        # Findings go to stderr, so stdout stays valid JSON; warnings do not stop it.
        write_text([result], streams.err, color=use_color("auto", streams.err))
    if result.config is None:
        return exit_status([result])
    contract = result.contract or DEFAULT_CONTRACT.name
    json.dump(runtime_contract_summary(result.config, contract=contract), streams.out, indent=2)
    streams.out.write("\n")
    return 0
