"""Diagnostics: what the validator reports, as frozen values, and the error that carries them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

__all__ = ["ConfigError", "Diagnostic", "Severity", "dotted"]

Severity = Literal["error", "warning"]


def dotted(parts: Iterable[object]) -> str:
    """The dotted form of a key path, ``""`` for the document root."""
    return ".".join(str(part) for part in parts)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding about a config: a stable code, where it is, and what is wrong.

    ``line`` and ``column`` are 1-based and ``None`` when the config did not come
    from a source text. ``path_parts`` is ``path`` before joining, for callers
    whose keys contain dots.
    """

    code: str
    path: str
    message: str
    severity: Severity = "error"
    line: int | None = None
    column: int | None = None
    path_parts: tuple[object, ...] = field(default=(), compare=False)

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
