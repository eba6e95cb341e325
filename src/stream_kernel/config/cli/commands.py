"""The commands of ``stream-kernel-config``: check, summary, explain, diff, migrate, schema.

Exit status: 0 every file valid, 1 a file has an error, 2 usage or unreadable input.
Nothing here ever prints a config value: reports are built from diagnostics only.

Each command is one row of :data:`COMMANDS`: its name, its help, the function that
declares its arguments and the one that runs it. Adding a command is adding a row.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import errno
import fnmatch
import gc
import io
import json
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TextIO

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

from .._catalog import (
    catalog,
    combined_catalog,
    contracts_defining,
    evolution_catalog,
    explanation,
)
from .._contracts import CONTRACTS, DEFAULT_CONTRACT, Contract, contract_named
from ..check import CheckResult, check_file, check_text, unreadable
from ..loader import DEFAULT_LIMITS, MAX_DEPTH_CEILING, Limits
from .evolution import diff_arguments, migrate_arguments, run_diff, run_migrate
from .formats import FORMATS, shown_name, tool_version, write_text

__all__ = ["COMMANDS", "Command", "Streams", "entry", "exit_status", "main"]

_STDIN = "-"


@dataclass(frozen=True, slots=True)
class Streams:
    """Where a command reads and writes: the process's own streams, or a test's."""

    out: TextIO
    err: TextIO
    stdin: TextIO


@dataclass(frozen=True, slots=True)
class Command:
    """One subcommand: its name, its help, the arguments it takes and what it runs.

    ``arguments`` adds the command's arguments to its parser; ``run`` gets the parsed
    arguments and the streams, and returns the exit status.
    """

    name: str
    help: str
    description: str
    arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace, Streams], int]


def exit_status(results: Sequence[CheckResult]) -> int:
    """0 every file valid (warnings allowed), 1 an error, 2 a file could not be read."""
    if not all(r.readable for r in results):
        return 2
    return 0 if all(r.ok for r in results) else 1


# ---------------------------------------------------------------------------------------
# Input limits: the flags of check and summary


def _limit_reader(name: str) -> Callable[[str], int]:
    """How ``--max-...`` reads its value: a whole number that ``Limits`` takes for ``name``.

    Which values a limit takes is the loader's to say: its ``ValueError`` becomes the
    flag's usage error (exit status 2), with the field's name left out, as the flag
    already names it ("argument --max-depth: must be at least 1").
    """

    def read(text: str) -> int:
        try:
            number = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        try:
            Limits(**{name: number})
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc).removeprefix(f"{name} ")) from None
        return number

    return read


# One row a limit: the Limits field (its flag is --max-...) and what it bounds.
_LIMIT_FLAGS: Final = (
    ("max_bytes", "largest file accepted, in bytes (SK-CFG-307)"),
    ("max_depth", f"deepest nesting accepted, at most {MAX_DEPTH_CEILING} (SK-CFG-306)"),
    ("max_alias_nodes", "most nodes that aliases may add (SK-CFG-305)"),
)


def _add_limits(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("input limits (each refused with its own code)")
    for name, bounds in _LIMIT_FLAGS:
        group.add_argument(
            "--" + name.replace("_", "-"),
            type=_limit_reader(name),
            default=getattr(DEFAULT_LIMITS, name),
            metavar="N",
            help=f"{bounds}; default: %(default)s",
        )
    group.add_argument(
        "--stdin-name",
        default="<stdin>",
        metavar="NAME",
        help="the file name to report for '-' (default: %(default)s)",
    )


def _limits(args: argparse.Namespace) -> Limits:
    return Limits(**{name: getattr(args, name) for name, _ in _LIMIT_FLAGS})


def _check_one(name: str, args: argparse.Namespace, stdin: TextIO) -> CheckResult:
    limits = _limits(args)
    strict = getattr(args, "strict", False)
    contract = _asked(args)
    if name != _STDIN:
        return check_file(name, limits=limits, strict=strict, contract=contract)
    try:
        # One byte past the limit is enough to know the input is too large.
        data = stdin.buffer.read(limits.max_bytes + 1)
    except (OSError, AttributeError, ValueError) as exc:
        # Closed (`<&-`), write-only or otherwise unreadable standard input.
        return unreadable(args.stdin_name, exc, contract=contract)
    return check_text(data, source=args.stdin_name, limits=limits, strict=strict, contract=contract)


#: How --contract reads for a command that checks files.
_CHOSEN_BY_FILE: Final = (
    "(default: the contract the file's yaml-language-server modeline names, else "
    f"{DEFAULT_CONTRACT.name}); when given, a modeline naming another contract is SK-CFG-501"
)


def _add_contract(parser: argparse.ArgumentParser, *, help_text: str, default: str | None) -> None:
    parser.add_argument("--contract", choices=list(CONTRACTS), default=default, help=help_text)


def _asked(args: argparse.Namespace) -> Contract | None:
    name: str | None = args.contract
    return None if name is None else contract_named(name)


def _use_color(choice: str, out: TextIO) -> bool:
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return out.isatty()


# ---------------------------------------------------------------------------------------
# check


def _check_arguments(parser: argparse.ArgumentParser) -> None:
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
    _add_contract(
        parser,
        help_text=f"the contract to check every file against {_CHOSEN_BY_FILE}",
        default=None,
    )
    parser.add_argument("--strict", action="store_true", help="report warnings as errors")
    parser.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour in text output; auto: on a terminal unless NO_COLOR is set",
    )
    _add_limits(parser)


# What a directory argument is walked for (the name's end, any case).
CONFIG_SUFFIXES: Final = (".yaml", ".yml", ".json")


class _UsageError(Exception):
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
        raise _UsageError(
            f"{shown_name(str(folder))}: a directory with no config files "
            f"({', '.join('*' + s for s in CONFIG_SUFFIXES)}"
            f"{', after --exclude' if excludes else ''})"
        )
    return [found[parts] for parts in sorted(found)]


def _sources(args: argparse.Namespace) -> list[str | Path | CheckResult]:
    """What to check: each argument, a directory replaced by the files it holds."""
    named: list[str | Path | CheckResult] = []
    for argument in args.files:
        if argument != _STDIN and Path(argument).is_dir():
            named += _walk(Path(argument), args.exclude)
        else:
            # A missing file stays: checking it says so (SK-CFG-309), in every format.
            named.append(argument)
    return named


def _run_check(args: argparse.Namespace, streams: Streams) -> int:
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
    FORMATS[args.format](results, streams.out, color=_use_color(args.color, streams.out))
    return exit_status(results)


# ---------------------------------------------------------------------------------------
# summary


def _summary_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="a YAML config file, or -")
    _add_contract(
        parser,
        help_text=f"the contract to check and project the file with {_CHOSEN_BY_FILE}",
        default=None,
    )
    _add_limits(parser)


def _run_summary(args: argparse.Namespace, streams: Streams) -> int:
    from stream_kernel.app.runtime import runtime_contract_summary  # noqa: PLC0415

    result = _check_one(args.file, args, streams.stdin)
    if result.diagnostics:
        # Findings go to stderr, so stdout stays valid JSON; warnings do not stop it.
        write_text([result], streams.err, color=_use_color("auto", streams.err))
    if result.config is None:
        return exit_status([result])
    contract = result.contract or DEFAULT_CONTRACT.name
    json.dump(runtime_contract_summary(result.config, contract=contract), streams.out, indent=2)
    streams.out.write("\n")
    return 0


# ---------------------------------------------------------------------------------------
# explain


def _explain_arguments(parser: argparse.ArgumentParser) -> None:
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("code", nargs="?", metavar="CODE", help="e.g. BOOT-CFG-03, SK-DIFF-104")
    which.add_argument("--all", action="store_true", help="explain every code")
    _add_contract(
        parser,
        help_text="the contract whose wording to show (default: the default contract's, else "
        "that of the first contract that has the code)",
        default=None,
    )


def _known(args: argparse.Namespace) -> Mapping[str, Mapping[str, str]]:
    """The codes ``explain`` knows: the asked contract's and the tool's, or every code;
    the contract diff's codes in either case."""
    asked = _asked(args)
    return {**(combined_catalog() if asked is None else catalog(asked)), **evolution_catalog()}


