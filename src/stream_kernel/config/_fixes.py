"""The one fix a contract change admits without a person: the old value, written out.

When a new contract changes a default, or requires a field the old one filled in, a
config that leaves the field out changes meaning or stops validating. Writing the value
the old contract's defaults pass gave that field makes the config say explicitly what it
meant, and changes nothing under the old contract (a written default is the default).
The contract diff uses this to tell a break's consequences from the break itself; the
migration writes exactly these values.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Final

__all__ = ["ANY_KEY", "Path", "matching_paths", "omits", "unshared", "write_old_values"]

Path = tuple[str, ...]

#: In a finding's path, stands for any key of a block or map.
ANY_KEY: Final = "*"


def matching_paths(document: object, pattern: Path, at: Path = ()) -> Iterator[Path]:
    """The paths of ``document`` that ``pattern`` names (``*`` matches any key)."""
    if not pattern:
        yield at
        return
    if not isinstance(document, Mapping):
        return
    head, rest = pattern[0], pattern[1:]
    names = [str(k) for k in document] if head == ANY_KEY else [head]
    for name in names:
        if name in document:
            yield from matching_paths(document[name], rest, (*at, name))


def omits(document: object, at: Path) -> bool:
    """Whether ``document`` leaves ``at`` out: the field, or a block on the way, is absent
    or an empty block (null). A value of another kind on the way is not an omission."""
    node = document
    for name in at:
        if node is None:
            return True
        if not isinstance(node, Mapping):
            return False
        if name not in node:
            return True
        node = node[name]
    return False


def _value(document: Mapping[str, Any], at: Path) -> Any:  # noqa: ANN401 - any config value
    node: Any = document
    for name in at:
        node = node[name]
    return node


def unshared(value: Any) -> Any:  # noqa: ANN401 - any config value
    """A copy in which no two paths share a block: a value written at one path of it is
    at that path only (a YAML alias shares a block between paths)."""
    if isinstance(value, Mapping):
        return {key: unshared(sub) for key, sub in value.items()}
    if isinstance(value, list):
        return [unshared(item) for item in value]
    return value


def write_old_values(
    document: Mapping[str, Any], old_normalized: Mapping[str, Any], patterns: list[Path]
) -> tuple[dict[str, Any], tuple[Path, ...]]:
    """``document`` with the old contract's values written wherever it omits a field
    that ``patterns`` name, and the paths written; ``document`` itself is unchanged.

    ``old_normalized`` is the old contract's normalized copy of ``document``. Blocks on
    the way that are absent or null become blocks holding the written field.
    """
    fixed: dict[str, Any] = unshared(document)
    written: list[Path] = []
    for pattern in patterns:
        for at in matching_paths(old_normalized, pattern):
            if at in written or not omits(fixed, at):
                continue
            node = fixed
            for name in at[:-1]:
                if not isinstance(node.get(name), dict):
                    node[name] = {}
                node = node[name]
            node[at[-1]] = unshared(_value(old_normalized, at))
            written.append(at)
    return fixed, tuple(written)
