"""The options several commands share: ``--contract``, the input limits, ``--color``."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from typing import Final, TextIO

from .._contracts import CONTRACTS, DEFAULT_CONTRACT, Contract, contract_named
from ..loader import DEFAULT_LIMITS, MAX_DEPTH_CEILING, Limits

__all__ = [
    "CHOSEN_BY_FILE",
    "add_contract",
    "add_limits",
    "asked_contract",
    "limits_of",
    "use_color",
]


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


def add_limits(parser: argparse.ArgumentParser) -> None:
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


def limits_of(args: argparse.Namespace) -> Limits:
    return Limits(**{name: getattr(args, name) for name, _ in _LIMIT_FLAGS})


#: How --contract reads for a command that checks files.
CHOSEN_BY_FILE: Final = (
    "(default: the contract the file's yaml-language-server modeline names, else "
    f"{DEFAULT_CONTRACT.name}); when given, a modeline naming another contract is SK-CFG-501"
)


def add_contract(parser: argparse.ArgumentParser, *, help_text: str, default: str | None) -> None:
    parser.add_argument("--contract", choices=list(CONTRACTS), default=default, help=help_text)


def asked_contract(args: argparse.Namespace) -> Contract | None:
    name: str | None = args.contract
    return None if name is None else contract_named(name)


def use_color(choice: str, out: TextIO) -> bool:
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return out.isatty()