def _run_explain(args: argparse.Namespace, streams: Streams) -> int:
    known = _known(args)
    if args.all:
        streams.out.write("\n".join(explanation(code, entry) for code, entry in known.items()))
        return 0
    wanted = args.code.strip().upper()
    if wanted in known:
        streams.out.write(explanation(wanted, known[wanted]))
        return 0
    elsewhere = [name for name in contracts_defining(wanted) if name != args.contract]
    if elsewhere:
        hint = f" in contract {args.contract} (it is a code of {', '.join(elsewhere)})"
    else:
        close = difflib.get_close_matches(wanted, list(known), n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]}?)" if close else ""
    streams.err.write(
        f"stream-kernel-config: unknown code {args.code!r}{hint}; see 'explain --all'\n"
    )
    return 2


# ---------------------------------------------------------------------------------------
# schema


def _schema_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--path", action="store_true", help="print the schema file's path instead, for editors"
    )
    _add_contract(
        parser,
        help_text="the contract whose schema to print (default: %(default)s)",
        default=DEFAULT_CONTRACT.name,
    )


def _run_schema(args: argparse.Namespace, streams: Streams) -> int:
    contract = contract_named(args.contract)
    if args.path:
        schemas = resources.files("stream_kernel.config").joinpath("schemas")
        streams.out.write(f"{schemas.joinpath(contract.schema_file)}\n")
    else:
        streams.out.write(contract.schema_text())
    return 0


