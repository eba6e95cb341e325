"""What the Hypothesis strategies share: the space drawn from and the schema's vocabulary.

A :class:`Space` is a contract's schema and a profile of it; the profiles are told apart
by the paths below. The keywords the strategies understand are checked here, so that a
schema that outgrows them fails loudly when a strategy is built.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from hypothesis import strategies as st

from ._compiled import compile_predicate
from ._contracts import Contract
from ._schema import ANNOTATIONS, BRANCHES, UNDERSTOOD_KEYWORDS, resolve_ref, type_names
from .diagnostics import dotted

__all__ = [
    "IPC",
    "MODE",
    "PLATFORM",
    "SUPERVISED",
    "TRANSPORTS",
    "Path",
    "Profile",
    "Schema",
    "Space",
    "any_keys",
    "candidates",
    "check_keywords",
    "json_data",
    "types_of",
]

#: ``memory``: no ``execution_ipc`` block (absent or empty), so bootstrap is inline.
#: ``tcp_local``: an ``execution_ipc`` block whose transport is ``tcp_local`` (written
#: or defaulted), and a bootstrap mode other than ``process_supervisor``.
#: ``process_supervisor``: an ``execution_ipc`` block and the supervisor bootstrap mode,
#: written. Contract v2 only: ``ipc_local``, as ``tcp_local`` with the ``ipc_local``
#: transport; ``process_groups``, non-empty process groups and no bootstrap mode
#: written, so the mode defaults to ``process_supervisor``.
Profile = Literal["memory", "tcp_local", "ipc_local", "process_supervisor", "process_groups"]

Path = tuple[str, ...]
Schema = Mapping[str, Any]

# Where the profile is decided: the memory profile is the absence of this block
# (docs/decisions.md); the transport profiles are its transport; the supervisor profiles
# make the platform's condition that requires it hold, with or without a written mode.
# A test holds the schemas to having them.
PLATFORM: Final[Path] = ("runtime", "platform")
IPC: Final[Path] = (*PLATFORM, "execution_ipc")
MODE: Final[Path] = ("bootstrap", "mode")
TRANSPORTS: Final[frozenset[str]] = frozenset({"tcp_local", "ipc_local"})
SUPERVISED: Final[frozenset[str]] = frozenset({"process_supervisor", "process_groups"})

# Every keyword the strategies know how to satisfy and to break: the annotations, which
# change no verdict, and the keywords the compiled check also understands. Anything else
# in the schema raises NotImplementedError when a strategy is built.
_UNDERSTOOD: Final = ANNOTATIONS | UNDERSTOOD_KEYWORDS


def json_data(*, max_leaves: int = 8) -> st.SearchStrategy[Any]:
    """Arbitrary JSON-like data (the public ``json_values``)."""
    scalars = (
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats(allow_nan=False, allow_infinity=False)
        | st.text(max_size=12)
    )
    return st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(any_keys(), inner, max_size=4),
        max_leaves=max_leaves,
    )


def any_keys() -> st.SearchStrategy[str]:
    return st.text(max_size=12)


def check_keywords(schema: Schema, at: Path) -> None:
    unknown = set(schema) - _UNDERSTOOD
    if unknown:
        raise NotImplementedError(
            f"the schema at {dotted(at) or '(root)'} uses {sorted(unknown)}:"
            " stream_kernel.config.strategies must learn to generate for it"
        )


def types_of(schema: Schema) -> frozenset[str]:
    return frozenset(type_names(schema.get("type", ())))


@dataclass(frozen=True)
class Space:
    """What a strategy is drawn for: a contract's schema, and a profile of it."""

    contract: Contract
    profile: Profile | None
    # Locations of the references being followed, so that a schema that refers to
    # itself is refused rather than followed without end.
    following: tuple[Path, ...] = field(default=(), compare=False)

    @property
    def root(self) -> Schema:
        return self.contract.schema()

    def resolved(self, schema: Schema) -> Schema:
        """``schema``, or the schema its ``$ref`` points at (draft-07: siblings ignored)."""
        while "$ref" in schema:
            _, schema = resolve_ref(self.root, schema["$ref"])
        return schema

    def check(self, schema: Schema) -> Callable[[object], bool]:
        """The contract's verdict on ``schema`` (a part of its schema), compiled."""
        return compile_predicate(schema, root=self.root, finite=self.contract.finite_numbers)

    def free(self) -> Space:
        """The same contract without a profile: for map entries, which no profile shapes."""
        return Space(self.contract, None)


def candidates(schema: Schema) -> list[Any]:
    """The constants a scalar's branches name (a transport's accepted values)."""
    found: list[Any] = []
    for branch in BRANCHES:
        sub = schema.get(branch, {})
        found += sub.get("enum", []) + ([sub["const"]] if "const" in sub else [])
    return list(dict.fromkeys(found))
