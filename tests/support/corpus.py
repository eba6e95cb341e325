"""The example corpus under ``examples/``: each file declares what it must produce.

An invalid example carries one ``# expect: CODE at PATH`` line per diagnostic it must
produce (``(root)`` for the document root); a valid one may carry
``# normalized: PATH = VALUE`` lines (``<absent>`` for a key that must not exist) and
one ``# warn: CODE at PATH`` line per warning the checker must give. A file that the
project's loader refuses before validation says so with ``# loader expects: CODE at PATH``
(what ``yaml.safe_load`` builds from it is still validated for its ``expect`` lines).
Adding a case is adding a file.

A JSON example (``*.json``, read as JSON) has no comments: it carries the same lines,
without the ``# ``, as the strings of a top-level ``"//"`` list, a section of its own
that passes through (:func:`json_examples`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import yaml

#: The repository's root folder.
ROOT: Final = Path(__file__).resolve().parents[2]
EXAMPLES: Final = ROOT / "examples"
ABSENT: Final = object()

# A path may hold a hidden key's placeholder, which has spaces: `auth.<a 6-character string>`.
_EXPECT = re.compile(r"^# expect: (?P<code>\S+) at (?P<path>\S|\S.*\S)\s*$")
_HIDDEN_KEY = re.compile(r"<an? (?P<length>[0-9]+)-character string>")
_WARN = re.compile(r"^# warn: (?P<code>\S+) at (?P<path>\S+)\s*$")
_LOADER = re.compile(r"^# loader expects: (?P<code>\S+) at (?P<path>\S+)\s*$")
_NORMALIZED = re.compile(r"^# normalized: (?P<path>\S+) = (?P<value>.*?)\s*$")


@dataclass(frozen=True)
class Example:
    path: Path
    text: str
    expected: frozenset[tuple[str, str]]
    normalized: tuple[tuple[str, object], ...]
    warnings: frozenset[tuple[str, str]] = frozenset()
    loader_expected: frozenset[tuple[str, str]] = frozenset()

    @property
    def checked(self) -> frozenset[tuple[str, str]]:
        """What checking the file (loader, validator, lint) must report, warnings included."""
        return (self.loader_expected or self.expected) | self.warnings

    @property
    def id(self) -> str:
        return self.path.stem

    def document(self) -> Any:  # noqa: ANN401 - whatever the YAML holds
        if self.path.suffix == ".json":
            return json.loads(self.text)
        return yaml.safe_load(self.text)


def _declarations(path: Path, text: str) -> list[str]:
    """The lines that declare what a file must produce, each as a YAML comment line."""
    if path.suffix != ".json":
        return text.splitlines()
    lines: list[str] = json.loads(text).get("//", [])
    return ["# " + line for line in lines]


def _parse(path: Path) -> Example:
    text = path.read_text(encoding="utf-8")
    found: dict[re.Pattern[str], set[tuple[str, str]]] = {
        _EXPECT: set(),
        _WARN: set(),
        _LOADER: set(),
    }
    normalized: list[tuple[str, object]] = []
    for line in _declarations(path, text):
        for pattern, into in found.items():
            if m := pattern.match(line):
                into.add((m["code"], "" if m["path"] == "(root)" else m["path"]))
        if m := _NORMALIZED.match(line):
            raw = m["value"]
            normalized.append((m["path"], ABSENT if raw == "<absent>" else yaml.safe_load(raw)))
    return Example(
        path,
        text,
        frozenset(found[_EXPECT]),
        tuple(normalized),
        frozenset(found[_WARN]),
        frozenset(found[_LOADER]),
    )


def examples(kind: str) -> list[Example]:
    """Every example of ``kind`` (``valid`` or ``invalid``), sorted by file name."""
    return [_parse(p) for p in sorted((EXAMPLES / kind).glob("*.yaml"))]


def json_examples(kind: str) -> list[Example]:
    """Every JSON example of ``kind``, sorted by file name (read as JSON, not YAML)."""
    return [_parse(p) for p in sorted((EXAMPLES / kind).glob("*.json"))]


def lookup(document: Any, dotted: str) -> object:  # noqa: ANN401 - any YAML value
    """The value at a dotted path (list items by index), or ABSENT."""
    node = document
    for part in dotted.split("."):
        if isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return ABSENT
    return node


def names_key(part: str, key: str) -> bool:
    """Whether the path part ``part`` names the source key ``key``: itself, or the
    placeholder of a hidden key of its length (a key under auth is never shown)."""
    hidden = _HIDDEN_KEY.fullmatch(part)
    return key == part or (hidden is not None and len(key) == int(hidden["length"]))