def _lsp_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--stdio", action="store_true", help="accepted for editors; stdio is the default"
    )


def _run_lsp(_: argparse.Namespace, streams: Streams) -> int:
    from ..lsp import serve  # noqa: PLC0415 - the optional `lsp` extra, only when asked for

    return serve(streams.err)


# ---------------------------------------------------------------------------------------
# The table of commands, in the order --help lists them


COMMANDS: Final[tuple[Command, ...]] = (
    Command(
        "check",
        help="check config files",
        description="Check config files (or - for stdin).",
        arguments=_check_arguments,
        run=_run_check,
    ),
    Command(
        "summary",
        help="print the runtime contract summary as JSON",
        description="Print the runtime contract summary of a valid config as JSON.",
        arguments=_summary_arguments,
        run=_run_summary,
    ),
    Command(
        "explain",
        help="explain an error code",
        description="What a code means, why it matters, a failing example and the fix.",
        arguments=_explain_arguments,
        run=_run_explain,
    ),
    Command(
        "diff",
        help="what breaks between two contracts",
        description="Compare two contracts (v1, v2, or schema files) by what they mean for"
        " configs: every breaking change with a witness config. Exit 0 without a breaking"
        " change, 1 with one, 2 when a contract cannot be read or compared.",
        arguments=diff_arguments,
        run=lambda args, streams: run_diff(args, streams.out, streams.err),
    ),
    Command(
        "migrate",
        help="rewrite config files for the next contract",
        description="Rewrite v1 config files so that the next contract reads them the same"
        " way, keeping everything else in the text. Prints a unified diff (exit 1 when a"
        " file would change) unless --write is given.",
        arguments=migrate_arguments,
        run=lambda args, streams: run_migrate(args, streams.out, streams.err),
    ),
    Command(
        "lsp",
        help="run the Language Server (needs the lsp extra)",
        description="Run the Language Server over stdin/stdout (needs the lsp extra).",
        arguments=_lsp_arguments,
        run=_run_lsp,
    ),
    Command(
        "schema",
        help="print a bundled JSON Schema",
        description="Print a contract's bundled JSON Schema, or where it is installed.",
        arguments=_schema_arguments,
        run=_run_schema,
    ),
)


class _Version(argparse.Action):
    """--version, looked up only when asked for (package metadata is slow to read)."""

    def __init__(
        self,
        option_strings: Sequence[str],
        dest: str,
        *,
        out: TextIO,
        **kwargs: Any,  # noqa: ANN401 - argparse's own keywords, passed on
    ) -> None:
        super().__init__(option_strings, dest, nargs=0, **kwargs)
        self.out = out

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        self.out.write(f"{parser.prog} {tool_version()}\n")
        parser.exit()


