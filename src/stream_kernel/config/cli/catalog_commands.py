"""The commands that show what the package holds: ``explain`` (a code: what it means, why,
a failing example and the fix) and ``schema`` (a contract's bundled JSON Schema)."""

from __future__ import annotations

import argparse
import difflib
from collections.abc import Mapping
from importlib import resources

from .._catalog import catalog, combined_catalog, contracts_defining, evolution_catalog, explanation
from .._contracts import DEFAULT_CONTRACT, contract_named
from .options import add_contract, asked_contract
from .streams import Streams

__all__ = ["explain_arguments", "run_explain", "run_schema", "schema_arguments"]


# ---------------------------------------------------------------------------------------
# explain


def explain_arguments(parser: argparse.ArgumentParser) -> None:
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("code", nargs="?", metavar="CODE", help="e.g. BOOT-CFG-03, SK-DIFF-104")
    which.add_argument("--all", action="store_true", help="explain every code")
    add_contract(
        parser,
        help_text="the contract whose wording to show (default: the default contract's, else "
        "that of the first contract that has the code)",
        default=None,
    )


def _known(args: argparse.Namespace) -> Mapping[str, Mapping[str, str]]:
    """The codes ``explain`` knows: the asked contract's and the tool's, or every code;
    the contract diff's codes in either case."""
    asked = asked_contract(args)
    return {**(combined_catalog() if asked is None else catalog(asked)), **evolution_catalog()}


def run_explain(args: argparse.Namespace, streams: Streams) -> int:
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


def schema_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--path", action="store_true", help="print the schema file's path instead, for editors"
    )
    add_contract(
        parser,
        help_text="the contract whose schema to print (default: %(default)s)",
        default=DEFAULT_CONTRACT.name,
    )


def run_schema(args: argparse.Namespace, streams: Streams) -> int:
    contract = contract_named(args.contract)
    if args.path:
        schemas = resources.files("stream_kernel.config").joinpath("schemas")
        streams.out.write(f"{schemas.joinpath(contract.schema_file)}\n")
    else:
        streams.out.write(contract.schema_text())
    return 0
