"""Where each alias used as a mapping key is written, read from the parser's events.

The composed node graph replaces an alias by its anchor's node, and with it the
position: a key written as ``*k`` would be reported where ``&k`` is. :func:`alias_keys`
reads the parser's events a second time, only when the text may hold such a key, and
gives the builder where each one is written.
"""

from __future__ import annotations

import re
from typing import Final, cast

import yaml

__all__ = ["alias_keys"]

# Text that may be an alias used as a key (`*k : v`, `{*k : v}`, `? *k`): only then are
# the parser's events read a second time, to find where each such alias is written.
_ALIAS_KEY: Final = re.compile(r"\*[^\s,\[\]{}:]+\s*:|\?\s+\*")


def alias_keys(text: str, parser: type[yaml.SafeLoader]) -> dict[tuple[int, int], yaml.Mark]:
    """Where each alias used as a mapping key is written, by (the mapping's start offset,
    the entry's number in it): the composer replaces an alias by its anchor's node, and
    with it the position. Read from the parser's events, for a text that composed.
    """
    found: dict[tuple[int, int], yaml.Mark] = {}
    if not _ALIAS_KEY.search(text):
        return found  # no alias before a `:` (nor after a `?`): no alias is a key
    # One frame an open mapping or list: [the mapping's start offset, entries so far,
    # the next node is a key] (None for a list).
    frames: list[list[int] | None] = []
    for event in yaml.parse(text, Loader=parser):
        mark = event.start_mark
        if mark is None:  # pragma: no cover - both parsers mark every event
            continue
        if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            if isinstance(event, yaml.MappingStartEvent):
                frames.append([mark.index, 0, 1])
            else:
                frames.append(None)
            continue
        if isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            frames.pop()
        elif not isinstance(event, yaml.ScalarEvent | yaml.AliasEvent):
            continue
        frame = frames[-1] if frames else None
        if frame is None:
            continue
        start, entries, at_key = frame
        if at_key and isinstance(event, yaml.AliasEvent):
            # libyaml's events carry its own Mark type, with the same fields.
            found[(start, entries)] = cast("yaml.Mark", mark)
        frame[1:] = [entries, 0] if at_key else [entries + 1, 1]
    return found
