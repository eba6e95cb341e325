"""From a file or bytes to text: the limits, the size limit, decoding, characters YAML refuses.

Everything here happens before any YAML is parsed, or is about characters rather than
YAML structure: :class:`Limits`, reading a file (a FIFO included) without reading more
than one byte past the size limit, the size limit itself (SK-CFG-307), decoding UTF-8
with an optional byte-order mark (SK-CFG-308: any other encoding, UTF-16 included, is
bytes that are not UTF-8), and the refusals of characters YAML's reader cannot take.
Positions are counted in characters, with YAML's line breaks.
"""

from __future__ import annotations

import codecs
import os
from dataclasses import dataclass
from typing import Final

from ._catalog import catalog_diagnostic
from .diagnostics import ConfigError, Diagnostic

__all__ = [
    "DEFAULT_LIMITS",
    "MAX_DEPTH_CEILING",
    "Limits",
    "forbidden_character",
    "line_column",
    "lone_surrogate",
    "read_file",
    "text_of",
    "unreadable_diagnostic",
]

# Hard ceiling for --max-depth: the walk that builds the document recurses once per
# level, and Python's own stack (about 1000 frames) must keep room for the validator.
MAX_DEPTH_CEILING: Final = 256

# YAML's line breaks (1.1 counts NEL and the Unicode separators too), for positions
# computed from character offsets rather than taken from the parser.
_BREAKS: Final = ("\r\n", "\r", "\x85", "\u2028", "\u2029")


@dataclass(frozen=True, slots=True)
class Limits:
    """How much a config file may ask of the loader. Every limit is refused with a code.

    ``max_bytes``: the file's size (SK-CFG-307). ``max_depth``: nesting of mappings and
    lists, the root being depth 1 (SK-CFG-306). ``max_alias_nodes``: nodes added by
    expanding aliases, counted per use, so a "billion laughs" file stops early (SK-CFG-305).
    """

    max_bytes: int = 1_048_576
    max_depth: int = 64
    max_alias_nodes: int = 10_000

    def __post_init__(self) -> None:
        for name in ("max_bytes", "max_depth", "max_alias_nodes"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")
        if self.max_depth > MAX_DEPTH_CEILING:
            raise ValueError(f"max_depth must be at most {MAX_DEPTH_CEILING}")


DEFAULT_LIMITS: Final = Limits()


def unreadable_diagnostic(reason: str) -> Diagnostic:
    """SK-CFG-309 for an input that could not be read; the report names the input."""
    return catalog_diagnostic("SK-CFG-309", reason)


def read_file(source: str, limits: Limits) -> bytes:
    """The bytes of ``source``, at most one past ``limits.max_bytes``; SK-CFG-309 if unreadable."""
    try:
        # Opening a FIFO blocks until a writer comes, maybe never: open without waiting,
        # then read normally (a FIFO with no writer reads as empty).
        fd = os.open(source, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        try:
            os.set_blocking(fd, True)
            return _read_at_most(fd, limits.max_bytes + 1)
        finally:
            os.close(fd)
    except OSError as exc:
        raise ConfigError([unreadable_diagnostic(exc.strerror or type(exc).__name__)]) from None


def _read_at_most(fd: int, most: int) -> bytes:
    # Chunks, not one read(most): a buffered read of `most` bytes allocates them all first,
    # a megabyte for every few-kilobyte config.
    chunks: list[bytes] = []
    left = most
    while left > 0:
        chunk = os.read(fd, min(left, 1 << 16))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def text_of(data: str | bytes, limits: Limits) -> str:
    """``data`` as text, held to the size limit: ``bytes`` must be UTF-8 (a BOM is allowed)."""
    if isinstance(data, bytes):
        if len(data) > limits.max_bytes:
            raise _too_large(len(data), limits)
        return _decode(data)
    if len(data) > limits.max_bytes // 4:
        # A str's size is its UTF-8 length (what a file would hold), up to 4 bytes a character.
        size = len(data.encode("utf-8", "surrogatepass"))
        if size > limits.max_bytes:
            raise _too_large(size, limits)
    return data


def _too_large(size: int, limits: Limits) -> ConfigError:
    # load_file reads one byte past the limit, so a file's exact size is not known here.
    shown = f"more than {limits.max_bytes:,}" if size == limits.max_bytes + 1 else f"{size:,}"
    detail = f"{shown} bytes; the limit is {limits.max_bytes:,} (--max-bytes)"
    return ConfigError([catalog_diagnostic("SK-CFG-307", detail, line=1, column=1)])


def _decode(data: bytes) -> str:
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = line_column(data[bom : bom + exc.start].decode("utf-8"))
        offset = bom + exc.start
        detail = f"byte 0x{data[offset]:02x} at offset {offset} is not valid UTF-8"
        raise ConfigError(
            [catalog_diagnostic("SK-CFG-308", detail, line=line, column=column)]
        ) from None


def forbidden_character(text: str, position: int, character: int, *, in_bytes: bool) -> ConfigError:
    """SK-CFG-301 for a character YAML forbids (a control character) at ``position``.

    libyaml gives the offset in UTF-8 bytes (``in_bytes``), the pure-Python reader in
    characters.
    """
    before = (
        text.encode("utf-8", "surrogatepass")[:position].decode("utf-8", "replace")
        if in_bytes
        else text[:position]
    )
    line, column = line_column(before)
    detail = f"character #x{character:04x} is not allowed in YAML"
    return ConfigError([catalog_diagnostic("SK-CFG-301", detail, line=line, column=column)])


def lone_surrogate(text: str, position: int) -> ConfigError:
    """SK-CFG-308 for a str holding a lone surrogate at ``position``, which UTF-8 cannot encode."""
    line, column = line_column(text[:position])
    detail = "the text holds a lone surrogate, which UTF-8 cannot encode"
    return ConfigError([catalog_diagnostic("SK-CFG-308", detail, line=line, column=column)])


def line_column(before: str) -> tuple[int, int]:
    """1-based position just after ``before``, counting line breaks as YAML does."""
    for other in _BREAKS:
        before = before.replace(other, "\n")
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
