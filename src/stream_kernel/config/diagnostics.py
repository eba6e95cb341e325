"""Diagnostics: what the validator reports, as frozen values, and the error that carries them.

>>> d = Diagnostic("BOOT-CFG-01", ("runtime", "platform", "bootstrap", "mode"), "unsupported")
>>> d.path
'runtime.platform.bootstrap.mode'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

__all__ = ["ConfigError", "Diagnostic", "HiddenKey", "Severity", "dotted", "part_text"]

Severity = Literal["error", "warning"]


# Beyond this an int has no str() in Python 3.11+ (and is no sensible key anyway).
_MAX_KEY_BITS = 256


@dataclass(frozen=True, slots=True)
class HiddenKey:
    """A path part standing for a key that is never shown (a key written under ``auth``).

    ``kind`` names it without showing it (``a 14-character string``); ``index`` is its
    place among its mapping's keys, which is enough to find it in a source and reveals
    nothing of it.
    """

    kind: str
    index: int

    def __str__(self) -> str:
        return f"<{self.kind}>"


def part_text(part: object) -> str:
    """One key of a path as text; never raises, whatever the key's type."""
    if type(part) is str:
        return part
    if isinstance(part, str):  # a caller's subclass: its text, not what its __str__ says
        return str.__getitem__(part, slice(None))
    if isinstance(part, int) and part.bit_length() > _MAX_KEY_BITS:
        return "<a very large integer>"
    try:
        return str(part)
    except Exception:  # noqa: BLE001 - a caller's key whose __str__ fails still needs a name
        return f"<{type(part).__name__}>"


def dotted(parts: Iterable[object]) -> str:
    """The dotted form of a key path, ``""`` for the document root."""
    return ".".join(map(part_text, parts))


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding about a config: a stable code, where it is, and what is wrong.

    ``line`` and ``column`` are 1-based and ``None`` when the config did not come
    from a source text. ``path_parts`` holds the keys and list indexes from the
    document root; ``path`` joins them with dots (use ``path_parts`` when keys
    contain dots). ``belongs_at`` is where the key at ``path_parts`` belongs when the
    finding is about a key in the wrong place or misspelt (SK-CFG-403): the paths it
    should have, best first, for a tool that offers to move or rename it; empty for
    every other finding.
    """

    code: str
    path_parts: tuple[object, ...]
    message: str
    severity: Severity = "error"
    line: int | None = None
    column: int | None = None
    belongs_at: tuple[tuple[object, ...], ...] = ()

    @property
    def path(self) -> str:
        """The dotted path, ``""`` for the document root."""
        return dotted(self.path_parts)

    def __str__(self) -> str:
        return f"{self.path or '(root)'}: {self.code} {self.message}"


class ConfigError(ValueError):
    """A config broke the contract. Carries every error found, in a deterministic order.

    ``code`` and ``path`` are those of the first diagnostic; ``diagnostics`` holds
    them all. The message names each path and the allowed values or the rule
    that failed, and never a secret value.
    """

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        found = tuple(diagnostics)
        if not found:
            raise ValueError("ConfigError needs at least one diagnostic")
        self.diagnostics: tuple[Diagnostic, ...] = found
        self.code: str = found[0].code
        self.path: str = found[0].path
        super().__init__("\n".join(str(d) for d in found))

    def __reduce__(self) -> tuple[type[ConfigError], tuple[tuple[Diagnostic, ...]]]:
        # Picklable across processes (pytest-xdist, multiprocessing) despite the custom __init__.
        return (type(self), (self.diagnostics,))
