"""Helpers of the contract-evolution tests: the released and shipped v1
schemas, and an oracle that judges a config under two contracts without the diff's code."""

from __future__ import annotations

import copy
import functools
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from stream_kernel.config._contracts import V1
from stream_kernel.config._migrate import Migrator
from stream_kernel.config._witness import judge_under

SNAPSHOTS = Path(__file__).parent / "snapshots"
RELEASED_V1 = SNAPSHOTS / "runtime-config.v1.released.json"


def released_v1() -> dict[str, Any]:
    """Contract v1 as released (the snapshot)."""
    parsed: dict[str, Any] = json.loads(RELEASED_V1.read_text(encoding="utf-8"))
    return parsed


def shipped_v1() -> dict[str, Any]:
    """A private copy of the shipped v1 schema, for a test to edit."""
    return copy.deepcopy(dict(V1.schema()))


def changed_values(old: Any, new: Any, at: tuple[str, ...] = ()) -> list[tuple[str, ...]]:  # noqa: ANN401
    """Paths where ``old`` has a value that ``new`` lacks or holds differently (1 != 1.0)."""
    if isinstance(old, dict) and isinstance(new, dict):
        found = []
        for key, value in old.items():
            if key not in new:
                found.append((*at, key))
            else:
                found.extend(changed_values(value, new[key], (*at, key)))
        return found
    same = type(old) is type(new) and json.dumps(old, sort_keys=True) == json.dumps(
        new, sort_keys=True
    )
    return [] if same else [at]


def breaker(old: dict[str, Any], new: dict[str, Any]) -> Callable[[object], bool]:
    """A test of one config: ``old`` accepts it, and ``new`` refuses it or normalizes it so
    that a value of the old normalized document changes or goes."""
    before, after = judge_under(old), judge_under(new)

    def breaks(config: object) -> bool:
        was = before(config).normalized
        if was is None:
            return False
        now = after(config).normalized
        return now is None or bool(changed_values(was, now))

    return breaks


def at(schema: dict[str, Any], *names: str) -> dict[str, Any]:
    """The subschema of ``schema`` for the field at ``names`` (through ``properties``)."""
    node = schema
    for name in names:
        node = node["properties"][name]
    return node


IPC = ("runtime", "platform", "execution_ipc")
AUTH = (*IPC, "auth")


# A null written as a block's value, which migration may replace by the block.
_NULL_VALUE = re.compile(
    r"(?<=:)([ \t]*)(?:null|Null|NULL|~)(?=[ \t]*(?:#|,|}|\r|$))", re.MULTILINE
)
_MODELINE = re.compile(r"^# yaml-language-server: \$schema=\S*(?:\r\n|\r|\n)?", re.MULTILINE)


def only_insertions(before: str, after: str) -> bool:
    """Whether every character of ``before`` is in ``after``, in order: text was only
    inserted. A written null replaced by a block (``bootstrap: null``) and the schema
    modeline (checked apart) do not count."""
    before = _NULL_VALUE.sub(r"\1", _MODELINE.sub("", before, count=1))
    after = _MODELINE.sub("", after, count=1)
    rest = iter(after)
    return all(char in rest for char in before)


@functools.cache
def v1_to_v2() -> Migrator:
    """The v1 to v2 migrator, made once per test run (it runs the diff of the two)."""
    return Migrator("v1", "v2")
