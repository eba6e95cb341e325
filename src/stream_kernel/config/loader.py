"""Read config YAML exactly as the framework does, refuse what could trick it, keep positions.

The framework loads its config with PyYAML's safe loader, so this module does too
(libyaml's C parser when it is present): the document it returns equals what
``yaml.safe_load`` returns for the same text. What safe loading lets through and a
config must not have is refused with a coded :class:`~stream_kernel.config.Diagnostic`
that has a 1-based line and column: syntax errors, duplicate keys (PyYAML keeps the
last one silently), more than one document, tags outside the JSON-compatible core
schema, aliases that expand beyond a budget or contain themselves, nesting beyond a
depth limit, files above a size limit, and bytes that are not UTF-8.

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
from pathlib import Path
from typing import Any, Final

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ._codes import catalog, describe
from ._diagnostics import ConfigError, Diagnostic

__all__ = ["DEFAULT_LIMITS", "Limits", "LoadedDocument", "load_file", "load_yaml"]

# libyaml's parser in C when PyYAML was built with it; the pure-Python one otherwise.
# Both resolve and construct identically (the runtime uses the same choice).
_Loader: Final[type[yaml.SafeLoader]] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_TAG: Final = "tag:yaml.org,2002:"
_MAP: Final = _TAG + "map"
_SEQ: Final = _TAG + "seq"
_MERGE: Final = _TAG + "merge"
_VALUE: Final = _TAG + "value"
# The JSON-compatible core schema, plus timestamps: YAML 1.1 resolves an unquoted date to
# one without any tag, so a date in someone else's section is ordinary data. `!!binary`,
# `!!set`, `!!omap` and `!!pairs` are safe in PyYAML but no JSON tool can represent them.
_SCALAR_TAGS: Final = frozenset(_TAG + t for t in ("null", "bool", "int", "float", "str"))
_DATE: Final = _TAG + "timestamp"
# Why PyYAML's own constructor raises ValueError for a scalar its resolver accepted.
_UNREADABLE_SCALARS: Final = {
    _DATE: "this unquoted value looks like a date but is not one; quote it",
    _TAG + "int": "an integer this long cannot be read (Python reads at most 4300 digits)",
}

# Hard ceiling for --max-depth: the walk below recurses once per level, and Python's own
# stack (about 1000 frames) must keep room for the validator behind it.
MAX_DEPTH_CEILING: Final = 256


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


@dataclass(frozen=True, slots=True)
class LoadedDocument:
    """A parsed document and where each of its parts came from.

    ``document`` is what ``yaml.safe_load`` gives for the same text (``None`` for an
    empty file). ``source`` names the input in diagnostics (a file path, ``<stdin>``).
    """

    source: str
    document: Any
    _root: Node | None = field(default=None, repr=False, compare=False)

    def node(self, path: Sequence[object]) -> Node | None:
        """The YAML node at ``path`` (keys and list indexes), ``None`` if it is not there."""
        node = self._root
        for part in path:
            node = _child(node, part)
            if node is None:
                return None
        return node

    def position(self, path: Sequence[object], *, at_key: bool = False) -> tuple[int, int]:
        """1-based (line, column) for a diagnostic about ``path``.

        The value's position, or its key's with ``at_key``. A path that is not in the
        source (a missing key) gets the key of its nearest present ancestor: the mapping
        a person would open to add it. An empty value (``key:`` alone) gets its key.
        """
        node = self._root
        if node is None:
            return (1, 1)
        best = node.start_mark
        for depth, part in enumerate(path):
            found = _entry(node, part)
            if found is None:
                return _one_based(best)
            key, node = found
            last = depth == len(path) - 1
            empty = isinstance(node, ScalarNode) and node.value == "" and not node.style
            best = key.start_mark if not last or at_key or empty else node.start_mark
        return _one_based(best)

    def locate(self, diagnostic: Diagnostic) -> Diagnostic:
        """``diagnostic`` with its line and column filled from this source."""
        at_key = catalog()[diagnostic.code].get("located_at") == "key"
        line, column = self.position(diagnostic.path_parts, at_key=at_key)
        return replace(diagnostic, line=line, column=column)


def load_yaml(
    text: str | bytes, *, source: str = "<string>", limits: Limits = DEFAULT_LIMITS
) -> LoadedDocument:
    """Parse one YAML document; raise :class:`ConfigError` (with positions) if it is refused.

    ``bytes`` must be UTF-8 (a byte-order mark is allowed); ``str`` is taken as is.
    """
    if isinstance(text, bytes):
        if len(text) > limits.max_bytes:
            raise _too_large(len(text), limits)
        text = _decode(text)
    elif len(text) > limits.max_bytes // 4:
        # A str's size is its UTF-8 length (what a file would hold), up to 4 bytes a character.
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > limits.max_bytes:
            raise _too_large(size, limits)
    root = _compose(text)
    builder = _Builder(limits)
    document = builder.build(root, 1) if root is not None else None
    if builder.duplicates:
        raise ConfigError(builder.duplicates)
    return LoadedDocument(source=source, document=document, _root=root)


def load_file(path: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS) -> LoadedDocument:
    """Read and parse a file, reading at most one byte past ``limits.max_bytes``.

    A file that cannot be read raises :class:`ConfigError` with SK-CFG-309.
    """
    source = os.fspath(path)
    try:
        with Path(source).open("rb") as stream:
            data = stream.read(limits.max_bytes + 1)
    except OSError as exc:
        raise ConfigError([_unreadable(exc)]) from None
    return load_yaml(data, source=source, limits=limits)


# ---------------------------------------------------------------------------------------
# Refusals


def _diagnostic(code: str, detail: str, line: int | None, column: int | None) -> Diagnostic:
    return Diagnostic(
        code=code,
        path="",
        message=f"{catalog()[code]['title']}: {detail}",
        severity="error",
        line=line,
        column=column,
    )


def _refusal(code: str, detail: str, mark: yaml.Mark | None) -> ConfigError:
    line, column = _one_based(mark) if mark is not None else (1, 1)
    return ConfigError([_diagnostic(code, detail, line, column)])


def _unreadable(exc: OSError) -> Diagnostic:
    # Every report names the file already; the reason is what is left to say.
    reason = exc.strerror or type(exc).__name__
    return _diagnostic("SK-CFG-309", reason, None, None)


def _too_large(size: int, limits: Limits) -> ConfigError:
    # load_file reads one byte past the limit, so a file's exact size is not known here.
    shown = f"more than {limits.max_bytes:,}" if size == limits.max_bytes + 1 else f"{size:,}"
    return _refusal(
        "SK-CFG-307", f"{shown} bytes; the limit is {limits.max_bytes:,} (--max-bytes)", None
    )


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        byte = data[exc.start]
        detail = f"byte 0x{byte:02x} at offset {exc.start} is not valid UTF-8"
        raise ConfigError([_diagnostic("SK-CFG-308", detail, line, column)]) from None


def _one_based(mark: yaml.Mark) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


def _compose(text: str) -> Node | None:
    loader: yaml.SafeLoader | None = None
    try:
        # The pure-Python reader checks the characters as it is made.
        loader = _Loader(text)
        node: Node | None = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        code, detail = _syntax_refusal(exc)
        raise _refusal(code, detail, exc.problem_mark or exc.context_mark) from None
    except yaml.reader.ReaderError as exc:
        # A character YAML forbids (a control character). libyaml gives its offset in
        # UTF-8 bytes, the pure-Python reader in characters.
        before = (
            text.encode("utf-8", "surrogatepass")[: exc.position].decode("utf-8", "replace")
            if _Loader is not yaml.SafeLoader
            else text[: exc.position]
        )
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        detail = f"character #x{exc.character:04x} is not allowed in YAML"
        raise ConfigError([_diagnostic("SK-CFG-301", detail, line, column)]) from None
    except RecursionError:
        # The pure-Python composer recurses once per level; libyaml stops at 1000 levels
        # by itself and reports it as a syntax error.
        raise _refusal(
            "SK-CFG-306", "nesting deeper than the YAML parser can follow", None
        ) from None
    finally:
        if loader is not None:
            loader.dispose()
    return node


def _syntax_refusal(exc: yaml.MarkedYAMLError) -> tuple[str, str]:
    if exc.context == "expected a single document in the stream":
        return "SK-CFG-303", "a config file holds one document; found a second one here"
    if exc.problem == "exceeded maximum nesting depth":
        # libyaml's own limit (1000 levels), far above --max-depth.
        return "SK-CFG-306", "more levels of nesting than the YAML parser accepts"
    return "SK-CFG-301", _yaml_problem(exc)


def _yaml_problem(exc: yaml.MarkedYAMLError) -> str:
    # Only the parser's own words: `str(exc)` would quote a snippet of the source, and the
    # snippet could hold the secret.
    problem = exc.problem or "invalid YAML"
    return f"{exc.context}: {problem}" if exc.context else problem


# ---------------------------------------------------------------------------------------
# Building the document from the node graph


class _Builder:
    """Turns the composed node graph into Python data, as SafeConstructor does, with checks.

    Like PyYAML, a node reached twice (an alias) gives the same object twice.
    """

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.scalars = SafeConstructor()
        self.built: dict[int, Any] = {}
        self.sizes: dict[int, int] = {}
        self.open: set[int] = set()
        self.alias_nodes = 0
        self.duplicates: list[Diagnostic] = []

    def build(self, node: Node, depth: int) -> Any:  # noqa: ANN401 - YAML data
        try:
            return self._build(node, depth, None)
        except ConstructorError as exc:
            raise _refusal("SK-CFG-301", _yaml_problem(exc), exc.problem_mark) from None

    def _build(self, node: Node, depth: int, used_at: yaml.Mark | None) -> Any:  # noqa: ANN401
        key = id(node)
        if key in self.built:
            self.alias_nodes += self.sizes[key]
            if self.alias_nodes > self.limits.max_alias_nodes:
                raise _refusal("SK-CFG-305", self._budget_detail(), used_at or node.start_mark)
            return self.built[key]
        if key in self.open:
            detail = "an alias refers to a node that contains it"
            raise _refusal("SK-CFG-305", detail, used_at or node.start_mark)
        if depth > self.limits.max_depth:
            detail = f"more than {self.limits.max_depth} levels of nesting (--max-depth)"
            raise _refusal("SK-CFG-306", detail, node.start_mark)
        if isinstance(node, ScalarNode):
            value = self._scalar(node)
            size = 1
        else:
            self.open.add(key)
            if isinstance(node, MappingNode):
                value, size = self._mapping(node, depth)
            elif isinstance(node, SequenceNode):
                value, size = self._sequence(node, depth)
            else:  # pragma: no cover - the composer makes only the three node kinds
                raise TypeError(type(node).__name__)
            self.open.discard(key)
        self.built[key] = value
        self.sizes[key] = size
        return value

    def _scalar(self, node: ScalarNode) -> Any:  # noqa: ANN401
        if node.tag == _VALUE:
            # YAML 1.1 resolves a plain `=` to the "value" type, which safe loading refuses.
            detail = "a plain `=` cannot be loaded; quote it"
            raise _refusal("SK-CFG-301", detail, node.start_mark)
        if node.tag not in _SCALAR_TAGS and node.tag != _DATE:
            raise _refusal("SK-CFG-304", _tag_detail(node, "a scalar"), node.start_mark)
        try:
            return self.scalars.construct_object(node)
        except ValueError:
            # PyYAML fails here too. The value itself is not quoted: it may be the secret.
            detail = _UNREADABLE_SCALARS.get(node.tag, "this value cannot be read")
            raise _refusal("SK-CFG-301", detail, node.start_mark) from None

    def _sequence(self, node: SequenceNode, depth: int) -> tuple[list[Any], int]:
        if node.tag != _SEQ:
            raise _refusal("SK-CFG-304", _tag_detail(node, "a list"), node.start_mark)
        items: list[Any] = []
        size = 1
        for item in node.value:
            items.append(self._build(item, depth + 1, node.start_mark))
            size += self.sizes[id(item)]
        return items, size

    def _mapping(self, node: MappingNode, depth: int) -> tuple[dict[Any, Any], int]:
        if node.tag != _MAP:
            raise _refusal("SK-CFG-304", _tag_detail(node, "a mapping"), node.start_mark)
        self._find_duplicates(node)
        self._build_merge_sources(node, depth)
        # PyYAML's own merge-key (`<<`) handling; it reorders node.value in place so that
        # explicit keys come after merged ones and win.
        self.scalars.flatten_mapping(node)
        mapping: dict[Any, Any] = {}
        size = 1
        for key_node, value_node in node.value:
            mapping[self._key(key_node)] = self._build(value_node, depth + 1, key_node.start_mark)
            size += self.sizes[id(value_node)] + 1
        return mapping, size

    def _build_merge_sources(self, node: MappingNode, depth: int) -> None:
        """Check the mappings a `<<` key merges, and count their entries as alias nodes.

        Each merge copies the source's entries into this mapping, so merging one anchor
        several times per level grows as fast as nested aliases do. Building the sources
        first flattens them under every check, before PyYAML copies their entries.
        """
        added = 0
        for key_node, value_node in node.value:
            if key_node.tag != _MERGE:
                continue
            sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
            for source in sources:
                if isinstance(source, MappingNode):
                    self._build(source, depth + 1, key_node.start_mark)
                    added += len(source.value)
            self.alias_nodes += added
            if self.alias_nodes > self.limits.max_alias_nodes:
                raise _refusal("SK-CFG-305", self._budget_detail(), key_node.start_mark)

    def _budget_detail(self) -> str:
        return (
            f"aliases expand to more than {self.limits.max_alias_nodes:,} nodes (--max-alias-nodes)"
        )

    def _key(self, node: Node) -> Any:  # noqa: ANN401
        if not isinstance(node, ScalarNode):
            raise _refusal("SK-CFG-301", "a mapping key must be a plain value", node.start_mark)
        if node.tag == _VALUE:
            return node.value  # PyYAML reads a plain `=` key as the string "="
        return self._scalar(node)

    def _find_duplicates(self, node: MappingNode) -> None:
        first: dict[Any, yaml.Mark] = {}
        for key_node, _ in node.value:
            if key_node.tag == _MERGE:
                continue
            key = self._key(key_node)
            if key in first:
                line, column = _one_based(first[key])
                detail = (
                    f"{describe(key)} is also set at line {line}, column {column};"
                    " YAML would silently keep only the last one"
                )
                self.duplicates.append(
                    _diagnostic("SK-CFG-302", detail, *_one_based(key_node.start_mark))
                )
            else:
                first[key] = key_node.start_mark


def _tag_detail(node: Node, kind: str) -> str:
    tag = node.tag.replace(_TAG, "!!", 1) if node.tag.startswith(_TAG) else node.tag
    return f"{tag} on {kind} is outside the JSON-compatible core schema; remove the tag"


# ---------------------------------------------------------------------------------------
# Finding nodes by path


def _entry(node: Node | None, part: object) -> tuple[Node, Node] | None:
    """(the node naming ``part``, the node under it): a key and its value, or an item twice."""
    if isinstance(node, MappingNode):
        scalars = SafeConstructor()
        # The last match wins, as in the built document.
        for key_node, value_node in reversed(node.value):
            if isinstance(key_node, ScalarNode) and key_node.tag != _MERGE:
                try:
                    key = scalars.construct_object(key_node)
                except (ValueError, ConstructorError):
                    continue
                if key == part and type(key) is type(part):
                    return key_node, value_node
        return None
    if isinstance(node, SequenceNode) and type(part) is int and 0 <= part < len(node.value):
        item: Node = node.value[part]
        return item, item
    return None


def _child(node: Node | None, part: object) -> Node | None:
    found = _entry(node, part)
    return found[1] if found is not None else None
