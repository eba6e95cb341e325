"""What a message may never show: where the secret can be, decided by where a value came from.

Never echoed: anything written under the secret's block (``auth``: its values and its
keys), and a scalar given where a block belongs (``auth: <the secret>``,
``execution_ipc: <the secret>``). Such a value is named by its kind and length. The
decision is made where a message is built, from the offending value's path and origin;
no message is ever searched for the secret's text afterwards (that would hide an
innocent value equal to the secret, and say what the secret is).

A value reaches another field through a YAML alias (``kdf: *secret``) or a shared object
in Python: both give the same object twice, so a value is also hidden when it *is* one
written under the secret's block. A source (``check``) can add what it knows of its own
nodes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Final

from ._contracts import V1, Contract
from ._document import path_matches, paths_matching, value_at
from ._schema import iter_subschemas

__all__ = [
    "Exposure",
    "block_paths",
    "exposure_of",
    "nothing_written",
    "secret_blocks",
    "secret_paths",
    "under_secret_block",
]

_Path = tuple[object, ...]
# What the walk under a secret's block remembers by identity: whatever can carry text or
# a number elsewhere through an alias.
_KEPT: Final = (str, int, float, dict, list)


@cache
def secret_paths(contract: Contract) -> frozenset[tuple[str, ...]]:
    """Where ``contract``'s schema puts a secret (``writeOnly``), wherever it is reached
    from (a ``$ref`` used in two blocks gives two paths; a map entry's key is ``ANY_KEY``)."""
    return frozenset(
        at for at, _, s in iter_subschemas(contract.schema()) if s.get("writeOnly") is True
    )


@cache
def secret_blocks(contract: Contract) -> frozenset[tuple[str, ...]]:
    """The blocks that hold a secret: nothing written inside them is ever shown."""
    return frozenset(path[:-1] for path in secret_paths(contract))


@cache
def block_paths(contract: Contract) -> frozenset[tuple[str, ...]]:
    """Where the schema wants a block (a mapping): a scalar there is never shown."""
    found = set()
    for at, _, schema in iter_subschemas(contract.schema()):
        declared = schema.get("type")
        if declared == "object" or (isinstance(declared, list) and "object" in declared):
            found.add(at)
    return frozenset(found)


def under_secret_block(path: _Path, contract: Contract = V1) -> bool:
    """Whether ``path`` is strictly inside a block that holds a secret."""
    try:
        return any(
            len(path) > len(b) and path_matches(b, path[: len(b)]) for b in secret_blocks(contract)
        )
    except Exception:  # noqa: BLE001 - a caller's key that cannot be compared: hide
        return True


def _never(_: _Path) -> bool:
    return False


@dataclass(frozen=True, slots=True)
class Exposure:
    """Where one document's values came from, as far as hiding them is concerned.

    ``written`` holds the ids of the strings, numbers and containers written under a secret's
    block of the document (alive while it is checked); ``aliased`` says whether the value
    at a path is, in the source, a node written under such a block. ``contract`` says
    where the secret's blocks and the other blocks are.
    """

    contract: Contract = V1
    written: frozenset[int] = frozenset()
    aliased: Callable[[_Path], bool] = field(default=_never, compare=False)

    def hides_value(self, path: _Path, value: object) -> bool:
        """Whether the value at ``path`` is never shown (only its kind)."""
        if under_secret_block(path, self.contract) or self._written(value) or self.aliased(path):
            return True
        # A scalar where a block belongs (null is an empty block, and shows nothing).
        if isinstance(value, dict | list | None):
            return False
        try:
            return any(path_matches(b, path) for b in block_paths(self.contract))
        except Exception:  # noqa: BLE001 - a caller's key that cannot be compared: hide
            return True

    def hides_key(self, path: _Path, mapping: object, key: object) -> bool:
        """Whether ``key`` of the mapping at ``path`` is never shown."""
        inside = under_secret_block((*path, key), self.contract) or self.aliased(path)
        return inside or self._written(mapping) or self._written(key)

    def written_under_a_secret(self, value: object) -> bool:
        """Whether ``value`` is one of the objects written under a secret's block: a key
        that is, for one, the secret's anchor used as a key elsewhere."""
        return self._written(value)

    def _written(self, value: object) -> bool:
        # Not booleans or null: singletons, the same object everywhere, and they show no text.
        kept = isinstance(value, _KEPT) and not isinstance(value, bool)
        return kept and id(value) in self.written


def nothing_written(contract: Contract = V1) -> Exposure:
    """For a document whose values came from nowhere in particular: the path rules only."""
    return Exposure(contract)


def exposure_of(
    document: object, contract: Contract = V1, aliased: Callable[[_Path], bool] = _never
) -> Exposure:
    """The exposure of ``document``: every string and container under a secret's block."""
    written: set[int] = set()
    try:
        pending = [
            value_at(document, path)
            for block in secret_blocks(contract)
            for path in paths_matching(document, block)
        ]
        while pending:
            value = pending.pop()
            if not isinstance(value, _KEPT) or isinstance(value, bool) or id(value) in written:
                continue  # each shared container once: the walk follows the document's size
            written.add(id(value))
            if isinstance(value, dict):
                pending.extend(value.values())
            elif isinstance(value, list):
                pending.extend(value)
    except Exception:  # noqa: BLE001, S110 - a caller's container that cannot be read: the
        pass  # path rules still hide everything inside the block
    return Exposure(contract, frozenset(written), aliased)
