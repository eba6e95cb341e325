"""An independent copy of a YAML/JSON-shaped document, several times cheaper than deepcopy."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

__all__ = ["UncopyableError", "json_copy"]

# Immutable leaves that YAML and JSON produce; they are shared, never copied.
_ATOMS: frozenset[type] = frozenset({str, int, float, bool, type(None)})
# A leaf container with more items than this is remembered like a branch: copying it once
# a reference would make a file of N bytes cost N * N (a long list aliased many times).
_SMALL_LEAF = 32


class UncopyableError(Exception):
    """A value in the document is not plain data and cannot be copied; says which, in words."""


def json_copy(value: Any) -> Any:  # noqa: ANN401 - documents are arbitrary YAML data
    """Copy dicts and lists; share immutable scalars; keep shared branches shared.

    A container of containers referenced twice (a YAML alias) is copied once and
    referenced twice in the copy, so a "billion laughs" document costs its size, not its
    expansion; a small shared leaf (only scalars inside) is copied per reference, a large
    one once (a copy per reference would cost its size times the references). Any
    mapping becomes a plain dict and any list a plain list (the normalized document is
    plain data). Anything else (a date or a set from YAML, a caller's own object) goes
    through ``copy.deepcopy``. A document that contains itself, or one too deep for
    Python, raises ``RecursionError``; a value deepcopy refuses raises
    ``UncopyableError``, and so does a caller's container that fails as it is read.
    """
    try:
        return _copy(value, {}, _ATOMS)
    except (RecursionError, UncopyableError):
        raise
    except Exception as exc:  # a caller's mapping or list whose __iter__, __len__... raise
        detail = "a value could not be read as plain data (reading it raised an error)"
        raise UncopyableError(detail) from exc


# `done` maps id(source container) -> its copy, for containers that hold containers and for
# large leaves: only these can multiply the work (a small shared leaf costs at most
# _SMALL_LEAF a reference, like the references themselves). Every source stays alive
# during the copy, so ids are stable.
# A branch enters `done` only once copied, so a cycle is never short-circuited: it
# recurses until RecursionError, which the validator reports.
# One function on purpose (PLR0911, PLR0912): a helper per container kind would add a call
# per container.
# `atoms` is passed explicitly: CPython 3.13.0 skips the recursion-limit check on calls that
# fill a default argument, so a self-referencing document recursed until memory ran out.
def _copy(value: Any, done: dict[int, Any], atoms: frozenset[type]) -> Any:  # noqa: ANN401, PLR0911, PLR0912
    kind = type(value)
    if kind is dict or (kind not in atoms and kind is not list and isinstance(value, Mapping)):
        if len(value) > _SMALL_LEAF and id(value) in done:  # a large one seen before
            return done[id(value)]
        # A shallow copy in C, then a pass that replaces only the container values: in a
        # config most values are scalars, so this beats a comprehension over every item.
        new: Any = dict(value)
        branch = False
        for name, item in new.items():
            if type(item) not in atoms:
                if not branch:
                    branch = True
                    seen = done.get(id(value))
                    if seen is not None:
                        return seen
                new[name] = _copy(item, done, atoms)
    elif kind is list or (kind not in atoms and isinstance(value, list)):
        if len(value) > _SMALL_LEAF and id(value) in done:
            return done[id(value)]
        new = list(value)
        branch = False
        for index, item in enumerate(new):
            if type(item) not in atoms:
                if not branch:
                    branch = True
                    seen = done.get(id(value))
                    if seen is not None:
                        return seen
                new[index] = _copy(item, done, atoms)
    elif kind in atoms:
        return value
    else:
        return _foreign(value)
    if branch or len(new) > _SMALL_LEAF:
        done[id(value)] = new
    return new


def _foreign(value: object) -> object:
    try:
        return copy.deepcopy(value)
    except RecursionError:
        raise
    except Exception as exc:  # any failure of a foreign __deepcopy__ means "not plain data"
        detail = f"a value of type {type(value).__name__} cannot be copied"
        raise UncopyableError(detail) from exc
