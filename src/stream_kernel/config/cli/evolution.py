"""The commands between contracts: ``diff OLD NEW`` and ``migrate --to NEW FILE...``.

``diff`` compares two contracts by meaning (docs/evolution.md): exit 0 without a
breaking change, 1 with one, 2 when a contract cannot be read or compared.
``migrate`` rewrites config files so that the next contract reads them as the old one
did: without ``--write`` it prints the change as a unified diff (exit 1 when a file
would change, 0 when none would); with it, it replaces each file atomically (exit 0).
A file the old contract refuses is left alone with its diagnostics (exit 1); a file
that cannot be read or migrated safely exits 2.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import json
import os
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from .._reading import read_file
from ..check import CheckResult, check_text
from ..diagnostics import ConfigError
from ..loader import DEFAULT_LIMITS, JSON_SUFFIX
from .diff_formats import DIFF_FORMATS, DiffReport, Side
from .formats import shown_name, write_text

# The diff engine and the migrator are imported by the commands that use them, when they
# run: every other command (``check`` in a pre-commit hook) starts without them.
if TYPE_CHECKING:
    from .._migrate import Migration, Migrator

__all__ = [
    "diff_arguments",
    "migrate_arguments",
    "run_diff",
    "run_migrate",
]

_PROG: Final = "stream-kernel-config"
# A contract schema is a few dozen kilobytes; anything far larger is not one.
_MAX_SCHEMA_BYTES: Final = 8 * 1024 * 1024
#: The contracts ``migrate`` goes between: from the first to the second.
MIGRATION: Final = ("v1", "v2")


class _Unusable(Exception):  # noqa: N818 - not an error of the program: a reason to exit 2
    """A contract that cannot be read or compared; the message says why."""


# ---------------------------------------------------------------------------------------
# diff


def diff_arguments(parser: argparse.ArgumentParser) -> None:
    for name, which in (("old", "the contract before"), ("new", "the contract after")):
        parser.add_argument(
            name,
            metavar=name.upper(),
            help=f"{which}: a bundled contract's name (v1, v2) or a schema file",
        )
    parser.add_argument(
        "--format",
        choices=sorted(DIFF_FORMATS),
        default="text",
        help="output format (default: %(default)s)",
    )
    parser.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour in text output; auto: on a terminal unless NO_COLOR is set",
    )


def _is_bundled(name: str) -> bool:
    from .._migrate import bundled_schema  # noqa: PLC0415 - see the imports

    try:
        bundled_schema(name)
    except ValueError:
        return False
    return True


def _contract(argument: str) -> tuple[Side, Mapping[str, Any]]:
    """A contract named on the command line, and its parsed schema.

    A bundled contract's name wins over a file of that name (write ``./v1`` for the file).
    """
    if _is_bundled(argument):
        from .._migrate import bundled_schema  # noqa: PLC0415 - see the imports

        schema = bundled_schema(argument)
        return Side(argument, str(schema.get("$id", ""))), schema
    shown = shown_name(argument)
    try:
        with open(argument, "rb") as file:  # noqa: PTH123 - any path, as given
            data = file.read(_MAX_SCHEMA_BYTES + 1)
    except OSError as exc:
        raise _Unusable(f"cannot read {shown}: {exc.strerror or type(exc).__name__}") from None
    if len(data) > _MAX_SCHEMA_BYTES:
        raise _Unusable(f"{shown} is larger than {_MAX_SCHEMA_BYTES:,} bytes: not a schema")
    try:
        schema = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise _Unusable(f"{shown} is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise _Unusable(
            f"{shown} is not JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None
    except RecursionError:
        raise _Unusable(f"{shown} nests too deeply to be a schema") from None
    if not isinstance(schema, dict):
        raise _Unusable(f"{shown} is not a JSON Schema: its top level is not an object")
    _check_schema(shown, schema)
    return Side(argument, str(schema.get("$id", "")), argument), schema


def _check_schema(shown: str, schema: Mapping[str, Any]) -> None:
    from jsonschema import Draft7Validator  # noqa: PLC0415 - only a schema file needs it
    from jsonschema.exceptions import best_match  # noqa: PLC0415

    error = best_match(Draft7Validator(Draft7Validator.META_SCHEMA).iter_errors(schema))
    if error is not None:
        # A JSON pointer into the schema file: where to look.
        where = "".join(f"/{p}" for p in error.absolute_path) or "/"
        raise _Unusable(f"{shown} is not a draft-07 schema: at {where}: {error.message}")


def _use_color(choice: str, out: Any) -> bool:  # noqa: ANN401 - any text stream
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return bool(out.isatty())


def run_diff(args: argparse.Namespace, out: Any, err: Any) -> int:  # noqa: ANN401 - streams
    from .._diff import diff  # noqa: PLC0415 - see the imports

    try:
        old_side, old = _contract(args.old)
        new_side, new = _contract(args.new)
        try:
            findings = diff(old, new)
        except Exception as exc:  # noqa: BLE001 - whatever stops the engine, the input is unusable
            raise _Unusable(
                f"cannot compare {shown_name(args.old)} with {shown_name(args.new)}: {exc}"
            ) from None
    except _Unusable as exc:
        err.write(f"{_PROG}: {exc}\n")
        return 2
    report = DiffReport(old_side, new_side, findings)
    DIFF_FORMATS[args.format](report, out, color=_use_color(args.color, out))
    return 1 if report.count("error") else 0


# ---------------------------------------------------------------------------------------
# migrate


def migrate_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="a YAML config file")
    parser.add_argument(
        "--to",
        required=True,
        choices=MIGRATION[1:],
        help=f"the contract to migrate to (from {MIGRATION[0]}, the only path today)",
    )
    parser.add_argument(
        "--write",
        action="store_true",
        help="replace each file with its migrated text; without it, print a unified diff",
    )


@dataclass(frozen=True, slots=True)
class _Outcome:
    status: int
    migrated: bool = False


_LINE: Final = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def _lines(text: str) -> list[str]:
    return _LINE.findall(text)


def _unified(migration: Migration, name: str) -> str:
    shown = shown_name(name)
    lines = difflib.unified_diff(
        _lines(migration.before), _lines(migration.after), fromfile=shown, tofile=shown
    )
    # A last line without a line break is marked as diff(1) marks it.
    return "".join(
        line if line.endswith(("\n", "\r")) else f"{line}\n\\ No newline at end of file\n"
        for line in lines
    )


def _replace(path: str, text: str) -> None:
    """Write ``text`` over ``path`` atomically: a temporary file beside it, then a rename.

    The file keeps its mode; a symbolic link keeps pointing at the file, which is
    replaced.
    """
    target = Path(path).resolve()
    mode = target.stat().st_mode & 0o7777
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=".migrate-", suffix=".tmp")
    temporary = Path(name)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(text.encode("utf-8"))
            file.flush()
            os.fsync(file.fileno())
        temporary.chmod(mode)
        temporary.replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def _read(name: str) -> str | CheckResult:
    """The file's text, or the check's result when it cannot be read or decoded."""
    try:
        data = read_file(name, DEFAULT_LIMITS)
    except ConfigError as refused:
        return CheckResult(name, refused.diagnostics)
    if len(data) > DEFAULT_LIMITS.max_bytes:
        return check_text(data, source=name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return check_text(data, source=name)  # SK-CFG-308 with its position


def _text_of(name: str, err: Any) -> str | _Outcome:  # noqa: ANN401 - a text stream
    """The file's text, or the outcome for a file that is not YAML text to migrate."""
    if name.lower().endswith(JSON_SUFFIX):
        # JSON has no comments for a modeline, and the loader reads it as JSON, not YAML.
        err.write(f"{_PROG}: {shown_name(name)}: migrate rewrites YAML files; edit JSON by hand\n")
        return _Outcome(2)
    text = _read(name)
    if isinstance(text, CheckResult):
        write_text([text], err, color=False)
        return _Outcome(1 if text.readable else 2)
    return text


