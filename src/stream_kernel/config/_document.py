"""Reading a config document: the value at a key path, whatever the document holds; and
paths with :data:`ANY_KEY`, which stands for every key of a map.

>>> value_at({"runtime": {"platform": {"bootstrap": {"mode": "inline"}}}},
...          ("runtime", "platform", "bootstrap", "mode"))
'inline'
>>> value_at({"runtime": None}, ("runtime", "platform")) is None
True
>>> list(paths_matching({"per_group": {"a": {}, "b": None}}, ("per_group", ANY_KEY, "x")))
[('per_group', 'a', 'x'), ('per_group', 'b', 'x')]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Final

__all__ = ["ANY_KEY", "path_matches", "paths_matching", "value_at"]

#: In a path read from a schema, the key of any entry of a map (a mapping whose keys are
#: names chosen by the user, such as process group names): ``per_group.*.enabled``.
ANY_KEY: Final = "*"


def value_at(document: object, parts: Iterable[object]) -> object:
    """The value at ``parts`` (keys from the document root), ``None`` where there is none.

    An absent key, a null, and a non-mapping on the way all give ``None``: the document
    may be a caller's raw data, not yet validated. Never raises, whatever the data: a
    caller's mapping whose lookup fails counts as not holding the key.
    """
    for part in parts:
        if not isinstance(document, Mapping):
            return None
        try:
            document = document.get(part)
        except Exception:  # noqa: BLE001 - a caller's mapping may fail any way it likes
            return None
    return document


def paths_matching(document: object, pattern: Sequence[object]) -> Iterator[tuple[object, ...]]:
    """Each path of ``document`` that ``pattern`` names: :data:`ANY_KEY` becomes every key
    of the mapping found there (none when it is not a mapping); other parts are kept as
    they are, present in the document or not. Never raises, whatever the data."""
    if ANY_KEY not in pattern:
        yield tuple(pattern)
        return
    cut = list(pattern).index(ANY_KEY)
    head = tuple(pattern[:cut])
    found = value_at(document, head)
    if not isinstance(found, Mapping):
        return
    try:
        keys = list(found)
    except Exception:  # noqa: BLE001 - a caller's mapping may fail any way it likes
        return
    for key in keys:
        for rest in paths_matching(value_at(found, (key,)), pattern[cut + 1 :]):
            yield (*head, key, *rest)


def path_matches(pattern: Sequence[object], path: Sequence[object]) -> bool:
    """Whether ``path`` is one of the paths ``pattern`` names (:data:`ANY_KEY` matches any key)."""
    return len(pattern) == len(path) and all(
        want == ANY_KEY or _same(want, got) for want, got in zip(pattern, path, strict=True)
    )


def _same(want: object, got: object) -> bool:
    try:
        return bool(want == got)
    except Exception:  # noqa: BLE001 - a caller's key whose __eq__ fails is not ours
        return False
