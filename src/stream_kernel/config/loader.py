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

import codecs
import contextlib
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Final

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ._catalog import catalog, catalog_diagnostic
from .diagnostics import ConfigError, Diagnostic

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
_STR: Final = _TAG + "str"
_DATE: Final = _TAG + "timestamp"
_SCALAR_CONSTRUCTORS: Final[Mapping[str, Callable[[SafeConstructor, ScalarNode], Any]]] = {
    tag: SafeConstructor.yaml_constructors[tag]
    for tag in (*(_TAG + t for t in ("null", "bool", "int", "float")), _DATE)
}
# What PyYAML's own constructor could not build (an impossible date, a 5000-digit or
# malformed integer, `!!bool maybe`). The value itself is never quoted: it may be the secret.
_UNREADABLE_SCALARS: Final = {
    _DATE: "this value looks like a date but is not one; quote it",
    _TAG + "int": "this value cannot be read as an integer (too long or malformed); quote it",
    _TAG + "float": "this value cannot be read as a number; quote it",
    _TAG + "bool": "this value cannot be read as a boolean; quote it",
}
# Tags named in messages; any other tag is described, never quoted (it is file text, and
# could be anything: an escape sequence, or the secret written after a `!`).
_NAMED_TAGS: Final = {_TAG + t: "!!" + t for t in ("binary", "set", "omap", "pairs")}
_PYTHON_TAG: Final = _TAG + "python/"
# Keys that are not text hash to predictable values (an int's hash is itself): many of
# them in one file can make every dict insert collide. Config keys are names.
MAX_NON_TEXT_KEYS: Final = 1000
# YAML's line breaks (1.1 counts NEL and the Unicode separators too), for positions this
# module computes itself.
_QUOTED: Final = re.compile(r"'[^']*'|\"[^\"]*\"")
_BREAKS: Final = ("\r\n", "\r", "\x85", "\u2028", "\u2029")

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
    # id(mapping node) -> {key: (key node, value node)}, built on first lookup.
    _index: dict[int, dict[object, tuple[Node, Node]]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def node(self, path: Sequence[object]) -> Node | None:
        """The YAML node at ``path`` (keys and list indexes), ``None`` if it is not there."""
        node = self._root
        for part in path:
            found = self._entry(node, part)
            if found is None:
                return None
            node = found[1]
        return node

    def position(self, path: Sequence[object], *, at_key: bool = False) -> tuple[int, int]:
        """1-based (line, column) for a diagnostic about ``path``.

        The value's position, or its key's with ``at_key``. A path that is not in the
        source (a missing key) gets the key of its nearest present ancestor: the mapping
        a person would open to add it. An empty value (``key:`` alone) gets its key. A
        value reached through an alias or a ``<<`` merge gets the key where the alias or
        merge is used, not the anchor's text elsewhere in the file.
        """
        node = self._root
        if node is None:
            return (1, 1)
        best = node.start_mark
        for depth, part in enumerate(path):
            found = self._entry(node, part)
            if found is None:
                break
            key, child = found
            if not _within(node, key):
                break  # a merged entry, or an aliased list item: `best` is where it is used
            if child is not key and not _after(key, child):
                best = key.start_mark  # an alias: the key is where it is used
                break
            last = depth == len(path) - 1
            empty = isinstance(child, ScalarNode) and child.value == "" and not child.style
            best = key.start_mark if not last or at_key or empty else child.start_mark
            node = child
        return _one_based(best)

    def locate(self, diagnostic: Diagnostic) -> Diagnostic:
        """``diagnostic`` with its line and column filled from this source."""
        at_key = catalog()[diagnostic.code].get("located_at") == "key"
        line, column = self.position(diagnostic.path_parts, at_key=at_key)
        return replace(diagnostic, line=line, column=column)

    def _entry(self, node: Node | None, part: object) -> tuple[Node, Node] | None:
        """(the node naming ``part``, the node under it): a key and its value, or an item twice."""
        if isinstance(node, MappingNode):
            index = self._index.get(id(node))
            if index is None:
                index = self._index[id(node)] = _key_index(node)
            try:
                return index.get(_lookup_key(part))
            except TypeError:  # an unhashable part names nothing here
                return None
        if isinstance(node, SequenceNode) and type(part) is int and 0 <= part < len(node.value):
            item: Node = node.value[part]
            return item, item
        return None


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
        # Opening a FIFO blocks until a writer comes, maybe never: open without waiting,
        # then read normally (a FIFO with no writer reads as empty).
        fd = os.open(source, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        try:
            os.set_blocking(fd, True)
            data = _read_at_most(fd, limits.max_bytes + 1)
        finally:
            os.close(fd)
    except OSError as exc:
        raise ConfigError([unreadable_diagnostic(exc.strerror or type(exc).__name__)]) from None
    return load_yaml(data, source=source, limits=limits)


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


# ---------------------------------------------------------------------------------------
# Refusals


def _refusal(code: str, detail: str, mark: yaml.Mark | None) -> ConfigError:
    line, column = _one_based(mark) if mark is not None else (1, 1)
    return ConfigError([catalog_diagnostic(code, detail, line=line, column=column)])


def _positioned(code: str, detail: str, line: int, column: int) -> ConfigError:
    return ConfigError([catalog_diagnostic(code, detail, line=line, column=column)])


def _at_mark(code: str, detail: str, mark: yaml.Mark) -> Diagnostic:
    line, column = _one_based(mark)
    return catalog_diagnostic(code, detail, line=line, column=column)


def unreadable_diagnostic(reason: str) -> Diagnostic:
    """SK-CFG-309 for an input that could not be read; the report names the input."""
    return catalog_diagnostic("SK-CFG-309", reason)


def _too_large(size: int, limits: Limits) -> ConfigError:
    # load_file reads one byte past the limit, so a file's exact size is not known here.
    shown = f"more than {limits.max_bytes:,}" if size == limits.max_bytes + 1 else f"{size:,}"
    return _refusal(
        "SK-CFG-307", f"{shown} bytes; the limit is {limits.max_bytes:,} (--max-bytes)", None
    )


def _decode(data: bytes) -> str:
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _line_column(data[bom : bom + exc.start].decode("utf-8"))
        offset = bom + exc.start
        detail = f"byte 0x{data[offset]:02x} at offset {offset} is not valid UTF-8"
        raise ConfigError(
            [catalog_diagnostic("SK-CFG-308", detail, line=line, column=column)]
        ) from None


def _line_column(before: str) -> tuple[int, int]:
    """1-based position just after ``before``, counting line breaks as YAML does."""
    for other in _BREAKS:
        before = before.replace(other, "\n")
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


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
        line, column = _line_column(before)
        detail = f"character #x{exc.character:04x} is not allowed in YAML"
        raise ConfigError(
            [catalog_diagnostic("SK-CFG-301", detail, line=line, column=column)]
        ) from None
    except UnicodeEncodeError as exc:
        # A str holding a lone surrogate: libyaml reads UTF-8, which cannot encode it.
        line, column = _line_column(text[: exc.start])
        detail = "the text holds a lone surrogate, which UTF-8 cannot encode"
        raise ConfigError(
            [catalog_diagnostic("SK-CFG-308", detail, line=line, column=column)]
        ) from None
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
    # snippet could hold the secret. The pure-Python parser also quotes names from the
    # file (an alias, an anchor, a character): those are blanked out for the same reason.
    problem = exc.problem or "invalid YAML"
    text = f"{exc.context}: {problem}" if exc.context else problem
    return _QUOTED.sub("'…'", text)


# ---------------------------------------------------------------------------------------
# Building the document from the node graph


class _Builder:
    """Turns the composed node graph into Python data, as SafeConstructor does, with checks.

    Like PyYAML, a node reached twice (an alias) gives the same object twice. What an
    alias brings in is checked where it is used: its size against the alias budget, its
    height against the depth limit.
    """

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.scalars = SafeConstructor()
        self.built: dict[int, Any] = {}
        # id(node) -> (nodes it expands to, levels it spans), for containers built once.
        self.shapes: dict[int, tuple[int, int]] = {}
        self.open: set[int] = set()
        self.alias_nodes = 0
        self.non_text_keys = 0
        self.duplicates: list[Diagnostic] = []

    def build(self, node: Node, depth: int) -> Any:  # noqa: ANN401 - YAML data
        try:
            return self._build(node, depth, None)[0]
        except ConstructorError as exc:
            raise _refusal("SK-CFG-301", _yaml_problem(exc), exc.problem_mark) from None

    def _build(self, node: Node, depth: int, used_at: yaml.Mark | None) -> tuple[Any, int, int]:
        """The value of ``node``, how many nodes it expands to, and how many levels it spans."""
        if depth > self.limits.max_depth:
            raise _refusal("SK-CFG-306", self._depth_detail(), node.start_mark)
        if isinstance(node, ScalarNode):
            # Not remembered: an aliased scalar adds one node a use, like writing it out.
            return self._scalar(node), 1, 1
        key = id(node)
        if key in self.built:
            size, height = self.shapes[key]
            if depth + height - 1 > self.limits.max_depth:
                raise _refusal("SK-CFG-306", self._depth_detail(), used_at or node.start_mark)
            self.alias_nodes += size
            if self.alias_nodes > self.limits.max_alias_nodes:
                raise _refusal("SK-CFG-305", self._budget_detail(), used_at or node.start_mark)
            return self.built[key], size, height
        if key in self.open:
            detail = "an alias refers to a node that contains it"
            raise _refusal("SK-CFG-305", detail, used_at or node.start_mark)
        self.open.add(key)
        value: dict[Any, Any] | list[Any]
        if isinstance(node, MappingNode):
            value, size, height = self._mapping(node, depth)
        elif isinstance(node, SequenceNode):
            value, size, height = self._sequence(node, depth)
        else:  # pragma: no cover - the composer makes only the three node kinds
            raise TypeError(type(node).__name__)
        self.open.discard(key)
        self.built[key] = value
        self.shapes[key] = (size, height)
        return value, size, height

    def _scalar(self, node: ScalarNode) -> Any:  # noqa: ANN401
        tag = node.tag
        if tag == _STR:
            return node.value  # what PyYAML's str constructor returns, without the detour
        construct = _SCALAR_CONSTRUCTORS.get(tag)
        if construct is None:
            if tag == _VALUE:
                # YAML 1.1 resolves a plain `=` to the "value" type, which safe loading refuses.
                detail = "a plain `=` cannot be loaded; quote it"
                raise _refusal("SK-CFG-301", detail, node.start_mark)
            raise _refusal("SK-CFG-304", _tag_detail(node, "a scalar"), node.start_mark)
        try:
            return construct(self.scalars, node)
        except Exception:  # noqa: BLE001 - PyYAML's scalar parsers raise whatever they hit
            detail = _UNREADABLE_SCALARS.get(tag, "this value cannot be read; quote it")
            raise _refusal("SK-CFG-301", detail, node.start_mark) from None

    def _sequence(self, node: SequenceNode, depth: int) -> tuple[list[Any], int, int]:
        if node.tag != _SEQ:
            raise _refusal("SK-CFG-304", _tag_detail(node, "a list"), node.start_mark)
        items: list[Any] = []
        size = height = 1
        for item in node.value:
            value, item_size, item_height = self._build(item, depth + 1, node.start_mark)
            items.append(value)
            size += item_size
            height = max(height, item_height + 1)
        return items, size, height

    def _mapping(self, node: MappingNode, depth: int) -> tuple[dict[Any, Any], int, int]:
        if node.tag != _MAP:
            raise _refusal("SK-CFG-304", _tag_detail(node, "a mapping"), node.start_mark)
        explicit = self._explicit_keys(node)
        self._merge_sources(node, depth, explicit)
        # PyYAML's own merge-key (`<<`) handling: it moves the merged entries in front of
        # the explicit ones, which therefore win. No two sources share a key by now.
        self.scalars.flatten_mapping(node)
        mapping: dict[Any, Any] = {}
        size = height = 1
        for key_node, value_node in node.value:
            value, value_size, value_height = self._build(
                value_node, depth + 1, key_node.start_mark
            )
            mapping[self._key(key_node)] = value
            size += value_size + 1
            height = max(height, value_height + 1)
        return mapping, size, height

    def _merge_sources(self, node: MappingNode, depth: int, explicit: set[Any]) -> None:
        """Check what `<<` merges before PyYAML copies it in.

        Each source is built first, under every check, and its entries count against the
        alias budget. A key two sources both bring (and no explicit key overrides) is a
        duplicate: which one wins differs between YAML libraries, and between PyYAML
        versions. A second `<<` key is a duplicate key like any other.
        """
        merges = [(k, v) for k, v in node.value if k.tag == _MERGE]
        for key_node, _ in merges[1:]:
            line, column = _one_based(merges[0][0].start_mark)
            detail = f"a second '<<' merge key; the first is at line {line}, column {column}"
            self.duplicates.append(_at_mark("SK-CFG-302", detail, key_node.start_mark))
        merged_from: dict[Any, yaml.Mark] = {}
        for key_node, value_node in merges:
            sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
            for source in sources:
                if not isinstance(source, MappingNode):
                    continue  # flatten_mapping refuses it, with its position
                # The source's entries land beside this mapping's own, one level down.
                self._build(source, depth, key_node.start_mark)
                self.alias_nodes += len(source.value)
                if self.alias_nodes > self.limits.max_alias_nodes:
                    raise _refusal("SK-CFG-305", self._budget_detail(), key_node.start_mark)
                self._merged_keys(source, key_node.start_mark, explicit, merged_from)

    def _merged_keys(
        self,
        source: MappingNode,
        used_at: yaml.Mark,
        explicit: set[Any],
        merged_from: dict[Any, yaml.Mark],
    ) -> None:
        for key_node, _ in source.value:
            key = self._key(key_node)
            if key in explicit:
                continue
            if key in merged_from:
                # Keys are named by position, never by text: the loader cannot tell a key
                # under `auth` (which may be the secret) from any other.
                first, second = _one_based(merged_from[key]), _one_based(key_node.start_mark)
                detail = (
                    f"two merged mappings bring the same key (line {first[0]}, column"
                    f" {first[1]} and line {second[0]}, column {second[1]}); which one wins"
                    " depends on the YAML library: set it explicitly here"
                )
                self.duplicates.append(_at_mark("SK-CFG-302", detail, used_at))
                continue
            merged_from[key] = key_node.start_mark

    def _depth_detail(self) -> str:
        return f"more than {self.limits.max_depth} levels of nesting (--max-depth)"

    def _budget_detail(self) -> str:
        return (
            f"aliases expand to more than {self.limits.max_alias_nodes:,} nodes (--max-alias-nodes)"
        )

    def _key(self, node: Node) -> Any:  # noqa: ANN401
        if not isinstance(node, ScalarNode):
            raise _refusal("SK-CFG-301", "a mapping key must be a plain value", node.start_mark)
        if node.tag in {_STR, _VALUE}:
            return node.value  # PyYAML reads a plain `=` key as the string "=" too
        self.non_text_keys += 1
        if self.non_text_keys > MAX_NON_TEXT_KEYS:
            detail = f"more than {MAX_NON_TEXT_KEYS:,} keys that are not text; keys are names"
            raise _refusal("SK-CFG-301", detail, node.start_mark)
        return self._scalar(node)

    def _explicit_keys(self, node: MappingNode) -> set[Any]:
        """The keys written in this mapping; every key written twice is a duplicate."""
        first: dict[Any, yaml.Mark] = {}
        for key_node, _ in node.value:
            if key_node.tag == _MERGE:
                continue
            key = self._key(key_node)
            if key in first:
                line, column = _one_based(first[key])
                detail = (  # the key by its position only: see _merged_keys
                    f"this key is also set at line {line}, column {column};"
                    " YAML would silently keep only the last one"
                )
                self.duplicates.append(_at_mark("SK-CFG-302", detail, key_node.start_mark))
            else:
                first[key] = key_node.start_mark
        return set(first)


def _tag_detail(node: Node, kind: str) -> str:
    tag: str = node.tag
    if tag in _NAMED_TAGS:
        named = _NAMED_TAGS[tag]
    elif tag.startswith(_PYTHON_TAG):
        named = "a !!python/ tag"
    elif tag.startswith(_TAG):
        named = "a !! tag of an unknown type"
    else:
        named = "a custom tag"
    return f"{named} on {kind} is outside the JSON-compatible core schema; remove the tag"


# ---------------------------------------------------------------------------------------
# Finding nodes by path


def _key_index(node: MappingNode) -> dict[object, tuple[Node, Node]]:
    """Each key of a built mapping, with its key and value nodes (the last one wins)."""
    index: dict[object, tuple[Node, Node]] = {}
    scalars = SafeConstructor()
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode) or key_node.tag == _MERGE:
            continue
        if key_node.tag in (_STR, _VALUE):
            key: object = key_node.value
        else:
            try:
                key = scalars.construct_object(key_node)
            except Exception:  # noqa: BLE001, S112 - a key the loader refused names nothing
                continue
        with contextlib.suppress(TypeError):  # an unhashable key names nothing
            index[_lookup_key(key)] = (key_node, value_node)
    return index


def _lookup_key(key: object) -> object:
    # 1, 1.0 and True are one dict key; a path part names exactly one of them.
    return (type(key), key)


def _within(parent: Node, node: Node) -> bool:
    return parent.start_mark.index <= node.start_mark.index <= parent.end_mark.index


def _after(key: Node, value: Node) -> bool:
    # A value written under its key starts after it. An alias's node is its anchor's,
    # and an anchor always comes before any alias to it: so before the key.
    return value.start_mark.index > key.start_mark.index
