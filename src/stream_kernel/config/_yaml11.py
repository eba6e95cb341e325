"""YAML 1.1 implicit conversions: unquoted text PyYAML reads as something else than you wrote.

PyYAML resolves plain scalars with YAML 1.1's rules; YAML 1.2 (and most editors and
tools) reads the same text differently. Where an owned field's value came from one of
these forms, the diagnostic quotes the source text, so ``kdf: no`` explains itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from yaml.nodes import Node, ScalarNode

from ._builder import TAG as _TAG
from ._messages import SHOWN_CHARS

__all__ = ["conversion"]

# How YAML 1.2's core schema (what most other tools follow) reads plain text: a bool,
# an int, a float, or else a string. A value PyYAML reads differently is a conversion.
_AS_TEXT: Final = object()
_SAME: Final = object()  # read alike, though NaN is not equal to itself
_BOOLS_1_2: Final = {"true": True, "True": True, "TRUE": True}
_BOOLS_1_2.update({"false": False, "False": False, "FALSE": False})
_READS_1_2: Final[tuple[tuple[re.Pattern[str], Callable[[str], object]], ...]] = (
    (re.compile(r"true|True|TRUE|false|False|FALSE"), _BOOLS_1_2.__getitem__),
    (re.compile(r"[-+]?[0-9]+"), int),
    (re.compile(r"0o[0-7]+"), lambda text: int(text[2:], 8)),
    (re.compile(r"0x[0-9a-fA-F]+"), lambda text: int(text[2:], 16)),
    (re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?"), float),
    (re.compile(r"[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)"), lambda _: _SAME),
)


def _yaml_1_2(text: str) -> object:
    for pattern, read in _READS_1_2:
        if pattern.fullmatch(text):
            return read(text)
    return _AS_TEXT


_KINDS: Final = {
    _TAG + "bool": "the boolean",
    _TAG + "int": "the number",
    _TAG + "float": "the number",
    _TAG + "timestamp": "a date",
}


def conversion(node: Node | None, value: object, *, quoted: bool = True) -> str | None:
    """How YAML 1.1 converted ``node``'s unquoted text into ``value``; ``None`` if it did not.

    With ``quoted=False`` neither the text nor the value is shown, only the kind of
    conversion (for a value that is never shown).

    >>> from yaml import compose
    >>> conversion(compose("no"), False)
    "YAML 1.1 reads the unquoted 'no' as the boolean false"
    """
    if not isinstance(node, ScalarNode) or node.style or node.tag not in _KINDS:
        return None
    text: str = node.value
    if len(text) > SHOWN_CHARS:
        return None
    elsewhere = _yaml_1_2(text)
    if elsewhere is _SAME or (type(elsewhere) is type(value) and elsewhere == value):
        return None
    kind = _KINDS[node.tag]
    if not quoted:
        noun = {"the boolean": "a boolean", "the number": "a number"}.get(kind, kind)
        return f"YAML 1.1 reads this unquoted text as {noun}"
    shown = ("true" if value else "false") if isinstance(value, bool) else str(value)
    if kind == "a date":
        return f"YAML 1.1 reads the unquoted {text!r} as a date"
    return f"YAML 1.1 reads the unquoted {text!r} as {kind} {shown}"
