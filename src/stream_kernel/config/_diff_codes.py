"""Error codes between two contracts: a code that changes meaning, goes, or comes.

Codes are API. A rule (an instance path and a keyword) that raised a code and stops
raising it changes what the code tells its readers; a code that leaves the catalog or
changes severity breaks every tool matching on it. A rule that gains a code (a new
condition of its own, such as a reserved value) keeps its old meaning.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Final

from ._schema import CATALOG_KEYWORD, CODE_KEYWORD
from .diagnostics import dotted

__all__ = ["code_changes"]

Path = tuple[str, ...]

_CHANGED, _UNUSED, _NEW = "SK-DIFF-107", "SK-DIFF-122", "SK-DIFF-145"
# Any key of a map (additionalProperties), as finding paths show it.
_ANY: Final = "*"


def _raised(schema: object, at: Path = ()) -> Iterator[tuple[Path, str, str]]:
    """(instance path, keyword, code) of every coded rule, whatever condition it is under."""
    if not isinstance(schema, Mapping):
        return
    for keyword, code in schema.get(CODE_KEYWORD, {}).items():
        yield at, keyword, code
    for name, sub in schema.get("properties", {}).items():
        yield from _raised(sub, (*at, name))
    yield from _raised(schema.get("additionalProperties"), (*at, _ANY))
    for branch in ("then", "else"):
        yield from _raised(schema.get(branch), at)
    for item in schema.get("allOf", ()):
        yield from _raised(item, at)


def code_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[tuple[str, str, str]]:
    """(finding code, path, detail) for each error code that changes meaning, goes or comes,
    between two schemas with their references written out."""
    before: dict[tuple[Path, str], set[str]] = {}
    after: dict[tuple[Path, str], set[str]] = {}
    for table, tree in ((before, old), (after, new)):
        for at, keyword, code in _raised(tree):
            table.setdefault((at, keyword), set()).add(code)
    for (at, keyword), codes in sorted(before.items()):
        if (at, keyword) in after and not codes <= after[(at, keyword)]:
            now = ", ".join(sorted(after[(at, keyword)]))
            was = ", ".join(sorted(codes))
            yield _CHANGED, dotted(at), f"its {keyword} rule raised {was}, now {now}"
    old_catalog: Mapping[str, Any] = old.get(CATALOG_KEYWORD, {})
    new_catalog: Mapping[str, Any] = new.get(CATALOG_KEYWORD, {})
    still = {code for codes in after.values() for code in codes}
    for code, entry in old_catalog.items():
        if code not in new_catalog:
            yield _CHANGED, "", f"{code} is no longer in the catalog"
        elif entry.get("severity") != new_catalog[code].get("severity"):
            yield _CHANGED, "", f"{code} is now a {new_catalog[code].get('severity')}"
        elif code not in still and any(code in codes for codes in before.values()):
            yield _UNUSED, "", f"{code} stays in the catalog, but no rule raises it"
    for code in new_catalog:
        if code not in old_catalog:
            yield _NEW, "", code