class _Parser(argparse.ArgumentParser):
    """argparse's parser, printing its help to the command's stdout, and letting a failed
    write be seen: argparse's own printing drops an ``OSError`` and exits 0."""

    # The command's stdout; subcommands' parsers get it once made (argparse makes them).
    out: TextIO | None = None

    def print_help(self, file: SupportsWrite[str] | None = None) -> None:
        (file or self.out or sys.stdout).write(self.format_help())


def _parser(out: TextIO) -> argparse.ArgumentParser:
    parser = _Parser(
        prog="stream-kernel-config",
        description="Check stream_kernel runtime configs against a runtime-config contract "
        f"({', '.join(CONTRACTS)}; {DEFAULT_CONTRACT.name} unless --contract or the file's "
        "modeline says otherwise).",
        epilog="Exit status: 0 every file valid, 1 a file has an error, "
        "2 usage error or unreadable input.",
    )
    parser.add_argument("--version", action=_Version, out=out, help="show the version and exit")
    parser.out = out
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        sub = subparsers.add_parser(
            command.name, help=command.help, description=command.description
        )
        sub.out = out
        # A usage error found while running is the subcommand's, with its usage line.
        sub.set_defaults(command_parser=sub)
        command.arguments(sub)
    return parser


def entry() -> int:
    """The console script: :func:`main` in a process of its own."""
    # What is loaded by now lives as long as the process: the collector need not scan it
    # again on every pass while thousands of files go through.
    gc.freeze()
    return main()


class _Closed(io.StringIO):
    """A standard stream the process started without (``>&-``): every write fails, as a
    write to a closed descriptor does, so the command reports it like any other."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.closed_name = name

    def write(self, text: str, /) -> int:
        raise OSError(errno.EBADF, f"standard {self.closed_name} is closed")


def _standard(stream: TextIO | None, name: str) -> TextIO:
    # Python sets sys.stdout (sys.stderr, sys.stdin) to None when its descriptor is closed.
    return stream if stream is not None else _Closed(name)


def main(
    argv: Sequence[str] | None = None,
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
    stdin: TextIO | None = None,
) -> int:
    """Run the command; return its exit status instead of exiting (argparse may exit 2)."""
    for stream in (sys.stdout, sys.stderr):
        # A file name or value that the terminal's encoding cannot show is escaped, never
        # a UnicodeEncodeError (PYTHONIOENCODING=ascii, a C locale without UTF-8 mode).
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    streams = Streams(
        out=out or _standard(sys.stdout, "output"),
        err=err or _standard(sys.stderr, "error"),
        stdin=stdin if stdin is not None else _standard(sys.stdin, "input"),
    )
    try:
        return _run(argv, streams)
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, as other Unix tools do.
        _drop_unwritten(streams.out)
        return 1
    except OSError as exc:
        # The report could not be written (a full disk, a closed stdout): not a clean run.
        _drop_unwritten(streams.out)
        with contextlib.suppress(OSError):
            streams.err.write(
                f"stream-kernel-config: cannot write the report: {exc.strerror or exc}\n"
            )
            streams.err.flush()
        return 2
    except KeyboardInterrupt:
        return 130


def _run(argv: Sequence[str] | None, streams: Streams) -> int:
    parser = _parser(streams.out)
    try:
        args = parser.parse_args(argv)
    except SystemExit:
        # --help and --version print, then exit: what they printed must reach its reader
        # now, while a failure can still be reported (not at interpreter exit).
        streams.out.flush()
        raise
    if args.command == "check" and args.files.count(_STDIN) > 1:
        parser.error("'-' (standard input) can be given only once")
    run = next(c.run for c in COMMANDS if c.name == args.command)
    try:
        status = run(args, streams)
    except _UsageError as exc:
        args.command_parser.error(str(exc))  # exits 2, with the usage, on stderr
    # Written out here, so a failing write is this command's to report.
    streams.out.flush()
    return status


def _drop_unwritten(out: TextIO) -> None:
    """Send what is left in stdout's buffer nowhere, so the interpreter's final flush does
    not fail again and print a traceback of its own (exit status 120)."""
    if out is not sys.stdout:
        return
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, out.fileno())
        os.close(devnull)