def _migrate_one(
    migrator: Migrator,
    name: str,
    write: bool,
    out: Any,  # noqa: ANN401 - a text stream
    err: Any,  # noqa: ANN401
) -> _Outcome:
    from .._migrate import MigrationError  # noqa: PLC0415 - see the imports

    text = _text_of(name, err)
    if isinstance(text, _Outcome):
        return text
    try:
        migration = migrator.migrate(text, source=name)
    except MigrationError as exc:
        err.write(f"{_PROG}: {shown_name(name)}: {exc}\n")
        return _Outcome(2)
    if migration.refused is not None:
        # Findings go to stderr, so stdout stays a patch; the same lines as `check`.
        write_text([migration.refused], err, color=False)
        return _Outcome(1)
    if not migration.changed:
        return _Outcome(0)
    if not write:
        out.write(_unified(migration, name))
        return _Outcome(1, migrated=True)
    return _written(name, migration, err)


def _written(name: str, migration: Migration, err: Any) -> _Outcome:  # noqa: ANN401 - a stream
    try:
        _replace(name, migration.after)
    except OSError as exc:
        err.write(f"{_PROG}: {shown_name(name)}: cannot write: {exc.strerror or exc}\n")
        return _Outcome(2)
    return _Outcome(0, migrated=True)


def run_migrate(args: argparse.Namespace, out: Any, err: Any) -> int:  # noqa: ANN401 - streams
    from .._migrate import Migrator  # noqa: PLC0415 - see the imports

    migrator = Migrator(MIGRATION[0], args.to)
    outcomes = [_migrate_one(migrator, name, args.write, out, err) for name in args.files]
    count = sum(o.migrated for o in outcomes)
    done = "migrated" if args.write else "would be migrated"
    files = "file" if count == 1 else "files"
    err.write(f"{count} {files} {done} to {args.to}, {len(outcomes) - count} left unchanged\n")
    return max(o.status for o in outcomes)
