"""Reading a config document: the value at a key path, whatever the document holds.

>>> value_at({"runtime": {"platform": {"bootstrap": {"mode": "inline"}}}},
...          ("runtime", "platform", "bootstrap", "mode"))
'inline'
>>> value_at({"runtime": None}, ("runtime", "platform")) is None
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

__all__ = ["value_at"]


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
