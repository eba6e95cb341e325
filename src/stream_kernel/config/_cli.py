"""The ``stream-kernel-config`` command: check, summary, explain, schema.

Exit status: 0 every file valid, 1 a file has an error, 2 usage or unreadable input.
Nothing here ever prints a config value: reports are built from diagnostics only.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import gc
import io
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from importlib import resources
from typing import Final, TextIO

from ._catalog import catalog, explanation
from ._schema import SCHEMA_FILE, schema_text
from .check import CheckResult, check_file, check_text, unreadable
from .loader import DEFAULT_LIMITS, MAX_DEPTH_CEILING, Limits

__all__ = ["entry", "main"]

_STDIN = "-"


def _positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def _depth(text: str) -> int:
    number = _positive(text)
    if number > MAX_DEPTH_CEILING:
        raise argparse.ArgumentTypeError(f"must be at most {MAX_DEPTH_CEILING}")
    return number


# One row a limit: the Limits field (its flag is --max-...), how the flag's value is read,
# and what it bounds.
_LIMIT_FLAGS: Final = (
    ("max_bytes", _positive, "largest file accepted, in bytes (SK-CFG-307)"),
    ("max_depth", _depth, f"deepest nesting accepted, at most {MAX_DEPTH_CEILING} (SK-CFG-306)"),
    ("max_alias_nodes", _positive, "most nodes that aliases may add (SK-CFG-305)"),
)


def _add_limits(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("input limits (each refused with its own code)")
    for name, read, bounds in _LIMIT_FLAGS:
        group.add_argument(
            "--" + name.replace("_", "-"),
            type=read,
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


class _Version(argparse.Action):
    """--version, looked up only when asked for (package metadata is slow to read)."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        from ._reporting import tool_version  # noqa: PLC0415

        sys.stdout.write(f"{parser.prog} {tool_version()}\n")
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    from ._reporting import REPORTERS  # noqa: PLC0415 - keeps --help fast

    parser = argparse.ArgumentParser(
        prog="stream-kernel-config",
        description="Check stream_kernel runtime configs against the v1 contract.",
        epilog="Exit status: 0 every file valid, 1 a file has an error, "
        "2 usage error or unreadable input.",
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser(
        "check", help="check config files", description="Check config files (or - for stdin)."
    )
    check.add_argument("files", nargs="+", metavar="FILE", help="a YAML config file, or -")
    check.add_argument(
        "--format",
        choices=sorted(REPORTERS),
        default="text",
        help="output format (default: %(default)s)",
    )
    check.add_argument("--strict", action="store_true", help="report warnings as errors")
    check.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour in text output; auto: on a terminal unless NO_COLOR is set",
    )
    _add_limits(check)

    summary = commands.add_parser(
        "summary",
        help="print the runtime contract summary as JSON",
        description="Print the runtime contract summary of a valid config as JSON.",
    )
    summary.add_argument("file", metavar="FILE", help="a YAML config file, or -")
    _add_limits(summary)

    explain = commands.add_parser(
        "explain",
        help="explain an error code",
        description="What a code means, why it matters, a failing example and the fix.",
    )
    which = explain.add_mutually_exclusive_group(required=True)
    which.add_argument("code", nargs="?", metavar="CODE", help="e.g. BOOT-CFG-03")
    which.add_argument("--all", action="store_true", help="explain every code")

    schema = commands.add_parser(
        "schema",
        help="print the bundled JSON Schema",
        description="Print the bundled JSON Schema, or where it is installed.",
    )
    schema.add_argument(
        "--path", action="store_true", help="print the schema file's path instead, for editors"
    )
    lsp = commands.add_parser(
        "lsp",
        help="run the Language Server (needs the lsp extra)",
        description="Run the Language Server over stdin/stdout (needs the lsp extra).",
    )
    lsp.add_argument(
        "--stdio", action="store_true", help="accepted for editors; stdio is the default"
    )
    return parser


def _limits(args: argparse.Namespace) -> Limits:
    return Limits(**{name: getattr(args, name) for name, _, _ in _LIMIT_FLAGS})


def _check_one(name: str, args: argparse.Namespace, stdin: TextIO) -> CheckResult:
    limits = _limits(args)
    strict = getattr(args, "strict", False)
    if name != _STDIN:
        return check_file(name, limits=limits, strict=strict)
    try:
        # One byte past the limit is enough to know the input is too large.
        data = stdin.buffer.read(limits.max_bytes + 1)
    except (OSError, AttributeError, ValueError) as exc:
        # Closed (`<&-`), write-only or otherwise unreadable standard input.
        return unreadable(args.stdin_name, exc)
    return check_text(data, source=args.stdin_name, limits=limits, strict=strict)


def _use_color(choice: str, out: TextIO) -> bool:
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return out.isatty()


def _run_check(args: argparse.Namespace, out: TextIO, stdin: TextIO) -> int:
    from ._reporting import REPORTERS, exit_status  # noqa: PLC0415

    # Reports need only the findings: dropping each normalized config keeps the process
    # small across thousands of files.
    results = [replace(_check_one(name, args, stdin), config=None) for name in args.files]
    REPORTERS[args.format](results, out, _use_color(args.color, out))
    return exit_status(results)


def _run_summary(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    from stream_kernel.app.runtime import runtime_contract_summary  # noqa: PLC0415

    from ._reporting import REPORTERS, exit_status  # noqa: PLC0415

    result = _check_one(args.file, args, stdin)
    if result.diagnostics:
        # Findings go to stderr, so stdout stays valid JSON; warnings do not stop it.
        REPORTERS["text"]([result], err, _use_color("auto", err))
    if result.config is None:
        return exit_status([result])
    json.dump(runtime_contract_summary(result.config), out, indent=2)
    out.write("\n")
    return 0


def _run_explain(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.all:
        out.write("\n".join(explanation(code) for code in catalog()))
        return 0
    wanted = args.code.strip().upper()
    if wanted in catalog():
        out.write(explanation(wanted))
        return 0
    close = difflib.get_close_matches(wanted, list(catalog()), n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]}?)" if close else ""
    err.write(f"stream-kernel-config: unknown code {args.code!r}{hint}; see 'explain --all'\n")
    return 2


def _run_schema(args: argparse.Namespace, out: TextIO) -> int:
    if args.path:
        path = resources.files("stream_kernel.config").joinpath("schemas").joinpath(SCHEMA_FILE)
        out.write(f"{path}\n")
    else:
        out.write(schema_text())
    return 0


def _dispatch(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    if args.command == "check":
        return _run_check(args, out, stdin)
    if args.command == "summary":
        return _run_summary(args, out, err, stdin)
    if args.command == "explain":
        return _run_explain(args, out, err)
    if args.command == "lsp":
        from .lsp import serve  # noqa: PLC0415 - the optional `lsp` extra, only when asked for

        return serve(err)
    return _run_schema(args, out)


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
    out = out or sys.stdout
    err = err or sys.stderr
    stdin = stdin if stdin is not None else sys.stdin
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "check" and args.files.count(_STDIN) > 1:
        parser.error("'-' (standard input) can be given only once")
    try:
        return _dispatch(args, out, err, stdin)
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, as other Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except OSError as exc:
        # The report could not be written (a full disk, a closed stdout): not a clean run.
        with contextlib.suppress(OSError):
            err.write(f"stream-kernel-config: cannot write the report: {exc.strerror or exc}\n")
        return 2
    except KeyboardInterrupt:
        return 130
