"""The command line's frame: the table of commands, the parser made from it, and
:func:`main`, which runs one command over the process's streams (or a test's).

Exit status: 0 every file valid, 1 a file has an error, 2 usage or unreadable input.
Nothing here ever prints a config value: reports are built from diagnostics only.

Each command is one row of :data:`COMMANDS`: its name, its help, the function that
declares its arguments and the one that runs it. Adding a command is adding a row.
The commands themselves live beside this module: checking files in :mod:`.checking`,
``explain`` and ``schema`` in :mod:`.catalog_commands`, ``diff`` and ``migrate`` in
:mod:`.evolution`.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, TextIO

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

from .._contracts import CONTRACTS, DEFAULT_CONTRACT
from .catalog_commands import explain_arguments, run_explain, run_schema, schema_arguments
from .checking import (
    STDIN,
    UsageError,
    check_arguments,
    exit_status,
    run_check,
    run_summary,
    summary_arguments,
)
from .evolution import diff_arguments, migrate_arguments, run_diff, run_migrate
from .formats import tool_version
from .streams import Streams, drop_unwritten, standard

__all__ = ["COMMANDS", "Command", "Streams", "entry", "exit_status", "main"]


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


# ---------------------------------------------------------------------------------------
# lsp


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
        arguments=check_arguments,
        run=run_check,
    ),
    Command(
        "summary",
        help="print the runtime contract summary as JSON",
        description="Print the runtime contract summary of a valid config as JSON.",
        arguments=summary_arguments,
        run=run_summary,
    ),
    Command(
        "explain",
        help="explain an error code",
        description="What a code means, why it matters, a failing example and the fix.",
        arguments=explain_arguments,
        run=run_explain,
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
        arguments=schema_arguments,
        run=run_schema,
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
        out=out or standard(sys.stdout, "output"),
        err=err or standard(sys.stderr, "error"),
        stdin=stdin if stdin is not None else standard(sys.stdin, "input"),
    )
    try:
        return _run(argv, streams)
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, as other Unix tools do.
        drop_unwritten(streams.out)
        return 1
    except OSError as exc:
        # The report could not be written (a full disk, a closed stdout): not a clean run.
        drop_unwritten(streams.out)
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
    if args.command == "check" and args.files.count(STDIN) > 1:
        parser.error("'-' (standard input) can be given only once")
    run = next(c.run for c in COMMANDS if c.name == args.command)
    try:
        status = run(args, streams)
    except UsageError as exc:
        args.command_parser.error(str(exc))  # exits 2, with the usage, on stderr
    # Written out here, so a failing write is this command's to report.
    streams.out.flush()
    return status
