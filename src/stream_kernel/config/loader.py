"""Read config YAML exactly as the framework does, refuse what could trick it, keep positions.

The framework loads its config with PyYAML's safe loader, so this module does too
(libyaml's C parser when it is present): the document it returns equals what
``yaml.safe_load`` returns for the same text. What safe loading lets through and a
config must not have is refused with a coded :class:`~stream_kernel.config.Diagnostic`
that has a 1-based line and column: syntax errors, duplicate keys (PyYAML keeps the
last one silently), more than one document, tags outside the JSON-compatible core
schema, aliases that expand beyond a budget or contain themselves, nesting beyond a
depth limit, files above a size limit, and bytes that are not UTF-8.

This module is the loader's face; the work is done in three modules with one job each:
``_reading`` (files and bytes to text, the limits), ``_builder`` (text to nodes to the
document, with every check) and ``_source_map`` (paths to lines and columns).

>>> loaded = load_yaml("runtime:\\n  platform:\\n    bootstrap: {mode: inline}\\n")
>>> loaded.document["runtime"]["platform"]["bootstrap"]["mode"]
'inline'
>>> loaded.position(("runtime", "platform", "bootstrap", "mode"))
(3, 23)
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Final

import yaml
from yaml.nodes import Node

from ._alias_keys import alias_keys

# The `X as X` imports re-export names the rest of the package takes from this module;
# each lives beside the code that uses it.
from ._builder import MAX_NON_TEXT_KEYS as MAX_NON_TEXT_KEYS  # noqa: PLC0414
from ._builder import build, compose
from ._catalog import located_at_key
from ._json_builder import build_json
from ._reading import DEFAULT_LIMITS, Limits, lone_surrogate, read_file, text_of
from ._reading import MAX_DEPTH_CEILING as MAX_DEPTH_CEILING  # noqa: PLC0414
from ._reading import unreadable_diagnostic as unreadable_diagnostic  # noqa: PLC0414
from ._source_map import Positions, SourceMap
from .diagnostics import Diagnostic

__all__ = [
    "DEFAULT_LIMITS",
    "JSON_SUFFIX",
    "Limits",
    "LoadedDocument",
    "load_file",
    "load_json",
    "load_text",
    "load_yaml",
]

# libyaml's parser in C when PyYAML was built with it; the pure-Python one otherwise.
# Both resolve and construct identically (the runtime uses the same choice). Read at
# each call of load_yaml, so the pure-Python one can be chosen where libyaml is present.
_Loader: Final[type[yaml.SafeLoader]] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, slots=True)
class LoadedDocument:
    """A parsed document and where each of its parts came from.

    ``document`` is what ``yaml.safe_load`` gives for the same text (``None`` for an
    empty file). ``source`` names the input in diagnostics (a file path, ``<stdin>``).
    """

    source: str
    document: Any
    _map: Positions = field(default_factory=lambda: SourceMap(None), repr=False, compare=False)

    def node(self, path: Sequence[object]) -> Node | None:
        """The YAML node at ``path`` (keys and list indexes), ``None`` if it is not there."""
        return self._map.node(path)

    def entries(self, path: Sequence[object]) -> list[tuple[Node, Node]]:
        """The (key node, value node) of each part of ``path``, as far as it is there (a
        list item stands for its own key); none for JSON."""
        return self._map.entries(path)

    def position(self, path: Sequence[object], *, at_key: bool = False) -> tuple[int, int]:
        """1-based (line, column) for a diagnostic about ``path``.

        The value's position, or its key's with ``at_key``. A path that is not in the
        source (a missing key) gets the key of its nearest present ancestor: the mapping
        a person would open to add it. An empty value (``key:`` alone) gets its key. A
        value reached through an alias or a ``<<`` merge gets the key where the alias or
        merge is used, not the anchor's text elsewhere in the file.
        """
        return self._map.position(path, at_key=at_key)

    def locate(self, diagnostic: Diagnostic) -> Diagnostic:
        """``diagnostic`` with its line and column filled from this source."""
        line, column = self.position(diagnostic.path_parts, at_key=located_at_key(diagnostic.code))
        return replace(diagnostic, line=line, column=column)


def load_yaml(
    text: str | bytes, *, source: str = "<string>", limits: Limits = DEFAULT_LIMITS
) -> LoadedDocument:
    """Parse one YAML document, exactly as ``yaml.safe_load`` reads it, keeping positions.

    ``bytes`` must be UTF-8 (a byte-order mark is allowed); ``str`` is taken as is.

    :raises ConfigError: the text is refused (SK-CFG-301 to SK-CFG-308); its one
        diagnostic has the line and column of the problem.
    """
    read = text_of(text, limits)
    root = compose(read, _Loader)
    document, source_map = build(root, limits, alias_keys(read, _Loader))
    return LoadedDocument(source=source, document=document, _map=source_map)


def load_json(
    text: str | bytes, *, source: str = "<string>", limits: Limits = DEFAULT_LIMITS
) -> LoadedDocument:
    """Parse a JSON document with JSON's semantics (as ``json.loads`` reads it), keeping
    positions: ``1e3`` is a number and ``\\ud83d\\ude00`` an emoji, where YAML would read
    a string and refuse the escape.

    ``bytes`` must be UTF-8 (a byte-order mark is allowed); ``str`` is taken as is.

    >>> loaded = load_json('{"runtime": {"platform": {"execution_ipc": {"bind_port": 8e3}}}}')
    >>> loaded.document["runtime"]["platform"]["execution_ipc"]["bind_port"]
    8000.0
    >>> loaded.position(("runtime", "platform", "execution_ipc", "bind_port"))
    (1, 58)

    :raises ConfigError: the text is refused: not valid JSON, NaN or Infinity, a lone
        surrogate (SK-CFG-301), duplicate keys (SK-CFG-302, every one), nesting beyond
        ``limits.max_depth`` (SK-CFG-306), too large (SK-CFG-307), not UTF-8 (SK-CFG-308).
    """
    read = text_of(text, limits)
    if isinstance(text, str):
        try:
            read.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise lone_surrogate(read, exc.start) from None
    document, positions = build_json(read, limits)
    return LoadedDocument(source=source, document=document, _map=positions)


#: A source whose name ends with this (in any case) is read as JSON.
JSON_SUFFIX: Final = ".json"


def load_text(
    text: str | bytes, *, source: str = "<string>", limits: Limits = DEFAULT_LIMITS
) -> LoadedDocument:
    """:func:`load_json` when ``source`` names a ``.json`` file, else :func:`load_yaml`.

    :raises ConfigError: as the one chosen raises.
    """
    load = load_json if source.lower().endswith(JSON_SUFFIX) else load_yaml
    return load(text, source=source, limits=limits)


def load_file(path: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS) -> LoadedDocument:
    """Read and parse a file, reading at most one byte past ``limits.max_bytes``: as JSON
    when its name ends with ``.json`` (:func:`load_json`), as YAML otherwise.

    :raises ConfigError: the file cannot be read (SK-CFG-309), or its text is refused
        as by :func:`load_yaml` or :func:`load_json`.
    """
    source = os.fspath(path)
    return load_text(read_file(source, limits), source=source, limits=limits)
